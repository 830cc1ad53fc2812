"""The text of WordprocessingML, read the way Word shows it, and the questions of a report
found by their ID rows.

Text: every paragraph of a cell once, nested tables, content controls, hyperlinks, fields'
shown results, text boxes (Word writes each box twice, as ``mc:Choice`` and ``mc:Fallback``;
the copy is skipped), footnotes and endnotes (kept as ``[1]`` and a ``[1] …`` line), tracked
insertions (read as accepted) but not tracked deletions, symbol-font characters as Unicode,
soft and non-breaking hyphens as U+00AD and U+2011.

Questions: a row whose first cell starts with a question ID opens a question, wherever the row
is; the rows after it, and tables without an ID that follow it, belong to it until the next ID
or heading (a table joined to the one before it is split again at the next ID row; a table
split with Ctrl+Shift+Enter is joined again).
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from gcmreview import symbols
from gcmreview.ooxml import first_child
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
W_ASCII = w("ascii")
W_B = w("b")
W_BODY = w("body")
W_BR = w("br")
W_CHAR = w("char")
W_COMMENT = w("comment")
W_COMMENTREFERENCE = w("commentReference")
W_CR = w("cr")
W_CUSTOMXML = w("customXml")
W_DEL = w("del")
W_DOCUMENT = w("document")
W_DELINSTRTEXT = w("delInstrText")
W_DELTEXT = w("delText")
W_ENDNOTE = w("endnote")
W_ENDNOTEREFERENCE = w("endnoteReference")
W_FILL = w("fill")
W_FLDCHAR = w("fldChar")
W_FONT = w("font")
W_FOOTNOTE = w("footnote")
W_FOOTNOTEREFERENCE = w("footnoteReference")
W_HANSI = w("hAnsi")
W_HIGHLIGHT = w("highlight")
W_ID = w("id")
W_INS = w("ins")
W_INSTRTEXT = w("instrText")
W_MOVEFROM = w("moveFrom")
W_MOVETO = w("moveTo")
W_NOBREAKHYPHEN = w("noBreakHyphen")
W_NUMID = w("numId")
W_NUMPR = w("numPr")
W_OUTLINELVL = w("outlineLvl")
W_P = w("p")
W_PPR = w("pPr")
W_PSTYLE = w("pStyle")
W_R = w("r")
W_RFONTS = w("rFonts")
W_RPR = w("rPr")
W_SDT = w("sdt")
W_SDTCONTENT = w("sdtContent")
W_SDTPR = w("sdtPr")
W_SECTPR = w("sectPr")
W_SHD = w("shd")
W_SHOWINGPLCHDR = w("showingPlcHdr")
W_SOFTHYPHEN = w("softHyphen")
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
W_TYPE = w("type")
W_U = w("u")
W_VAL = w("val")
W_VMERGE = w("vMerge")
W14_CHECKBOX = f"{{{W14}}}checkbox"
W14_CHECKED = f"{{{W14}}}checked"
W14_VAL = f"{{{W14}}}val"
MC_FALLBACK = f"{{{MC}}}Fallback"

SKIP = {
    W_DEL,
    W_MOVEFROM,
    W_DELTEXT,
    W_INSTRTEXT,
    W_DELINSTRTEXT,
    W_COMMENTREFERENCE,
    W_PPR,
    W_RPR,
    W_TBLPR,
    W_TCPR,
    W_TRPR,
    W_SECTPR,
    W_TBLGRID,
    W_FLDCHAR,
    W_SDTPR,
    MC_FALLBACK,
}
TRACKED = {W_INS, W_DEL, W_MOVEFROM, W_MOVETO}
#: What makes a paragraph's text more than its w:t elements in order (see
#: :meth:`TextReader.line`): text to skip, or characters and notes that are not w:t.
PLAIN_BREAKERS = (W_DEL, W_MOVEFROM, MC_FALLBACK, W_SDT, W_TXBXCONTENT, W_TAB, W_BR, W_CR,
                  W_NOBREAKHYPHEN, W_SOFTHYPHEN, W_SYM, W_FOOTNOTEREFERENCE,
                  W_ENDNOTEREFERENCE)  # fmt: skip
#: Wrappers that may hold whole paragraphs, tables, rows or cells.
WRAPPERS = (W_SDT, W_CUSTOMXML, W_INS, W_MOVETO)

#: Where text outside the answer box was found (for the finding's message).
IN_QUESTION, IN_GUIDANCE, AFTER_TABLE, IN_ID = (
    "the question cell",
    "the grey guidance cell",
    "a paragraph after the question's table",
    "the ID cell",
)


_PLAIN = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-", "\u00a0": " "}
)


def fold(text: str) -> str:
    """Text compared with the bank's wording: NFC, case-folded, whitespace collapsed,
    typographic quotes and dashes made plain."""
    if len(text) <= 300:
        return _fold_short(text)
    return _fold(text)


def _fold(text: str) -> str:
    if text.isascii():  # already NFC, and nothing to make plain
        return " ".join(text.casefold().split())
    return " ".join(unicodedata.normalize("NFC", text).translate(_PLAIN).casefold().split())


#: Short texts are remembered: a report's template texts (questions, options, guidance)
#: are folded again and again, in every report of an inbox.
_fold_short = lru_cache(maxsize=4096)(_fold)


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """:func:`fold` of ``text`` (already NFC), and for each folded character the index of
    the character of ``text`` it comes from."""
    chars: list[str] = []
    where: list[int] = []
    for index, ch in enumerate(text):
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                where.append(index)
            continue
        for out in ch.translate(_PLAIN).casefold():
            chars.append(out)
            where.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        where.pop()
    return "".join(chars), where


def find_known(text: str, known: str) -> tuple[int, int] | None:
    """The span of ``text`` whose folded form is ``known`` (folded), or None."""
    folded, where = _folded_with_positions(text)
    start = folded.find(known) if known else -1
    if start < 0:
        return None
    end = start + len(known)
    return where[start], where[end - 1] + 1


def _strip_known(line: str, known) -> str:
    """``line`` without the longest of the ``known`` (folded) texts it contains: what the
    person added to a paragraph of the template's own wording, in their own characters."""
    folded = fold(line)
    if not folded or folded in known:
        return ""
    if not any(text and text in folded for text in known):
        return line.strip()
    line = unicodedata.normalize("NFC", line)
    for text in sorted(known, key=len, reverse=True):
        span = find_known(line, text) if text else None
        if span is not None:
            start, end = span
            return (line[:start].strip() + " " + line[end:].strip()).strip()
    return line.strip()


