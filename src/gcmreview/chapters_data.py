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
    with how many Member States gave them; a chart per SDG indicator comparing them."""
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
        if not figures:
            continue
        w.heading(q.short_title(lang), 2)
        w.place(q.id)
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
            [6.4, 1.6, 2.2, 3.0, 3.2],
            align_right_from=1,
        )  # fmt: skip
        if per_indicator:
            from gcmreview.chart import indicator_chart

            code_of = {e.name(lang): e.country for e in s.national}
            for f in figures:
                if len(f.values) < 2:
                    continue
                label = pick(f.row.label, lang)
                ranked = sorted(f.values, key=lambda nv: -nv[1])
                png = indicator_chart(
                    ranked,
                    pick(q.table.row_unit(f.row), lang),
                    lambda v: formats.number(v, lang),
                    codes=[code_of.get(name, name) for name, _ in ranked],
                )
                shape = w.doc.add_picture(io.BytesIO(png), width=Cm(14))
                shape._inline.docPr.set("descr", label)
                caption = label + (f" ({f.year})" if f.year is not None else "")
                w.doc.add_paragraph(caption, style="Caption")


def annex_data(w: Writer) -> None:
    s, lang = w.s, w.lang
    w.doc.add_section(WD_SECTION.NEW_PAGE)
    landscape(w.doc.sections[-1])
    w.heading(t("synth.annex.data", lang))
    w.paras("data_intro")
    for q in s.bank.questions.values():
        if q.kind != "table" or q.table is None:
            continue
        entries = [e for e in s.national if q.id in e.submission.tables]
        if not entries:
            continue
        w.heading(pick(q.text, lang), 2)
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
                        labels = {ch.code: pick(ch.label, lang) for ch in spec.choices[c.choices]}
                        values.append(labels.get(str(v)) or scrub(str(v)))
                    else:
                        values.append(figure(v, lang))
                unit = pick(row.unit or spec.unit or {"en": ""}, lang)
                w.passage(
                    e,
                    f"{q.id}.{row.id}",
                    join(
                        (
                            label(pick(c.label, lang), lang) + v
                            for c, v in zip(data_cols, values, strict=True)
                            if v
                        ),
                        lang,
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
        w.table(
            header,
            rows,
            [3.0, 5.0] + [col] * len(data_cols) + [1.6, 3.4],
            size=7,
            align_right_from=2,  # the figures and their reference year; the source is text
            align_right_until=2 + len(data_cols) + 1,
        )
