"""The regional synthesis report (.docx), from a :class:`~gcmreview.synthesis.Synthesis`.

:class:`Writer` holds the document and what every chapter uses (headings numbered in order,
quotations recorded as passages for the manifest, where each question stands); each chapter
is a function over the writer in a module named for its part of the report:
:mod:`~gcmreview.chapters_front` (cover, summary, introduction, participation),
:mod:`~gcmreview.chapters_sections` (the bank's sections), :mod:`~gcmreview.chapters_themes`
(objectives, principles, stakeholders, means, cross-cutting issues),
:mod:`~gcmreview.chapters_data`, :mod:`~gcmreview.chapters_shadow` and
:mod:`~gcmreview.chapters_annexes`. :meth:`Writer.build` walks them in the report's order.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gcmreview import chapters_annexes as annexes
from gcmreview import chapters_data as data
from gcmreview import chapters_front as front
from gcmreview import chapters_sections as bank_sections
from gcmreview import chapters_shadow as shadow
from gcmreview import chapters_themes as themes
from gcmreview import docxkit as dk
from gcmreview import manifest_xml
from gcmreview.files import build_time
from gcmreview.i18n import t
from gcmreview.layout import META_PREFIX
from gcmreview.narrative import narrative
from gcmreview.punctuation import punctuate
from gcmreview.synthesis import (
    EXCERPT_WORDS,
    Entry,
    Synthesis,
    excerpt,
)
from gcmreview.synthesis_style import (
    BLUE_HEX,
    GREY_HEX,
    HEAD_FILL,
    RED,
)

REQUIRED_STYLES = {
    "Title": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 1": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 2": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 3": WD_STYLE_TYPE.PARAGRAPH,
    "List Bullet": WD_STYLE_TYPE.PARAGRAPH,
    "Caption": WD_STYLE_TYPE.PARAGRAPH,
    "Table Grid": WD_STYLE_TYPE.TABLE,
}


class Writer:
    """Builds the report; one method per part."""

    def __init__(
        self,
        s: Synthesis,
        *,
        reference_doc: Path | None = None,
        decisions: dict[str, dict[str, str]] | None = None,
    ) -> None:
        """``decisions``: country → {status, decision, authority, date, comments}, from a
        validation tracker; None while the draft has not been circulated."""
        self.s = s
        self.lang = s.lang
        #: called after each chapter (a progress bar)
        self.advance: Callable[[], None] = lambda: None
        self.text = narrative(s.lang)
        self.n_states = len(s.national)
        self.decisions = decisions
        included = {e.country for e in s.national}
        answered = {
            c
            for c, d in (decisions or {}).items()
            if c in included and d.get("status") not in (None, "", "pending")
        }
        validated = {
            c
            for c in answered
            if (decisions or {})[c].get("status") in ("validated", "validated with changes")
        }
        tracked = decisions is not None
        self.status = self.text.status(len(validated), self.n_states, tracked)
        #: the draft marking stays until every included Member State has answered
        self.draft = self.n_states == 0 or len(answered) < self.n_states
        self.doc = _base_document(s, reference_doc)
        self.fast = dk.FastBody(self.doc)
        self.passages: list[manifest_xml.Passage] = []
        self.chapter = ""
        self.section = ""
        self.numbered = 0
        #: (level, heading, bookmark) of every heading of levels 1 and 2, for the contents
        self.contents: list[tuple[int, str, str]] = []
        self.toc: int | None = None
        #: where each national question's answers stand in the report (question ID → the
        #: chapter), for the manifest; a question not placed is said there with the reason
        self.placed: dict[str, str] = {}
        #: the same for the shadow reports' answers (their own chapter)
        self.placed_shadow: dict[str, str] = {}
        #: (file, question ID) of every answer quoted
        self.quoted: set[tuple[str, str]] = set()

    # ------------------------------------------------------------ helpers

    def numbered_chapter(self, title: str) -> None:
        """A chapter heading numbered in order ("3. Progress …")."""
        self.numbered += 1
        self.heading(f"{self.numbered}. {title}", 1)

    def place(self, *qids: str, kind: str = "national") -> None:
        """Record that these questions' answers (of national reports, or of shadow reports)
        are presented in the current chapter."""
        placed = self.placed if kind == "national" else self.placed_shadow
        for qid in qids:
            placed.setdefault(qid, self.chapter)

    def heading(self, text: str, level: int = 1) -> None:
        text = punctuate(text, self.lang)
        if level <= 2:
            bookmark = f"_Toc{len(self.contents) + 1:06d}"
            self.contents.append((level, text, bookmark))
            self.fast.paragraph(text, style=f"Heading {level}", bookmark=bookmark)
        else:
            self.fast.paragraph(text, style=f"Heading {level}")
        if level == 1:
            self.chapter, self.section = text, ""
        else:
            self.section = text

    def passage(self, entry: Entry, question: str, text: str, attribution: str) -> None:
        """Record a passage attributed to a Member State (or organisation) for the
        manifest: where it stands in the report and which question it comes from."""
        self.passages.append(
            manifest_xml.Passage(
                id=f"P{len(self.passages) + 1:04d}",
                country=entry.country,
                kind=entry.submission.kind,
                organisation=entry.submission.organisation,
                question=question,
                chapter=self.chapter,
                section=self.section,
                attribution=attribution,
                text=text,
                source=entry.path,
            )
        )

    def paras(self, macro: str, *args: object, **kwargs: object) -> None:
        for text in self.text.paragraphs(macro, *args, **kwargs):
            self.fast.paragraph(text)

    def label(self, text: str) -> None:
        """A bold run-in label (Measures taken, Recommendations …), kept with what follows."""
        self.fast.paragraph(
            [(text, {"bold": True, "colour": BLUE_HEX})], keep_next=True, space_before=6
        )

    def table(
        self,
        header: list[str],
        rows: Sequence[Sequence[str | tuple[str, str]]],
        widths: list[float],
        size: float = 8.5,
        **options,
    ):
        return self.fast.table(header, rows, widths, size=size, header_fill=HEAD_FILL, **options)

    def quote(
        self,
        entry: Entry,
        qid: str,
        label: str | None = None,
        limit: int = EXCERPT_WORDS,
        text: str | None = None,
    ) -> bool:
        """Quote an answer (or ``text`` written with it), attributed to its Member State and
        question ID."""
        value = self.s.answer(entry, qid) if text is None else text
        if not isinstance(value, str) or not value.strip():
            return False
        self.place(qid, kind=entry.submission.kind)
        self.quoted.add((entry.path, qid))
        text, cut = excerpt(value, limit)
        who = label or entry.name(self.lang)
        self.passage(entry, qid, text + (" […]" if cut else ""), f"{who} ({qid})")
        self.fast.paragraph(
            [(who, {"bold": True}), (f" ({qid})", {"size": 8, "colour": GREY_HEX})],
            space_before=4,
            space_after=0,
            keep_next=True,
        )
        lines = [line for line in text.split("\n") if line.strip()]
        for i, line in enumerate(lines):
            runs: list[tuple[str, dict]] = []
            style: str | None = None
            indent: float | None = 0.6
            if line.startswith("- "):
                style, indent, line = "List Bullet", None, line[2:]
            runs.append((line, {"lang": entry.submission.language}))
            if cut and i == len(lines) - 1:
                runs.append(
                    (
                        " " + t("synth.cut", self.lang),
                        {"italic": True, "size": 8, "colour": GREY_HEX},
                    )
                )
            self.fast.paragraph(runs, style=style, indent_cm=indent, space_after=2)
        return True

    # ------------------------------------------------------------ parts

    def placement(self) -> dict[str, str]:
        """Where each question of the bank (national and shadow) stands in the report: its
        chapter (national answers first, then shadow reports'), or why it is not there."""
        s, lang = self.s, self.lang
        found: dict[str, str] = {}
        for q in s.bank.questions.values():
            if q.contact:  # s.answer never gives them: personal data
                found[q.id] = t("synth.placement.contact", lang)
                continue
            chapters = [c for c in (self.placed.get(q.id), self.placed_shadow.get(q.id)) if c]
            if chapters:
                found[q.id] = "; ".join(dict.fromkeys(chapters))
            elif any(_answered(s, e, q.id) for e in s.national + s.shadow):
                found[q.id] = t("synth.placement.not_presented", lang)
            else:
                found[q.id] = t("synth.placement.unanswered", lang)
        return found

    def draft_header(self) -> None:
        """The draft marking at the top of every page ("DRAFT — for validation by Member
        States"); later sections show the first section's header."""
        even_pages = self.doc.settings.odd_and_even_pages_header_footer
        for index, section in enumerate(self.doc.sections):
            # a reference document may give a first page, or even pages, headers of their own
            headers = [section.header]
            if section.different_first_page_header_footer:
                headers.append(section.first_page_header)
            if even_pages:
                headers.append(section.even_page_header)
            for header in headers:
                if index and header.is_linked_to_previous:
                    continue
                para = header.add_paragraph()
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                dk.styled_run(
                    para, t("synth.draft_header", self.lang), bold=True, size=8, colour=RED
                )

    def chapters(self) -> list[Callable[[], None]]:
        """The report's parts, in order (one step of the progress bar each)."""
        sections = list(self.s.bank.sections)
        objectives = next((i for i, sec in enumerate(sections) if sec.per_objective), 0)
        return [
            lambda: front.cover(self),
            lambda: front.summary(self),
            lambda: front.introduction(self),
            lambda: front.overview(self),
            # methodology, policy …
            lambda: bank_sections.section_chapters(self, sections[:objectives]),
            lambda: themes.progress(self),
            lambda: themes.principles(self),
            lambda: themes.stakeholders(self),
            lambda: themes.means(self),
            lambda: themes.cross_cutting(self),
            # next steps, a regional bank's sections …
            lambda: bank_sections.section_chapters(self, sections[objectives:]),
            lambda: data.data_overview(self),
            lambda: shadow.shadow_reports(self),
            lambda: data.annex_data(self),
            lambda: annexes.annex_received(self),
            lambda: annexes.annex_validation(self, self.decisions),
            lambda: annexes.annex_practices(self),
        ]

    def build(self) -> bytes:
        """The report; afterwards :attr:`manifest` describes its passages."""
        for chapter in self.chapters():
            chapter()
            self.advance()
        self.manifest = manifest(self.s, self.passages)
        self.manifest["placement"] = self.placement()
        # the manifest inside the report too, so a renamed copy still has it
        dk.add_custom_xml(
            self.doc,
            lambda: manifest_xml.pieces(self.manifest),
            manifest_xml.item_props(str(self.manifest["synthesis_id"])),
        )
        if self.toc is not None:
            self.fast.fill(
                self.toc,
                dk.toc_xml(self.contents, 'TOC \\o "1-2" \\h \\z \\u', rtl=self.fast.rtl),
            )
        dk.modern_compatibility(self.doc)
        if self.draft:
            self.draft_header()
        dk.set_custom_properties(
            self.doc,
            {
                f"{META_PREFIX}schema": "gcmreview/synthesis@1",
                f"{META_PREFIX}kind": "synthesis",
                f"{META_PREFIX}region": self.s.commission.code,
                f"{META_PREFIX}language": self.lang,
                f"{META_PREFIX}synthesis_id": str(self.manifest["synthesis_id"]),
                f"{META_PREFIX}member_states": ",".join(e.country for e in self.s.national),
            },
        )
        return dk.save_bytes(self.doc)


def _answered(s: Synthesis, entry: Entry, qid: str) -> bool:
    """Whether the report answered the question (a data table: gave any of it)."""
    table = entry.submission.tables.get(qid)
    return s.answer(entry, qid) not in (None, "", []) or (
        table is not None and not table.is_empty()
    )


def _base_document(s: Synthesis, reference_doc: Path | None):
    """Our styled A4 document, or — like pandoc's --reference-doc — the user's document with
    its content removed, keeping its styles, margins, headers and footers."""
    lang = s.lang
    if reference_doc is None:
        doc = dk.new_document(
            title=s.title,
            subject=t("synth.subtitle", lang, cycle=s.bank.review_cycle),
            language=lang,
            keywords=f"GCM; {s.commission.code}; synthesis",
        )
        footer = doc.sections[0].footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        dk.page_footer(
            footer,
            f"{s.commission.acronym(lang)} · {s.bank.review_cycle} · ",
            t("doc.page", lang, page="{page}"),
            colour=dk.GREY,
        )
        return doc
    from gcmreview.reference_doc import reference_package

    # Only the styles, page setup, headers, footers and theme: never macros or external links.
    doc = docx.Document(io.BytesIO(reference_package(reference_doc)))
    # the contents are written in: Word must not ask to update fields on opening
    for prompt in doc.settings.element.findall(qn("w:updateFields")):
        doc.settings.element.remove(prompt)
    dk.set_language(doc, lang)
    body = doc.element.body
    for child in list(body):
        if child.tag.endswith("}sectPr"):
            continue
        body.remove(child)
    for name, kind in REQUIRED_STYLES.items():
        try:
            doc.styles[name]
        except KeyError:
            style = doc.styles.add_style(name, kind)
            if name.startswith("Heading"):
                style.base_style = doc.styles["Normal"]
                style.font.bold = True
                style.font.size = Pt({"1": 15, "2": 12, "3": 10.5}[name[-1]])
    props = doc.core_properties
    props.title = s.title
    props.author = "gcmreview"
    stamp = build_time().replace(tzinfo=None)
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    return doc


def manifest(s: Synthesis, passages: list[manifest_xml.Passage]) -> dict[str, object]:
    """What the report says about whom: every passage, its Member State (or organisation),
    the question it comes from and where it stands. Its ID identifies this draft."""
    digest = hashlib.sha256(json.dumps([s.title, s.commission.code]).encode("utf-8"))
    for passage in passages:
        digest.update(b"\n" + passage.json)
    return {
        "schema": "gcmreview/synthesis-manifest@1",
        "synthesis_id": digest.hexdigest()[:12],
        "title": s.title,
        "region": s.commission.code,
        "language": s.lang,
        "review_cycle": s.bank.review_cycle,
        "member_states": [e.country for e in s.national],
        # the language of each Member State's report: its validation form is written in it
        "report_languages": {e.country: e.submission.language for e in s.national},
        "shadow_reports": [
            {"country": e.country, "organisation": e.submission.organisation} for e in s.shadow
        ],
        "passages": passages,
    }


def write_synthesis_docx(
    s: Synthesis,
    *,
    reference_doc: Path | None = None,
    decisions: dict[str, dict[str, str]] | None = None,
    advance: Callable[[], None] | None = None,
) -> tuple[bytes, dict[str, object]]:
    """The report's bytes and its manifest; ``advance`` is called after each of the
    :data:`CHAPTERS` parts."""
    writer = Writer(s, reference_doc=reference_doc, decisions=decisions)
    if advance is not None:
        writer.advance = advance
    data = writer.build()
    return data, writer.manifest


#: How many parts :meth:`Writer.chapters` writes (steps of the progress bar).
CHAPTERS = 17