# ---------------------------------------------------------------- text of runs and paragraphs


class TextReader:
    """Reads the text of paragraphs and cells with the document's footnotes and endnotes,
    collecting the notes referenced since the last :meth:`take_notes`."""

    def __init__(
        self,
        *,
        deletions: bool = True,
        fallbacks: bool = True,
        footnotes: dict[str, str] | None = None,
        endnotes: dict[str, str] | None = None,
        symbol_fonts: bool = True,
        primed: dict[etree._Element, str] | None = None,
    ) -> None:
        self.deletions = deletions
        self.fallbacks = fallbacks
        self.symbol_fonts = symbol_fonts
        self.footnotes = footnotes or {}
        self.endnotes = endnotes or {}
        self._pending: list[str] = []
        #: The line of each paragraph that is runs of w:t and nothing else, list marker
        #: included, read beforehand (see :func:`scan`): a dictionary look-up, not a walk.
        self._line: dict[etree._Element, str] = primed or {}

    def without_notes(self) -> TextReader:
        """A reader like this one (and primed alike) that leaves footnotes and endnotes
        out."""
        other = TextReader(
            deletions=self.deletions, fallbacks=self.fallbacks, symbol_fonts=self.symbol_fonts
        )
        other._line = self._line
        return other

    def take_notes(self) -> list[str]:
        """The ``[n] text`` lines of the notes referenced since the last call."""
        pending, self._pending = self._pending, []
        return pending

    def _reference(self, el: etree._Element) -> str:
        store = self.footnotes if el.tag == W_FOOTNOTEREFERENCE else self.endnotes
        text = store.get(el.get(W_ID) or "")
        if not text:
            return ""
        number = len(self._pending) + 1
        self._pending.append(f"[{number}] {text}")
        return f"[{number}]"

    def inline(self, node: etree._Element, out: list[str]) -> None:
        """Text of runs below ``node`` (inside one paragraph), in document order."""
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIP:
                continue
            if tag == W_T:
                out.append(child.text or "")
            elif tag == W_R:
                font = _symbol_font(child) if self.symbol_fonts else None
                if font is None:
                    self.inline(child, out)
                else:
                    parts: list[str] = []
                    self.inline(child, parts)
                    out.append(symbols.map_text(font, "".join(parts)))
            elif tag == W_TAB:
                out.append("\t")
            elif tag in (W_BR, W_CR):
                out.append("\n")
            elif tag == W_NOBREAKHYPHEN:
                out.append("\u2011")
            elif tag == W_SOFTHYPHEN:
                out.append("\u00ad")
            elif tag == W_SYM:
                char = child.get(W_CHAR)
                if char:
                    with contextlib.suppress(ValueError):
                        out.append(symbols.symbol_char(child.get(W_FONT), int(char, 16)))
            elif tag in (W_FOOTNOTEREFERENCE, W_ENDNOTEREFERENCE):
                out.append(self._reference(child))
            elif tag == W_TXBXCONTENT:
                continue  # text boxes hold their own paragraphs; read as paragraphs
            elif tag == W_SDT and _placeholder(child):
                continue  # "Click or tap here to enter text.": nothing typed
            else:
                self.inline(child, out)

    def line(self, p: etree._Element) -> str:
        primed = self._line.get(p)
        if primed is not None:
            return primed
        if not self.symbol_fonts and next(p.iter(*PLAIN_BREAKERS), None) is None:
            # Most paragraphs are runs of w:t and nothing else: read them in one pass of
            # lxml's, not element by element (the same text, four times faster).
            text = "".join(p.itertext(W_T, with_tail=False))
        else:
            parts: list[str] = []
            self.inline(p, parts)
            text = "".join(parts)
        if text and _is_list_item(p) and text.strip():
            text = "- " + text
        return text

    def lines(self, node: etree._Element) -> list[str]:
        """One line per paragraph below ``node`` (a cell, a content control …), in document
        order, nested tables and text boxes included, each text box once. Vertically merged
        continuation cells are empty in OOXML, so merged text is read once."""
        primed = self._line.get
        hiding = self.deletions or self.fallbacks
        if not hiding:  # most documents: each line is looked up, or read when it is not plain
            own = _own_paragraphs(node)
            if own is not None:  # as in paragraphs(), each line looked up once: all plain, so
                # no text box in them, and they are all there is
                found = [primed(el) for el in own]
                if None not in found:
                    return found  # type: ignore[return-value]  # no None in it
            paragraphs = _all_paragraphs(node)
            found = [primed(el) for el in paragraphs]
            if None not in found:
                return found  # type: ignore[return-value]
            pairs = zip(paragraphs, found, strict=True)
            return [self.line(p) if line is None else line for p, line in pairs]
        out: list[str] = []
        for el in _all_paragraphs(node):
            if hiding and self._hidden(el, stop=node):
                continue
            line = primed(el)
            if line is None:
                line = self.line(el)
            if not line and self.deletions and _mark_deleted(el):
                continue  # a paragraph removed with tracked changes on
            out.append(line)
        return out

    def paragraphs(self, node: etree._Element) -> list[etree._Element]:
        """Every paragraph below ``node`` (:func:`_all_paragraphs`): a cell's own, found by a
        loop over its children, when they are all plain (read beforehand, so that none holds
        a text box and its paragraphs); else by lxml's search."""
        own = _own_paragraphs(node)
        plain = self._line
        if own is not None and all(map(plain.__contains__, own)):
            return own
        return _all_paragraphs(node)

    def text(self, node: etree._Element) -> str:
        return normalise_text("\n".join(self.lines(node)))

    def _hidden(self, el: etree._Element, *, stop: etree._Element) -> bool:
        """Inside a tracked deletion, or inside the fallback copy of a text box."""
        parent = el.getparent()
        while parent is not None and parent is not stop:
            if parent.tag in (W_DEL, W_MOVEFROM, MC_FALLBACK):
                return True
            if parent.tag == W_SDT and _placeholder(parent):
                return True
            parent = parent.getparent()
        return False


