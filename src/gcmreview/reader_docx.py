"""Read a filled-in Word report back into raw answers, the way the person wrote them.

The reader works on the package XML itself rather than on python-docx's object model, because
``Paragraph.text`` and ``Document.tables`` skip things people type: text inside content
controls, tracked insertions, hyperlinks, text boxes, footnotes and nested tables.

**Finding the answers.** A question is found by the row that holds its ID in its first cell,
wherever that row is: a table joined to the one before it is split again at the next ID row,
and a table without an ID right after a question (a table split with Ctrl+Shift+Enter, or one
the person added) belongs to that question. Inside a question, rows are told apart by what
they hold (the bank's question and guidance texts, the grey guidance shading, the option
labels), not by their position, so deleted, merged and split rows are read the same. What a
person typed outside the answer box (in the question or guidance cell, or in paragraphs right
after the table) is read too, and said (:attr:`DocxContent.outside`).

**Text.** Every paragraph of a cell is read once: nested tables, content controls, hyperlinks,
fields' shown results, text boxes (Word writes each box twice, as ``mc:Choice`` and
``mc:Fallback``; the copy is skipped), footnotes and endnotes (kept with the answer as
``[1]`` and a ``[1] …`` line), tracked insertions (read as accepted) but not tracked deletions,
symbol-font characters as Unicode, soft and non-breaking hyphens as U+00AD and U+2011.

**Choices.** The marks people use (X, ✓, ☒, "yes", Wingdings boxes, checkbox content
controls …) are listed in ``templates/i18n/readback.yaml``; an option is found by its label in
any language of the bank. What cannot be read without guessing is reported as unclear.

Nothing a relationship points to (images, external links) is ever fetched.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

from gcmreview import symbols
from gcmreview.bank import Question, QuestionBank
from gcmreview.docx_text import (
    AFTER_TABLE,
    CT_NS,
    DOC_MACRO,
    DOC_MAIN,
    DOC_TEMPLATE,
    IN_GUIDANCE,
    IN_ID,
    IN_QUESTION,
    KEY_READER,
    W14_CHECKBOX,
    W14_CHECKED,
    W14_VAL,
    W_B,
    W_COMMENT,
    W_COMMENTREFERENCE,
    W_ENDNOTE,
    W_FILL,
    W_FOOTNOTE,
    W_HIGHLIGHT,
    W_ID,
    W_R,
    W_RPR,
    W_SHD,
    W_TYPE,
    W_U,
    W_VAL,
    QuestionBlock,
    Recogniser,
    TextReader,
    _fill,
    _strip_known,
    _vmerge_restart,
    find_known,
    fold,
    question_blocks,
    scan,
)
from gcmreview.i18n import readback_words
from gcmreview.layout import GUIDANCE_FILL, META_PREFIX, sheet_title
from gcmreview.messages import Text
from gcmreview.ooxml import Package, UnreadableFile, first_child
from gcmreview.submission import normalise_text
from gcmreview.title_page import read_title_page


@dataclass
class DocxContent:
    """What the reader found: metadata, raw answers by question ID, and notes."""

    metadata: dict[str, str]
    answers: dict[str, str | list[str]]
    found_ids: list[str]
    #: text written with a question that has no text answer (an "Other" specification,
    #: words beside the options, text typed for a data-annex table)
    notes: dict[str, str] = field(default_factory=dict)
    #: question ID -> where text typed outside the answer box was found (it was read)
    outside: dict[str, list[str]] = field(default_factory=dict)
    #: question ID -> why its choice could not be read without guessing
    unclear: dict[str, str] = field(default_factory=dict)
    unknown_choice_marks: dict[str, list[str]] = field(default_factory=dict)
    duplicate_ids: list[str] = field(default_factory=list)
    tracked_changes: int = 0
    comments: int = 0
    unknown_ids: list[str] = field(default_factory=list)
    deletions: bool = True
    #: check boxes (content controls) in the document: False when none, so that no option's
    #: cell is searched for one
    checkboxes: bool = True
    #: identity fields read from the title page's "About this report" table
    title_page: dict[str, str] = field(default_factory=dict)
    #: bank languages whose question texts the document's question cells match
    languages: Counter[str] = field(default_factory=Counter)
    #: questions whose ID had been deleted, recognised by their wording
    recognised: list[str] = field(default_factory=list)
    #: question ID -> texts of the Word comments anchored in its box
    comments_at: dict[str, list[str]] = field(default_factory=dict)


# ---------------------------------------------------------------- vocabulary


@cache
def _marks() -> tuple[frozenset[str], frozenset[str]]:
    words = readback_words()
    chosen = {m.casefold() for m in words["marks"]["chosen"]}
    not_chosen = {m.casefold() for m in words["marks"]["not_chosen"]} | {""}
    chosen |= {y.casefold() for ys in words["yes"].values() for y in ys}
    not_chosen |= {n.casefold() for ns in words["no"].values() for n in ns}
    return frozenset(chosen), frozenset(not_chosen)


CHOSEN, NOT_CHOSEN, UNKNOWN = "chosen", "not chosen", "unknown"
_MARK_SPLIT = re.compile(r"^\s*([^\s,;:.()\-–—]+|[\-–—_]+)\s*[,;:.\-–—]?\s*(.*)$", re.DOTALL)


def classify_mark(text: str) -> tuple[str, str]:
    """(CHOSEN / NOT_CHOSEN / UNKNOWN, any words after the mark)."""
    if not text:
        return NOT_CHOSEN, ""  # an empty box: the usual case
    chosen, not_chosen = _marks()
    folded = " ".join(symbols.map_private_use(text).split()).casefold()
    if folded in chosen:
        return CHOSEN, ""
    if folded in not_chosen:
        return NOT_CHOSEN, ""
    match = _MARK_SPLIT.match(symbols.map_private_use(text))
    if match:
        head, rest = match.group(1).casefold(), match.group(2).strip()
        if head in chosen:
            return CHOSEN, rest
        if head in not_chosen:
            return NOT_CHOSEN, rest
    stripped = folded.strip()
    if stripped and len(stripped) <= 2 and not any(ch.isalnum() for ch in stripped):
        return CHOSEN, ""  # a symbol of the person's own (★, ✚): a mark
    return UNKNOWN, text.strip()


# ---------------------------------------------------------------- the bank's own wording


@dataclass(frozen=True)
class Wording:
    """A question's own texts in every language of the bank, folded."""

    question: tuple[tuple[str, str], ...]  # (lang, folded text)
    notes: frozenset[str]
    guidance: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]  # (folded label, code), longest first
    annex_pointer: tuple[str, ...]
    #: folded label -> code (of two options with one label, the first in :attr:`labels`)
    label_codes: dict[str, str] = field(compare=False, hash=False)
    #: folded question text -> its language (the first, where two languages share a text)
    question_langs: dict[str, str] = field(compare=False, hash=False)
    #: the folded question texts
    question_texts: tuple[str, ...] = ()


