"""The regional synthesis report (.docx), from a :class:`~gcmreview.synthesis.Synthesis`."""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter
from datetime import date
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from gcmreview import docxkit as dk
from gcmreview import formats, reference
from gcmreview.files import build_time
from gcmreview.i18n import t
from gcmreview.layout import META_PREFIX
from gcmreview.narrative import narrative
from gcmreview.reference import pick
from gcmreview.report_docx import kind_title
from gcmreview.synthesis import (
    EXCERPT_WORDS,
    OBJECTIVE_FIELDS,
    Entry,
    Synthesis,
    excerpt,
    issues_summary,
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
RED = RGBColor(0xB0, 0x00, 0x20)
BLUE_HEX = "005D9E"
GREY_HEX = "595959"
HEAD_FILL = "DCE6F1"
PRIORITY_FILL = "005D9E"
REPORTED_FILL = "9DC3E6"


#: National questions that a chapter of their own presents (the stakeholders consulted, the
#: support needed, the next steps), so that no section chapter quotes them first.
PRESENTED_ELSEWHERE = frozenset(
    {"method.consulted", "method.consultation", "next.support", "next.support_details",
     "next.steps", "next.messages"}
)  # fmt: skip


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
        self.passages: list[dict[str, object]] = []
        self.chapter = ""
        self.section = ""
        self.numbered = 0
        #: (level, heading, bookmark) of every heading of levels 1 and 2, for the contents
        self.contents: list[tuple[int, str, str]] = []
        self.toc: int | None = None
        #: where each national question's answers stand in the report (question ID → the
        #: chapter), for the manifest; a question not placed is said there with the reason
        self.placed: dict[str, str] = {}
        #: (file, question ID) of every answer quoted
        self.quoted: set[tuple[str, str]] = set()

    # ------------------------------------------------------------ helpers

    def numbered_chapter(self, title: str) -> None:
        """A chapter heading numbered in order ("3. Progress …")."""
        self.numbered += 1
        self.heading(f"{self.numbered}. {title}", 1)

    def place(self, *qids: str) -> None:
        """Record that these questions' answers are presented in the current chapter."""
        for qid in qids:
            self.placed.setdefault(qid, self.chapter)

    def heading(self, text: str, level: int = 1) -> None:
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
            {
                "id": f"P{len(self.passages) + 1:04d}",
                "country": entry.country,
                "kind": entry.submission.kind,
                "organisation": entry.submission.organisation,
                "question": question,
                "chapter": self.chapter,
                "section": self.section,
                "attribution": attribution,
                "text": text,
                "source": entry.path,
            }
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
        rows: list[list[str]],
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
        if entry.submission.kind == "national":
            self.place(qid)
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

    def cover(self) -> None:
        s, lang = self.s, self.lang
        mark = self.doc.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if self.draft:
            dk.styled_run(mark, t("synth.draft_mark", lang), bold=True, size=14, colour=RED)
        sub = self.doc.add_paragraph()
        dk.styled_run(
            sub,
            pick(s.commission.name, lang) + f" ({s.commission.acronym(lang)})",
            bold=True,
            size=11,
            colour=dk.UN_BLUE,
        )
        sub.add_run("\n")
        dk.styled_run(
            sub, t("synth.subtitle", lang, cycle=s.bank.review_cycle), size=10, colour=dk.GREY
        )
        sub.paragraph_format.space_after = Pt(48)
        self.doc.add_paragraph(s.title, style="Title")
        status = self.doc.add_paragraph()
        dk.styled_run(status, self.status, bold=True, size=12, colour=RED)
        status.paragraph_format.space_after = Pt(24)
        note = self.doc.add_paragraph()
        dk.styled_run(note, self.text.cover_note(), italic=True, colour=dk.GREY)
        when = self.doc.add_paragraph()
        dk.styled_run(
            when,
            t("synth.prepared", lang, date=formats.long_date(build_time().date(), lang)),
            size=9,
            colour=dk.GREY,
        )
        dk.page_break(self.doc)
        self.doc.add_paragraph(t("doc.contents", lang), style="Heading 1")
        self.toc = self.fast.placeholder()
        dk.page_break(self.doc)

    def summary(self) -> None:
        """The executive summary: who reported, the objectives most and least reported and
        most often national priorities, the support asked for, and the key messages for the
        International Migration Review Forum (attributed)."""
        s, lang = self.s, self.lang
        if not s.national:
            return
        self.heading(t("synth.ch.summary", lang), 1)
        coverage = s.coverage()
        reported = Counter(
            {o.number: sum(1 for row in coverage.values() if row[o.number])
             for o in reference.objectives()}
        )  # fmt: skip
        priority = Counter(
            {o.number: sum(1 for row in coverage.values() if row[o.number] == "P")
             for o in reference.objectives()}
        )  # fmt: skip

        def named(counter: Counter[int], n: int, reverse: bool = False) -> list[str]:
            order = sorted(
                counter.items(), key=lambda kv: (kv[1], kv[0]) if reverse else (-kv[1], kv[0])
            )
            return [
                f"{reference.objective(k).heading(lang)} ({formats.number(v, lang)})"
                for k, v in order[:n]
                if reverse or v
            ]

        support = Counter[str]()
        for e in s.national:
            support.update(s.codes(e, "next.support"))
        support_q = s.bank.questions.get("next.support")
        labels = {c.code: pick(c.label, lang) for c in support_q.choices} if support_q else {}
        ctx = {
            **s.participation(),
            "n_shadow": len(s.shadow),
            "most": named(reported, 3),
            "least": named(reported, 3, reverse=True),
            "priorities": named(priority, 3),
            "support": [
                f"{labels.get(code, code)} ({formats.number(n, lang)})"
                for code, n in sorted(support.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            ],
        }
        self.paras("summary", ctx)
        messages = [e for e in s.national if s.answer(e, "next.messages")]
        if messages:
            self.heading(t("synth.ch.messages", lang), 2)
            for e in messages:
                self.quote(e, "next.messages", limit=80)

    def introduction(self) -> None:
        s = self.s
        self.numbered_chapter(t("synth.ch.intro", self.lang))
        ctx = {
            "commission": pick(s.commission.name, self.lang),
            "cycle": s.bank.review_cycle,
            "n_states": self.n_states,
            "n_shadow": len(s.shadow),
            **s.participation(),
        }
        self.paras("introduction", ctx)
        dates = s.dates()
        known = len(dates)
        ctx_method = {
            "first_date": formats.long_date(dates[0], self.lang) if dates else "—",
            "last_date": formats.long_date(dates[-1], self.lang) if dates else "—",
            "dates_unknown": len(s.national) + len(s.shadow) - known,
            "bank": s.bank.id,
            "bank_version": s.bank.version,
            "n_included": len(s.national) + len(s.shadow),
            "n_excluded": len(s.excluded),
        }
        self.paras("method", ctx_method)

    def overview(self) -> None:
        s, lang = self.s, self.lang
        self.numbered_chapter(t("synth.ch.overview", lang))
        participation = s.participation()
        members = int(participation["n_region"])  # type: ignore[call-overload]
        coverage = s.coverage()
        per_state_objectives = [sum(1 for v in row.values() if v) for row in coverage.values()]
        per_state_priorities = [
            sum(1 for v in row.values() if v == "P") for row in coverage.values()
        ]
        counts = s.measures_per_objective()
        reported_counts = Counter(
            {
                o.number: sum(1 for row in coverage.values() if row[o.number])
                for o in reference.objectives()
            }
        )
        top = [n for n, c in sorted(reported_counts.items(), key=lambda kv: (-kv[1], kv[0])) if c][
            :3
        ]
        ctx = {
            "n_states": self.n_states,
            **participation,
            "avg_objectives": _avg(per_state_objectives, lang),
            "avg_priorities": _avg(per_state_priorities, lang),
            "top_objectives": "; ".join(reference.objective(n).heading(lang) for n in top) or "—",
        }
        self.paras("overview", ctx)
        languages = Counter(e.submission.language for e in s.national)
        self.table(
            [
                t("synth.col.members", lang),
                t("synth.col.reported", lang),
                t("synth.col.share", lang),
                t("synth.col.shadow", lang),
                t("synth.col.languages", lang),
            ],
            [
                [
                    str(members),
                    str(participation["n_regional"]),
                    formats.percent(
                        int(participation["n_regional"]),  # type: ignore[call-overload]
                        members,
                        lang,
                    ),
                    str(len(s.shadow)),
                    ", ".join(
                        f"{reference.LANGUAGE_NAMES[k]} ({v})" for k, v in sorted(languages.items())
                    ),
                ]
            ],
            [3.6, 3.0, 2.4, 3.0, 4.4],
        )
        if self.n_states:
            from gcmreview.chart import measures_chart

            png = measures_chart(
                counts,
                self.n_states,
                {0: t("synth.col.objective", lang)},
                t("synth.col.count", lang),
            )
            self.doc.add_picture(io.BytesIO(png), width=Cm(16))
            picture = self.doc.inline_shapes[-1]._inline
            picture.docPr.set("descr", self.text.chart_caption())
            dk.keep_with_next(self.doc.paragraphs[-1])
            self.doc.add_paragraph(self.text.chart_caption(), style="Caption")
        self._coverage_matrix(coverage)

    def _coverage_matrix(self, coverage: dict[str, dict[int, str]]) -> None:
        lang = self.lang
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        _landscape(section)
        self.heading(t("synth.coverage", lang), 2)
        legend = self.doc.add_paragraph()
        dk.styled_run(legend, t("synth.legend", lang), italic=True, size=8)
        numbers = [o.number for o in reference.objectives()]
        marks = {"P": t("synth.priority_mark", lang), "●": t("synth.reported_mark", lang), "": ""}
        rows: list[list[str]] = []
        fills: list[list[str | None]] = []
        for e in self.s.national:
            row = coverage[e.country]
            rows.append([e.name(lang)] + [marks[row[n]] for n in numbers])
            no_fill: list[str | None] = [None]
            fills.append(
                no_fill
                + [
                    PRIORITY_FILL if row[n] == "P" else REPORTED_FILL if row[n] else None
                    for n in numbers
                ]
            )
        self.table(
            [t("synth.col.member_state", lang)] + [str(n) for n in numbers],
            rows,
            [4.4] + [0.88] * len(numbers),
            size=7,
            fills=fills,
            align_center_from=1,
        )
        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        _portrait(section)

    def progress(self) -> None:
        s, lang = self.s, self.lang
        self.numbered_chapter(t("synth.ch.progress", lang))
        for cluster in reference.clusters():
            self.heading(cluster.title(lang), 2)
            listed = ", ".join(str(n) for n in cluster.objectives)
            self.paras("round_table_intro", listed)
            for n in cluster.objectives:
                obj = reference.objective(n)
                self.heading(obj.heading(lang), 3)
                reported = [e for e in s.national if s.reported(e, n)]
                priority = [e for e in s.national if s.priority(e, n)]
                if priority:
                    self.place(f"obj.{n:02d}.priority")
                self.paras("objective_summary", len(reported), len(priority), self.n_states)
                if priority:
                    self.fast.paragraph(
                        [
                            ("P: ", {"bold": True, "size": 9}),
                            (", ".join(e.name(lang) for e in priority), {"size": 9}),
                        ]
                    )
                for field in OBJECTIVE_FIELDS:
                    quoted = [e for e in s.national if s.answer(e, f"obj.{n:02d}.{field}")]
                    if not quoted:
                        continue
                    self.label(t(f"synth.field.{field}", lang))
                    limit = excerpt_limit(len(quoted))
                    for e in quoted:
                        self.quote(e, f"obj.{n:02d}.{field}", limit=limit)

    def principles(self) -> None:
        s, lang = self.s, self.lang
        self.numbered_chapter(t("synth.ch.principles", lang))
        self.paras("principles_intro", self.n_states)
        self.place(*(f"obj.{o.number:02d}.principles" for o in reference.objectives()))
        rows = []
        applied: dict[str, int] = {}
        for p in reference.principles():
            where = []
            for e in s.national:
                objectives = [
                    o.number
                    for o in reference.objectives()
                    if p.code in s.codes(e, f"obj.{o.number:02d}.principles")
                ]
                if objectives:
                    listed = ", ".join(str(n) for n in objectives)
                    where.append(f"{e.name(lang)} ({t('synth.objectives_short', lang)} {listed})")
            applied[p.code] = len(where)
            rows.append(
                [
                    f"({p.code}) {pick(p.title, lang)}",
                    formats.number(len(where), lang),
                    "; ".join(where) or "—",
                ]
            )
        most = sorted(applied, key=lambda code: (-applied[code], code))[:3]
        titles = {p.code: pick(p.title, lang) for p in reference.principles()}
        ranked = [f"{titles[c]} ({formats.number(applied[c], lang)})" for c in most if applied[c]]
        if ranked:
            self.paras("principles_most", ranked)
        self.table(
            [
                t("synth.col.principle", lang),
                t("synth.col.count", lang),
                t("synth.col.applied_in", lang),
            ],
            rows,
            [4.8, 1.6, 10.0],
        )
        # What Member States wrote in answer to questions that concern one principle most
        # (the whole-of-government and whole-of-society approaches, gender, children …).
        for p in reference.principles():
            related = [
                q.id
                for q in s.bank.questions.values()
                if p.code in q.principles and q.objective is None and q.id in self.placed
            ]
            if related:
                self.fast.paragraph(
                    [
                        (f"({p.code}) {titles[p.code]}: ", {"bold": True, "size": 9}),
                        (t("synth.see_answers", lang, questions=", ".join(related)), {"size": 9}),
                    ]
                )

    def stakeholders(self) -> None:
        s, lang = self.s, self.lang
        self.numbered_chapter(t("synth.ch.stakeholders", lang))
        self.place("method.consulted")
        consulting = [e for e in s.national if s.answer(e, "method.consulted")]
        self.paras("stakeholders_intro", len(consulting), self.n_states)
        cats = reference.stakeholders()
        rows = []
        for st in cats:
            states = [e for e in consulting if st.code in s.codes(e, "method.consulted")]
            rows.append(
                [pick(st.title, lang), str(len(states)), ", ".join(e.name(lang) for e in states)]
            )
        self.table(
            [
                t("synth.col.stakeholder", lang),
                t("synth.col.count", lang),
                t("synth.col.member_state", lang),
            ],
            rows,
            [5.5, 2.2, 8.7],
        )
        for e in s.national:
            self.quote(e, "method.consultation")

    def means(self) -> None:
        s, lang = self.s, self.lang
        self.numbered_chapter(t("synth.ch.moi", lang))
        self.paras("moi_intro")
        moi = [q.id for sec in s.bank.sections if sec.id == "moi" for q in s.bank.questions_in(sec)]
        for qid in (*moi, "next.support_details", "next.steps"):
            q = s.bank.questions.get(qid)
            if q is None:
                continue
            entries = [e for e in s.national if s.answer(e, qid)]
            if not entries and qid != "next.support_details":
                continue
            self.heading(q.short_title(lang), 2)
            if qid == "next.support_details":
                self.place("next.support")
                support = s.bank.questions.get("next.support")
                if support is not None:
                    counter: Counter[str] = Counter()
                    for e in s.national:
                        counter.update(s.codes(e, "next.support"))
                    labels = {c.code: pick(c.label, lang) for c in support.choices}
                    ranked = "; ".join(
                        f"{labels.get(code, code)} ({count})"
                        for code, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
                    )
                    if ranked:
                        self.paras("support_summary", ranked)
                    for e in s.national:
                        written = s.written(e, "next.support")
                        if written:
                            self.quote(e, "next.support", text=written)
            for e in entries:
                self.quote(e, qid)

    def cross_cutting(self) -> None:
        s, lang = self.s, self.lang
        self.numbered_chapter(t("synth.ch.cross", lang))
        self.paras("cross_intro")
        for section in s.bank.sections:
            if section.id != "cross":
                continue
            for q in s.bank.questions_in(section, "national"):
                self.heading(q.short_title(lang), 2)
                answered = [e for e in s.national if s.answer(e, q.id)]
                self.paras("cross_summary", len(answered), s.mentions(q.id), self.n_states)
                for e in answered:
                    self.quote(e, q.id)
        self.s.forget_folded()

    def shadow_reports(self) -> None:
        s, lang = self.s, self.lang
        self.numbered_chapter(t("synth.ch.shadow", lang))
        self.paras("shadow_intro", len(s.shadow))
        for e in s.shadow:
            org = e.submission.organisation or "—"
            self.heading(f"{org} ({e.name(lang)})", 2)
            consulted = s.answer(e, "consult.consulted")
            q = s.bank.questions.get("consult.consulted")
            if consulted and q is not None:
                labels = {c.code: pick(c.label, lang) for c in q.choices}
                para = self.doc.add_paragraph()
                dk.styled_run(para, t("synth.col.consulted", lang) + ": ", bold=True)
                para.add_run(labels.get(str(consulted), str(consulted)))
            self.quote(e, "org.represents", org)
            self.quote(e, "consult.how", org)
            assessment_q = s.bank.questions.get("obj.01.assessment")
            labels = (
                {c.code: pick(c.label, lang) for c in assessment_q.choices} if assessment_q else {}
            )
            rows = []
            for o in reference.objectives():
                value = s.answer(e, f"obj.{o.number:02d}.assessment")
                if value:
                    rows.append([o.heading(lang), labels.get(str(value), str(value))])
            if rows:
                self.label(t("synth.evidence", lang))
                self.table(
                    [t("synth.col.objective", lang), t("synth.col.assessment", lang)],
                    rows,
                    [12.4, 4.0],
                )
                for o in reference.objectives():
                    self.quote(e, f"obj.{o.number:02d}.evidence", f"{org} · {o.label(lang)}")
            self.label(t("synth.recommendations", lang))
            self.quote(e, "recs.government", org)
            self.quote(e, "recs.regional", org)
            # Everything else the organisation wrote (cross-cutting issues, contributors,
            # regional sections …), under each question's short title.
            for section in s.bank.sections_for("shadow"):
                for q in s.bank.questions_in(section, "shadow"):
                    new = q.kind == "text" and (e.path, q.id) not in self.quoted
                    if new and s.answer(e, q.id):
                        self.label(q.short_title(lang))
                        self.quote(e, q.id, org)

    def section_chapters(self, sections: list) -> None:
        """A chapter per section of the bank whose national answers no other chapter has
        presented (policy, methodology, next steps, a regional bank's own sections …)."""
        s, lang = self.s, self.lang
        for section in sections:
            questions = [
                q
                for q in s.bank.questions_in(section, "national")
                if q.kind != "table"
                and not q.contact
                and q.id not in self.placed
                and q.id not in PRESENTED_ELSEWHERE
                and any(s.answer(e, q.id) not in (None, "", []) for e in s.national)
            ]
            if not questions:
                continue
            self.numbered_chapter(pick(section.title, lang))
            for q in questions:
                self.question_answers(q)

    def question_answers(self, q) -> None:
        """Every Member State's answer to one question: text quoted; choices as the
        Member States that chose each option; numbers and dates per Member State."""
        s, lang = self.s, self.lang
        self.heading(q.short_title(lang), 2)
        answered = [e for e in s.national if s.answer(e, q.id) not in (None, "", [])]
        if q.kind == "text":
            limit = excerpt_limit(len(answered))
            for e in answered:
                self.quote(e, q.id, limit=limit)
            return
        self.place(q.id)
        if q.kind in ("choice", "multichoice"):
            labels = {c.code: pick(c.label, lang) for c in q.choices}
            chosen: dict[str, list[str]] = {}
            for e in answered:
                value = s.answer(e, q.id)
                for code in value if isinstance(value, list) else [value]:
                    chosen.setdefault(str(code), []).append(e.name(lang))
            for code, names in sorted(
                chosen.items(), key=lambda kv: list(labels).index(kv[0]) if kv[0] in labels else 99
            ):
                self.fast.paragraph(
                    [
                        (f"{labels.get(code, code)} ({formats.number(len(names), lang)}): ",
                         {"bold": True}),
                        (", ".join(names), {}),
                    ]
                )  # fmt: skip
            for e in s.national:
                written = s.written(e, q.id)
                if written:
                    self.quote(e, q.id, text=written)
            return
        shown = []
        for e in answered:
            value = s.answer(e, q.id)
            if isinstance(value, int | float) and not isinstance(value, bool):
                text = formats.number(value, lang)
            elif isinstance(value, str) and len(value) == 10:
                try:
                    text = formats.long_date(date.fromisoformat(value), lang)
                except ValueError:
                    text = value
            else:
                text = str(value)
            shown.append(f"{e.name(lang)}: {text}")
        self.fast.paragraph("; ".join(shown) + ".")

    def placement(self) -> dict[str, str]:
        """Where each national question answered by at least one Member State stands in
        the report, or why it is not there."""
        s, lang = self.s, self.lang
        found: dict[str, str] = {}
        for section in s.bank.sections:
            for q in s.bank.questions_in(section, "national"):
                if not any(s.answer(e, q.id) not in (None, "", []) for e in s.national):
                    if q.kind == "table" and any(q.id in e.submission.tables for e in s.national):
                        found[q.id] = t("synth.annex.data", lang)
                    continue
                if q.id in self.placed:
                    found[q.id] = self.placed[q.id]
        for e in s.national:
            for qid in e.submission.answers:
                asked = s.bank.questions.get(qid)
                if asked is not None and asked.contact:
                    found[qid] = "not in the synthesis: a contact detail"
        return found

    def data_overview(self) -> None:
        """The region's figures from the data annexes: per table and row, the figures of the
        Member States added up by reference year (different years are never added together),
        with how many Member States gave them; a chart per SDG indicator comparing them."""
        s, lang = self.s, self.lang
        tables = [
            q for q in s.bank.questions.values()
            if q.kind == "table" and q.for_kind("national")
            and any(q.id in e.submission.tables for e in s.national)
        ]  # fmt: skip
        if not tables:
            return
        self.numbered_chapter(t("synth.ch.data_overview", lang))
        self.paras("data_overview_intro")
        for q in tables:
            assert q.table is not None
            figures = s.regional_figures(q.id)
            if not figures:
                continue
            self.heading(q.short_title(lang), 2)
            self.place(q.id)
            per_indicator = any(c.role == "value" for c in q.table.columns)
            rows = []
            for f in figures:
                unit = pick(q.table.row_unit(f.row), lang)
                rows.append(
                    [
                        pick(f.row.label, lang),
                        str(f.year) if f.year is not None else "—",
                        formats.number(len(f.values), lang),
                        "—" if per_indicator else _num(f.total, lang),
                        unit,
                    ]
                )
            self.table(
                [t("synth.col.row", lang), t("synth.col.year", lang),
                 t("synth.col.states", lang), t("synth.col.regional_total", lang),
                 t("synth.col.unit", lang)],
                rows,
                [6.4, 1.6, 2.2, 3.0, 3.2],
                align_right_from=1,
            )  # fmt: skip
            if per_indicator:
                from gcmreview.chart import indicator_chart

                for f in figures:
                    if len(f.values) < 2:
                        continue
                    label = pick(f.row.label, lang)
                    png = indicator_chart(
                        sorted(f.values, key=lambda nv: -nv[1]), pick(q.table.row_unit(f.row), lang)
                    )
                    self.doc.add_picture(io.BytesIO(png), width=Cm(14))
                    self.doc.inline_shapes[-1]._inline.docPr.set("descr", label)
                    caption = label + (f" ({f.year})" if f.year is not None else "")
                    self.doc.add_paragraph(caption, style="Caption")

    def annex_data(self) -> None:
        s, lang = self.s, self.lang
        self.doc.add_section(WD_SECTION.NEW_PAGE)
        _landscape(self.doc.sections[-1])
        self.heading(t("synth.annex.data", lang))
        self.paras("data_intro")
        for q in s.bank.questions.values():
            if q.kind != "table" or q.table is None:
                continue
            entries = [e for e in s.national if q.id in e.submission.tables]
            if not entries:
                continue
            self.heading(pick(q.text, lang), 2)
            spec = q.table
            data_cols = [c for c in spec.columns]
            header = (
                [t("synth.col.member_state", lang), t("synth.col.row", lang)]
                + [pick(c.label, lang) for c in data_cols]
                + [t("synth.col.year", lang), t("synth.col.source", lang)]
            )
            rows = []
            for e in entries:
                answer = e.submission.tables[q.id]
                for row in spec.rows:
                    cells = answer.cells.get(row.id)
                    if not cells:
                        continue
                    values = []
                    for c in data_cols:
                        v = cells.get(c.id)
                        if c.role == "code" and c.choices and v is not None:
                            labels = {
                                ch.code: pick(ch.label, lang) for ch in spec.choices[c.choices]
                            }
                            values.append(labels.get(str(v), str(v)))
                        else:
                            values.append(_num(v, lang))
                    unit = pick(row.unit or spec.unit or {"en": ""}, lang)
                    self.passage(
                        e,
                        f"{q.id}.{row.id}",
                        "; ".join(
                            f"{pick(c.label, lang)}: {v}"
                            for c, v in zip(data_cols, values, strict=True)
                            if v
                        ),
                        f"{e.name(lang)} ({q.id}, {pick(row.label, lang)})",
                    )
                    rows.append(
                        [
                            e.name(lang),
                            f"{pick(row.label, lang)} ({unit})",
                            *values,
                            str(answer.reference_year or "—"),
                            excerpt(answer.source or "—", 40)[0],
                        ]
                    )
            width_left = 25.0 - 3.0 - 5.0 - 1.6 - 3.4
            col = width_left / max(len(data_cols), 1)
            self.table(header, rows, [3.0, 5.0] + [col] * len(data_cols) + [1.6, 3.4], size=7)

    def annex_received(self) -> None:
        s, lang = self.s, self.lang
        self.doc.add_section(WD_SECTION.NEW_PAGE)
        _portrait(self.doc.sections[-1])
        self.heading(t("synth.annex.received", lang))
        included = len(s.national) + len(s.shadow)
        self.paras("received_intro", s.received, included, len(s.excluded))
        rows = []
        for e in s.national + s.shadow:
            rows.append(
                [
                    Path(e.path).name,
                    e.name(lang),
                    kind_title(e.submission.kind, lang),
                    t("synth.status.with_issues" if e.issues else "synth.status.included", lang),
                    issues_summary(e) if e.issues else "",
                ]
            )
        for x in s.excluded:
            country = reference.country(x.country).name(lang) if x.country else "—"
            kind = kind_title(x.kind, lang) if x.kind else "—"
            rows.append(
                [Path(x.path).name, country, kind, t("synth.status.excluded", lang), x.reason]
            )
        self.table(
            [
                t("synth.col.file", lang),
                t("synth.col.member_state", lang),
                t("synth.col.kind", lang),
                t("synth.col.status", lang),
                t("synth.col.reason", lang),
            ],
            rows,
            [4.4, 2.6, 2.6, 1.8, 5.0],
            size=7.5,
        )

    def annex_validation(self, decisions: dict[str, dict[str, str]] | None = None) -> None:
        s, lang = self.s, self.lang
        self.heading(t("synth.annex.validation", lang))
        self.paras("validation_intro")
        rows = []
        for e in s.national:
            d = (decisions or {}).get(e.country, {})
            decision = d.get("decision") or ""
            if decision:
                decision = t(f"val.decision.{decision}", lang)
            elif decisions is not None:
                decision = t("val.status.pending", lang)
            rows.append(
                [
                    e.name(lang),
                    decision,
                    d.get("authority", ""),
                    d.get("date", ""),
                    t("val.counts", lang, changes=d["changes"], comments=d["comments"])
                    if d.get("changes") not in (None, "")
                    else "",
                ]
            )
        self.table(
            [
                t("synth.col.member_state", lang),
                t("synth.col.decision", lang),
                t("synth.col.authority", lang),
                t("synth.col.date", lang),
                t("synth.col.comments", lang),
            ],
            rows,
            [3.4, 3.6, 3.4, 2.0, 4.0],
            min_row_height_cm=0.9,
        )

    def annex_practices(self) -> None:
        """The good practices Member States reported, in a form the secretariat can forward
        to the Migration Network Hub's repository of practices."""
        s, lang = self.s, self.lang
        practices = s.good_practices()
        if not practices:
            return
        self.heading(t("synth.annex.practices", lang))
        self.paras("practices_intro")
        hub = {"yes": t("synth.hub.yes", lang), "no": t("synth.hub.no", lang)}
        rows = [
            [
                e.name(lang),
                reference.objective(n).label(lang) if lang == "en" else str(n),
                excerpt(text, 80)[0] + (" […]" if excerpt(text, 80)[1] else ""),
                hub.get(sent or "", t("synth.hub.unknown", lang)),
            ]
            for e, n, text, sent in practices
        ]
        self.table(
            [
                t("synth.col.member_state", lang),
                t("synth.col.objective", lang),
                t("synth.col.practice", lang),
                t("synth.col.hub", lang),
            ],
            rows,
            [3.0, 2.6, 8.6, 2.2],
            size=7.5,
        )

    def draft_header(self) -> None:
        """The draft marking at the top of every page ("DRAFT — for validation by Member
        States"); later sections show the first section's header."""
        for index, section in enumerate(self.doc.sections):
            header = section.header
            if index and header.is_linked_to_previous:
                continue
            para = header.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            dk.styled_run(para, t("synth.draft_header", self.lang), bold=True, size=8, colour=RED)

    def build(self) -> bytes:
        """The report; afterwards :attr:`manifest` describes its passages."""
        sections = list(self.s.bank.sections)
        objectives = next((i for i, sec in enumerate(sections) if sec.per_objective), 0)
        self.cover()
        self.summary()
        self.introduction()
        self.overview()
        self.section_chapters(sections[:objectives])  # methodology, policy …
        self.progress()
        self.principles()
        self.stakeholders()
        self.means()
        self.cross_cutting()
        self.section_chapters(sections[objectives:])  # next steps, regional sections …
        self.data_overview()
        self.shadow_reports()
        self.annex_data()
        self.annex_received()
        self.annex_validation(self.decisions)
        self.annex_practices()
        self.manifest = manifest(self.s, self.passages)
        self.manifest["placement"] = self.placement()
        if self.toc is not None:
            self.fast.fill(self.toc, dk.toc_xml(self.contents, 'TOC \\o "1-2" \\h \\z \\u'))
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


def excerpt_limit(count: int) -> int:
    """Words per excerpt: 150 when few Member States answered, fewer (down to 40) when many
    did, so that an objective's section stays readable. The workbook has every answer in
    full."""
    return max(40, min(EXCERPT_WORDS, 1200 // max(count, 1)))


def _avg(values: list[int], lang: str) -> str:
    return formats.decimal(sum(values) / len(values), lang) if values else formats.number(0, lang)


def _num(v: object, lang: str) -> str:
    if v is None:
        return ""
    if isinstance(v, int | float) and not isinstance(v, bool):
        return formats.number(v, lang)
    return str(v)


def _landscape(section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)


def _portrait(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)


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
        dk.styled_run(
            footer,
            f"{s.commission.acronym(lang)} · {s.bank.review_cycle} · {t('doc.page', lang)} ",
            size=8,
            colour=dk.GREY,
        )
        dk.add_field(footer, "PAGE", "1")
        return doc
    from gcmreview.reference_doc import reference_package

    # Only the styles, page setup, headers, footers and theme: never macros or external links.
    doc = docx.Document(io.BytesIO(reference_package(reference_doc)))
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


def manifest(s: Synthesis, passages: list[dict[str, object]]) -> dict[str, object]:
    """What the report says about whom: every passage, its Member State (or organisation),
    the question it comes from and where it stands. Its ID identifies this draft."""
    content = json.dumps([s.title, s.commission.code, passages], sort_keys=True, ensure_ascii=False)
    return {
        "schema": "gcmreview/synthesis-manifest@1",
        "synthesis_id": hashlib.sha256(content.encode("utf-8")).hexdigest()[:12],
        "title": s.title,
        "region": s.commission.code,
        "language": s.lang,
        "review_cycle": s.bank.review_cycle,
        "member_states": [e.country for e in s.national],
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
) -> tuple[bytes, dict[str, object]]:
    """The report's bytes and its manifest."""
    writer = Writer(s, reference_doc=reference_doc, decisions=decisions)
    data = writer.build()
    return data, writer.manifest
