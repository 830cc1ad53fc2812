"""The small part of python-docx gcmreview needs, plus what python-docx lacks (custom
document properties, cell shading, fields, deterministic saving). Only writer modules
import this; readers parse the package XML themselves (see :mod:`gcmreview.ooxml`)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from functools import lru_cache
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from gcmreview import languages
from gcmreview.files import build_time, normalise_zip
from gcmreview.layout import ANSWER_FILL as ANSWER_FILL
from gcmreview.layout import GUIDANCE_FILL as GUIDANCE_FILL
from gcmreview.layout import QUESTION_FILL as QUESTION_FILL
from gcmreview.xmltext import xml_safe

CUSTOM_PROPS_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

GREY = RGBColor(0x59, 0x59, 0x59)
LIGHT_GREY = RGBColor(0x80, 0x80, 0x80)
UN_BLUE = RGBColor(0x00, 0x5D, 0x9E)


def new_document(*, title: str, subject: str, language: str, keywords: str) -> DocumentObject:
    """A blank A4 document with gcmreview's base styles and core properties, set for
    ``language``: its fonts, proofing language and, for Arabic, right to left (see
    :func:`set_language`)."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.3))
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    styles = doc.styles
    faces = languages.fonts(language)
    normal = styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(10)
    _set_fonts(normal, faces)
    normal.paragraph_format.space_after = Pt(4)
    for name, size, colour in (
        ("Title", 24, UN_BLUE),
        ("Heading 1", 15, UN_BLUE),
        ("Heading 2", 12, UN_BLUE),
        ("Heading 3", 10.5, UN_BLUE),
    ):
        style = styles[name]
        style.font.name = LATIN_FONT
        style.font.size = Pt(size)
        style.font.color.rgb = colour
        _set_fonts(style, faces)
    if languages.is_rtl(language):
        # Letter spacing would be drawn as stretched joins (kashida) between Arabic letters.
        spacing = styles["Title"].element.get_or_add_rPr().find(qn("w:spacing"))
        if spacing is not None:
            spacing.getparent().remove(spacing)
    styles["Heading 1"].paragraph_format.page_break_before = False
    styles["Heading 1"].paragraph_format.space_before = Pt(18)
    styles["Heading 2"].paragraph_format.space_before = Pt(12)
    props = doc.core_properties
    props.title = title
    props.subject = subject
    props.language = language
    props.keywords = keywords
    props.author = "gcmreview"
    props.last_modified_by = "gcmreview"
    props.comments = ""
    stamp = build_time().replace(tzinfo=None)
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    _set_document_language(doc, language)
    set_language(doc, language)
    return doc


#: The face of Latin and Cyrillic text in every Word document (Word's w:ascii and w:hAnsi);
#: Arabic and Chinese text is set in the faces of templates/i18n/languages.yaml (w:cs,
#: w:eastAsia). LibreOffice shows Liberation Sans where Arial is missing (same widths).
LATIN_FONT = "Arial"