@dataclass
class BodyScan:
    """What one pass over a document's body found (see :func:`scan`)."""

    #: tracked insertions, deletions and moves
    tracked: int
    #: tracked deletions or moves away (text that is not shown)
    deletions: bool
    #: text-box fallback copies or content controls showing their placeholder
    fallbacks: bool
    #: runs set in the Symbol or a Wingdings font
    symbol_fonts: bool
    #: check boxes (w14:checkbox content controls)
    checkboxes: bool
    #: the line of every paragraph that is runs of w:t and nothing else
    lines: dict[etree._Element, str]

    def reader(
        self, footnotes: dict[str, str] | None = None, endnotes: dict[str, str] | None = None
    ) -> TextReader:
        """A reader of this body, its plain paragraphs read already."""
        return TextReader(
            deletions=self.deletions,
            fallbacks=self.fallbacks,
            symbol_fonts=self.symbol_fonts,
            footnotes=footnotes,
            endnotes=endnotes,
            primed=self.lines,
        )


_SCANNED = (W_P, W_T, W_NUMPR, W_PSTYLE, W_RFONTS, W_INS, W_MOVETO, W_SHOWINGPLCHDR,
            W14_CHECKBOX, *PLAIN_BREAKERS)  # fmt: skip


def scan(body: etree._Element) -> BodyScan:
    """Everything the reader needs to know of a body before reading its questions, in one
    pass of lxml's: tracked changes, text-box copies, symbol fonts, check boxes, and the line
    of every paragraph that is runs of w:t and nothing else (most of a report's paragraphs;
    each is then a dictionary look-up). A paragraph with more than that (:data:`PLAIN_BREAKERS`,
    text in a hyperlink or field, a symbol-font run) is read run by run when asked."""
    tracked = 0
    deletions = fallbacks = symbol_fonts = checkboxes = False
    irregular: set[etree._Element] = set()
    texts: dict[etree._Element, list[str]] = {}
    paragraphs: list[etree._Element] = []
    listed: list[etree._Element] = []
    for el in body.iter(*_SCANNED):
        tag = el.tag
        if tag == W_T:
            run = el.getparent()
            p = run.getparent() if run is not None else None
            if run is not None and p is not None and run.tag == W_R and p.tag == W_P:
                found = texts.get(p)
                if found is None:
                    texts[p] = [el.text or ""]
                else:
                    found.append(el.text or "")
            else:  # in a hyperlink, a field, an insertion …
                irregular.update(el.iterancestors(W_P))
            continue
        if tag == W_P:
            paragraphs.append(el)
            continue
        if tag in (W_NUMPR, W_PSTYLE):
            ppr = el.getparent()
            p = ppr.getparent() if ppr is not None and ppr.tag == W_PPR else None
            if p is not None and p.tag == W_P and _is_list_item(p):
                listed.append(p)
            continue
        if tag == W_RFONTS:
            if symbols.is_symbol_font(el.get(W_ASCII)) or symbols.is_symbol_font(el.get(W_HANSI)):
                symbol_fonts = True
                irregular.update(el.iterancestors(W_P))
            continue
        if tag == W14_CHECKBOX:
            checkboxes = True
            continue
        if tag in TRACKED:
            tracked += 1
            deletions = deletions or tag in (W_DEL, W_MOVEFROM)
        elif tag in (MC_FALLBACK, W_SHOWINGPLCHDR):
            fallbacks = True
        if tag in PLAIN_BREAKERS:
            irregular.update(el.iterancestors(W_P))
    listed_set = set(listed)
    lines: dict[etree._Element, str] = {}
    for p in paragraphs:
        if p in irregular:
            continue
        parts = texts.get(p)
        text = "".join(parts) if parts else ""
        if text and p in listed_set and text.strip():
            text = "- " + text
        lines[p] = text
    return BodyScan(tracked, deletions, fallbacks, symbol_fonts, checkboxes, lines)