_WORDING: dict[tuple[str, str], Wording] = {}


def wording(bank: QuestionBank | None, q: Question) -> Wording:
    """The wording of ``q`` (cached per bank content; forms without a bank by question)."""
    key = (bank.fingerprint if bank else "", q.id)
    found = _WORDING.get(key)
    if found is None:
        from gcmreview.i18n import t
        from gcmreview.wording import question_note

        langs = [lang for lang in (bank.languages if bank else q.text) if lang in q.text]
        labels = sorted(
            {(fold(text), c.code) for c in q.choices for text in c.label.values()},
            key=lambda item: -len(item[0]),
        )
        # the sheet as named in the annex's language, or by the table's ID (older reports)
        pointer = tuple(
            fold(t("doc.table_in_annex", lang, sheet=sheet))
            for lang in (langs if q.kind == "table" else ())
            for sheet in dict.fromkeys((sheet_title(q, lang), q.id.split(".", 1)[-1][:31]))
        )
        question = tuple((lang, fold(q.text[lang])) for lang in langs)
        found = _WORDING[key] = Wording(
            question=question,
            notes=frozenset(fold(question_note(q, lang)) for lang in langs),
            guidance=tuple(sorted({fold(g) for g in q.guidance.values() if g.strip()}, key=len)),
            labels=tuple(labels),
            annex_pointer=pointer,
            label_codes={label: code for label, code in reversed(labels)},
            question_langs={text: lang for lang, text in reversed(question)},
            question_texts=tuple(text for _, text in question),
        )
    return found


# ---------------------------------------------------------------- reading one question