#: Text Word lays out right to left and sets in the complex-script font and size: Hebrew,
#: Arabic, Syriac, Thaana, N'Ko and the Arabic presentation forms.
RTL_SCRIPT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def _set_fonts(style, faces: languages.Fonts) -> None:
    """Name the style's faces for every script, and make its complex-script size (w:szCs,
    Arabic text) and bold (w:bCs) follow its Latin ones."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:cs"), faces.complex)
    fonts.set(qn("w:eastAsia"), faces.east_asian)
    # Theme fonts would win over the names above (Word and LibreOffice both honour them).
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    _complex_like_latin(rpr)


def _complex_like_latin(rpr) -> None:
    """Add w:bCs, w:iCs and w:szCs to a run's (or style's) properties where it has w:b,
    w:i and w:sz: Word sets Arabic text with the complex-script ones only."""
    for latin, complex_ in (("w:b", "w:bCs"), ("w:i", "w:iCs"), ("w:sz", "w:szCs")):
        el = rpr.find(qn(latin))
        if el is None:
            continue
        old = rpr.find(qn(complex_))
        if old is not None:
            rpr.remove(old)
        new = OxmlElement(complex_)
        if el.get(qn("w:val")) is not None:
            new.set(qn("w:val"), el.get(qn("w:val")))
        el.addnext(new)


def _set_document_language(doc: DocumentObject, language: str) -> None:
    """Proofing language of the default style, so Word spell-checks in the right language:
    w:val for Latin and Cyrillic text, w:bidi for Arabic, w:eastAsia for Chinese."""
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for name, value in _lang_attributes(language):
        lang.set(qn(name), value)


def _lang_attributes(code: str) -> list[tuple[str, str]]:
    """The attributes of w:lang for text in ``code``."""
    tag = languages.word_tag(code)
    found = [("w:val", tag)]
    if languages.is_rtl(code):
        found.append(("w:bidi", tag))
    if languages.is_east_asian(code):
        found.append(("w:eastAsia", tag))
    return found


def _lang_xml(code: str) -> str:
    if code not in _LANG_XML:
        attrs = " ".join(f'{name}="{value}"' for name, value in _lang_attributes(code))
        _LANG_XML[code] = f"<w:lang {attrs}/>"
    return _LANG_XML[code]


_LANG_XML: dict[str, str] = {}


def set_language(doc: DocumentObject, language: str) -> None:
    """Record the document's language for :func:`save_bytes` and :class:`FastBody`. A
    right-to-left language (Arabic) is laid out as Word lays it out: every section right to
    left (``w:bidi`` in the section: page numbers and columns mirrored), the Normal style
    and every paragraph right to left (``w:bidi``), every table right to left
    (``w:bidiVisual``: its first column on the right), and every run of Arabic text marked
    ``w:rtl``; those marks are added when the document is saved."""
    doc._gcmreview_lang = language  # type: ignore[attr-defined]  # found by save_bytes()
    if not languages.is_rtl(language):
        return
    for section in doc.sections:
        _add_once(
            section._sectPr,
            "w:bidi",
            ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"),
        )
    normal = doc.styles["Normal"].element
    _add_once(normal.get_or_add_pPr(), "w:bidi", _AFTER_BIDI)


_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
_AFTER_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_BIDI_VISUAL = (
    "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing",
    "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
    "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


def _add_once(parent, tag: str, successors: tuple[str, ...]) -> None:
    """Add the empty element ``tag`` to ``parent`` where the schema puts it (before the
    first of ``successors`` present), unless it is there already."""
    if parent.find(qn(tag)) is None:
        parent.insert_element_before(OxmlElement(tag), *successors)


def _apply_direction(doc: DocumentObject) -> None:
    """Mark what python-docx wrote (the text written by a :class:`FastBody` is marked as it
    is written): in a right-to-left document every paragraph ``w:bidi`` and every table
    ``w:bidiVisual``; in any document every run of Arabic text ``w:rtl``, with its bold,
    italic and size for complex script too."""
    lang = getattr(doc, "_gcmreview_lang", None)
    if lang is None:
        return
    rtl = languages.is_rtl(lang)
    for part in doc.part.package.iter_parts():
        if part.content_type not in _TEXT_PARTS:
            continue
        root = part.element
        if rtl:
            for tbl in root.iter(qn("w:tbl")):
                _add_once(tbl.tblPr, "w:bidiVisual", _AFTER_BIDI_VISUAL)
        for p in root.iter(qn("w:p")):
            if rtl:
                _add_once(p.get_or_add_pPr(), "w:bidi", _AFTER_BIDI)
            for r in p.iter(qn("w:r")):
                text = "".join(t.text or "" for t in r.iter(qn("w:t")))
                if RTL_SCRIPT.search(text):
                    rpr = r.get_or_add_rPr()
                    _add_once(rpr, "w:rtl", _AFTER_RTL)
                    _complex_like_latin(rpr)


_TEXT_PARTS = {CT.WML_DOCUMENT_MAIN, CT.WML_HEADER, CT.WML_FOOTER}


def set_custom_properties(doc: DocumentObject, values: dict[str, str]) -> None:
    """Write ``docProps/custom.xml`` (File › Properties › Custom in Word; File › Properties ›
    Custom Properties in LibreOffice, which keeps them when it saves as .docx)."""
    items = []
    for pid, (name, value) in enumerate(sorted(values.items()), start=2):
        items.append(
            f'<property fmtid="{FMTID}" pid="{pid}" name="{xml_escape(xml_safe(name))}">'
            f"<vt:lpwstr>{xml_escape(xml_safe(value))}</vt:lpwstr></property>"
        )
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{CUSTOM_PROPS_NS}" xmlns:vt="{VT_NS}">'
        + "".join(items)
        + "</Properties>"
    )
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), CUSTOM_PROPS_CT, xml.encode("utf-8"), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def add_custom_xml(
    doc: DocumentObject, content: Callable[[], Iterable[bytes]], props: bytes
) -> str:
    """A custom XML part as Word stores one (``customXml/itemN.xml``, its
    ``itemPropsN.xml``, related from the main document): data that stays inside the file
    when it is edited or renamed. ``content`` gives the part's bytes piece by piece when the
    document is saved (:func:`save_bytes`), so a large part is never held whole. Returns the
    part's name in the zip."""
    package = doc.part.package
    taken = {str(p.partname) for p in package.iter_parts()}
    n = 1
    while f"/customXml/item{n}.xml" in taken:
        n += 1
    item = Part(PackURI(f"/customXml/item{n}.xml"), CT.XML, b"<placeholder/>", package)
    properties = Part(
        PackURI(f"/customXml/itemProps{n}.xml"), CT.OFC_CUSTOM_XML_PROPERTIES, props, package
    )
    item.relate_to(properties, RT.CUSTOM_XML_PROPS)
    doc.part.relate_to(item, RT.CUSTOM_XML)
    name = f"customXml/item{n}.xml"
    parts: dict[str, Callable[[], Iterable[bytes]]] = getattr(doc, "_gcmreview_parts", {})
    parts[name] = content
    doc._gcmreview_parts = parts  # type: ignore[attr-defined]  # found by save_bytes()
    return name


