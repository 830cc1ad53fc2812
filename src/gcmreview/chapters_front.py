"""The front of the synthesis: cover, executive summary, introduction and method, participation
(with the coverage matrix and chart)."""

from __future__ import annotations

import io
from collections import Counter
from typing import TYPE_CHECKING

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from gcmreview import docxkit as dk
from gcmreview import formats, reference
from gcmreview.files import build_time
from gcmreview.i18n import t
from gcmreview.punctuation import bracketed, join, pick
from gcmreview.synthesis import scrub
from gcmreview.synthesis_style import (
    PRIORITY_FILL,
    RED,
    REPORTED_FILL,
    average,
    landscape,
    portrait,
)

if TYPE_CHECKING:
    from gcmreview.synthesis_docx import Writer


def cover(w: Writer) -> None:
    s, lang = w.s, w.lang
    mark = w.doc.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if w.draft:
        dk.styled_run(mark, t("synth.draft_mark", lang), bold=True, size=14, colour=RED)
    sub = w.doc.add_paragraph()
    dk.styled_run(
        sub,
        pick(s.commission.name, lang) + bracketed(s.commission.acronym(lang), lang),
        bold=True,
        size=11,
        colour=dk.UN_BLUE,
    )
    sub.add_run("\n")
    dk.styled_run(
        sub, t("synth.subtitle", lang, cycle=s.bank.review_cycle), size=10, colour=dk.GREY
    )
    sub.paragraph_format.space_after = Pt(48)
    w.doc.add_paragraph(s.title, style="Title")
    status = w.doc.add_paragraph()
    dk.styled_run(status, w.status, bold=True, size=12, colour=RED)
    status.paragraph_format.space_after = Pt(24)
    note = w.doc.add_paragraph()
    dk.styled_run(note, w.text.cover_note(), italic=True, colour=dk.GREY)
    when = w.doc.add_paragraph()
    dk.styled_run(
        when,
        t("synth.prepared", lang, date=formats.long_date(build_time().date(), lang)),
        size=9,
        colour=dk.GREY,
    )
    dk.page_break(w.doc)
    w.doc.add_paragraph(t("doc.contents", lang), style="Heading 1")
    w.toc = w.fast.placeholder()
    dk.page_break(w.doc)


def summary(w: Writer) -> None:
    """The executive summary: who reported, the objectives most and least reported and
    most often national priorities, the support asked for, and the key messages for the
    International Migration Review Forum (attributed)."""
    s, lang = w.s, w.lang
    if not s.national:
        return
    w.heading(t("synth.ch.summary", lang), 1)
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
        """The first ``n`` objectives by count, and every other one tied with the last of
        them (never three of eleven objectives no Member State reported, chosen by number)."""
        order = sorted(
            counter.items(), key=lambda kv: (kv[1], kv[0]) if reverse else (-kv[1], kv[0])
        )
        if len(order) > n:
            last = order[n - 1][1]
            n += sum(1 for _, v in order[n:] if v == last)
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
            f"{labels.get(code) or scrub(code)} ({formats.number(n, lang)})"
            for code, n in sorted(support.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        ],
    }
    w.paras("summary", ctx)
    messages = [e for e in s.national if s.answer(e, "next.messages")]
    if messages:
        w.heading(t("synth.ch.messages", lang), 2)
        for e in messages:
            w.quote(e, "next.messages", limit=80)


def introduction(w: Writer) -> None:
    s = w.s
    w.numbered_chapter(t("synth.ch.intro", w.lang))
    ctx = {
        "commission": pick(s.commission.name, w.lang),
        "cycle": s.bank.review_cycle,
        "n_states": w.n_states,
        "n_shadow": len(s.shadow),
        **s.participation(),
    }
    w.paras("introduction", ctx)
    dates = s.dates()
    known = len(dates)
    ctx_method = {
        "first_date": formats.long_date(dates[0], w.lang) if dates else "—",
        "last_date": formats.long_date(dates[-1], w.lang) if dates else "—",
        "dates_unknown": len(s.national) + len(s.shadow) - known,
        "same_day": bool(dates) and dates[0] == dates[-1],
        "no_dates": not dates,
        "bank": s.bank.id,
        "bank_version": s.bank.version,
        "n_included": len(s.national) + len(s.shadow),
        "n_excluded": len(s.excluded),
    }
    w.paras("method", ctx_method)


