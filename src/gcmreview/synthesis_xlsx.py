"""The analyst workbook that accompanies the synthesis: every answer in long format, the
coverage matrix, the data tables and the list of submissions (included and excluded).

Text from submissions is never allowed to become a formula: every cell is written by
:mod:`gcmreview.workbook`, so text that starts with ``=``, ``+``, ``-`` or ``@`` (which Excel
and Calc would read as a formula, and which can run commands through DDE) is stored as a
string with the "quote prefix" flag, so it shows as typed and never runs.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gcmreview import reasons, reference
from gcmreview.files import workbook_bytes
from gcmreview.i18n import t
from gcmreview.reference import pick
from gcmreview.synthesis import Synthesis, scrub
from gcmreview.workbook import Rows, cell

HEAD = PatternFill("solid", fgColor="DCE6F1")
WRAP = Alignment(wrap_text=True, vertical="top")


def _sheet(
    wb: Workbook,
    sheets: list[Rows],
    title: str,
    header: list[str],
    widths: list[int],
    wrap: int | None = None,
) -> Rows:
    """A streamed (write-only) sheet with its header; its rows are written as text (the
    workbook of a large region holds every answer). ``wrap``: the column whose text wraps."""
    ws = wb.create_sheet(title[:31])
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}1"
    ws.append([cell(ws, text, font=Font(bold=True), fill=HEAD) for text in header])
    rows = Rows(ws, wrap=wrap)
    sheets.append(rows)
    return rows


def write_workbook(s: Synthesis) -> bytes:
    lang = s.lang
    wb = Workbook(write_only=True)
    sheets: list[Rows] = []
    answers = _sheet(
        wb,
        sheets,
        t("synth.sheet.answers", lang),
        [
            t("synth.col.country_code", lang),
            t("synth.col.member_state", lang),
            t("synth.col.kind", lang),
            t("synth.col.organisation", lang),
            t("synth.col.section", lang),
            t("synth.col.question", lang),
            t("synth.col.objective", lang),
            t("synth.col.language", lang),
            t("synth.col.text", lang),
        ],
        [8, 20, 10, 22, 12, 20, 9, 8, 100],
        wrap=8,
    )
    # the questions of each kind of report in the bank's order, and their options' labels
    asked = {
        kind: [q for section in s.bank.sections for q in s.bank.questions_in(section, kind)]
        for kind in ("national", "shadow")
    }
    labels_of = {
        q.id: {c.code: pick(c.label, lang) for c in q.choices}
        for q in s.bank.questions.values()
        if q.choices
    }
    for e in s.national + s.shadow:
        sub = e.submission
        name = e.name(lang)
        for q in asked.get(sub.kind, ()):
            value = None if q.kind == "table" else s.answer(e, q.id)
            written = s.written(e, q.id)
            if value in (None, "", []) and not written:
                continue
            if value in (None, "", []):
                text = ""
            elif isinstance(value, list):
                labels = labels_of.get(q.id, {})
                text = "; ".join(labels.get(str(v)) or scrub(str(v)) for v in value)
            elif q.choices:
                labels = labels_of[q.id]
                text = labels.get(str(value)) or scrub(str(value))
            elif isinstance(value, str):
                text = scrub(value)
            else:
                text = str(value)  # a number: figures are never personal data
            if written:
                text = f"{text} — {scrub(written)}" if text else scrub(written)
            answers.append(
                [
                    sub.country,
                    name,
                    sub.kind,
                    sub.organisation or "",
                    q.section,
                    q.id,
                    q.objective or "",
                    sub.language,
                    text,
                ],
            )

    coverage = _sheet(
        wb,
        sheets,
        t("synth.sheet.coverage", lang),
        [t("synth.col.country_code", lang), t("synth.col.member_state", lang)]
        + [str(o.number) for o in reference.objectives()],
        [8, 22] + [4] * 23,
    )
    grid = s.coverage()
    for e in s.national:
        coverage.append(
            [e.country, e.name(lang)] + [grid[e.country][o.number] for o in reference.objectives()],
        )

    data = _sheet(
        wb,
        sheets,
        t("synth.sheet.data", lang),
        [
            t("synth.col.country_code", lang),
            t("synth.col.member_state", lang),
            t("synth.col.table", lang),
            t("synth.col.row", lang),
            t("synth.col.column", lang),
            t("synth.col.value", lang),
            t("xlsx.unit", lang),
            t("synth.col.year", lang),
            t("synth.col.source", lang),
        ],
        [8, 20, 16, 40, 20, 12, 16, 10, 40],
    )
    for e in s.national + s.shadow:
        for q in s.bank.questions.values():
            if q.table is None or q.id not in e.submission.tables:
                continue
            answer = e.submission.tables[q.id]
            rows = {r.id: r for r in q.table.rows}
            cols = {c.id: c for c in q.table.columns}
            for row_id, cells in answer.cells.items():
                row = rows.get(row_id)
                for col_id, value in cells.items():
                    col = cols.get(col_id)
                    unit = pick((row.unit if row else None) or q.table.unit or {"en": ""}, lang)
                    data.append(
                        [
                            e.country,
                            e.name(lang),
                            q.id,
                            pick(row.label, lang) if row else row_id,
                            pick(col.label, lang) if col else col_id,
                            scrub(value) if isinstance(value, str) else value,
                            unit,
                            answer.reference_year,
                            scrub(answer.source or ""),
                        ],
                    )

    subs = _sheet(
        wb,
        sheets,
        t("synth.sheet.submissions", lang),
        [
            t("synth.col.file", lang),
            t("synth.col.country_code", lang),
            t("synth.col.kind", lang),
            t("synth.col.status", lang),
            t("synth.col.codes", lang),
            t("synth.col.reason_issues", lang),
        ],
        [50, 8, 10, 22, 24, 100],
        wrap=5,
    )
    # the codes, for filtering, beside what they say in the synthesis's language
    for e in s.national + s.shadow:
        status = t("synth.status.with_issues" if e.issues else "synth.status.included", lang)
        subs.append(
            [
                e.path,
                e.country,
                e.submission.kind,
                status,
                reasons.codes(e.issues),
                reasons.workbook_issues(e.issues, s.bank, lang),
            ]
        )
    for x in s.excluded:
        subs.append(
            [
                x.path,
                x.country or "",
                x.kind or "",
                t("synth.status.excluded", lang),
                reasons.codes(x.findings, x.why),
                reasons.exclusion(x, s.bank, lang, reasons.workbook_issues),
            ],
        )

    practices = _sheet(
        wb,
        sheets,
        t("synth.sheet.practices", lang),
        [
            t("synth.col.country_code", lang),
            t("synth.col.member_state", lang),
            t("synth.col.objective", lang),
            t("synth.col.practice", lang),
            t("synth.col.hub", lang),
        ],
        [8, 20, 9, 100, 14],
        wrap=3,
    )
    for e, n, text, sent in s.good_practices():
        practices.append([e.country, e.name(lang), n, text, sent or ""])

    return workbook_bytes(wb, sheets, title=s.title)