def set_table_style(doc: DocumentObject, table, name: str) -> None:
    """``table.style = name``, with the style's ID found once per document (python-docx
    looks the style up through every style of the document, and the default table style
    too, each time)."""
    found: dict[str, str | None] = doc.__dict__.setdefault("_gcmreview_table_styles", {})
    if name not in found:
        found[name] = doc.part.get_style_id(doc.styles[name], WD_STYLE_TYPE.TABLE)
    table._tbl.tblStyle_val = found[name]


def merge_pair(left: _Cell, right: _Cell) -> _Cell:
    """``left.merge(right)`` for two cells side by side in a new row, right one empty: the
    same XML as python-docx's merge, without its search of the table for the span."""
    tc, other = left._tc, right._tc
    if tc.getnext() is not other or not other._is_empty or tc.vMerge is not None:
        return left.merge(right)
    if tc.width and other.width:
        tc.width = tc.width + other.width
    tc.grid_span = tc.grid_span + other.grid_span
    tc.getparent().remove(other)
    return _Cell(tc, left._parent)  # type: ignore[arg-type]  # as python-docx does


def shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def cell_margins(cell: _Cell, *, top: int = 60, bottom: int = 60) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    mar = OxmlElement("w:tcMar")
    for side, value in (("top", top), ("bottom", bottom)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(value))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tc_pr.append(mar)