def _all_paragraphs(node: etree._Element) -> list[etree._Element]:
    """Every paragraph below ``node``, in document order, those of text boxes included (a
    paragraph alone when ``node`` is one)."""
    return [node] if node.tag == W_P else list(node.iter(W_P))


def _own_paragraphs(node: etree._Element) -> list[etree._Element] | None:
    """A cell's own paragraphs, found by a loop over its children (a third faster than lxml's
    search by tag), when it holds nothing else but its properties; None otherwise. They are
    all the paragraphs below it only if none holds a text box (see
    :meth:`TextReader.paragraphs`)."""
    if node.tag == W_P:
        return [node]
    own = []
    for child in node:
        tag = child.tag
        if tag == W_P:
            own.append(child)
        elif tag != W_TCPR:  # a nested table, a content control, a bookmark …
            return None
    return own


def _placeholder(sdt: etree._Element) -> bool:
    """A content control still showing its placeholder text (nothing was typed in it)."""
    props = first_child(sdt, W_SDTPR)
    return props is not None and first_child(props, W_SHOWINGPLCHDR) is not None


def _symbol_font(run: etree._Element) -> str | None:
    first = run[0] if len(run) else None
    if first is None or first.tag != W_RPR:
        return None
    fonts = first_child(first, W_RFONTS)
    if fonts is None:
        return None
    name = fonts.get(W_ASCII) or fonts.get(W_HANSI)
    return name if symbols.is_symbol_font(name) else None


