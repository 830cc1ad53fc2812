"""The data: the regional overview of the figures (by reference year, with charts per SDG
indicator) and annex A, each Member State's tables."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from docx.enum.section import WD_SECTION
from docx.shared import Cm

from gcmreview import formats
from gcmreview.i18n import t
from gcmreview.punctuation import join, label, pick
from gcmreview.synthesis import (
    Figures,
    Levels,
    excerpt,
    scrub,
)
from gcmreview.synthesis_style import (
    figure,
    landscape,
)

if TYPE_CHECKING:
    from gcmreview.synthesis_docx import Writer


def data_overview(w: Writer) -> None:
    """The region's figures from the data annexes: per table and row, the figures of the
    Member States added up by reference year (different years are never added together),
    with how many Member States gave them; a chart per SDG indicator comparing them (or,
    where one Member State alone gave it, a sentence saying so); for a table of levels
    rather than figures (SDG indicator 10.7.2), how many Member States gave each level."""
    s, lang = w.s, w.lang
    tables = [
        q for q in s.bank.questions.values()
        if q.kind == "table" and q.for_kind("national")
        and any(q.id in e.submission.tables for e in s.national)
    ]  # fmt: skip
    if not tables:
        return
    w.numbered_chapter(t("synth.ch.data_overview", lang))
    w.paras("data_overview_intro")
    for q in tables:
        assert q.table is not None
        figures = s.regional_figures(q.id)
        # SDG indicator 10.7.2 is given as a level per policy domain ("Partially meets",
        # "Meets" …: series SG_CPA_MIGRS, 1 to 4), not as a figure: levels are categories,
        # which cannot be summed or drawn as bars of a length; they are counted instead.
        levels = [] if figures else s.regional_levels(q.id)
        if not figures and not levels:
            continue
        w.heading(q.short_title(lang), 2)
        w.place(q.id)
        if levels:
            _levels_table(w, q, levels)
            continue
        per_indicator = any(c.role == "value" for c in q.table.columns)
        rows = []
        for f in figures:
            unit = pick(q.table.row_unit(f.row), lang)
            rows.append(
                [
                    pick(f.row.label, lang),
                    str(f.year) if f.year is not None else "—",
                    formats.number(len(f.values), lang),
                    "—" if per_indicator else figure(f.total, lang),
                    unit,
                ]
            )
        w.table(
            [t("synth.col.figure", lang), t("synth.col.year", lang),
             t("synth.col.states", lang), t("synth.col.regional_total", lang),
             t("synth.col.unit", lang)],
            rows,
            [5.6, 2.4, 2.2, 3.0, 3.2],
            align_right_from=1,
        )  # fmt: skip
        if per_indicator:
            for f in figures:
                _indicator(w, pick(f.row.label, lang), pick(q.table.row_unit(f.row), lang), f)


#: The Member States an indicator chart's alt text names, highest first; the others are
#: counted (their figures are in annex A): a screen reader reads the whole text at once.
ALT_STATES = 15


def _indicator(w: Writer, label: str, unit: str, f: Figures) -> None:
    """One SDG indicator across the Member States that gave it for one reference year: a
    chart comparing them, with alt text giving every bar; one Member State alone: a
    sentence saying so, as a chart of one bar compares nothing."""
    lang = w.lang
    if len(f.values) == 1:
        ((state, value),) = f.values
        number = formats.number(value, lang)
        shown = t("synth.data.value_unit", lang, value=number, unit=unit) if unit else number
        key = "synth.data.one_state" if f.year is not None else "synth.data.one_state_no_year"
        w.fast.paragraph(t(key, lang, indicator=label, state=state, year=f.year, figure=shown))
        return
    from gcmreview.chart import indicator_chart

    code_of = {e.name(lang): e.country for e in w.s.national}
    ranked = sorted(f.values, key=lambda nv: -nv[1])
    png = indicator_chart(
        ranked,
        unit,
        lambda v: formats.number(v, lang),
        codes=[code_of.get(name, name) for name, _ in ranked],
    )
    shape = w.doc.add_picture(io.BytesIO(png), width=Cm(14))
    shape._inline.docPr.set("descr", _alt_text(label, unit, f.year, ranked, lang))
    caption = label + (f" ({f.year})" if f.year is not None else "")
    w.doc.add_paragraph(caption, style="Caption")


def _alt_text(
    label: str, unit: str, year: int | None, ranked: list[tuple[str, float]], lang: str
) -> str:
    """What an indicator chart shows, for a screen reader: the indicator and its unit, the
    reference year, and each Member State's figure in the chart's order (the first
    :data:`ALT_STATES`, then how many more)."""
    values = [
        t("synth.sum.pair", lang, label=name, n=formats.number(value, lang))
        for name, value in ranked[:ALT_STATES]
    ]
    if len(ranked) > ALT_STATES:
        more = formats.number(len(ranked) - ALT_STATES, lang)
        values.append(t("synth.chart.alt_more", lang, n=more))
    if unit:
        label = t("synth.chart.indicator_unit", lang, indicator=label, unit=unit)
    if year is None:
        when = t("synth.chart.no_year", lang)
    else:
        when = t("synth.chart.year", lang, year=year)
    listed = join(values, lang)
    return t("synth.chart.alt", lang, indicator=label, year=when, values=listed)


def _levels_table(w: Writer, q, levels: list[Levels]) -> None:
    """How many Member States gave each level, per row and reference year: a table per
    column of levels (SDG indicator 10.7.2 has one, the level of each policy domain)."""
    lang = w.lang
    assert q.table is not None
    columns = {lv.column.id: lv.column for lv in levels}
    for column in columns.values():
        choices = q.table.choices.get(column.choices or "", ())
        w.fast.paragraph(t("synth.data.levels_note", lang, column=pick(column.label, lang)))
        # the levels' names are long ("Progrès supplémentaires nécessaires"): they get the
        # room, and the number of Member States of a row is the sum of its counts
        share = 10.6 / len(choices)
        w.table(
            [t("synth.col.row", lang), t("synth.col.year", lang)]
            + [pick(c.label, lang) for c in choices],
            [
                [
                    pick(lv.row.label, lang),
                    str(lv.year) if lv.year is not None else "—",
                    *(formats.number(lv.counts[c.code], lang) for c in choices),
                ]
                for lv in levels
                if lv.column.id == column.id
            ],
            [3.8, 2.0] + [share] * len(choices),
            size=8,
            align_right_from=1,
        )


def annex_data(w: Writer) -> None:
    s, lang = w.s, w.lang
    w.doc.add_section(WD_SECTION.NEW_PAGE)
    landscape(w.doc.sections[-1])
    shadow = any(e.submission.tables for e in s.shadow)
    w.heading(t("synth.annex.data_with_shadow" if shadow else "synth.annex.data", lang))
    w.paras("data_intro", shadow=shadow)
    for q in s.bank.questions.values():
        if q.kind != "table" or q.table is None:
            continue
        # the figures of Member States, then those civil society gave in shadow reports
        entries = [e for e in s.national + s.shadow if q.id in e.submission.tables]
        if not entries:
            continue
        w.heading(pick(q.text, lang), 2)
        for e in entries:
            w.place(q.id, kind=e.submission.kind)
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
            who = e.name(lang)
            if e.submission.kind == "shadow":
                org = e.submission.organisation or "—"
                who = t("synth.data.shadow_source", lang, organisation=org, country=who)
            # the template's rows, then the rows the person added to the table ("of which:
            # transit migrants"), under the label they typed
            added = t("synth.data.added_row", lang)
            lines = [
                (row.id, pick(row.label, lang), pick(row.unit or spec.unit or {"en": ""}, lang),
                 answer.cells.get(row.id))
                for row in spec.rows
            ] + [
                (f"added.{n + 1}", f"{scrub(extra.label) or '—'} ({added})", None, extra.cells)
                for n, extra in enumerate(answer.extra_rows)
            ]  # fmt: skip
            for row_id, row_label, unit, cells in lines:
                if not cells:
                    continue
                values = []
                for c in data_cols:
                    v = cells.get(c.id)
                    if c.role == "code" and c.choices and v is not None:
                        labels = {ch.code: pick(ch.label, lang) for ch in spec.choices[c.choices]}
                        values.append(labels.get(str(v)) or scrub(str(v)))
                    else:
                        values.append(figure(v, lang))
                w.passage(
                    e,
                    f"{q.id}.{row_id}",
                    join(
                        (
                            label(pick(c.label, lang), lang) + v
                            for c, v in zip(data_cols, values, strict=True)
                            if v
                        ),
                        lang,
                    ),
                    f"{who} ({q.id}, {row_label})",
                )
                rows.append(
                    [
                        who,
                        f"{row_label} ({unit})" if unit else row_label,
                        *values,
                        str(answer.reference_year or "—"),
                        excerpt(answer.source or "—", 40)[0],
                    ]
                )
        width_left = 25.0 - 3.0 - 5.0 - 1.6 - 3.4
        col = width_left / max(len(data_cols), 1)
        w.table(
            header,
            rows,
            [3.0, 5.0] + [col] * len(data_cols) + [1.6, 3.4],
            size=7,
            align_right_from=2,  # the figures and their reference year; the source is text
            align_right_until=2 + len(data_cols) + 1,
        )