def read_block(
    q: Question,
    block: QuestionBlock,
    reader: TextReader,
    content: DocxContent,
    bank: QuestionBank | None = None,
    *,
    outside_text: bool = True,
) -> str | list[str] | None:
    """The answer to ``q`` from its block; text found outside the box is added to the
    answer (or to :attr:`DocxContent.notes`) and recorded in :attr:`DocxContent.outside`.
    ``outside_text=False`` reads the box only (forms whose question cell quotes a passage)."""
    words = wording(bank, q)
    outside: list[tuple[str, str]] = [(IN_ID, line) for line in block.id_extra]
    for tc in block.cells_of(block.id_row)[1:] if outside_text else ():
        for line in reader.lines(tc):
            if not line.strip():
                continue
            folded = fold(line)
            lang = words.question_langs.get(folded)
            if lang is not None:
                content.languages[lang] += 1
                continue
            if folded in words.notes:
                continue
            rest = _strip_known(line, words.notes)
            rest = _strip_known(rest, words.question_texts)
            if rest:
                outside.append((IN_QUESTION, rest))
    rows = list(block.rows)
    box_from_guidance: list[str] = []
    if rows and _is_guidance_row(block.cells_of(rows[0]), words):
        cells = block.cells_of(rows.pop(0))
        merged_with_box = any(_vmerge_restart(tc) for tc in cells)
        for tc in cells:
            for line in reader.lines(tc):
                rest = _strip_known(line, words.guidance)
                if rest:
                    if merged_with_box:
                        box_from_guidance.append(rest)
                    else:
                        outside.append((IN_GUIDANCE, rest))
    if outside_text:
        after = [line for p in block.after for line in reader.lines(p) if line.strip()]
        outside.extend(
            (AFTER_TABLE, line)
            for line in after
            if bank is None or not _template_paragraph(bank, line)
        )
    else:
        outside = []

    if q.kind in ("choice", "multichoice"):
        value, extra = _read_choice(
            q, [block.cells_of(row) for row in rows], reader, content, words
        )
        notes = extra + [text for _, text in outside]
        if notes:
            content.notes[q.id] = "\n".join(notes)
        if outside:
            content.outside[q.id] = list(dict.fromkeys(where for where, _ in outside))
        return value
    if q.kind == "table":
        texts = [
            line
            for row in rows
            for tc in block.cells_of(row)
            for line in reader.lines(tc)
            if line.strip() and fold(line) not in words.annex_pointer
        ]
        texts = [_strip_annex_pointer(line, words) for line in texts]
        texts = [line for line in texts if line]
        typed = [text for _, text in outside] + texts
        if typed:
            content.notes[q.id] = "\n".join(typed)
            places = [where for where, _ in outside] + (["the annex row"] if texts else [])
            content.outside[q.id] = list(dict.fromkeys(places))
        return None
    box = [reader.text(tc) for row in rows for tc in block.cells_of(row)]
    parts = (
        [text for where, text in outside if where in (IN_ID, IN_QUESTION)]
        + [text for where, text in outside if where == IN_GUIDANCE]
        + box_from_guidance
        + box
        + [text for where, text in outside if where == AFTER_TABLE]
    )
    notes = reader.take_notes()
    text = normalise_text("\n".join([p for p in parts if p] + notes))
    if outside and text:
        content.outside[q.id] = list(dict.fromkeys(where for where, _ in outside))
    return text


def _strip_annex_pointer(line: str, words: Wording) -> str:
    folded = fold(line)
    for pointer in words.annex_pointer:
        if folded.startswith(pointer):
            rest = folded[len(pointer) :].strip()
            # "(KEN_national_…_data.xlsx)": the annex's file name, written by gcmreview
            if re.fullmatch(r"\([^()]*\.xlsx\)", rest) or not rest:
                return ""
    return line.strip()


def _is_guidance_row(cells: list[etree._Element], words: Wording) -> bool:
    if not cells:
        return False
    if any(_fill(tc) == GUIDANCE_FILL for tc in cells):
        return True
    if len(cells) != 1 or not words.guidance:
        return False
    folded = fold(" ".join(KEY_READER.lines(cells[0])))
    return any(g in folded for g in words.guidance)


def _emphasised(tc: etree._Element) -> bool:
    """Bold, underlined, highlighted or shaded text in a cell (a label a person marked)."""
    for rpr in tc.iter(W_RPR):
        parent = rpr.getparent()
        if parent is None or parent.tag != W_R:
            continue
        for tag in (W_B, W_U, W_HIGHLIGHT):
            el = first_child(rpr, tag)
            if el is not None and (el.get(W_VAL) or "true") not in ("0", "false", "none"):
                return True
        shd = first_child(rpr, W_SHD)
        if shd is not None and (shd.get(W_FILL) or "auto").lower() not in ("auto", "ffffff"):
            return True
    return False


