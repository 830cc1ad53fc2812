"""Reading the data annex back after a person edited it in Excel or LibreOffice Calc:
numbers shown as percentages, rows inserted into a table, rows typed below it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from gcmreview import scaffold
from gcmreview.bank import default_bank
from gcmreview.layout import MARKER
from gcmreview.reader_xlsx import ExtraRow, is_percent_format, read_rows, read_xlsx
from test_export import rich_submission

ROOT = Path(__file__).resolve().parents[1]


def written_annex(tmp_path: Path, lang: str = "en") -> Path:
    """An annex written by gcmreview itself, with figures in data.stock and data.sdg."""
    return scaffold.render(
        default_bank(), rich_submission("national", lang), tmp_path / "r.docx"
    ).annex


def sheet_for(wb: openpyxl.Workbook, qid: str):
    return next(ws for ws in wb.worksheets if ws["A1"].value == MARKER + qid)


def row_of(ws, row_id: str) -> int:
    return next(cell.row for cell in ws["A"] if cell.value == row_id)


def edit_like_a_person(annex: Path) -> Path:
    """What people do in Excel: type 6.1% (stored as 0.061 in a percent format), insert an
    "of which" row inside a table, type a row below another, copy a row with its hidden key,
    and leave a note outside the table's columns."""
    wb = openpyxl.load_workbook(annex)
    sdg = sheet_for(wb, "data.sdg")
    cell = sdg.cell(row=row_of(sdg, "sdg_10_7_4"), column=4)  # C is the unit, D the value
    cell.value = 0.061
    cell.number_format = "0.0%"
    below = row_of(sdg, "sdg_17_3_2") + 1
    sdg.cell(row=below, column=2, value="Remittance inflows")
    sdg.cell(row=below, column=3, value="% of GDP")
    share = sdg.cell(row=below, column=4, value=0.035)
    share.number_format = "0.00%"

    stock = sheet_for(wb, "data.stock")
    at = row_of(stock, "refugees")
    stock.insert_rows(at)  # Excel's "Insert row" above the refugees row
    stock.cell(row=at, column=2, value="  of which: transit migrants ")
    stock.cell(row=at, column=3, value=1200)
    stock.cell(row=at, column=4, value=500)
    stock.cell(row=at + 8, column=13, value="checked by the statistics office")

    flows = sheet_for(wb, "data.flows")
    first = row_of(flows, "immigration")
    last = row_of(flows, "returns")
    for col in range(1, 5):  # copy the immigration row, hidden key included, below the table
        flows.cell(row=last + 2, column=col, value=flows.cell(row=first, column=col).value)
    flows.cell(row=last + 2, column=3, value=40)
    flows.cell(row=first, column=3, value=35)
    wb.save(annex)
    return annex


def expected_extra_rows(annex: Path) -> dict[str, list[ExtraRow]]:
    wb = openpyxl.load_workbook(annex)
    sdg, stock, flows = (sheet_for(wb, q) for q in ("data.sdg", "data.stock", "data.flows"))
    below = row_of(sdg, "sdg_17_3_2") + 1
    inserted = row_of(stock, "refugees") - 1
    copied = row_of(flows, "returns") + 2
    return {
        "data.sdg": [
            ExtraRow(
                row=below,
                label="Remittance inflows",
                cells={"value": 0.035},
                ref=f"B{below}:D{below}",
                percent={"value"},
            )
        ],
        "data.stock": [
            ExtraRow(
                row=inserted,
                label="of which: transit migrants",
                cells={"total": 1200, "female": 500},
                ref=f"B{inserted}:D{inserted}",
            )
        ],
        "data.flows": [
            ExtraRow(
                row=copied,
                label=flows.cell(row=copied, column=2).value,
                cells={"total": 40},
                ref=f"B{copied}:C{copied}",
                copied_key="immigration",
            )
        ],
    }


def test_an_annex_as_written_has_no_percent_cells_and_no_extra_rows(tmp_path):
    bank = default_bank()
    annex = written_annex(tmp_path)
    content = read_xlsx(annex, bank)
    assert content.percent_cells == {}
    assert content.extra_rows == {}
    assert content.tables["data.stock"]["cells"]["refugees"] == {"total": 1500}
    for example in sorted((ROOT / "examples").glob("*/*_data.xlsx")):
        shipped = read_xlsx(example, bank)
        assert shipped.tables, example.name
        assert (shipped.percent_cells, shipped.extra_rows) == ({}, {}), example.name


