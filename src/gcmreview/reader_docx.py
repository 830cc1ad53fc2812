"""Read a filled-in Word report back into a :class:`~gcmreview.submission.Submission`.

The reader works on the package XML itself rather than on python-docx's object model, because
``Paragraph.text`` and ``Document.tables`` skip things people type: text inside content
controls, tracked insertions, hyperlinks, text boxes, and nested tables. It sees:

* every paragraph of an answer cell, nested tables included, merged cells once;
* content controls (``w:sdt``), hyperlinks, smart tags, simple fields (their shown result);
* tracked insertions and moves (read as accepted; reported), not tracked deletions;
* tabs and line breaks; list paragraphs (read back as ``- `` items);
* comments are never answers, but their number is reported.

Nothing a relationship points to (images, external links) is ever fetched.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from gcmreview.bank import Question, QuestionBank
from gcmreview.layout import META_PREFIX
from gcmreview.ooxml import Package, UnreadableFile
from gcmreview.submission import normalise_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
DOC_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOC_MACRO = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOC_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# Tag names, computed once (the reader compares tags millions of times on large inboxes).
W_BR = w("br")
W_CHAR = w("char")
W_COMMENT = w("comment")
W_COMMENTREFERENCE = w("commentReference")
W_CR = w("cr")
W_CUSTOMXML = w("customXml")
W_DEL = w("del")
W_DELINSTRTEXT = w("delInstrText")
W_DELTEXT = w("delText")
W_ENDNOTEREFERENCE = w("endnoteReference")
W_FLDCHAR = w("fldChar")
W_FOOTNOTEREFERENCE = w("footnoteReference")
W_INS = w("ins")
W_INSTRTEXT = w("instrText")
W_MOVEFROM = w("moveFrom")
W_MOVETO = w("moveTo")
W_NOBREAKHYPHEN = w("noBreakHyphen")
W_NUMID = w("numId")
W_NUMPR = w("numPr")
W_P = w("p")
W_PPR = w("pPr")
W_PSTYLE = w("pStyle")
W_RPR = w("rPr")
W_SDT = w("sdt")
W_SECTPR = w("sectPr")
W_SYM = w("sym")
W_T = w("t")
W_TAB = w("tab")
W_TBL = w("tbl")
W_TBLGRID = w("tblGrid")
W_TBLPR = w("tblPr")
W_TC = w("tc")
W_TCPR = w("tcPr")
W_TR = w("tr")
W_TRPR = w("trPr")
W_TXBXCONTENT = w("txbxContent")
W_VAL = w("val")


SKIP = {
    W_DEL,
    W_MOVEFROM,
    W_DELTEXT,
    W_INSTRTEXT,
    W_DELINSTRTEXT,
    W_COMMENTREFERENCE,
    W_FOOTNOTEREFERENCE,
    W_ENDNOTEREFERENCE,
    W_PPR,
    W_RPR,
    W_TBLPR,
    W_TCPR,
    W_TRPR,
    W_SECTPR,
    W_TBLGRID,
    W_FLDCHAR,
    f"{{{MC}}}Fallback",
}
TRACKED = {W_INS, W_DEL, W_MOVEFROM, W_MOVETO}
EMPTY_MARKS = {"", "☐", "□", "_", "-", "–", "o", "○"}


@dataclass
class DocxContent:
    """What the reader found: metadata, raw answers by question ID, and notes."""

    metadata: dict[str, str]
    answers: dict[str, str | list[str]]
    found_ids: list[str]
    unknown_choice_marks: dict[str, list[str]] = field(default_factory=dict)
    duplicate_ids: list[str] = field(default_factory=list)
    tracked_changes: int = 0
    comments: int = 0
    unknown_ids: list[str] = field(default_factory=list)
    deletions: bool = True


def _inline_text(node: etree._Element, out: list[str]) -> None:
    """Text of runs below ``node`` (inside one paragraph), in document order."""
    for child in node:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag == W_T:
            out.append(child.text or "")
        elif tag == W_TAB:
            out.append("\t")
        elif tag in (W_BR, W_CR):
            out.append("\n")
        elif tag == W_NOBREAKHYPHEN:
            out.append("-")
        elif tag == W_SYM:
            char = child.get(W_CHAR)
            if char:
                with contextlib.suppress(ValueError):
                    out.append(chr(int(char, 16)))
        elif tag == W_TXBXCONTENT:
            continue  # text boxes hold their own paragraphs; read separately below
        else:
            _inline_text(child, out)


def _paragraph_line(p: etree._Element) -> str:
    parts: list[str] = []
    _inline_text(p, parts)  # skips pPr
    text = "".join(parts)
    if text and _is_list_item(p) and text.strip():
        text = "- " + text
    return text


def _is_list_item(p: etree._Element) -> bool:
    first = next(iter(p), None)  # pPr, when present, comes first
    if first is None or first.tag != W_PPR:
        return False
    ppr = first
    numpr = ppr.find(W_NUMPR)
    if numpr is not None:
        num_id = numpr.find(W_NUMID)
        if num_id is None or num_id.get(W_VAL) != "0":
            return True
    style = ppr.find(W_PSTYLE)
    if style is not None:
        val = (style.get(W_VAL) or "").replace(" ", "").lower()
        return val.startswith("listbullet") or val.startswith("listnumber")
    return False


def block_lines(node: etree._Element, *, deletions: bool = True) -> list[str]:
    """One line per paragraph below ``node`` (a cell, a content control …), in document
    order, nested tables and text boxes included. Vertically merged continuation cells are
    empty in OOXML, so merged text is read once. ``deletions=False`` (the document has no
    tracked deletions or moves) skips looking for them."""
    lines: list[str] = []
    for el in node.iter(W_P):
        if deletions and _inside_deleted(el, stop=node):
            continue
        line = _paragraph_line(el)
        if not line and _mark_deleted(el):
            continue  # a paragraph removed with tracked changes on
        lines.append(line)
    return lines


def _mark_deleted(p: etree._Element) -> bool:
    ppr = p.find(W_PPR)
    rpr = ppr.find(W_RPR) if ppr is not None else None
    return rpr is not None and rpr.find(W_DEL) is not None


def _inside_deleted(el: etree._Element, *, stop: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in (W_DEL, W_MOVEFROM):
            return True
        parent = parent.getparent()
    return False


def cell_text(tc: etree._Element, *, deletions: bool = True) -> str:
    return normalise_text("\n".join(block_lines(tc, deletions=deletions)))


def _cells(tr: etree._Element) -> list[etree._Element]:
    """The cells of a row, looking through content controls that wrap cells."""
    cells = []
    for child in tr:
        if child.tag == W_TC:
            cells.append(child)
        elif child.tag in (W_SDT, W_CUSTOMXML, W_INS, W_MOVETO):
            cells.extend(child.iter(W_TC))
    return cells


def _rows(tbl: etree._Element) -> list[etree._Element]:
    rows = []
    for child in tbl:
        if child.tag == W_TR:
            rows.append(child)
        elif child.tag in (W_SDT, W_CUSTOMXML, W_INS, W_MOVETO):
            rows.extend(r for r in child.iter(W_TR) if r.getparent() is not None)
    return rows


def check_content_type(pkg: Package) -> None:
    """Refuse anything that is not a plain Word document, with a reason a person acts on."""
    if pkg.has("mimetype") and not pkg.has("[Content_Types].xml"):
        raise UnreadableFile("this is an OpenDocument file (.odt); save it as .docx")
    if not pkg.has("[Content_Types].xml"):
        raise UnreadableFile("not an Office document (no [Content_Types].xml)")
    types = pkg.xml("[Content_Types].xml")
    overrides = {
        o.get("PartName"): o.get("ContentType") for o in types.findall(f"{{{CT_NS}}}Override")
    }
    main = overrides.get("/word/document.xml")
    if main == DOC_MACRO or pkg.has("word/vbaProject.bin"):
        raise UnreadableFile(
            "this is a macro-enabled Word file (.docm); save it as a plain .docx without macros"
        )
    if main is None:
        if pkg.has("xl/workbook.xml"):
            raise UnreadableFile("this is an Excel workbook, not a Word report")
        if pkg.has("content.xml") or pkg.has("mimetype"):
            raise UnreadableFile("this is an OpenDocument file (.odt); save it as .docx")
        if pkg.has("ppt/presentation.xml"):
            raise UnreadableFile("this is a PowerPoint file, not a Word report")
        raise UnreadableFile("not a Word document (no word/document.xml)")
    if main not in (DOC_MAIN, DOC_TEMPLATE):
        raise UnreadableFile(f"unexpected main part type {main}")


def open_document(path: Path) -> tuple[dict[str, str], etree._Element, etree._Element | None]:
    """(gcmreview properties, the body XML, the comments XML or None) of a Word file, read
    defensively. Raises :class:`UnreadableFile`."""
    with Package(path) as pkg:
        check_content_type(pkg)
        metadata = {
            k.removeprefix(META_PREFIX): v
            for k, v in pkg.custom_properties().items()
            if k.startswith(META_PREFIX)
        }
        body = pkg.xml("word/document.xml")
        comments = pkg.xml("word/comments.xml") if pkg.has("word/comments.xml") else None
    return metadata, body, comments


def keyed_tables(body: etree._Element) -> Iterator[tuple[str, list[etree._Element]]]:
    """(key, rows) of every table whose first cell holds a single token, such as a question
    ID, in document order."""
    for tbl in body.iter(W_TBL):
        rows = _rows(tbl)
        if not rows:
            continue
        first = _cells(rows[0])
        if not first:
            continue
        key = cell_text(first[0]).strip()
        if key and " " not in key and "\n" not in key and len(key) <= 80:
            yield key, rows


def read_docx(path: Path, bank: QuestionBank) -> DocxContent:
    """Read metadata and answers. Raises :class:`UnreadableFile` for anything that is not a
    gcmreview report."""
    metadata, body, comments_xml = open_document(path)
    comments = len(comments_xml.findall(W_COMMENT)) if comments_xml is not None else 0
    tracked = sum(1 for _ in body.iter(*TRACKED))
    deletions = any(True for _ in body.iter(W_DEL, W_MOVEFROM))
    content = DocxContent(
        deletions=deletions,
        metadata=metadata,
        answers={},
        found_ids=[],
        tracked_changes=tracked,
        comments=comments,
    )
    for qid, rows in keyed_tables(body):
        q = bank.questions.get(qid)
        if q is None:
            if (
                qid.count(".") >= 1
                and qid.replace(".", "").replace("_", "").isalnum()
                and qid.split(".")[0] in {s.id for s in bank.sections} | {"obj"}
            ):
                content.unknown_ids.append(qid)
            continue
        if qid in content.found_ids:
            content.duplicate_ids.append(qid)
            continue
        content.found_ids.append(qid)
        value = read_answer(q, rows[2:], content)
        if value not in (None, "", []):
            content.answers[qid] = value
    if not content.found_ids and not metadata:
        raise UnreadableFile(
            "this Word document is not a gcmreview report (no question "
            "tables and no gcmreview properties)"
        )
    return content


def read_answer(
    q: Question, rows: list[etree._Element], content: DocxContent
) -> str | list[str] | None:
    if q.kind == "table":
        return None
    if q.kind in ("choice", "multichoice"):
        chosen: list[str] = []
        choices = list(q.choices)
        for index, row in enumerate(rows):
            cells = _cells(row)
            if not cells:
                continue
            mark = cell_text(cells[0]).strip()
            if mark in EMPTY_MARKS:
                continue
            label = cell_text(cells[1]).strip() if len(cells) > 1 else ""
            choice = _match_choice(choices, index, label)
            if choice is None:
                content.unknown_choice_marks.setdefault(q.id, []).append(label or mark)
            elif choice not in chosen:
                chosen.append(choice)
        if q.kind == "choice":
            return chosen[0] if len(chosen) == 1 else (chosen if chosen else None)
        return chosen
    texts = [cell_text(tc, deletions=content.deletions) for row in rows for tc in _cells(row)]
    return normalise_text("\n".join(t for t in texts if t))


def _match_choice(choices, index: int, label: str) -> str | None:
    """The option of a marked row: by its label in any language, else by its position."""
    folded = label.casefold()
    for c in choices:
        if any(folded == text.casefold() for text in c.label.values()):
            return c.code
    if 0 <= index < len(choices):
        return choices[index].code
    return None