def fixed_widths(table, widths) -> None:
    """Column widths that Word and LibreOffice both honour (the grid, not only the cells)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        index = 0
        for tc in row._tr.tc_lst:
            span = tc.grid_span
            tc.width = sum(widths[index : index + span])
            index += span


def min_height(row, height) -> None:
    from docx.enum.table import WD_ROW_HEIGHT_RULE

    row.height = height
    row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


#: The row properties that come after ``w:cantSplit`` and ``w:tblHeader`` (ECMA-376 Part 1,
#: §17.4.82 ``CT_TrPr``): each is put before the first of them that the row has.
_AFTER_CANT_SPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden",
                     "w:ins", "w:del", "w:trPrChange")  # fmt: skip
_AFTER_TBL_HEADER = _AFTER_CANT_SPLIT[2:]


def keep_row_together(row) -> None:
    _add_once(row._tr.get_or_add_trPr(), "w:cantSplit", _AFTER_CANT_SPLIT)


def repeat_header(row) -> None:
    _add_once(row._tr.get_or_add_trPr(), "w:tblHeader", _AFTER_TBL_HEADER)


def keep_with_next(paragraph: Paragraph) -> None:
    # what paragraph.paragraph_format.keep_with_next = True does, without its objects
    paragraph._p.get_or_add_pPr().keepNext_val = True


def page_footer(para, text: str, page: str, *, size: float = 8, colour=None) -> None:
    """A footer's ``text``, then the page number as the language writes it: ``page`` is the
    string ``doc.page`` with its ``{page}`` ("Page {page}", "第{page}页"), where the PAGE
    field goes."""
    before, _, after = page.partition("{page}")
    styled_run(para, text + before, size=size, colour=colour)
    add_field(para, "PAGE", "1")
    if after:
        styled_run(para, after, size=size, colour=colour)


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, TOC …) with ``placeholder`` shown until the field is updated."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def modern_compatibility(doc: DocumentObject) -> None:
    """Mark the document as written for current Word (compatibility mode 15), so that Word
    does not open it in compatibility mode."""
    settings = doc.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        settings.append(compat)
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            compat.remove(setting)
    mode = OxmlElement("w:compatSetting")
    mode.set(qn("w:name"), "compatibilityMode")
    mode.set(qn("w:uri"), "http://schemas.microsoft.com/office/word")
    mode.set(qn("w:val"), "15")
    compat.append(mode)


def toc_xml(entries: list[tuple[int, str, str]], instruction: str, *, rtl: bool = False) -> str:
    """A table of contents already filled in: one paragraph per (level, text, bookmark),
    each a link to its heading, inside a TOC field that Word can update (F9) for page
    numbers. Nothing asks Word to update fields when the file is opened. ``rtl``: the
    document is right to left."""
    if not entries:
        return ""
    out = []
    for i, (level, text, bookmark) in enumerate(entries):
        indent = f'<w:ind w:left="{(level - 1) * 440}"/>' if level > 1 else ""
        bidi = "<w:bidi/>" if rtl else ""
        ppr = (
            f'<w:pPr><w:pStyle w:val="TOC{level}"/>{bidi}<w:spacing w:after="40"/>{indent}</w:pPr>'
        )
        mark = "<w:rPr><w:rtl/></w:rPr>" if RTL_SCRIPT.search(text) else ""
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
            f" {_esc(instruction)} </w:instrText></w:r>"
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            if i == 0
            else ""
        )
        link = (
            f'<w:hyperlink w:anchor="{bookmark}" w:history="1"><w:r>{mark}'
            f'<w:t xml:space="preserve">{_esc(text)}</w:t></w:r></w:hyperlink>'
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if i == len(entries) - 1 else ""
        out.append(f"<w:p>{ppr}{begin}{link}{end}</w:p>")
    return "".join(out)


def update_fields_on_open(doc: DocumentObject) -> None:
    """Ask Word to refresh fields (the table of contents) when the file is opened."""
    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is None:
        el = OxmlElement("w:updateFields")
        settings.append(el)
    el.set(qn("w:val"), "true")


def page_break(doc: DocumentObject) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def styled_run(
    paragraph: Paragraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    colour: RGBColor | None = None,
):
    run = paragraph.add_run(xml_safe(text))
    if not (bold or italic or size or colour is not None):
        return run  # no w:rPr at all (an empty one is one more element for every reader)
    # what run.bold, run.italic and run.font.size do, without their objects (a report
    # has thousands of runs)
    rpr = run._r.get_or_add_rPr()
    if bold:
        rpr.get_or_add_b()
    if italic:
        rpr.get_or_add_i()
    if size:
        rpr.sz_val = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return run


def save_bytes(doc: DocumentObject) -> bytes:
    """The document as bytes, with stable zip timestamps (see :func:`files.normalise_zip`).
    Text written by a :class:`FastBody` is spliced in where its markers stand, piece by
    piece, as the zip is written (a large synthesis is never held twice as one string); so
    are the custom XML parts of :func:`add_custom_xml`."""
    _apply_direction(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    data = buffer.getvalue()
    edits = {
        name: _replacing(content) for name, content in getattr(doc, "_gcmreview_parts", {}).items()
    }
    fast = getattr(doc, "_gcmreview_fast", None)
    if fast is None or not fast.chunks:
        return normalise_zip(data, edits)
    chunks = fast.chunks

    def splice(payload: bytes) -> Iterator[bytes]:
        done = 0
        for m in MARKER.finditer(payload):
            yield payload[done : m.start()]
            pieces = chunks[int(m.group(1))]
            for start in range(0, len(pieces), 256):  # a few hundred paragraphs at a time
                yield b"".join(pieces[start : start + 256])
            done = m.end()
        yield payload[done:]

    return normalise_zip(data, {**edits, "word/document.xml": splice})


def _replacing(content: Callable[[], Iterable[bytes]]) -> Callable[[bytes], Iterable[bytes]]:
    """An edit for :func:`files.normalise_zip` giving a part new content, ignoring the old."""

    def edit(_payload: bytes) -> Iterable[bytes]:
        return content()

    return edit


def iso(stamp: datetime) -> str:
    return stamp.strftime("%Y-%m-%d")


# ---------------------------------------------------------------- fast builders
#
# python-docx creates each element through a generic, slow path, and a document tree takes
# ten times the size of its XML in memory. A synthesis of 193 reports writes tens of thousands
# of paragraphs, so the bulky parts are written as WordprocessingML text: the tree only holds a
# comment marker where each run of such text goes, and save_bytes() splices the text in.

MARKER = re.compile(rb"<!--gcmreview:(\d+)-->")


class FastBody:
    """Appends paragraphs and tables to a document body quickly, as serialized XML."""

    def __init__(self, doc: DocumentObject) -> None:
        self.doc = doc
        self.body = doc.element.body
        #: the XML written, as UTF-8 (half the memory of text for most languages' texts)
        self.chunks: list[list[bytes]] = []
        self._marker: etree._Comment | None = None
        self._style_ids: dict[str, str] = {}
        self._bookmarks = 0
        #: the document's language: a paragraph without a language of its own is in it
        self.lang = getattr(doc, "_gcmreview_lang", "en")
        self.rtl = languages.is_rtl(self.lang)
        doc._gcmreview_fast = self  # type: ignore[attr-defined]  # found by save_bytes()

    def style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        return self._style_ids[name]

    def _emit(self, xml: str) -> None:
        # The body's own sectPr stays last; python-docx appends before it too. A new marker is
        # needed whenever python-docx added something after the current one.
        try:
            last = self.body[-1]
        except IndexError:
            last = None
        sect = last if last is not None and last.tag == qn("w:sectPr") else None
        if self._marker is None or self._marker.getnext() is not sect:
            self._marker = etree.Comment(f"gcmreview:{len(self.chunks)}")
            if sect is not None:
                sect.addprevious(self._marker)
            else:
                self.body.append(self._marker)
            self.chunks.append([])
        self.chunks[-1].append(xml.encode("utf-8"))

    def placeholder(self) -> int:
        """Reserve a place for XML written later (a table of contents filled in once the
        headings are known): returns a handle for :meth:`fill`."""
        self._marker = None
        self._emit("")
        handle = len(self.chunks) - 1
        self._marker = None  # what follows goes after the reserved place
        return handle

    def fill(self, handle: int, xml: str) -> None:
        self.chunks[handle] = [xml.encode("utf-8")]

    def paragraph(
        self,
        runs,
        *,
        style: str | None = None,
        indent_cm: float | None = None,
        space_before: float | None = None,
        space_after: float | None = None,
        keep_next: bool = False,
        align: str | None = None,
        bookmark: str | None = None,
    ) -> None:
        """``runs``: a string, or a list of (text, {bold, italic, size, colour, lang})
        pairs; ``bookmark`` names the paragraph (a heading the contents link to)."""
        xml = _p_xml(
            runs,
            style_id=self.style_id(style) if style else None,
            indent_cm=indent_cm,
            space_before=space_before,
            space_after=space_after,
            keep_next=keep_next,
            align=align,
            rtl_document=self.rtl,
        )
        if bookmark is not None:
            self._bookmarks += 1
            n = self._bookmarks
            start = f'<w:bookmarkStart w:id="{n}" w:name="{bookmark}"/>'
            at = xml.index("</w:pPr>") + len("</w:pPr>") if "</w:pPr>" in xml else len("<w:p>")
            xml = xml[:at] + start + xml[at : -len("</w:p>")] + f'<w:bookmarkEnd w:id="{n}"/></w:p>'
        self._emit(xml)

    def table(
        self,
        header: list[str],
        rows: Sequence[Sequence[str | tuple[str, str]]],
        widths_cm: list[float],
        *,
        size: float = 8.5,
        header_fill: str = "DCE6F1",
        fills: list[list[str | None]] | None = None,
        align_center_from: int | None = None,
        align_right_from: int | None = None,
        align_right_until: int | None = None,
        min_row_height_cm: float | None = None,
    ) -> None:
        """A bordered table with a repeated header row; ``fills`` shades single cells;
        columns from ``align_right_from`` on (up to ``align_right_until``, not included) are
        right-aligned (figures). A cell given as (text, language code) is a quotation in
        that language (``w:lang``, and right to left where the language is). Each line of a
        cell's text is a paragraph of its own (a list of issues, one a line)."""
        twips = [str(int(width * 567)) for width in widths_cm]
        out = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.style_id("Table Grid")}"/>'
            f'<w:tblW w:w="{int(sum(widths_cm) * 567)}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>'
        ]
        if self.rtl:  # right to left: the first column on the right
            out[0] = out[0].replace("<w:tblW ", "<w:bidiVisual/><w:tblW ", 1)
        out.extend(f'<w:gridCol w:w="{w}"/>' for w in twips)
        out.append("</w:tblGrid>")
        height = (
            f'<w:trHeight w:val="{int(min_row_height_cm * 567)}" w:hRule="atLeast"/>'
            if min_row_height_cm
            else ""
        )

        def row(values: Sequence[str | tuple[str, str]], head: bool, row_fills) -> None:
            out.append(
                "<w:tr><w:trPr><w:cantSplit/>"
                + ("<w:tblHeader/>" if head else height)
                + "</w:trPr>"
            )
            for i, (cell, width) in enumerate(zip(values, twips, strict=True)):
                value, lang = cell if isinstance(cell, tuple) else (cell, None)
                fill = header_fill if head else (row_fills[i] if row_fills else None)
                shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
                colour = "FFFFFF" if fill and not head and fill.upper() in DARK_FILLS else None
                align = (
                    "center"
                    if align_center_from is not None and i >= align_center_from
                    else "right"
                    if align_right_from is not None
                    and align_right_from <= i < (align_right_until or len(values))
                    and not head
                    else None
                )
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>')
                props = {"bold": head, "size": size, "colour": colour, "lang": lang}
                lines = value.split("\n") if "\n" in value else [value]
                for n, line in enumerate(lines, start=1):
                    out.append(
                        _p_xml(
                            [(line, props)],
                            align=align,
                            space_after=0 if n == len(lines) else 2,
                            rtl_document=self.rtl,
                        )
                    )
                out.append("</w:tc>")
            out.append("</w:tr>")

        row(header, True, None)
        for index, values in enumerate(rows):
            row(values, False, fills[index] if fills else None)
        out.append("</w:tbl>")
        self._emit("".join(out))
        self._emit("<w:p/>")


