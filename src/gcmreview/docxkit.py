"""The small part of python-docx gcmreview needs, plus what python-docx lacks (custom
document properties, cell shading, fields, deterministic saving). Only writer modules
import this; readers parse the package XML themselves (see :mod:`gcmreview.ooxml`)."""

from __future__ import annotations

import io
from datetime import datetime
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import oxml_parser
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from gcmreview.files import build_time, normalise_zip

CUSTOM_PROPS_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

GREY = RGBColor(0x59, 0x59, 0x59)
LIGHT_GREY = RGBColor(0x80, 0x80, 0x80)
UN_BLUE = RGBColor(0x00, 0x5D, 0x9E)
ANSWER_FILL = "FFFBEA"
QUESTION_FILL = "E8F0F8"
GUIDANCE_FILL = "F4F4F4"


def new_document(*, title: str, subject: str, language: str, keywords: str) -> DocumentObject:
    """A blank A4 document with gcmreview's base styles and core properties."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.3))
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    _set_east_asian_font(normal, "Arial")
    normal.paragraph_format.space_after = Pt(4)
    for name, size, colour in (
        ("Title", 24, UN_BLUE),
        ("Heading 1", 15, UN_BLUE),
        ("Heading 2", 12, UN_BLUE),
        ("Heading 3", 10.5, UN_BLUE),
    ):
        style = styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = colour
        _set_east_asian_font(style, "Arial")
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
    return doc


def _set_east_asian_font(style, name: str) -> None:
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), name)
    # Theme fonts would win over the names above (Word and LibreOffice both honour them).
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]


def _set_document_language(doc: DocumentObject, language: str) -> None:
    """Proofing language of the default style, so Word spell-checks in the right language."""
    tag = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES"}.get(language, "en-GB")
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def set_custom_properties(doc: DocumentObject, values: dict[str, str]) -> None:
    """Write ``docProps/custom.xml`` (File › Properties › Custom in Word; File › Properties ›
    Custom Properties in LibreOffice, which keeps them when it saves as .docx)."""
    items = []
    for pid, (name, value) in enumerate(sorted(values.items()), start=2):
        items.append(
            f'<property fmtid="{FMTID}" pid="{pid}" name="{xml_escape(name)}">'
            f"<vt:lpwstr>{xml_escape(value)}</vt:lpwstr></property>"
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


def keep_row_together(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    tr_pr.append(cant)


def repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def keep_with_next(paragraph: Paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


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
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return run


def save_bytes(doc: DocumentObject) -> bytes:
    """The document as bytes, with stable zip timestamps (see :func:`files.normalise_zip`)."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())


def iso(stamp: datetime) -> str:
    return stamp.strftime("%Y-%m-%d")


# ---------------------------------------------------------------- fast builders
#
# python-docx creates each element through a generic, slow path (and looks a style up by name
# on every assignment). A synthesis of 193 reports writes tens of thousands of paragraphs and
# table cells, so the bulky parts are built directly as WordprocessingML with lxml.