def _checkbox_state(tc: etree._Element) -> bool | None:
    for box in tc.iter(W14_CHECKBOX):
        checked = first_child(box, W14_CHECKED)
        value = checked.get(W14_VAL) if checked is not None else "0"
        return value in ("1", "true")
    return None


def _match_label(line: str, words: Wording) -> tuple[str | None, str]:
    """(the option a label cell names, what the person wrote after the label)."""
    folded = fold(line)
    exact = words.label_codes.get(folded)
    if exact is not None:
        return exact, ""
    line = unicodedata.normalize("NFC", line)
    for label, code in words.labels:
        if folded.startswith(label):
            span = find_known(line, label)
            rest = line[span[1] :] if span else ""
            return code, rest.strip(" :;,.-–—()\t")
    return None, ""


@dataclass
class _OptionRow:
    code: str | None
    label: str
    state: str  # CHOSEN / NOT_CHOSEN / UNKNOWN
    mark: str
    extra: list[str]
    label_cell: etree._Element | None


def _read_choice(
    q: Question,
    rows: list[list[etree._Element]],
    reader: TextReader,
    content: DocxContent,
    words: Wording,
) -> tuple[str | list[str] | None, list[str]]:
    """The options chosen in a question's rows (given as their cells)."""
    options: list[_OptionRow] = []
    stray: list[str] = []
    for cells in rows:
        if not cells:
            continue
        if len(cells) == 1:
            stray.extend(line.strip() for line in reader.lines(cells[0]) if line.strip())
            continue
        mark_cell, label_cells = cells[0], cells[1:]
        label_lines = [
            line.strip() for tc in label_cells for line in reader.lines(tc) if line.strip()
        ]
        code, rest = _match_label(label_lines[0], words) if label_lines else (None, "")
        extra = ([rest] if rest else []) + label_lines[1:]
        checkbox = _checkbox_state(mark_cell) if content.checkboxes else None
        mark_text = " ".join(line.strip() for line in reader.lines(mark_cell) if line.strip())
        if checkbox is not None:
            state = CHOSEN if checkbox else NOT_CHOSEN
            mark_text = ""
        else:
            state, after_mark = classify_mark(mark_text)
            if state != UNKNOWN and after_mark:
                extra.insert(0, after_mark)
        if state == NOT_CHOSEN and not mark_text and extra:
            # "Yes X": the mark typed in the label cell, after the label
            label_state, after = classify_mark(extra[0])
            if label_state != UNKNOWN and not after:
                state = label_state
                extra = extra[1:]
        options.append(
            _OptionRow(
                code=code,
                label=label_lines[0] if label_lines else "",
                state=state,
                mark=mark_text,
                extra=extra,
                label_cell=label_cells[0] if label_cells else None,
            )
        )
    chosen: list[str] = []
    unclear: list[str] = []
    notes: list[str] = []
    with_extra = [opt for opt in options if opt.extra and opt.code is not None]
    for opt in options:
        if opt.code is None:
            if opt.state == CHOSEN or (opt.state == UNKNOWN and opt.mark):
                content.unknown_choice_marks.setdefault(q.id, []).append(opt.label or opt.mark)
            text = " ".join([opt.label, *opt.extra]).strip()
            if text:
                notes.append(text)
            continue
        if opt.state == CHOSEN:
            if opt.code not in chosen:
                chosen.append(opt.code)
        elif opt.state == UNKNOWN:
            unclear.append(f"“{_short(opt.mark)}” beside “{_short(opt.label)}”")
        if opt.extra:
            text = " ".join(opt.extra)
            notes.append(text if len(with_extra) == 1 else f"{opt.label}: {text}")
    notes.extend(stray)
    present = {opt.code for opt in options if opt.code is not None}
    if unclear:
        content.unclear[q.id] = (
            "a mark gcmreview does not know: " + "; ".join(unclear) + " (mark options with X)"
        )
    elif not chosen and options:
        emphasised = [
            opt.label
            for opt in options
            if opt.code and opt.label_cell is not None and _emphasised(opt.label_cell)
        ]
        remaining = [opt for opt in options if opt.code is not None]
        if len(present) < len(q.choices) and len(remaining) == 1:
            chosen.append(remaining[0].code or "")  # the other options were deleted
        elif len(present) < len(q.choices) and remaining:
            content.unclear[q.id] = (
                "options were deleted but none is marked: "
                + "; ".join(f"“{_short(opt.label)}”" for opt in remaining)
                + " (mark the options that apply with X)"
            )
        elif emphasised and len(emphasised) < len(remaining):
            content.unclear[q.id] = (
                "no option is marked, but "
                + "; ".join(f"“{_short(label)}”" for label in emphasised)
                + " is emphasised (bold or highlighted); mark the answer with X"
            )
    order = [c.code for c in q.choices]
    chosen.sort(key=lambda code: order.index(code) if code in order else len(order))
    if q.kind == "choice":
        value: str | list[str] | None = (
            chosen[0] if len(chosen) == 1 else (chosen if chosen else None)
        )
        return value, notes
    return chosen, notes


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- template paragraphs