DARK_FILLS = {"005D9E"}


def _esc(text: str) -> str:
    return xml_safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _p_xml(
    runs,
    *,
    style_id: str | None = None,
    indent_cm: float | None = None,
    space_before: float | None = None,
    space_after: float | None = None,
    keep_next: bool = False,
    align: str | None = None,
    rtl_document: bool = False,
) -> str:
    """A paragraph as WordprocessingML. It is right to left (``w:bidi``) when its language
    is: the language of its first run that names one (a quotation), else the document's
    (``rtl_document``). In a right-to-left paragraph Word reads ``w:jc`` left/right and
    ``w:ind`` left as start/end: "right" (figures) is the end of the line, the left side.
    Runs of Arabic text are marked ``w:rtl``, with complex-script bold, italic and size."""
    if isinstance(runs, str):
        runs = [(runs, {})] if runs else []
    own = next((props["lang"] for _, props in runs if props.get("lang")), None)
    rtl = rtl_document if own is None else languages.is_rtl(own)
    out = [
        _ppr_xml(
            style_id, keep_next, rtl, rtl_document, space_before, space_after, indent_cm, align
        )
    ]
    for text, props in runs:
        if not text:
            continue
        out.append(
            _rpr_xml(
                RTL_SCRIPT.search(text) is not None,
                props.get("bold"),
                props.get("italic"),
                props.get("colour"),
                props.get("size"),
                props.get("lang"),
            )
        )
        for i, chunk in enumerate(text.split("\t")):
            if i:
                out.append("<w:tab/>")
            if chunk:
                out.append(f'<w:t xml:space="preserve">{_esc(chunk)}</w:t>')
        out.append("</w:r>")
    out.append("</w:p>")
    return "".join(out)


