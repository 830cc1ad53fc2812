"""The Excel data annex: one sheet per data table of the bank.

Layout of a table sheet (the reader relies on the hidden keys, not on positions or sheet
names, so a renamed sheet or a moved row is still read correctly):

* column A (hidden) holds the row IDs, and ``A1`` the marker ``gcmreview:<question id>``;
* row 5 (hidden) holds the column IDs;
* ``C3`` is the reference year, ``C4`` the source; data starts in row 7;
* headers, labels and units are locked (sheet protection without a password, so that a
  secretariat can still unlock it); input cells are unlocked and validated;
* coded columns use drop-down lists kept on the hidden ``_lists`` sheet behind named ranges;
* every input cell has an input message (what to type, the unit, where the reference year is)
  and an error alert saying what is allowed, in the annex's language;
* a Total that does not equal its breakdown by sex or by age turns red as the person types
  (conditional formatting; the total stays a plain input cell);
* sheets print landscape, one page wide, with the header rows on every page and the sheet's
  name and the country in the page header;
* sheet names are in the annex's language (:func:`gcmreview.layout.sheet_title`);
* every cell's font is named (:data:`FONT`).

The formulas here (drop-down lists, the total check of the conditional format) are built from
the bank's layout only, never from data; cell values go through :mod:`gcmreview.workbook`.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

from gcmreview import languages, reference
from gcmreview.bank import Column, FigureBounds, Question, QuestionBank, ResolvedTable, Row
from gcmreview.files import workbook_bytes
from gcmreview.formats import number
from gcmreview.i18n import t
from gcmreview.layout import (
    FIRST_DATA_ROW,
    FIRST_TABLE_COLUMN,
    HEADER_ROW,
    KEY_ROW,
    LISTS_SHEET,
    MARKER,
    SHEET_NAME_MAX,
    SOURCE_CELL,
    UNIT_KEY,
    YEAR_CELL,
    sheet_title,
    table_columns,
)
from gcmreview.reference import pick
from gcmreview.report_docx import kind_title, metadata
from gcmreview.submission import Submission
from gcmreview.values import FIRST_YEAR, LAST_YEAR
from gcmreview.workbook import put, write
from gcmreview.xmltext import xml_safe

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
    titles = {q.id: _table_sheet(wb, q, sub, lang, list_ranges) for q in questions}
    _about_sheet(about, bank, sub, questions, titles)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    for name, value in sorted(metadata(sub).items()):
        wb.custom_doc_props.append(StringProperty(name=name, value=value))
    _set_language(wb, lang)
    return workbook_bytes(wb, title=f"{t('doc.field.annex', lang)}: {sub.country}", language=lang)


def named_list(wb: Workbook, lists, name: str, labels: list[str]) -> str:
    """Put a drop-down list in the next free column of the hidden ``lists`` sheet, name it
    ``list_<name>`` for the whole workbook, and return the name (for ``=name`` formulas)."""
    col = lists.max_column + 1 if lists["A1"].value is not None else 1
    letter = get_column_letter(col)
    put(lists, 1, col, name, font=_font())
    for i, label in enumerate(labels, start=2):
        put(lists, i, col, label, font=_font())
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


def _about_sheet(
    ws, bank: QuestionBank, sub: Submission, questions: list[Question], titles: dict[str, str]
) -> None:
    lang = sub.language
    country = reference.country(sub.country)
    comm = reference.commission(sub.region)
    write(
        ws["A1"],
        f"{t('doc.field.annex', lang)} · {kind_title(sub.kind, lang)}",
        font=_font(bold=True, size=14, color=BLUE),
    )
    write(
        ws["A2"],
        t("doc.compact", lang) + " · " + t("doc.regional_review", lang, cycle=sub.review_cycle),
        font=_font(italic=True, color="595959"),
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
        put(ws, i, 1, label, font=_font(bold=True))
        put(ws, i, 2, value, font=_font())
    row = 5 + len(rows)
    if sub.illustrative:
        put(ws, row, 1, t("doc.illustrative", lang), font=_font(bold=True, color="B00020"))
        row += 2
    put(
        ws,
        row,
        1,
        t("xlsx.instructions", lang),
        font=_font(),
        alignment=Alignment(wrap_text=True, vertical="top"),
    )
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    ws.row_dimensions[row].height = 75
    row += 2
    put(ws, row, 1, t("xlsx.sheet", lang), font=_font(bold=True))
    put(ws, row, 2, t("xlsx.table", lang), font=_font(bold=True))
    for q in questions:
        row += 1
        put(ws, row, 1, titles[q.id], font=_font())
        put(ws, row, 2, pick(q.text, lang), font=_font())
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 70
    ws.column_dimensions["C"].width = 12
    ws.column_dimensions["D"].width = 12
    _print_setup(ws, sub, lang, landscape=False)
    ws.protection.sheet = True


def _table_sheet(
    wb: Workbook, q: Question, sub: Submission, lang: str, list_ranges: dict[str, str]
) -> str:
    """Write the sheet of one table; returns its name."""
    assert q.table is not None
    spec = q.table
    ws = wb.create_sheet(_free_title(wb, sheet_title(q, lang), q))
    answer = sub.tables.get(q.id)
    write(ws["A1"], MARKER + q.id, font=_font())
    write(ws["B1"], pick(q.text, lang), font=_font(bold=True, size=13, color=BLUE))
    write(ws["B2"], pick(q.guidance, lang), font=_font(italic=True, color="595959"))
    write(ws["B3"], t("xlsx.reference_year", lang), font=_font(bold=True))
    write(ws["B4"], t("xlsx.source", lang), font=_font(bold=True))
    for ref in (YEAR_CELL, SOURCE_CELL):
        ws[ref].protection = UNLOCKED
        ws[ref].fill = INPUT_FILL
        ws[ref].border = BOX
        ws[ref].font = _font()
    ws.merge_cells("C4:F4")
    if answer is not None:
        write(ws[YEAR_CELL], answer.reference_year)
        write(ws[SOURCE_CELL], answer.source)
    rules = _Rules(ws)
    rules.add(YEAR_CELL, _year_rule(lang))
    rules.add(SOURCE_CELL, _source_rule(lang))

    keys = table_columns(spec)
    by_id = {c.id: c for c in spec.columns}
    if spec.unit and UNIT_KEY not in keys:
        write(ws["G3"], f"{t('xlsx.unit', lang)}: {pick(spec.unit, lang)}", font=_font(italic=True))
    put(ws, KEY_ROW, 1, "row \\ column", font=_font())
    put(ws, HEADER_ROW, 2, pick(q.text, lang), font=_font(bold=True), fill=HEADER_FILL, border=BOX)
    for offset, key in enumerate(keys):
        col_idx = FIRST_TABLE_COLUMN + offset
        column = by_id.get(key)
        label = pick(column.label, lang) if column else t("xlsx.unit", lang)
        role = column.role if column else None
        fill = SEX_FILL if role == "sex" else AGE_FILL if role == "age" else HEADER_FILL
        put(ws, KEY_ROW, col_idx, key, font=_font())
        put(
            ws,
            HEADER_ROW,
            col_idx,
            label,
            font=_font(bold=True),
            fill=fill,
            border=BOX,
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
        )
        ws.column_dimensions[get_column_letter(col_idx)].width = 14 if key != UNIT_KEY else 18
    ws.row_dimensions[HEADER_ROW].height = 45
    ws.row_dimensions[KEY_ROW].hidden = True
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 48 if UNIT_KEY not in keys else 60

    for r_index, row in enumerate(spec.rows):
        excel_row = FIRST_DATA_ROW + r_index
        put(ws, excel_row, 1, row.id, font=_font())
        put(
            ws,
            excel_row,
            2,
            pick(row.label, lang),
            font=_font(),
            alignment=Alignment(wrap_text=True, vertical="top"),
            fill=LOCKED_FILL,
            border=BOX,
        )
        cells = answer.cells.get(row.id, {}) if answer else {}
        for offset, key in enumerate(keys):
            cell = ws.cell(row=excel_row, column=FIRST_TABLE_COLUMN + offset)
            cell.border = BOX
            cell.font = _font()
            if key == UNIT_KEY:
                unit = row.unit or spec.unit
                write(cell, pick(unit, lang) if unit else None)
                cell.fill = LOCKED_FILL
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                continue
            column = by_id[key]
            cell.protection = UNLOCKED
            cell.fill = INPUT_FILL
            value = cells.get(key)
            if column.role == "code" and column.choices:
                labels = {c.code: pick(c.label, lang) for c in spec.choices[column.choices]}
                write(cell, labels.get(str(value), value) if value is not None else None)
                rules.add(cell.coordinate, _list_rule(list_ranges[column.choices], lang))
            else:
                write(cell, value)
                cell.number_format = "#,##0" if column.role != "value" else "General"
                rules.add(cell.coordinate, _figure_rule(spec, row, column, lang))
    if _total_rule(ws, spec):
        write(ws["G4"], t("xlsx.total_legend", lang), font=_font(italic=True, color=ALERT_TEXT))
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=FIRST_TABLE_COLUMN)
    _print_setup(ws, sub, lang, landscape=True)
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = False
    return str(ws.title)


def _free_title(wb: Workbook, title: str, q: Question) -> str:
    """``title``, or the question's ID when another sheet already has that name (Excel
    compares sheet names without case)."""
    taken = {name.casefold() for name in wb.sheetnames}
    return title if title.casefold() not in taken else q.id[:SHEET_NAME_MAX]


# ---------------------------------------------------------------- fonts

#: The font of every cell, named in each cell's format: a format without a font name is shown
#: in the application's default font (Liberation Sans or Arial in LibreOffice Calc), so the
#: annex would not look the same in Excel and Calc. Calibri is Excel's default font and has
#: every letter of English, French and Spanish; LibreOffice shows it as Carlito, its
#: metric-compatible substitute (same widths: text fits the cells the same way), where
#: Calibri itself is not installed.
#: An annex in Arabic or Chinese names the language's face instead (templates/i18n/
#: languages.yaml: Arial for Arabic, Microsoft YaHei for Chinese; see :func:`annex_font`).
FONT = "Calibri"


def annex_font(lang: str) -> str:
    """The face of an annex in ``lang``: the language's complex-script face when it is
    written right to left (Arabic), its East Asian face when its own name is written in Han,
    kana or hangul (Chinese), else its Latin face (Calibri: Latin and Cyrillic)."""

    faces = languages.fonts(lang)
    if languages.is_rtl(lang):
        return faces.complex
    if languages.is_east_asian(lang):
        return faces.east_asian
    return faces.latin


def _set_language(wb: Workbook, lang: str) -> None:
    """An annex in Arabic reads right to left (every sheet's ``rightToLeft`` view: column A
    on the right); an annex in Arabic or Chinese is set in that language's face."""
    from copy import copy

    face = annex_font(lang)
    for ws in wb.worksheets:
        if languages.is_rtl(lang):
            ws.sheet_view.rightToLeft = True
        if face == FONT:
            continue
        for row in ws.iter_rows():
            for cell in row:
                if cell.has_style and cell.font is not None and cell.font.name == FONT:
                    font = copy(cell.font)
                    font.name = face
                    cell.font = font
        for part in (ws.oddHeader.left, ws.oddHeader.right, ws.oddFooter.center):
            if part.font:
                part.font = f"{face},Regular"