def test_percent_cells_and_inserted_rows_are_reported(tmp_path):
    annex = edit_like_a_person(written_annex(tmp_path))
    content = read_xlsx(annex, default_bank())

    sdg = content.tables["data.sdg"]["cells"]
    assert sdg["sdg_10_7_4"] == {"value": 0.061}  # as stored: the reader does not know units
    assert sdg["sdg_10_c_1"] == {"value": 6.25, "source_type": "Administrative records"}
    assert content.percent_cells == {"data.sdg": {("sdg_10_7_4", "value")}}

    stock = content.tables["data.stock"]["cells"]
    assert stock["refugees"] == {"total": 1500}  # moved down one row, still read by its key
    assert stock["foreign_born"]["total"] == 102000
    assert content.tables["data.flows"]["cells"]["immigration"] == {"total": 35}
    assert content.extra_rows == expected_extra_rows(annex)


def test_a_row_below_the_table_with_only_a_label_is_reported(tmp_path):
    annex = written_annex(tmp_path)
    wb = openpyxl.load_workbook(annex)
    ws = sheet_for(wb, "data.detention")
    below = row_of(ws, "alternatives") + 3
    ws.cell(row=below, column=2, value="Figures for 2026 are provisional")
    ws.cell(row=below + 1, column=2, value="   ")  # blank text is not content
    ws.cell(row=below + 1, column=6, value="")
    wb.save(annex)
    content = read_xlsx(annex, default_bank())
    assert content.extra_rows == {
        "data.detention": [
            ExtraRow(row=below, label="Figures for 2026 are provisional", cells={}, ref=f"B{below}")
        ]
    }


@pytest.mark.parametrize(
    ("code", "percent"),
    [
        ("0%", True),
        ("0.0%", True),
        ("#,##0.00%", True),
        ("0.00%;[Red]-0.00%", True),
        ("[$-409]0.0%", True),
        ("General", False),
        ("#,##0", False),
        ('0.0" %"', False),  # a quoted sign is a literal: the value is not multiplied
        ("0.0\\%", False),
        ("0.0_%", False),
        ("[$%-409]0", False),
        ("", False),
    ],
)
def test_percent_format_codes(code, percent):
    assert is_percent_format(code) is percent


def test_built_in_percent_formats_are_recognised(tmp_path):
    annex = written_annex(tmp_path)
    wb = openpyxl.load_workbook(annex)
    ws = sheet_for(wb, "data.sdg")
    for row_id, fmt, value in (("sdg_10_7_1", "0%", 0.05), ("sdg_17_3_2", "0.00%", 0.071)):
        cell = ws.cell(row=row_of(ws, row_id), column=4, value=value)
        cell.number_format = fmt  # openpyxl writes these as built-in ids 9 and 10
    quoted = ws.cell(row=row_of(ws, "sdg_10_7_3"), column=4, value=12)
    quoted.number_format = '0" %"'
    wb.save(annex)
    content = read_xlsx(annex, default_bank())
    assert content.percent_cells == {"data.sdg": {("sdg_10_7_1", "value"), ("sdg_17_3_2", "value")}}
    assert content.tables["data.sdg"]["cells"]["sdg_17_3_2"] == {"value": 0.071}


def test_read_rows_still_reads_every_sheet(tmp_path):
    annex = edit_like_a_person(written_annex(tmp_path))
    sheets = read_rows(annex)
    stock = next(rows for rows in sheets.values() if rows and rows[0][0] == MARKER + "data.stock")
    assert [v.strip() if isinstance(v, str) else v for v in stock[8][1:4]] == [
        "of which: transit migrants",
        1200,
        500,
    ]


@pytest.mark.libreoffice
def test_libreoffice_resave_keeps_percent_cells_and_extra_rows(tmp_path, convert_optional):
    if convert_optional is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    annex = edit_like_a_person(written_annex(tmp_path, "fr"))
    resaved = convert_optional(annex, "xlsx:Calc MS Excel 2007 XML", tmp_path / "resaved")
    bank = default_bank()
    before, after = read_xlsx(annex, bank), read_xlsx(resaved, bank)
    assert after.percent_cells == before.percent_cells == {"data.sdg": {("sdg_10_7_4", "value")}}
    assert after.extra_rows == before.extra_rows == expected_extra_rows(annex)
    assert after.tables == before.tables