def _is_list_item(p: etree._Element) -> bool:
    first = next(iter(p), None)  # pPr, when present, comes first
    if first is None or first.tag != W_PPR:
        return False
    ppr = first
    numpr = first_child(ppr, W_NUMPR)
    if numpr is not None:
        num_id = first_child(numpr, W_NUMID)
        if num_id is None or num_id.get(W_VAL) != "0":
            return True
    style = first_child(ppr, W_PSTYLE)
    if style is not None:
        val = (style.get(W_VAL) or "").replace(" ", "").lower()
        return val.startswith("listbullet") or val.startswith("listnumber")
    return False


def _mark_deleted(p: etree._Element) -> bool:
    ppr = first_child(p, W_PPR)
    rpr = first_child(ppr, W_RPR) if ppr is not None else None
    return rpr is not None and first_child(rpr, W_DEL) is not None


def _is_heading(p: etree._Element) -> bool:
    ppr = first_child(p, W_PPR)
    if ppr is None:
        return False
    style = first_child(ppr, W_PSTYLE)
    if style is not None:
        val = (style.get(W_VAL) or "").replace(" ", "").casefold()
        if val.startswith(("heading", "title", "titre", "título", "titulo", "toc")):
            return True
    return first_child(ppr, W_OUTLINELVL) is not None


#: Reads cells that hold a question ID or the template's wording, where a symbol font
#: does not matter.
KEY_READER = TextReader(symbol_fonts=False)


def block_lines(node: etree._Element, *, deletions: bool = True) -> list[str]:
    """One line per paragraph below ``node`` (see :meth:`TextReader.lines`)."""
    return TextReader(deletions=deletions).lines(node)


# ---------------------------------------------------------------- tables, rows, cells


def _cells(tr: etree._Element) -> list[etree._Element]:
    """The cells of a row, looking through content controls that wrap cells."""
    cells = []
    for child in tr:
        tag = child.tag  # made anew at each reading: read once
        if tag == W_TC:
            cells.append(child)
        elif tag in WRAPPERS:
            cells.extend(child.iter(W_TC))
    return cells


def _rows(tbl: etree._Element) -> list[etree._Element]:
    rows = []
    for child in tbl:
        tag = child.tag
        if tag == W_TR:
            rows.append(child)
        elif tag in WRAPPERS:
            rows.extend(r for r in child.iter(W_TR) if r.getparent() is not None)
    return rows