def _font(**style: object) -> Font:
    return Font(name=FONT, **style)  # type: ignore[arg-type]


# ---------------------------------------------------------------- validation


@dataclass(frozen=True)
class _Rule:
    """One data validation: what is allowed, the input message and the error alert."""

    type: str | None
    operator: str | None
    formula1: str | None
    formula2: str | None
    title: str
    prompt: str
    error_title: str
    error: str


class _Rules:
    """The data validations of a sheet: cells with the same rule share one validation."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.made: dict[_Rule, DataValidation] = {}

    def add(self, ref: str, rule: _Rule) -> None:
        dv = self.made.get(rule)
        if dv is None:
            dv = DataValidation(
                type=rule.type,
                operator=rule.operator,
                formula1=rule.formula1,
                formula2=rule.formula2,
                allow_blank=True,
                showInputMessage=True,
                promptTitle=_fit(rule.title, PROMPT_TITLE_MAX),
                prompt=_fit(rule.prompt, PROMPT_MAX),
                showErrorMessage=rule.type is not None,
                errorStyle="stop" if rule.type is not None else None,
                errorTitle=_fit(rule.error_title, PROMPT_TITLE_MAX) if rule.error_title else None,
                error=_fit(rule.error, ERROR_MAX) if rule.error else None,
            )
            self.ws.add_data_validation(dv)
            self.made[rule] = dv
        dv.add(ref)


#: Excel's limits: a longer input message or error alert makes Excel repair the file.
PROMPT_TITLE_MAX = 32
PROMPT_MAX = 255
ERROR_MAX = 225


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _year_rule(lang: str) -> _Rule:
    low, high = FIRST_YEAR, LAST_YEAR
    return _Rule(
        "whole",
        "between",
        str(low),
        str(high),
        t("xlsx.reference_year", lang),
        t("xlsx.prompt.year", lang),
        t("xlsx.reference_year", lang),
        t("xlsx.error.year", lang, low=low, high=high),
    )


def _source_rule(lang: str) -> _Rule:
    """Any text: only the input message saying what a source is."""
    return _Rule(None, None, None, None, t("xlsx.source", lang), t("xlsx.prompt.source", lang),
                 "", "")  # fmt: skip


def _list_rule(named_range: str, lang: str) -> _Rule:
    return _Rule(
        "list",
        None,
        f"={named_range}",
        None,
        t("xlsx.prompt.list_title", lang),
        t("xlsx.prompt.list", lang),
        t("xlsx.error.list_title", lang),
        t("xlsx.error.list", lang),
    )


def _figure_rule(spec: ResolvedTable, row: Row, column: Column, lang: str) -> _Rule:
    """Whole numbers of persons from 0; shares from 0 to their maximum; other values any
    number. The messages say what to type, the unit and where the reference year is."""
    bounds = spec.figure_bounds(row, column)
    what = bound_rule(bounds, lang)
    return _figure(
        "whole" if bounds.whole else "decimal",
        "between" if bounds.high is not None else "greaterThanOrEqual",
        bound_formula(bounds.low),
        None if bounds.high is None else bound_formula(bounds.high),
        what,
        spec.row_unit(row),
        bounds.whole,
        lang,
    )


def bound_rule(bounds: FigureBounds, lang: str) -> str:
    """What a figure cell accepts, said in ``lang`` ("a whole number from 0 to 1 000 000 000")."""
    if bounds.rule in ("whole", "between"):
        assert bounds.high is not None
        return t(
            f"xlsx.rule.{bounds.rule}", lang, low=number(0, lang), high=number(bounds.high, lang)
        )
    return t(f"xlsx.rule.{bounds.rule}", lang)


def bound_formula(value: float) -> str:
    """A bound as a formula (Excel's, or the online form's): "0", "100", "0.5"."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _figure(
    kind: str,
    operator: str,
    formula1: str,
    formula2: str | None,
    what: str,
    unit: dict[str, str],
    whole: bool,
    lang: str,
) -> _Rule:
    shown_unit = f" ({pick(unit, lang)})" if unit else ""
    return _Rule(
        kind,
        operator,
        formula1,
        formula2,
        t("xlsx.prompt.whole_title" if whole else "kind.number", lang),
        t("xlsx.prompt.figure", lang, rule=what, unit=shown_unit, cell=YEAR_CELL),
        t("xlsx.error.title", lang),
        t("xlsx.error.figure", lang, rule=what),
    )


