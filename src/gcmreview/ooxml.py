"""Safe access to Office Open XML packages (.docx, .xlsx) that users send us.

Every file is treated as hostile: the zip is opened with limits on the number of entries and
on the uncompressed size of what we read (zip bombs), XML is parsed without entity resolution,
DTD loading or network access (XML bombs, XXE), and nothing a relationship points to outside
the package is ever fetched.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from gcmreview.errors import GcmError

MAX_ENTRIES = 5000
MAX_PART_BYTES = 32 * 1024 * 1024  # one XML part, uncompressed
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts we read, uncompressed
MAX_RATIO = 200  # uncompressed / compressed for one part
MAX_PACKAGE_BYTES = 200 * 1024 * 1024  # the .docx/.xlsx file itself

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


class UnreadableFile(GcmError):
    """A file that cannot be read as what it claims to be. The message is one line."""


def xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        # no table of xml:id attributes: nothing looks elements up by ID (a little faster)
        collect_ids=False,
    )


def parse_xml(data: bytes, *, part: str) -> etree._Element:
    """Parse one part; a DTD or entity declaration is refused wherever it is (after a long
    comment, in a UTF-16 document …): Office files never have one."""
    refusal = f"{part} declares a DTD or entities, which Office files never do"
    if b"<!ENTITY" in data[:65536] or b"<!DOCTYPE" in data[:65536]:
        raise UnreadableFile(refusal)
    try:
        root = etree.fromstring(data, parser=xml_parser())
    except etree.XMLSyntaxError as exc:
        raise UnreadableFile(f"{part} is not well-formed XML ({exc.msg})") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise UnreadableFile(refusal)
    return root


def first_child(el: etree._Element, tag: str) -> etree._Element | None:
    """``el.find(tag)`` for a tag name: the first child so named, found by a plain loop
    (lxml's ``find`` parses its path each time: three times slower, and the reader asks
    thousands of times per report)."""
    for found in el:
        if found.tag == tag:
            return found
    return None


class Package:
    """A zip package opened defensively. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        from gcmreview.files import regular_file

        self.path = path
        self._read_total = 0
        try:
            regular_file(path, max_bytes=MAX_PACKAGE_BYTES)
        except GcmError as exc:
            raise UnreadableFile(exc.message) from None
        try:
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise UnreadableFile(_not_a_zip_reason(path)) from None
        except OSError as exc:
            raise UnreadableFile(f"cannot open the file ({exc.strerror or exc})") from None
        infos = self._zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise UnreadableFile(f"the package holds {len(infos)} entries, more than any report")
        self._infos = {info.filename: info for info in infos}

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        info = self._infos.get(name)
        if info is None:
            raise UnreadableFile(f"the package has no {name}")
        if info.flag_bits & 0x1:
            raise UnreadableFile("the file is encrypted (password-protected)")
        if info.file_size > MAX_PART_BYTES or (
            info.compress_size
            and info.file_size / info.compress_size > MAX_RATIO
            and info.file_size > 1024 * 1024
        ):
            raise UnreadableFile(
                f"{name} would expand to {info.file_size / 1e6:.0f} MB (a zip bomb?)"
            )
        if self._read_total + info.file_size > MAX_TOTAL_BYTES:
            raise UnreadableFile("the package expands to more than 256 MB")
        try:
            with self._zip.open(info) as fh:
                data = fh.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as exc:
            raise UnreadableFile(f"{name} is damaged ({exc})") from None
        if len(data) > MAX_PART_BYTES:
            raise UnreadableFile(f"{name} is larger than it claims (a zip bomb?)")
        self._read_total += len(data)
        return data

    def xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name), part=name)

    def custom_properties(self) -> dict[str, str]:
        if not self.has("docProps/custom.xml"):
            return {}
        root = self.xml("docProps/custom.xml")
        values: dict[str, str] = {}
        for prop in root.findall(f"{{{CUSTOM_NS}}}property"):
            name = prop.get("name")
            if name is None or len(prop) == 0:
                continue
            values[name] = "".join(prop[0].itertext())
        return values


def _not_a_zip_reason(path: Path) -> str:
    """Say what the file looks like instead, from its first bytes."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return f"cannot open the file ({exc.strerror or exc})"
    if not head:
        return "the file is empty"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            "this is an old binary Office file (.doc/.xls) or a password-protected "
            "document; save it as .docx/.xlsx without a password"
        )
    if head.startswith(b"%PDF"):
        return "this is a PDF, not a Word document; send the .docx file"
    if head.startswith(b"PK"):
        return "the zip archive is damaged or truncated"
    if head.lstrip().startswith((b"{\\rtf", b"{\\RTF")):
        return "this is an RTF file; save it as .docx"
    return "this is not a Word or Excel file (not a zip package)"