class FastBody:
    """Appends paragraphs and tables to a document body (or a table cell) quickly."""

    def __init__(self, doc: DocumentObject) -> None:
        self.doc = doc
        self.body = doc.element.body
        self._style_ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        return self._style_ids[name]

    def _append(self, element) -> None:
        # The body's own sectPr stays last (python-docx keeps it there too). len(body) would
        # walk every child, so look only at the last one.
        try:
            last = self.body[-1]
        except IndexError:
            last = None
        if last is not None and last.tag == qn("w:sectPr"):
            last.addprevious(element)
        else:
            self.body.append(element)

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
        parent=None,
    ):
        """``runs``: a string, or a list of (text, {bold, italic, size, colour}) pairs."""
        p = _make_p(
            runs,
            style_id=self.style_id(style) if style else None,
            indent_cm=indent_cm,
            space_before=space_before,
            space_after=space_after,
            keep_next=keep_next,
            align=align,
        )
        if parent is None:
            self._append(p)
        else:
            parent.append(p)
        return p

    def table(
        self,
        header: list[str],
        rows: list[list[str]],
        widths_cm: list[float],
        *,
        size: float = 8.5,
        header_fill: str = "DCE6F1",
        fills: list[list[str | None]] | None = None,
        bold_first_column: bool = False,
        align_center_from: int | None = None,
    ):
        """A bordered table with a repeated header row; ``fills`` shades single cells."""
        tbl = oxml_parser.makeelement(qn("w:tbl"))
        tbl_pr = _sub(tbl, "w:tblPr")
        _sub(tbl_pr, "w:tblStyle", val=self.style_id("Table Grid"))
        _sub(tbl_pr, "w:tblW", w=str(int(sum(widths_cm) * 567)), type="dxa")
        _sub(tbl_pr, "w:jc", val="center")
        _sub(tbl_pr, "w:tblLayout", type="fixed")
        grid = _sub(tbl, "w:tblGrid")
        for width in widths_cm:
            _sub(grid, "w:gridCol", w=str(int(width * 567)))
        twips = [str(int(width * 567)) for width in widths_cm]

        def add_row(values: list[str], *, head: bool, row_fills=None):
            tr = _sub(tbl, "w:tr")
            tr_pr = _sub(tr, "w:trPr")
            _sub(tr_pr, "w:cantSplit")
            if head:
                _sub(tr_pr, "w:tblHeader")
            for i, (value, width) in enumerate(zip(values, twips, strict=True)):
                tc = _sub(tr, "w:tc")
                tc_pr = _sub(tc, "w:tcPr")
                _sub(tc_pr, "w:tcW", w=width, type="dxa")
                fill = header_fill if head else (row_fills[i] if row_fills else None)
                if fill:
                    _sub(tc_pr, "w:shd", val="clear", color="auto", fill=fill)
                bold = head or (bold_first_column and i == 0)
                colour = (
                    "FFFFFF"
                    if fill
                    and fill not in (header_fill,)
                    and not head
                    and fill.upper() in DARK_FILLS
                    else None
                )
                align = (
                    "center" if align_center_from is not None and i >= align_center_from else None
                )
                tc.append(
                    _make_p(
                        [(value, {"bold": bold, "size": size, "colour": colour})],
                        align=align,
                        space_after=0,
                    )
                )

        add_row(header, head=True)
        for index, values in enumerate(rows):
            add_row(values, head=False, row_fills=fills[index] if fills else None)
        self._append(tbl)
        self._append(_make_p(""))
        return tbl


DARK_FILLS = {"005D9E"}


def _sub(parent, tag: str, **attrs: str):
    el = etree.SubElement(parent, qn(tag))
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _make_p(
    runs,
    *,
    style_id: str | None = None,
    indent_cm: float | None = None,
    space_before: float | None = None,
    space_after: float | None = None,
    keep_next: bool = False,
    align: str | None = None,
):
    p = oxml_parser.makeelement(qn("w:p"))
    ppr = None
    if (
        style_id
        or indent_cm
        or space_before is not None
        or space_after is not None
        or keep_next
        or align
    ):
        ppr = _sub(p, "w:pPr")
        if style_id:
            _sub(ppr, "w:pStyle", val=style_id)
        if keep_next:
            _sub(ppr, "w:keepNext")
        if space_before is not None or space_after is not None:
            spacing = _sub(ppr, "w:spacing")
            if space_before is not None:
                spacing.set(qn("w:before"), str(int(space_before * 20)))
            if space_after is not None:
                spacing.set(qn("w:after"), str(int(space_after * 20)))
        if indent_cm:
            _sub(ppr, "w:ind", left=str(int(indent_cm * 567)))
        if align:
            _sub(ppr, "w:jc", val=align)
    if isinstance(runs, str):
        runs = [(runs, {})] if runs else []
    for text, props in runs:
        if not text:
            continue
        r = _sub(p, "w:r")
        if any(props.get(k) for k in ("bold", "italic", "size", "colour")):
            rpr = _sub(r, "w:rPr")
            if props.get("bold"):
                _sub(rpr, "w:b")
            if props.get("italic"):
                _sub(rpr, "w:i")
            if props.get("colour"):
                _sub(rpr, "w:color", val=props["colour"])
            if props.get("size"):
                _sub(rpr, "w:sz", val=str(int(props["size"] * 2)))
        for i, chunk in enumerate(text.split("\t")):
            if i:
                _sub(r, "w:tab")
            if chunk:
                t = _sub(r, "w:t")
                t.text = chunk
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return p