def overview(w: Writer) -> None:
    s, lang = w.s, w.lang
    w.numbered_chapter(t("synth.ch.overview", lang))
    participation = s.participation()
    members = int(participation["n_region"])  # type: ignore[call-overload]
    coverage = s.coverage()
    per_state_objectives = [sum(1 for v in row.values() if v) for row in coverage.values()]
    per_state_priorities = [sum(1 for v in row.values() if v == "P") for row in coverage.values()]
    counts = s.measures_per_objective()
    reported_counts = Counter(
        {
            o.number: sum(1 for row in coverage.values() if row[o.number])
            for o in reference.objectives()
        }
    )
    top = [n for n, c in sorted(reported_counts.items(), key=lambda kv: (-kv[1], kv[0])) if c][:3]
    ctx = {
        "n_states": w.n_states,
        **participation,
        "avg_objectives": average(per_state_objectives, lang),
        "avg_priorities": average(per_state_priorities, lang),
        "top_objectives": join((reference.objective(n).heading(lang) for n in top), lang) or "—",
    }
    w.paras("overview", ctx)
    languages = Counter(e.submission.language for e in s.national)
    w.table(
        [
            t("synth.col.members", lang),
            t("synth.col.reported", lang),
            t("synth.col.share", lang),
            t("synth.col.shadow", lang),
            t("synth.col.languages", lang),
        ],
        [
            [
                formats.number(members, lang),
                formats.number(int(participation["n_regional"]), lang),  # type: ignore[call-overload]
                formats.percent(
                    int(participation["n_regional"]),  # type: ignore[call-overload]
                    members,
                    lang,
                ),
                formats.number(len(s.shadow), lang),
                join(
                    (
                        f"{formats.language_name(k, lang)} ({formats.number(v, lang)})"
                        for k, v in sorted(languages.items())
                    ),
                    lang,
                    "comma",
                ),
            ]
        ],
        [3.6, 3.0, 2.4, 3.0, 4.4],
    )
    if w.n_states:
        from gcmreview.chart import measures_chart

        png = measures_chart(
            counts,
            w.n_states,
            {0: t("synth.col.objective", lang)},
            t("synth.col.count", lang),
        )
        shape = w.doc.add_picture(io.BytesIO(png), width=Cm(16))
        shape._inline.docPr.set("descr", w.text.chart_caption())
        dk.keep_with_next(w.doc.paragraphs[-1])
        w.doc.add_paragraph(w.text.chart_caption(), style="Caption")
    coverage_matrix(w, coverage)


def coverage_matrix(w: Writer, coverage: dict[str, dict[int, str]]) -> None:
    lang = w.lang
    section = w.doc.add_section(WD_SECTION.NEW_PAGE)
    landscape(section)
    w.heading(t("synth.coverage", lang), 2)
    legend = w.doc.add_paragraph()
    dk.styled_run(legend, t("synth.legend", lang), italic=True, size=8)
    numbers = [o.number for o in reference.objectives()]
    marks = {"P": t("synth.priority_mark", lang), "●": t("synth.reported_mark", lang), "": ""}
    rows: list[list[str]] = []
    fills: list[list[str | None]] = []
    for e in w.s.national:
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
    w.table(
        [t("synth.col.member_state", lang)] + [str(n) for n in numbers],
        rows,
        [4.4] + [0.88] * len(numbers),
        size=7,
        fills=fills,
        align_center_from=1,
    )
    section = w.doc.add_section(WD_SECTION.NEW_PAGE)
    portrait(section)
