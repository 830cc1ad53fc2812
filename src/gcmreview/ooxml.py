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
from gcmreview.messages import Text

MAX_ENTRIES = 5000
MAX_PART_BYTES = 32 * 1024 * 1024  # one XML part, uncompressed
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # all parts we read, uncompressed
MAX_RATIO = 200  # uncompressed / compressed for one part
MAX_PACKAGE_BYTES = 200 * 1024 * 1024  # the .docx/.xlsx file itself

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


class UnreadableFile(GcmError):
    """A file that cannot be read as what it claims to be. Its reason is a text of
    ``findings.yaml`` (``unreadable.…``), said in the language of ``check`` or the synthesis;
    :attr:`message` is the English one line."""

    def __init__(self, reason: Text) -> None:
        super().__init__(reason.render("en"), text=reason)

    @classmethod
    def of(cls, exc: GcmError) -> UnreadableFile:
        """The file reason another error gives (a file that does not exist, is too large …)."""
        return cls(exc.text or Text("unreadable", {"detail": exc.message}))


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
    refusal = Text("unreadable.dtd", {"part": part})
    if b"<!ENTITY" in data[:65536] or b"<!DOCTYPE" in data[:65536]:
        raise UnreadableFile(refusal)
    try:
        root = etree.fromstring(data, parser=xml_parser())
    except etree.XMLSyntaxError as exc:
        raise UnreadableFile(Text("unreadable.not-xml", {"part": part, "error": exc.msg})) from None
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
            raise UnreadableFile.of(exc) from None
        try:
            self._zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise UnreadableFile(_not_a_zip_reason(path)) from None
        except OSError as exc:
            raise UnreadableFile(_cannot_open(exc)) from None
        infos = self._zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise UnreadableFile(Text("unreadable.too-many-entries", {"n": len(infos)}))
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
            raise UnreadableFile(Text("unreadable.part-missing", {"part": name}))
        if info.flag_bits & 0x1:
            raise UnreadableFile(Text("unreadable.encrypted"))
        if info.file_size > MAX_PART_BYTES or (
            info.compress_size
            and info.file_size / info.compress_size > MAX_RATIO
            and info.file_size > 1024 * 1024
        ):
            mb = round(info.file_size / 1e6)
            raise UnreadableFile(Text("unreadable.zip-bomb", {"part": name, "mb": mb}))
        if self._read_total + info.file_size > MAX_TOTAL_BYTES:
            limit = MAX_TOTAL_BYTES // (1024 * 1024)
            raise UnreadableFile(Text("unreadable.expands-too-much", {"mb": limit}))
        try:
            with self._zip.open(info) as fh:
                data = fh.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as exc:
            damaged = Text("unreadable.part-damaged", {"part": name, "error": str(exc)})
            raise UnreadableFile(damaged) from None
        if len(data) > MAX_PART_BYTES:
            raise UnreadableFile(Text("unreadable.part-larger", {"part": name}))
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


def _cannot_open(exc: OSError) -> Text:
    return Text("unreadable.cannot-open", {"error": exc.strerror or str(exc)})


def _not_a_zip_reason(path: Path) -> Text:
    """Say what the file looks like instead, from its first bytes."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        return _cannot_open(exc)
    if not head:
        return Text("unreadable.empty")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return Text("unreadable.old-office")
    if head.startswith(b"%PDF"):
        return Text("unreadable.is-pdf")
    if head.startswith(b"PK"):
        return Text("unreadable.zip-damaged")
    if head.lstrip().startswith((b"{\\rtf", b"{\\RTF")):
        return Text("unreadable.is-rtf")
    return Text("unreadable.not-a-zip")
