"""The Excel data annex as people fill it in: input messages and error alerts in the annex's
language, sheet names in that language (and old English ones still read), totals that turn
red as they are typed, print setup, named fonts, and check findings that give the cell."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from gcmreview import checks, scaffold
from gcmreview.bank import default_bank
from gcmreview.export import read_submission
from gcmreview.layout import FIRST_DATA_ROW, MARKER, cell_address, sheet_title
from gcmreview.reader_xlsx import read_xlsx
from gcmreview.submission import Submission
from test_export import rich_submission

LANGS = ("en", "fr", "es")
NNBSP = "\u202f"  # the French group separator (CLDR)

#: The input message and error alert of a count cell (migrant stock), per language.
COUNT_TEXTS = {
    "en": (
        "Whole number",
        "Type a whole number between 0 and 1,000,000,000 (persons), for the reference year "
        "in cell C3. Leave the cell empty if the figure is not available; do not type 0 for "
        "unknown.",
        "Not a valid figure",
        "Type a whole number between 0 and 1,000,000,000, without units or words.",
    ),
    "fr": (
        "Nombre entier",
        f"Tapez un nombre entier compris entre 0 et 1{NNBSP}000{NNBSP}000{NNBSP}000 "
        "(personnes), pour l'année de référence indiquée en cellule C3. Laissez la cellule "
        f"vide si le chiffre n'est pas disponible{NNBSP}; ne tapez pas 0 pour une valeur inconnue.",
        "Chiffre non valide",
        f"Tapez un nombre entier compris entre 0 et 1{NNBSP}000{NNBSP}000{NNBSP}000, sans "
        "unité ni texte.",
    ),
    "es": (
        "Número entero",
        "Escriba un número entero entre 0 y 1.000.000.000 (personas), correspondiente al año "
        "de referencia de la celda C3. Deje la celda vacía si la cifra no está disponible; no "
        "escriba 0 si el valor es desconocido.",
        "Cifra no válida",
        "Escriba un número entero entre 0 y 1.000.000.000, sin unidades ni palabras.",
    ),
}
#: The sheet names of the bank's tables, per language.
SHEETS = {
    "en": ["Migrant stock", "Migration flows", "Trafficking victims",
           "Detention and alternatives", "SDG indicators", "SDG 10.7.2"],
    "fr": ["Effectif de migrants", "Flux migratoires", "Victimes de la traite",
           "Rétention administrative", "Indicateurs ODD", "ODD 10.7.2"],
    "es": ["Número de migrantes", "Flujos migratorios", "Víctimas de la trata",
           "Detención y alternativas", "Indicadores ODS", "ODS 10.7.2"],
}  # fmt: skip
TABLES = ["data.stock", "data.flows", "data.trafficking", "data.detention", "data.sdg",
          "data.sdg_10_7_2"]  # fmt: skip


def written(tmp_path: Path, lang: str, kind: str = "national") -> scaffold.Written:
    tmp_path.mkdir(parents=True, exist_ok=True)
    return scaffold.render(default_bank(), rich_submission(kind, lang), tmp_path / "r.docx")


def table_sheets(wb: openpyxl.Workbook) -> dict[str, object]:
    """Question id -> sheet, found as the reader finds them (by the marker in A1)."""
    found = {}
    for ws in wb.worksheets:
        marker = ws["A1"].value
        if isinstance(marker, str) and marker.startswith(MARKER):
            found[marker.removeprefix(MARKER)] = ws
    return found


def rule_for(ws, ref: str):
    return next(dv for dv in ws.data_validations.dataValidation if ref in dv.sqref)


# ---------------------------------------------------------------- validations


@pytest.mark.parametrize("lang", LANGS)
def test_every_input_cell_has_a_message_and_an_alert_in_the_annex_language(tmp_path, lang):
    wb = openpyxl.load_workbook(written(tmp_path, lang).annex)
    sheets = table_sheets(wb)
    stock = sheets["data.stock"]
    for ref in ("C7", "D8", "J9"):  # total, women, age not stated
        dv = rule_for(stock, ref)
        assert (dv.type, dv.operator, dv.formula1, dv.formula2) == (
            "whole",
            "between",
            "0",
            "1000000000",
        )
        assert dv.showInputMessage and dv.showErrorMessage and dv.errorStyle == "stop"
        assert (dv.promptTitle, dv.prompt, dv.errorTitle, dv.error) == COUNT_TEXTS[lang]
    year = rule_for(stock, "C3")
    assert (year.type, year.formula1, year.formula2) == ("whole", "1950", "2100")
    assert "1950" in year.error and "2100" in year.error and "2027" in year.prompt
    source = rule_for(stock, "C4")
    assert source.type is None and source.showInputMessage and source.prompt

    sdg = sheets["data.sdg"]
    row = next(c.row for c in sdg["A"] if c.value == "sdg_17_3_2")  # a share of GDP, max 100
    share = rule_for(sdg, f"D{row}")
    assert (share.type, share.operator, share.formula1, share.formula2) == (
        "decimal",
        "between",
        "0",
        "100",
    )
    unit = default_bank().question("data.sdg").table.rows[-1].unit[lang]
    assert f"({unit})" in share.prompt and "100" in share.error
    pick = rule_for(sdg, f"E{row}")
    assert pick.type == "list" and pick.formula1 == "=list_source_type"
    assert pick.prompt and pick.error and pick.errorTitle

    for qid, ws in sheets.items():  # every unlocked cell is validated and explained
        covered = {ref for dv in ws.data_validations.dataValidation for ref in _cells(dv)}
        for cells in ws.iter_rows():
            for cell in cells:
                if cell.protection.locked is False and cell.coordinate in ws.merged_cells:
                    continue
                if cell.protection.locked is False:
                    assert cell.coordinate in covered, (qid, cell.coordinate)


def _cells(dv) -> set[str]:
    out = set()
    for rng in dv.sqref.ranges:
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                out.add(f"{openpyxl.utils.get_column_letter(col)}{row}")
    return out


@pytest.mark.parametrize("kind", ["national", "shadow"])
def test_messages_fit_excel_limits_in_every_language(tmp_path, kind):
    """Excel repairs (and drops) a validation whose title is over 32 characters, whose input
    message is over 255 or whose error alert is over 225."""
    for lang in LANGS:
        wb = openpyxl.load_workbook(written(tmp_path / lang, lang, kind).annex)
        for ws in wb.worksheets:
            for dv in ws.data_validations.dataValidation:
                assert dv.prompt and len(dv.prompt) <= 255, (lang, ws.title, dv.prompt)
                assert dv.promptTitle and len(dv.promptTitle) <= 32
                assert len(dv.errorTitle or "") <= 32 and len(dv.error or "") <= 225
                if dv.type is not None:
                    assert dv.error and dv.errorTitle


# ---------------------------------------------------------------- sheet names


@pytest.mark.parametrize("lang", LANGS)
def test_sheet_names_are_in_the_annex_language_and_named_in_the_report(tmp_path, lang):
    import docx

    out = written(tmp_path, lang)
    wb = openpyxl.load_workbook(out.annex)
    sheets = table_sheets(wb)
    assert [sheets[qid].title for qid in TABLES] == SHEETS[lang]
    assert [sheet_title(default_bank().question(q), lang) for q in TABLES] == SHEETS[lang]
    listed = [c.value for c in wb.worksheets[0]["A"]]  # the About sheet lists them
    assert all(name in listed for name in SHEETS[lang])
    text = "\n".join(
        cell.text for t in docx.Document(str(out.report)).tables for r in t.rows for cell in r.cells
    )
    assert all(name in text for name in SHEETS[lang])


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_a_filled_annex_with_localised_sheet_names_reads_back_the_same(tmp_path, lang):
    """export(render(x)) == x, the sheets found by their hidden marker; figures a person
    types into the annex (openpyxl standing in for Excel) are read from those sheets too."""
    bank = default_bank()
    sub = rich_submission("national", lang)
    out = scaffold.render(bank, sub, tmp_path / "r.docx")
    assert read_submission(out.report, bank).submission.tables == sub.tables

    wb = openpyxl.load_workbook(out.annex)
    flows = wb[SHEETS[lang][1]]
    spec = bank.question("data.flows").table
    flows["C3"] = 2026
    flows[cell_address(spec, "emigration", "total")] = 4300
    flows[cell_address(spec, "emigration", "female")] = 2100
    flows[cell_address(spec, "emigration", "male")] = 2200
    wb.save(out.annex)
    tables = read_submission(out.report, bank).submission.tables
    assert tables["data.flows"].reference_year == 2026
    assert tables["data.flows"].cells["emigration"] == {"total": 4300, "female": 2100, "male": 2200}
    assert tables["data.stock"] == sub.tables["data.stock"]


def test_an_old_annex_with_english_sheet_names_still_reads(tmp_path):
    """Annexes written before the names were localised have the tables' IDs as sheet names
    ("stock", "sdg"); a person may also rename a tab. They read the same."""
    bank = default_bank()
    sub = rich_submission("national", "fr")
    out = scaffold.render(bank, sub, tmp_path / "r.docx")
    wb = openpyxl.load_workbook(out.annex)
    for qid, ws in table_sheets(wb).items():
        ws.title = qid.split(".", 1)[1]
    wb[wb.sheetnames[0]].title = "About"
    wb.save(out.annex)
    content = read_xlsx(out.annex, bank)
    assert content.sheets["data.stock"] == "stock"
    assert read_submission(out.report, bank).submission.tables == sub.tables


# ---------------------------------------------------------------- totals


def _excel(formula: str, values: dict[str, float | None]) -> bool:
    """Evaluate the conditional-format formula as Excel does, for the functions it uses
    (AND, OR, ISNUMBER, COUNT, SUM, ABS, MAX) and cell references of row 7."""

    class Blank(int):
        """An empty cell: 0 in a comparison, not a number for ISNUMBER, COUNT and SUM."""

    def cell(ref: str) -> float:
        value = values.get(ref)
        return Blank(0) if value is None else value

    def nums(*xs):
        return [x for x in xs if type(x) in (int, float)]

    env = {
        "AND": lambda *xs: all(xs),
        "OR": lambda *xs: any(xs),
        "ISNUMBER": lambda x: type(x) in (int, float),
        "COUNT": lambda *xs: len(nums(*xs)),
        "SUM": lambda *xs: sum(nums(*xs)),
        "ABS": lambda x: abs(x or 0),
        "MAX": lambda *xs: max(nums(*xs)),
        "cell": cell,
    }
    py = re.sub(r"\$?([A-Z]+)\$?(\d+)\b", r'cell("\1\2")', formula)
    py = re.sub(r"(?<![<>!=])=(?!=)", "==", py).replace("<>", "!=")
    return bool(eval(py, env))  # the formula is gcmreview's own, built from the bank


@pytest.mark.parametrize(
    ("row", "red"),
    [
        ({"total": 100, "female": 60, "male": 40}, False),  # sex incomplete, below the total
        ({"total": 100, "female": 60, "male": 30, "sex_ns": 5}, True),  # complete, adds to 95
        ({"total": 100, "female": 60, "male": 35, "sex_ns": 5}, False),
        ({"total": 100, "female": 120}, True),  # a part above the total
        ({"female": 120}, False),  # no total typed yet
        ({"total": 100, "age_0_17": 20, "age_18_64": 70, "age_65": 5, "age_ns": 0}, True),
        ({"total": 10.5, "age_0_17": 0.5, "age_18_64": 10, "age_65": 0, "age_ns": 0}, False),
    ],
)
def test_a_total_that_does_not_add_up_turns_red_as_check_says(tmp_path, row, red):
    bank = default_bank()
    sub = rich_submission("national", "en")
    out = scaffold.render(bank, sub, tmp_path / "r.docx")
    ws = table_sheets(openpyxl.load_workbook(out.annex))["data.flows"]
    spec = bank.question("data.flows").table
    (rng,) = list(ws.conditional_formatting)
    assert str(rng.sqref) == "C7:C9"  # the total column of the three rows
    (rule,) = rng.rules
    assert rule.type == "expression" and rule.dxf.fill.fgColor.rgb.endswith("FFC7CE")
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 3):  # plain input cells, no formula
        assert ws[f"C{r}"].data_type != "f" and ws[f"C{r}"].protection.locked is False
    values = {cell_address(spec, "immigration", k): v for k, v in row.items()}
    assert _excel(rule.formula[0], values) is red
    data = sub.model_dump(mode="json", by_alias=True)
    data["tables"]["data.flows"] = {"cells": {"immigration": row}}
    found = checks.check_submission(Submission.model_validate(data), bank)
    flagged = any(
        f.code in ("total-mismatch", "impossible-value") and "data.flows" in f.location
        for f in found
    )
    assert flagged is red


# ---------------------------------------------------------------- print and fonts


def test_print_setup_and_page_header(tmp_path):
    wb = openpyxl.load_workbook(written(tmp_path, "fr").annex)
    for qid, ws in table_sheets(wb).items():
        assert ws.page_setup.orientation == "landscape", qid
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.print_title_rows == "$1:$6"
        assert ws.oddHeader.left.text == "&A"  # the sheet's name
        assert ws.oddHeader.right.text == "Maroc (MAR)"
        assert ws.oddHeader.left.font == "Calibri,Regular"
    assert wb.worksheets[0].sheet_properties.pageSetUpPr.fitToPage is True
    assert wb.worksheets[0].oddHeader.right.text == "Maroc (MAR)"


def test_every_font_is_named(tmp_path):
    """A format without a font name is shown in Calc's default font: every cell's font is
    Calibri (Carlito in LibreOffice, metric-compatible) in every language."""
    for lang in LANGS:
        annex = written(tmp_path / lang, lang).annex
        with zipfile.ZipFile(annex) as z:
            styles = etree.fromstring(z.read("xl/styles.xml"))
        ns = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
        names = [f.find("s:name", ns) for f in styles.find("s:fonts", ns)]
        assert names and all(n is not None and n.get("val") == "Calibri" for n in names)
        wb = openpyxl.load_workbook(annex)
        for ws in wb.worksheets:
            for cells in ws.iter_rows():
                for cell in cells:
                    if cell.value is not None:
                        assert cell.font.name == "Calibri", (ws.title, cell.coordinate)


# ---------------------------------------------------------------- check findings


def test_check_findings_give_the_cell_where_the_figure_is(tmp_path):
    """A total that does not add up, in a table where a person inserted a row: the finding
    names the sheet, row, column and the cell as it is now (C9, not the template's C8)."""
    bank = default_bank()
    out = written(tmp_path, "es")
    wb = openpyxl.load_workbook(out.annex)
    ws = wb[SHEETS["es"][0]]
    ws.insert_rows(FIRST_DATA_ROW + 1)  # above "foreign_citizens"
    ws["B8"] = "de las cuales: en tránsito"
    ws["C8"] = 10
    ws["C9"] = 500  # foreign citizens: total 500, women and men typed below
    ws["D9"] = 300
    ws["E9"] = 300
    ws["F9"] = 0
    wb.save(out.annex)
    report = checks.check_file(out.report, bank)
    (mismatch,) = [f.location for f in report.findings if f.code == "total-mismatch"]
    # sheet, row and column as the person sees them (the report is in Spanish), then the cell
    for shown in ("data.stock", "Número de migrantes", "Personas de nacionalidad extranjera",
                  "Total"):  # fmt: skip
        assert shown in mismatch
    assert mismatch.endswith(", C9)")
    extra = [f.location for f in report.findings if f.code == "unexpected-row"]
    assert extra and "B8:C8" in extra[0]


# ---------------------------------------------------------------- LibreOffice


@pytest.mark.libreoffice
def test_libreoffice_keeps_validations_formatting_and_figures(tmp_path, convert):
    """Saved again by LibreOffice Calc (soffice --headless --convert-to xlsx): the input
    messages, error alerts, the red-total rule, the print setup and the sheet names are kept,
    and the figures read back the same."""
    bank = default_bank()
    out = written(tmp_path, "fr")
    resaved = convert(out.annex, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    before, after = openpyxl.load_workbook(out.annex), openpyxl.load_workbook(resaved)

    def messages(wb):
        return {
            (ws.title, dv.type, dv.promptTitle, dv.prompt, dv.errorTitle, dv.error)
            for ws in wb.worksheets
            for dv in ws.data_validations.dataValidation
        }

    assert messages(after) == messages(before)
    stock = table_sheets(after)["data.stock"]
    assert stock.title == SHEETS["fr"][0]
    assert COUNT_TEXTS["fr"][1] == rule_for(stock, "D8").prompt
    (rng,) = list(stock.conditional_formatting)
    assert str(rng.sqref) == "C7:C9" and "ISNUMBER($C7)" in rng.rules[0].formula[0]
    assert stock.page_setup.orientation == "landscape" and stock.page_setup.fitToWidth == 1
    assert read_xlsx(resaved, bank).tables == read_xlsx(out.annex, bank).tables
