"""The Excel data annex: one sheet per data table of the bank.

Layout of a table sheet (the reader relies on the hidden keys, not on positions or sheet
names, so a renamed sheet or a moved row is still read correctly):

* column A (hidden) holds the row IDs, and ``A1`` the marker ``gcmreview:<question id>``;
* row 5 (hidden) holds the column IDs;
* ``C3`` is the reference year, ``C4`` the source; data starts in row 7;
* headers, labels and units are locked (sheet protection without a password, so that a
  secretariat can still unlock it); input cells are unlocked and validated;
* coded columns use drop-down lists kept on the hidden ``_lists`` sheet behind named ranges.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from gcmreview import reference
from gcmreview.bank import Question, QuestionBank
from gcmreview.files import workbook_bytes
from gcmreview.i18n import t
from gcmreview.layout import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    KEY_ROW,
    LISTS_SHEET,
    MARKER,
    SOURCE_CELL,
    UNIT_KEY,
    YEAR_CELL,
)
from gcmreview.reference import pick
from gcmreview.report_docx import kind_title, metadata, sheet_name
from gcmreview.submission import Submission
from gcmreview.workbook import put, write

BLUE = "005D9E"
HEADER_FILL = PatternFill("solid", fgColor="E8F0F8")
SEX_FILL = PatternFill("solid", fgColor="EFE7F7")
AGE_FILL = PatternFill("solid", fgColor="E7F4EA")
INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")
LOCKED_FILL = PatternFill("solid", fgColor="F4F4F4")
THIN = Side(style="thin", color="B0B0B0")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)


def table_questions(bank: QuestionBank, kind: str) -> list[Question]:
    return [q for q in bank.questions.values() if q.kind == "table" and q.for_kind(kind)]


def write_annex(bank: QuestionBank, sub: Submission) -> bytes:
    lang = sub.language
    wb = Workbook()
    about = wb.active
    assert about is not None
    about.title = t("xlsx.about", lang)[:31]
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_ranges = _write_lists(wb, lists, bank, sub.kind, lang)
    questions = table_questions(bank, sub.kind)
    _about_sheet(about, bank, sub, questions)
    for q in questions:
        _table_sheet(wb, q, sub, lang, list_ranges)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    for name, value in sorted(metadata(sub).items()):
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    return workbook_bytes(wb, title=f"{t('doc.field.annex', lang)}: {sub.country}", language=lang)


def named_list(wb: Workbook, lists, name: str, labels: list[str]) -> str:
    """Put a drop-down list in the next free column of the hidden ``lists`` sheet, name it
    ``list_<name>`` for the whole workbook, and return the name (for ``=name`` formulas)."""
    col = lists.max_column + 1 if lists["A1"].value is not None else 1
    letter = get_column_letter(col)
    put(lists, 1, col, name)
    for i, label in enumerate(labels, start=2):
        put(lists, i, col, label)
    defined = f"list_{name}"
    ref = f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(labels) + 1}"
    wb.defined_names[defined] = DefinedName(defined, attr_text=ref)
    return defined


def _write_lists(wb: Workbook, ws, bank: QuestionBank, kind: str, lang: str) -> dict[str, str]:
    """One named list per choice list used by a table."""
    names: dict[str, str] = {}
    for q in table_questions(bank, kind):
        assert q.table is not None
        for list_name, choices in sorted(q.table.choices.items()):
            if list_name not in names:
                labels = [pick(choice.label, lang) for choice in choices]
                names[list_name] = named_list(wb, ws, list_name, labels)
    return names


def _about_sheet(ws, bank: QuestionBank, sub: Submission, questions: list[Question]) -> None:
    lang = sub.language
    country = reference.country(sub.country)
    comm = reference.commission(sub.region)
    write(
        ws["A1"],
        f"{t('doc.field.annex', lang)} · {kind_title(sub.kind, lang)}",
        font=Font(bold=True, size=14, color=BLUE),
    )
    write(
        ws["A2"],
        t("doc.compact", lang) + " · " + t("doc.regional_review", lang, cycle=sub.review_cycle),
        font=Font(italic=True, color="595959"),
    )
    rows = [
        (t("doc.field.country", lang), f"{country.name(lang)} ({sub.country})"),
        (t("doc.field.region", lang), f"{pick(comm.name, lang)} ({sub.region})"),
        (t("doc.field.kind", lang), kind_title(sub.kind, lang)),
        (t("doc.field.language", lang), reference.LANGUAGE_NAMES[lang]),
        (t("doc.field.cycle", lang), sub.review_cycle),
        (t("doc.field.bank", lang), f"{bank.id} {sub.bank_version} ({sub.bank_fingerprint})"),
    ]
    if sub.organisation:
        rows.append((t("doc.field.organisation", lang), sub.organisation))
    for i, (label, value) in enumerate(rows, start=4):
        put(ws, i, 1, label, font=Font(bold=True))
        put(ws, i, 2, value)
    row = 5 + len(rows)
    if sub.illustrative:
        put(ws, row, 1, t("doc.illustrative", lang), font=Font(bold=True, color="B00020"))
        row += 2
    put(
        ws,
        row,
        1,
        t("xlsx.instructions", lang),
        alignment=Alignment(wrap_text=True, vertical="top"),
    )
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    ws.row_dimensions[row].height = 75
    row += 2
    put(ws, row, 1, t("xlsx.sheet", lang), font=Font(bold=True))
    put(ws, row, 2, t("xlsx.table", lang), font=Font(bold=True))
    for q in questions:
        row += 1
        put(ws, row, 1, sheet_name(q))
        put(ws, row, 2, pick(q.text, lang))
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 70
    ws.column_dimensions["C"].width = 12
    ws.column_dimensions["D"].width = 12
    ws.protection.sheet = True


def _table_sheet(
    wb: Workbook, q: Question, sub: Submission, lang: str, list_ranges: dict[str, str]
) -> None:
    assert q.table is not None
    spec = q.table
    ws = wb.create_sheet(sheet_name(q))
    answer = sub.tables.get(q.id)
    write(ws["A1"], MARKER + q.id)
    write(ws["B1"], pick(q.text, lang), font=Font(bold=True, size=13, color=BLUE))
    write(ws["B2"], pick(q.guidance, lang), font=Font(italic=True, color="595959"))
    write(ws["B3"], t("xlsx.reference_year", lang), font=Font(bold=True))
    write(ws["B4"], t("xlsx.source", lang), font=Font(bold=True))
    for ref in (YEAR_CELL, SOURCE_CELL):
        ws[ref].protection = UNLOCKED
        ws[ref].fill = INPUT_FILL
        ws[ref].border = BOX
    ws.merge_cells("C4:F4")
    if answer is not None:
        write(ws[YEAR_CELL], answer.reference_year)
        write(ws[SOURCE_CELL], answer.source)
    year_rule = DataValidation(
        type="whole",
        operator="between",
        formula1="1950",
        formula2="2100",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=t("xlsx.reference_year", lang),
        error="1950–2100",
    )
    ws.add_data_validation(year_rule)
    year_rule.add(YEAR_CELL)

    row_units = any(r.unit for r in spec.rows)
    columns: list[tuple[str, str, PatternFill]] = []
    if row_units:
        columns.append((UNIT_KEY, t("xlsx.unit", lang), HEADER_FILL))
    for col in spec.columns:
        fill = SEX_FILL if col.role == "sex" else AGE_FILL if col.role == "age" else HEADER_FILL
        columns.append((col.id, pick(col.label, lang), fill))
    if spec.unit and not row_units:
        write(ws["G3"], f"{t('xlsx.unit', lang)}: {pick(spec.unit, lang)}", font=Font(italic=True))
    put(ws, KEY_ROW, 1, "row \\ column")
    put(ws, HEADER_ROW, 2, pick(q.text, lang), font=Font(bold=True), fill=HEADER_FILL, border=BOX)
    for offset, (key, label, fill) in enumerate(columns):
        col_idx = 3 + offset
        put(ws, KEY_ROW, col_idx, key)
        put(
            ws,
            HEADER_ROW,
            col_idx,
            label,
            font=Font(bold=True),
            fill=fill,
            border=BOX,
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
        )
        ws.column_dimensions[get_column_letter(col_idx)].width = 14 if key != UNIT_KEY else 18
    ws.row_dimensions[HEADER_ROW].height = 45
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 48 if not row_units else 60

    count_rule = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=t("kind.number", lang),
        error=t("kind.number", lang),
    )
    value_rule = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1E+15",
        formula2="1E+15",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=t("kind.number", lang),
        error=t("kind.number", lang),
    )
    ws.add_data_validation(count_rule)
    ws.add_data_validation(value_rule)
    list_rules: dict[str, DataValidation] = {}
    for r_index, row in enumerate(spec.rows):
        excel_row = FIRST_DATA_ROW + r_index
        put(ws, excel_row, 1, row.id)
        put(
            ws,
            excel_row,
            2,
            pick(row.label, lang),
            alignment=Alignment(wrap_text=True, vertical="top"),
            fill=LOCKED_FILL,
            border=BOX,
        )
        cells = answer.cells.get(row.id, {}) if answer else {}
        for offset, (key, _label, _fill) in enumerate(columns):
            cell = ws.cell(row=excel_row, column=3 + offset)
            cell.border = BOX
            if key == UNIT_KEY:
                write(
                    cell,
                    pick(row.unit, lang)
                    if row.unit
                    else (pick(spec.unit, lang) if spec.unit else None),
                )
                cell.fill = LOCKED_FILL
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                continue
            column = next(c for c in spec.columns if c.id == key)
            cell.protection = UNLOCKED
            cell.fill = INPUT_FILL
            value = cells.get(key)
            if column.role == "code" and column.choices:
                labels = {c.code: pick(c.label, lang) for c in spec.choices[column.choices]}
                write(cell, labels.get(str(value), value) if value is not None else None)
                rule = list_rules.get(column.choices)
                if rule is None:
                    rule = DataValidation(
                        type="list",
                        formula1=f"={list_ranges[column.choices]}",
                        allow_blank=True,
                        showErrorMessage=True,
                    )
                    ws.add_data_validation(rule)
                    list_rules[column.choices] = rule
                rule.add(cell.coordinate)
            else:
                write(cell, value)
                cell.number_format = "#,##0" if column.role != "value" else "General"
                (value_rule if column.role == "value" else count_rule).add(cell.coordinate)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=3)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