# ---------------------------------------------------------------- totals


ALERT_FILL = "FFC7CE"
ALERT_TEXT = "9C0006"


def _total_rule(ws, spec: ResolvedTable) -> bool:
    """Colour a Total that does not add up, as the person types: a conditional format on the
    total column whose formula is the check of ``gcmreview check`` (``total-mismatch``): the
    breakdown by sex, and by age, must add up to the total when it is complete, and never
    exceed it. The total cells stay plain input cells. Returns whether the table has one."""
    keys = table_columns(spec)
    total = next((c for c in spec.columns if c.role == "total"), None)
    if total is None:
        return False
    first = FIRST_DATA_ROW

    def ref(key: str) -> str:
        return f"${get_column_letter(FIRST_TABLE_COLUMN + keys.index(key))}{first}"

    tot = ref(total.id)
    checks = []
    for role in ("sex", "age"):
        parts = ",".join(ref(c.id) for c in spec.columns if c.role == role)
        if not parts:
            continue
        n = parts.count(",") + 1
        added = f"SUM({parts})"
        checks.append(
            f"AND(COUNT({parts})>0,OR({added}>{tot},AND(COUNT({parts})={n},"
            f"ABS({added}-{tot})>1E-9*MAX(1,ABS({tot})))))"
        )
    if not checks:
        return False
    formula = f"AND(ISNUMBER({tot}),OR({','.join(checks)}))"
    letter = get_column_letter(FIRST_TABLE_COLUMN + keys.index(total.id))
    last = first + len(spec.rows) - 1
    ws.conditional_formatting.add(
        f"{letter}{first}:{letter}{last}",
        FormulaRule(
            formula=[formula],
            stopIfTrue=False,
            font=Font(bold=True, color=ALERT_TEXT),
            fill=PatternFill(fill_type="solid", start_color=ALERT_FILL, end_color=ALERT_FILL),
        ),
    )
    return True


# ---------------------------------------------------------------- printing


def _print_setup(ws, sub: Submission, lang: str, *, landscape: bool) -> None:
    """One page wide (as many pages long as it takes), the title and header rows on every
    page, and the sheet's name and the country in the page header."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if landscape:
        ws.print_title_rows = f"1:{HEADER_ROW}"
    country = reference.country(sub.country).name(lang)
    header_font = f"{FONT},Regular"
    ws.oddHeader.left.text = "&A"  # the sheet's name, as it is when printed
    ws.oddHeader.right.text = _header_text(f"{country} ({sub.country})")
    ws.oddFooter.center.text = "&P / &N"
    for part in (ws.oddHeader.left, ws.oddHeader.right, ws.oddFooter.center):
        part.font = header_font
        part.size = 9


def _header_text(text: str) -> str:
    """Text for a page header: ``&`` starts a code there, so a literal one is doubled."""
    return xml_safe(text).replace("&", "&&")[:120]
