"""A clean copy of a ``--reference-doc``: only what a reference document is for.

Like pandoc's ``--reference-doc``, the synthesis takes its styles, page setup, headers and
footers from a Word document the user gives. That document is hostile until proven otherwise,
and whatever we keep of it is sent to Member States, so :func:`reference_package` rebuilds it
from an allow-list instead of copying it:

* kept: the main part (its body emptied down to the final ``w:sectPr``: page size, margins,
  columns, header and footer references), styles (and Word 2010's stylesWithEffects),
  numbering, theme, font table, settings, the headers and footers the final section uses, and
  the images (logos) those parts show;
* dropped: everything else: VBA projects (``vbaProject.bin``, ``vbaData.xml``), toolbars and
  key customisations, glossary (building blocks), custom XML, embedded objects, ActiveX,
  comments, footnotes, web settings, embedded fonts, document properties, SVG images, and
  every relationship with ``TargetMode="External"`` (attached templates, linked images,
  hyperlinks, mail-merge sources). What pointed at a dropped part is removed from the XML
  too: a linked picture with its drawing, a hyperlink keeping its text, a field that fetches
  or runs something (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE, …) keeping its shown result;
* settings lose the attached template, document variables, mail merge, style linking and
  footnote/endnote separator references (their part is gone);
* a template (.dotx) or macro-enabled file (.docm, .dotm) becomes a plain document.

Parts are renamed to Word's usual names (``word/document.xml``, ``word/header1.xml``,
``word/media/image1.png`` …) and ``[Content_Types].xml`` lists exactly the kept parts.

The file itself is opened only when it is a regular file no larger than
:data:`MAX_REFERENCE_BYTES`, and read through :class:`gcmreview.ooxml.Package` (zip-bomb and
XML-entity defences).
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from gcmreview.errors import UsageError
from gcmreview.messages import Text
from gcmreview.ooxml import Package, UnreadableFile

MAX_REFERENCE_BYTES = 20 * 1024 * 1024

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
O_REL_ID = "{urn:schemas-microsoft-com:office:office}relid"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_OFFICE_DOCUMENT = RT + "officeDocument"
RT_STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
RT_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
RT_HEADER = RT + "header"
RT_FOOTER = RT + "footer"
RT_IMAGE = RT + "image"

WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
DOC_MAIN = WML + "document.main+xml"
MAIN_TYPES = {
    DOC_MAIN,
    WML + "template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
RELS_CT = "application/vnd.openxmlformats-package.relationships+xml"


@dataclass(frozen=True)
class _Kind:
    """A part we keep: the content type and root element it must have, and its new name."""

    content_type: str
    root: str
    name: str  # "{n}" is numbered


_STRUCTURE = {  # relationship type from the main part → kind (kept without an r:id reference)
    RT + "styles": _Kind(WML + "styles+xml", f"{{{W}}}styles", "word/styles.xml"),
    RT_STYLES_WITH_EFFECTS: _Kind(
        "application/vnd.ms-word.stylesWithEffects+xml",
        f"{{{W}}}styles",
        "word/stylesWithEffects.xml",
    ),
    RT + "numbering": _Kind(WML + "numbering+xml", f"{{{W}}}numbering", "word/numbering.xml"),
    RT + "theme": _Kind(
        "application/vnd.openxmlformats-officedocument.theme+xml",
        f"{{{A}}}theme",
        "word/theme/theme1.xml",
    ),
    RT + "fontTable": _Kind(WML + "fontTable+xml", f"{{{W}}}fonts", "word/fontTable.xml"),
    RT + "settings": _Kind(WML + "settings+xml", f"{{{W}}}settings", "word/settings.xml"),
}
_REFERENCED = {  # kept only where the kept XML points at them
    RT_HEADER: _Kind(WML + "header+xml", f"{{{W}}}hdr", "word/header{n}.xml"),
    RT_FOOTER: _Kind(WML + "footer+xml", f"{{{W}}}ftr", "word/footer{n}.xml"),
}
_MAIN = _Kind(DOC_MAIN, f"{{{W}}}document", "word/document.xml")

# Settings that tie the document to something outside it, or to parts we drop, or that
# would lock the synthesis Member States are asked to comment on (editing restrictions,
# tracked changes on, write protection).
_SETTINGS_DROPPED = {
    f"{{{W}}}{tag}"
    for tag in (
        "documentProtection",
        "writeProtection",
        "trackRevisions",
        "attachedTemplate",
        "docVars",
        "mailMerge",
        "linkStyles",
        "attachedSchema",
        "saveThroughXslt",
        "alwaysMergeEmptyNamespace",
    )
}
_NOTE_SEPARATORS = {
    f"{{{W}}}footnotePr": f"{{{W}}}footnote",
    f"{{{W}}}endnotePr": f"{{{W}}}endnote",
}
# Markup pointing at parts that never come along (comments, notes, custom XML stores).
_CONTENT_DROPPED = {
    f"{{{W}}}{tag}"
    for tag in (
        "commentRangeStart",
        "commentRangeEnd",
        "commentReference",
        "footnoteReference",
        "endnoteReference",
        "dataBinding",
    )
}
# Fields that fetch, include or run something when Word updates them.
_RISKY_FIELDS = {
    "INCLUDEPICTURE",
    "INCLUDETEXT",
    "INCLUDE",
    "IMPORT",
    "LINK",
    "DDE",
    "DDEAUTO",
    "HYPERLINK",
    "DATABASE",
    "MACROBUTTON",
    "RD",
}
_CONTAINERS = {
    f"{{{MC}}}AlternateContent",
    f"{{{W}}}drawing",
    f"{{{W}}}pict",
    f"{{{W}}}object",
}
_W_R = f"{{{W}}}r"
_W_FLDCHAR = f"{{{W}}}fldChar"
_W_FLDCHARTYPE = f"{{{W}}}fldCharType"
_W_INSTR = (f"{{{W}}}instrText", f"{{{W}}}delInstrText")
_W_FLDSIMPLE = f"{{{W}}}fldSimple"
_W_INSTR_ATTR = f"{{{W}}}instr"
_W_HYPERLINK = f"{{{W}}}hyperlink"
_W_BODY = f"{{{W}}}body"
_W_SECTPR = f"{{{W}}}sectPr"
_A_BLIP = f"{{{A}}}blip"
_A_HLINKS = {f"{{{A}}}hlinkClick", f"{{{A}}}hlinkHover", f"{{{A}}}hlinkMouseOver"}
_A_EXT = f"{{{A}}}ext"
_A_EXTLST = f"{{{A}}}extLst"
_R_EMBED = f"{{{R}}}embed"
_R_LINK = f"{{{R}}}link"


def reference_package(path: Path) -> bytes:
    """A clean .docx (bytes) with the styles, numbering, page setup, headers, footers and
    theme of the reference document at ``path``, and nothing else (see the module's
    docstring). Raises :class:`UsageError` (``--reference-doc PATH: reason``) for anything
    that is not a usable Word document or template."""
    data = _read_capped(path)
    try:
        with tempfile.TemporaryDirectory(prefix="gcmreview-ref-") as folder:
            copy = Path(folder) / "reference.docx"
            copy.write_bytes(data)
            with Package(copy) as pkg:
                return _Cleaner(pkg).build()
    except UnreadableFile as exc:
        raise UsageError(f"--reference-doc {path}: {exc.message}") from None


def _read_capped(path: Path) -> bytes:
    """The file's bytes, only if it is a regular file of at most MAX_REFERENCE_BYTES: checked
    before opening (a FIFO would block, /dev/zero never ends) and again on the open file."""

    def refuse(reason: str) -> UsageError:
        return UsageError(f"--reference-doc {path}: {reason}")

    def check(st: os.stat_result) -> None:
        if stat.S_ISDIR(st.st_mode):
            raise refuse("this is a folder; give a Word file (.docx or .dotx)")
        if not stat.S_ISREG(st.st_mode):
            raise refuse("not a regular file (a pipe, device or socket); give a Word file")
        if st.st_size > MAX_REFERENCE_BYTES:
            raise refuse(
                f"the file is {st.st_size / 1e6:.0f} MB; a reference document is at most "
                f"{MAX_REFERENCE_BYTES // (1024 * 1024)} MB"
            )

    try:
        check(os.stat(path))
        flags = (
            os.O_RDONLY
            | getattr(os, "O_NONBLOCK", 0)
            | getattr(os, "O_NOCTTY", 0)
            | getattr(os, "O_BINARY", 0)
        )
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise refuse("the file does not exist") from None
    except OSError as exc:
        raise refuse(f"cannot open the file ({exc.strerror or exc})") from None
    try:
        check(os.fstat(fd))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_REFERENCE_BYTES + 1)
    except OSError as exc:
        raise refuse(f"cannot read the file ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_REFERENCE_BYTES:
        raise refuse(f"the file is larger than {MAX_REFERENCE_BYTES // (1024 * 1024)} MB")
    return data


@dataclass
class _Rel:
    rid: str
    type: str
    target: str  # the target part's name in the source package


@dataclass
class _Part:
    source: str
    kind: _Kind | None  # None: an image
    name: str = ""
    content_type: str = ""
    data: bytes = b""
    rels: list[_Rel] = field(default_factory=list)


class _Cleaner:
    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.lower_names = {name.lower(): name for name in pkg.names()}
        self.overrides: dict[str, str] = {}
        self.defaults: dict[str, str] = {}
        self.parts: dict[str, _Part] = {}  # source name → kept part
        self.counters: dict[str, int] = {}
        self.roots: dict[str, etree._Element] = {}  # parsed once, cleaned in place
        self.images: dict[str, bytes] = {}

    # ------------------------------------------------------------ package structure

    def build(self) -> bytes:
        self._read_content_types()
        main = self._main_part_name()
        content_type = self._content_type(main)
        if content_type not in MAIN_TYPES:
            if "spreadsheetml" in content_type or "ms-excel" in content_type:
                raise UnreadableFile(Text("unreadable.is-excel.document"))
            if "presentationml" in content_type or "ms-powerpoint" in content_type:
                raise UnreadableFile(Text("unreadable.is-powerpoint.document"))
            if not content_type:
                raise UnreadableFile(Text("unreadable.main-type.untyped"))
            raise UnreadableFile(Text("unreadable.main-type.template", {"type": content_type}))
        root = self.pkg.xml(main)
        if root.tag != _MAIN.root or root.find(_W_BODY) is None:
            raise UnreadableFile(Text("unreadable.no-body"))
        self.parts[main] = _Part(main, _MAIN, name=_MAIN.name, content_type=DOC_MAIN)
        self.roots[main] = root
        queue = [main]
        while queue:
            queue.extend(self._clean(self.parts[queue.pop(0)]))
        return self._write()

    def _read_content_types(self) -> None:
        if not self.pkg.has("[Content_Types].xml"):
            if self.pkg.has("mimetype") or self.pkg.has("content.xml"):
                raise UnreadableFile(Text("unreadable.is-odt"))
            raise UnreadableFile(Text("unreadable.no-content-types"))
        types = self.pkg.xml("[Content_Types].xml")
        for item in types.findall(f"{{{CT_NS}}}Override"):
            name, value = item.get("PartName"), item.get("ContentType")
            if name and value:
                self.overrides[name.lstrip("/").lower()] = value.strip()
        for item in types.findall(f"{{{CT_NS}}}Default"):
            ext, value = item.get("Extension"), item.get("ContentType")
            if ext and value:
                self.defaults[ext.lower()] = value.strip()

    def _content_type(self, name: str) -> str:
        found = self.overrides.get(name.lower())
        if found is None:
            found = self.defaults.get(posixpath.splitext(name)[1].lstrip(".").lower(), "")
        return found

    def _main_part_name(self) -> str:
        if not self.pkg.has("_rels/.rels"):
            raise UnreadableFile(Text("unreadable.no-relationships"))
        for rel in self._rels("_rels/.rels", ""):
            if rel.type == RT_OFFICE_DOCUMENT:
                return rel.target
        if RT_STRICT_OFFICE_DOCUMENT in _raw_types(self.pkg, "_rels/.rels"):
            raise UnreadableFile(Text("unreadable.strict"))
        raise UnreadableFile(Text("unreadable.no-main-part"))

    def _rels(self, rels_name: str, source: str) -> list[_Rel]:
        """The internal relationships of a part whose target is in the package. External
        ones (TargetMode="External") are never returned."""
        if not self.pkg.has(rels_name):
            return []
        rels = []
        for item in self.pkg.xml(rels_name).findall(f"{{{PKG_REL_NS}}}Relationship"):
            rid, rtype, target = item.get("Id"), item.get("Type"), item.get("Target")
            if not rid or not rtype or not target:
                continue
            if (item.get("TargetMode") or "Internal").strip().lower() != "internal":
                continue
            name = self._resolve(source, target)
            if name is not None:
                rels.append(_Rel(rid, rtype.strip(), name))
        return rels

    def _resolve(self, source: str, target: str) -> str | None:
        if "\\" in target or ":" in target.split("/")[0]:
            return None
        target = target.split("#")[0]
        if target.startswith("/"):
            name = posixpath.normpath(target.lstrip("/"))
        else:
            name = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
        if name.startswith("..") or name in (".", "[Content_Types].xml") or "_rels/" in name:
            return None
        return self.lower_names.get(name.lower()) if not self.pkg.has(name) else name

    # ------------------------------------------------------------ one part

    def _xml(self, name: str) -> etree._Element:
        if name not in self.roots:
            self.roots[name] = self.pkg.xml(name)
        return self.roots[name]

    def _clean(self, part: _Part) -> list[str]:
        """Clean one kept part; returns the source names of parts newly kept through it."""
        if part.kind is None:  # an image: copied as it is
            part.data = self.images[part.source]
            return []
        root = self._xml(part.source)
        kind = part.kind
        if kind is _MAIN:
            _empty_body(root)
        if kind.root == f"{{{W}}}settings":
            _clean_settings(root)
        if kind in (_MAIN, *_REFERENCED.values()):
            _neutralise_fields(root)
            for el in list(root.iter(*_CONTENT_DROPPED)):
                _remove(el)

        directory, _ = posixpath.split(part.source)
        rels_name = posixpath.join(directory, "_rels", posixpath.basename(part.source) + ".rels")
        candidates: dict[str, tuple[_Rel, _Kind | None]] = {}
        structure: set[str] = set()
        referenced = _referenced_ids(root)
        for rel in self._rels(rels_name, part.source):
            target_kind: _Kind | None
            if rel.rid not in referenced and not (kind is _MAIN and rel.type in _STRUCTURE):
                continue  # e.g. a picture that was in the emptied body
            if kind is _MAIN and rel.type in _STRUCTURE:
                if rel.type in structure:
                    continue  # one styles part, one settings part …
                target_kind = _STRUCTURE[rel.type]
            elif kind is _MAIN and rel.type in _REFERENCED:
                target_kind = _REFERENCED[rel.type]
            elif rel.type == RT_IMAGE:
                target_kind = None
            else:
                continue
            if not self._acceptable(rel.target, target_kind):
                continue
            if kind is _MAIN and rel.type in _STRUCTURE:
                structure.add(rel.type)
            candidates[rel.rid] = (rel, target_kind)

        _drop_dangling_references(root, set(candidates))
        referenced = _referenced_ids(root)
        added = []
        for rid, (rel, target_kind) in candidates.items():
            if rid not in referenced and not (kind is _MAIN and rel.type in _STRUCTURE):
                continue
            kept = self.parts.get(rel.target)
            if kept is None:
                kept = _Part(rel.target, target_kind)
                kept.name = self._new_name(rel.target, target_kind)
                kept.content_type = (
                    target_kind.content_type
                    if target_kind is not None
                    else self._content_type(rel.target)
                )
                self.parts[rel.target] = kept
                added.append(rel.target)
            part.rels.append(_Rel(rid, rel.type, kept.name))
        part.data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return added

    def _acceptable(self, name: str, kind: _Kind | None) -> bool:
        if name in self.parts:
            return self.parts[name].kind == kind
        content_type = self._content_type(name)
        if kind is None:
            if not content_type.startswith("image/") or content_type == "image/svg+xml":
                return False
            self.images[name] = self.pkg.read(name)
            return _looks_like_image(self.images[name])
        if content_type != kind.content_type:
            return False
        return self._xml(name).tag == kind.root

    def _new_name(self, source: str, kind: _Kind | None) -> str:
        if kind is not None and "{n}" not in kind.name:
            return kind.name
        pattern = kind.name if kind is not None else "word/media/image{n}"
        n = self.counters[pattern] = self.counters.get(pattern, 0) + 1
        name = pattern.format(n=n)
        if kind is None:
            ext = posixpath.splitext(source)[1].lower()
            name += ext if re.fullmatch(r"\.[a-z0-9]{1,5}", ext) else ".bin"
        return name

    # ------------------------------------------------------------ the new package

    def _write(self) -> bytes:
        parts = sorted(self.parts.values(), key=lambda p: (p.kind is not _MAIN, p.name))
        types = etree.Element(f"{{{CT_NS}}}Types", nsmap={None: CT_NS})
        etree.SubElement(types, f"{{{CT_NS}}}Default", Extension="rels", ContentType=RELS_CT)
        etree.SubElement(
            types, f"{{{CT_NS}}}Default", Extension="xml", ContentType="application/xml"
        )
        for part in parts:
            etree.SubElement(
                types,
                f"{{{CT_NS}}}Override",
                PartName="/" + part.name,
                ContentType=part.content_type,
            )
        files = {
            "[Content_Types].xml": _xml(types),
            "_rels/.rels": _rels_xml([_Rel("rId1", RT_OFFICE_DOCUMENT, _MAIN.name)], ""),
        }
        for part in parts:
            files[part.name] = part.data
            if part.rels:
                directory, base = posixpath.split(part.name)
                files[posixpath.join(directory, "_rels", base + ".rels")] = _rels_xml(
                    part.rels, part.name
                )
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for name, payload in files.items():
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o600 << 16
                dst.writestr(info, payload)
        return out.getvalue()


def _looks_like_image(data: bytes) -> bool:
    """PNG, JPEG, GIF, BMP, TIFF, EMF or WMF, from its first bytes."""
    return (
        data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM"))
        or data.startswith((b"II*\x00", b"MM\x00*", b"\xd7\xcd\xc6\x9a"))
        or (data.startswith(b"\x01\x00\x00\x00") and data[40:44] == b" EMF")
        or (data[:2] in (b"\x01\x00", b"\x02\x00") and data[2:4] == b"\x09\x00")
    )


def _raw_types(pkg: Package, rels_name: str) -> set[str]:
    return {
        item.get("Type") or ""
        for item in pkg.xml(rels_name).findall(f"{{{PKG_REL_NS}}}Relationship")
    }


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels_xml(rels: list[_Rel], source: str) -> bytes:
    root = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    base = posixpath.dirname(source) or "."
    for rel in rels:
        etree.SubElement(
            root,
            f"{{{PKG_REL_NS}}}Relationship",
            Id=rel.rid,
            Type=rel.type,
            Target=posixpath.relpath(rel.target, base),
        )
    return _xml(root)


# ---------------------------------------------------------------- XML clean-up


def _remove(el: etree._Element) -> None:
    """Remove an element, keeping the text that follows it (lxml stores it as its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    """Replace an element by its children (a hyperlink by its runs)."""
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    _remove(el)


def _empty_body(root: etree._Element) -> None:
    """Everything in the body but its final section properties (page setup, header and
    footer references)."""
    body = root.find(_W_BODY)
    if body is None:
        return
    for child in list(body):
        if child.tag != _W_SECTPR:
            body.remove(child)
    body.text = None


def _clean_settings(root: etree._Element) -> None:
    for el in list(root):
        if el.tag in _SETTINGS_DROPPED:
            _remove(el)
        elif el.tag in _NOTE_SEPARATORS:
            for note in el.findall(_NOTE_SEPARATORS[el.tag]):
                _remove(note)


def _field_keyword(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper().lstrip("\\") if words else ""


def _neutralise_fields(root: etree._Element) -> None:
    """Fields that fetch, include or run something lose their code and keep the result
    Word last showed (a linked picture inside it goes with the dangling references)."""
    for simple in list(root.iter(_W_FLDSIMPLE)):
        if _field_keyword(simple.get(_W_INSTR_ATTR, "")) in _RISKY_FIELDS:
            _unwrap(simple)
    # Complex fields: begin · instruction · separate · result · end, maybe nested; a risky
    # field loses its begin, instruction (with any field nested in it), separate and end runs.
    stack: list[_Field] = []
    risky: list[etree._Element] = []
    for run in list(root.iter(_W_R)):
        for open_field in stack:
            if not open_field.separated:
                open_field.runs.append(run)
        if stack and not stack[-1].separated:
            stack[-1].instruction += "".join(t.text or "" for t in run.iter(*_W_INSTR))
        for char in run.iter(_W_FLDCHAR):
            kind = char.get(_W_FLDCHARTYPE)
            if kind == "begin":
                stack.append(_Field(runs=[run]))
            elif kind == "separate" and stack:
                stack[-1].separated = True
            elif kind == "end" and stack:
                done = stack.pop()
                done.runs.append(run)
                if _field_keyword(done.instruction) in _RISKY_FIELDS:
                    risky.extend(done.runs)
    for run in risky:
        _remove(run)


@dataclass
class _Field:
    runs: list[etree._Element]
    instruction: str = ""
    separated: bool = False


def _reference_attributes(el: etree._Element) -> list[str]:
    return [
        name
        for name in el.attrib
        if isinstance(name, str) and (name.startswith(f"{{{R}}}") or name == O_REL_ID)
    ]


def _referenced_ids(root: etree._Element) -> set[str]:
    found = set()
    for el in root.iter(etree.Element):
        for name in _reference_attributes(el):
            found.add(el.get(name) or "")
    return found


def _extension(el: etree._Element) -> etree._Element | None:
    """The DrawingML extension (``a:extLst/a:ext``) an element is in, if any."""
    for candidate in (el, *el.iterancestors()):
        parent = candidate.getparent()
        if candidate.tag == _A_EXT and parent is not None and parent.tag == _A_EXTLST:
            return candidate
    return None


def _drop_dangling_references(root: etree._Element, kept: set[str]) -> None:
    """Remove what points at a relationship we do not keep: a hyperlink keeps its text, a
    picture linked (not embedded) keeps its embedded copy, an optional drawing extension (an
    SVG copy of a PNG logo) goes alone, a drawing, picture or object without its part goes
    whole, anything else (a header reference, an embedded font, an
    attached template …) goes alone."""
    for el in list(root.iter(etree.Element)):
        dangling = [n for n in _reference_attributes(el) if el.get(n) not in kept]
        if not dangling:
            continue
        if el.tag == _W_HYPERLINK:
            _unwrap(el)
        elif el.tag in _A_HLINKS:
            _remove(el)
        elif (extension := _extension(el)) is not None:
            _remove(extension)  # an optional extension (SVG copy, picture effects …)
        elif el.tag == _A_BLIP and dangling == [_R_LINK] and el.get(_R_EMBED) in kept:
            del el.attrib[_R_LINK]
        else:
            containers = [a for a in el.iterancestors() if a.tag in _CONTAINERS]
            _remove(containers[-1] if containers else el)