_TEMPLATE: dict[str, frozenset[str]] = {}


def _template_paragraph(bank: QuestionBank, line: str) -> bool:
    """Whether a paragraph outside the tables is the template's own wording (a section or
    objective heading, a section's introduction) rather than something a person typed."""
    known = _TEMPLATE.get(bank.fingerprint)
    if known is None:
        from gcmreview import reference

        texts: set[str] = set()
        for kind in ("national", "shadow"):
            for number, section in enumerate(bank.sections_for(kind), start=1):
                for title in section.title.values():
                    texts.add(fold(f"{number}. {title}"))
                    texts.add(fold(title))
                for intro in (section.intro or {}).values():
                    texts.add(fold(intro))
        for o in reference.objectives():
            for lang in bank.languages:
                texts.add(fold(o.heading(lang)))
        known = _TEMPLATE[bank.fingerprint] = frozenset(texts)
    return fold(line) in known


# ---------------------------------------------------------------- the document


def check_content_type(pkg: Package) -> None:
    """Refuse anything that is not a plain Word document, with a reason a person acts on."""
    if pkg.has("mimetype") and not pkg.has("[Content_Types].xml"):
        raise UnreadableFile(Text("unreadable.is-odt"))
    if not pkg.has("[Content_Types].xml"):
        raise UnreadableFile(Text("unreadable.no-content-types"))
    types = pkg.xml("[Content_Types].xml")
    overrides = {
        o.get("PartName"): o.get("ContentType") for o in types.findall(f"{{{CT_NS}}}Override")
    }
    main = overrides.get("/word/document.xml")
    if main == DOC_MACRO or pkg.has("word/vbaProject.bin"):
        raise UnreadableFile(Text("unreadable.is-docm"))
    if main is None:
        if pkg.has("xl/workbook.xml"):
            raise UnreadableFile(Text("unreadable.is-excel"))
        if pkg.has("content.xml") or pkg.has("mimetype"):
            raise UnreadableFile(Text("unreadable.is-odt"))
        if pkg.has("ppt/presentation.xml"):
            raise UnreadableFile(Text("unreadable.is-powerpoint"))
        raise UnreadableFile(Text("unreadable.no-document-xml"))
    if main not in (DOC_MAIN, DOC_TEMPLATE):
        raise UnreadableFile(Text("unreadable.main-type", {"type": main}))


@dataclass
class OpenedDocument:
    metadata: dict[str, str]
    body: etree._Element
    comments: etree._Element | None
    footnotes: dict[str, str]
    endnotes: dict[str, str]


def open_document(path: Path) -> tuple[dict[str, str], etree._Element, etree._Element | None]:
    """(gcmreview properties, the body XML, the comments XML or None) of a Word file, read
    defensively. Raises :class:`UnreadableFile`."""
    opened = open_package(path)
    return opened.metadata, opened.body, opened.comments


def open_package(path: Path) -> OpenedDocument:
    """Everything the reader needs from a Word file, read defensively."""
    with Package(path) as pkg:
        check_content_type(pkg)
        metadata = {
            k.removeprefix(META_PREFIX): v
            for k, v in pkg.custom_properties().items()
            if k.startswith(META_PREFIX)
        }
        body = pkg.xml("word/document.xml")
        comments = pkg.xml("word/comments.xml") if pkg.has("word/comments.xml") else None
        footnotes = _notes(pkg, "word/footnotes.xml", W_FOOTNOTE)
        endnotes = _notes(pkg, "word/endnotes.xml", W_ENDNOTE)
    return OpenedDocument(metadata, body, comments, footnotes, endnotes)