def _blocks(parent: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables directly in ``parent`` (the body or a cell), looking through
    block-level content controls, custom XML and tracked insertions."""
    for child in parent:
        tag = child.tag
        if tag in (W_P, W_TBL):
            yield child
        elif tag == W_SDT:
            content = first_child(child, W_SDTCONTENT)
            if content is not None:
                yield from _blocks(content)
        elif tag in (W_CUSTOMXML, W_INS, W_MOVETO):
            yield from _blocks(child)


def _fill(tc: etree._Element) -> str:
    tcpr = first_child(tc, W_TCPR)
    shd = first_child(tcpr, W_SHD) if tcpr is not None else None
    return (shd.get(W_FILL) or "").upper() if shd is not None else ""


def _vmerge_restart(tc: etree._Element) -> bool:
    tcpr = first_child(tc, W_TCPR)
    vm = first_child(tcpr, W_VMERGE) if tcpr is not None else None
    return vm is not None and vm.get(W_VAL) == "restart"


def _key_of(
    tc: etree._Element, is_key: Callable[[str], bool], reader: TextReader = KEY_READER
) -> tuple[str, list[str], bool]:
    """(the key a cell's first line holds, the cell's other lines, whether it shows nothing):
    ("", [], …) without a key. Only the first non-empty paragraph is looked at before the
    key is known (a cell is often a long answer box)."""
    first = _first_read(tc, reader).strip()
    if not first:
        return "", [], True
    if not _keyish(first, is_key):
        return NO_KEY
    lines = [line.strip() for line in reader.lines(tc)]
    lines = [line for line in lines if line]
    if not lines or not _keyish(lines[0], is_key):
        return NO_KEY
    return lines[0], lines[1:], False


NO_KEY: tuple[str, list[str], bool] = ("", [], False)


def _first_line(tc: etree._Element, reader: TextReader) -> str:
    """The first line of a cell that is not blank ("" for none): read paragraph by paragraph
    until it is found, where the document hides no text (else from all the cell's lines)."""
    if reader.deletions or reader.fallbacks:
        return next((line for line in reader.lines(tc) if line.strip()), "")
    return _first_read(tc, reader)


def _first_read(tc: etree._Element, reader: TextReader) -> str:
    """The first paragraph below ``tc`` whose line is not blank, read paragraph by paragraph
    (hidden text included: see :func:`_first_line`); "" for none."""
    for p in reader.paragraphs(tc):
        line = reader.line(p)
        if line.strip():
            return line
    return ""


def _keyish(text: str, is_key: Callable[[str], bool]) -> bool:
    return bool(text) and " " not in text and len(text) <= 80 and is_key(text)


@dataclass
class QuestionBlock:
    """The rows and paragraphs that belong to one question, found by its ID row."""

    key: str
    id_row: etree._Element
    #: lines typed in the ID cell after the ID
    id_extra: list[str] = field(default_factory=list)
    rows: list[etree._Element] = field(default_factory=list)
    #: paragraphs outside any table right after the question's table(s)
    after: list[etree._Element] = field(default_factory=list)
    #: found by its wording: its ID had been deleted
    recognised: bool = False
    #: the cells of each of its rows (the ID row's included), read once
    cells: dict[etree._Element, list[etree._Element]] = field(default_factory=dict)

    def cells_of(self, tr: etree._Element) -> list[etree._Element]:
        found = self.cells.get(tr)
        if found is None:
            found = self.cells[tr] = _cells(tr)
        return found


def _empty(tc: etree._Element) -> bool:
    return not any((t.text or "").strip() for t in tc.iter(W_T))


#: Recognises a question whose ID was deleted: (the first line of the row's second cell,
#: the last heading's text, the question before) → its ID, or None.
Recogniser = Callable[[str, str, str | None], str | None]


def question_blocks(
    body: etree._Element,
    is_key: Callable[[str], bool],
    recognise: Recogniser | None = None,
    reader: TextReader | None = None,
) -> list[QuestionBlock]:
    """Every question of the document, in order: a row whose first cell starts with a key
    (``is_key``) opens a question; the rows after it, and tables without a key that follow
    it, belong to it, until the next key or heading. Paragraphs between it and the next
    table or heading are kept as :attr:`QuestionBlock.after`. A row whose first cell is
    empty opens a question too when ``recognise`` knows the text of its second cell."""
    finder = _BlockFinder(is_key, recognise, reader or TextReader())
    found = body.find(W_BODY) if body.tag == W_DOCUMENT else None
    finder.visit(found if found is not None else body, nested=False)
    return finder.blocks


class _BlockFinder:
    """Walks a body for :func:`question_blocks` (a class, not a recursive closure: a
    closure that calls itself is a reference cycle, and would keep the document's whole tree
    alive until Python's cycle collector happens to run)."""

    def __init__(
        self, is_key: Callable[[str], bool], recognise: Recogniser | None, reader: TextReader
    ) -> None:
        self.is_key, self.recognise, self.reader = is_key, recognise, reader
        self.blocks: list[QuestionBlock] = []
        self.current: QuestionBlock | None = None
        self.heading = ""

    def visit(self, container: etree._Element, nested: bool) -> None:
        reader, blocks = self.reader, self.blocks
        for el in _blocks(container):
            if el.tag == W_P:
                is_heading = _is_heading(el)
                if is_heading:
                    self.heading = reader.line(el)
                if nested or self.current is None:
                    continue
                if is_heading:
                    self.current = None
                else:
                    self.current.after.append(el)
                continue
            for tr in _rows(el):
                cells = _cells(tr)
                key, extra, blank = _key_of(cells[0], self.is_key, reader) if cells else NO_KEY
                # a cell that shows nothing holds no text, unless text is hidden in it
                empty = blank and not (reader.deletions or reader.fallbacks)
                recognised = False
                if (
                    not key
                    and self.recognise is not None
                    and len(cells) >= 2
                    and (empty or _empty(cells[0]))
                ):
                    first = _first_line(cells[1], reader)
                    previous = blocks[-1].key if blocks else None
                    key = (first and self.recognise(first, self.heading, previous)) or ""
                    recognised = bool(key)
                if key:
                    self.current = QuestionBlock(key, tr, id_extra=extra, recognised=recognised)
                    self.current.cells[tr] = cells
                    blocks.append(self.current)
                elif self.current is not None:
                    self.current.rows.append(tr)
                    self.current.cells[tr] = cells
                else:
                    for tc in cells:
                        self.visit(tc, nested=True)