@lru_cache(maxsize=512)
def _ppr_xml(
    style_id: str | None,
    keep_next: bool,
    rtl: bool,
    rtl_document: bool,
    space_before: float | None,
    space_after: float | None,
    indent_cm: float | None,
    align: str | None,
) -> str:
    """A paragraph's start and properties (a report has thousands of paragraphs and a few
    kinds of them)."""
    ppr = []
    if style_id:
        ppr.append(f'<w:pStyle w:val="{_esc(style_id)}"/>')
    if keep_next:
        ppr.append("<w:keepNext/>")
    if rtl:
        ppr.append("<w:bidi/>")
    elif rtl_document:  # a left-to-right quotation in a right-to-left document
        ppr.append('<w:bidi w:val="0"/>')
    if space_before is not None or space_after is not None:
        before = f' w:before="{int(space_before * 20)}"' if space_before is not None else ""
        after = f' w:after="{int(space_after * 20)}"' if space_after is not None else ""
        ppr.append(f"<w:spacing{before}{after}/>")
    if indent_cm:
        ppr.append(f'<w:ind w:left="{int(indent_cm * 567)}"/>')
    if align:
        ppr.append(f'<w:jc w:val="{align}"/>')
    return "<w:p>" + ("<w:pPr>" + "".join(ppr) + "</w:pPr>" if ppr else "")


@lru_cache(maxsize=512)
def _rpr_xml(
    complex_: bool,
    bold: bool | None,
    italic: bool | None,
    colour: str | None,
    size: float | None,
    lang: str | None,
) -> str:
    """A run's start and properties; ``complex_``: its text is in a right-to-left script."""
    rpr = []
    if bold:
        rpr.append("<w:b/><w:bCs/>" if complex_ else "<w:b/>")
    if italic:
        rpr.append("<w:i/><w:iCs/>" if complex_ else "<w:i/>")
    if colour:
        rpr.append(f'<w:color w:val="{colour}"/>')
    if size:
        half = int(size * 2)
        rpr.append(
            f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
            if complex_
            else f'<w:sz w:val="{half}"/>'
        )
    if complex_:
        rpr.append("<w:rtl/>")
    if lang:
        rpr.append(_lang_xml(lang))
    return "<w:r>" + ("<w:rPr>" + "".join(rpr) + "</w:rPr>" if rpr else "")