def _notes(pkg: Package, part: str, tag: str) -> dict[str, str]:
    """Footnote or endnote texts by ID (the separator notes Word writes have no text)."""
    if not pkg.has(part):
        return {}
    reader = TextReader()
    found: dict[str, str] = {}
    for note in pkg.xml(part).iter(tag):
        if note.get(W_TYPE) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(line.strip() for line in reader.lines(note) if line.strip())
        if text:
            found[note.get(W_ID) or ""] = text
    return found


def _comment_texts(comments: etree._Element | None) -> dict[str, str]:
    if comments is None:
        return {}
    reader = TextReader()
    return {
        c.get(W_ID) or "": " ".join(line.strip() for line in reader.lines(c) if line.strip())
        for c in comments.iter(W_COMMENT)
    }


def _comments_in(block: QuestionBlock, texts: dict[str, str]) -> list[str]:
    """Texts of the comments whose reference lies in a question's rows or paragraphs."""
    found: list[str] = []
    for el in [block.id_row, *block.rows, *block.after]:
        for ref in el.iter(W_COMMENTREFERENCE):
            text = texts.get(ref.get(W_ID) or "")
            if text is not None and text not in found:
                found.append(text)
    return found


_RECOGNISERS: dict[str, Recogniser] = {}


def _recogniser(bank: QuestionBank) -> Recogniser:
    """Recognises a question whose ID was deleted by its wording (in any language); a
    per-objective question by the objective heading above it, or the question before."""
    found = _RECOGNISERS.get(bank.fingerprint)
    if found is not None:
        return found
    from gcmreview import reference

    index: dict[str, list[str]] = {}
    for q in bank.questions.values():
        for text in {fold(text) for text in q.text.values()}:
            index.setdefault(text, []).append(q.id)
    headings = {
        fold(o.heading(lang)): o.number for o in reference.objectives() for lang in bank.languages
    }

    def recognise(first: str, heading: str, previous: str | None) -> str | None:
        qids = index.get(fold(first))
        if not qids:
            return None
        if len(qids) == 1:
            return qids[0]
        number = headings.get(fold(heading))
        if number is None and previous in bank.questions:
            number = bank.questions[previous].objective
        return next((qid for qid in qids if bank.questions[qid].objective == number), None)

    _RECOGNISERS[bank.fingerprint] = recognise
    return recognise


def _looks_like_id(bank: QuestionBank, key: str) -> bool:
    if key in bank.questions:
        return True
    return (
        key.count(".") >= 1
        and key.replace(".", "").replace("_", "").isalnum()
        and key.split(".")[0] in _section_prefixes(bank)
    )


_PREFIXES: dict[str, frozenset[str]] = {}


def _section_prefixes(bank: QuestionBank) -> frozenset[str]:
    found = _PREFIXES.get(bank.fingerprint)
    if found is None:
        found = _PREFIXES[bank.fingerprint] = frozenset({s.id for s in bank.sections} | {"obj"})
    return found


def read_docx(path: Path, bank: QuestionBank) -> DocxContent:
    """Read metadata and answers. Raises :class:`UnreadableFile` for anything that is not a
    gcmreview report."""
    doc = open_package(path)
    body = doc.body
    comments = len(doc.comments.findall(W_COMMENT)) if doc.comments is not None else 0
    found = scan(body)
    reader = found.reader(doc.footnotes, doc.endnotes)
    content = DocxContent(
        deletions=found.deletions,
        checkboxes=found.checkboxes,
        metadata=doc.metadata,
        answers={},
        found_ids=[],
        tracked_changes=found.tracked,
        comments=comments,
    )
    comment_texts = _comment_texts(doc.comments)
    blocks = question_blocks(
        body,
        lambda key: _looks_like_id(bank, key),
        _recogniser(bank),
        reader.without_notes(),
    )
    read_ids: set[str] = set()  # content.found_ids, to look up
    for block in blocks:
        q = bank.questions.get(block.key)
        if q is None:
            content.unknown_ids.append(block.key)
            continue
        if block.key in read_ids:
            content.duplicate_ids.append(block.key)
            continue
        read_ids.add(block.key)
        content.found_ids.append(block.key)
        if block.recognised:
            content.recognised.append(block.key)
        if comment_texts:
            anchored = _comments_in(block, comment_texts)
            if anchored:
                content.comments_at[block.key] = anchored
        reader.take_notes()
        value = read_block(q, block, reader, content, bank)
        if value not in (None, "", []):
            content.answers[block.key] = value
    content.title_page = read_title_page(body, reader)
    if not content.found_ids and not doc.metadata:
        raise UnreadableFile(Text("unreadable.not-gcmreview"))
    return content
