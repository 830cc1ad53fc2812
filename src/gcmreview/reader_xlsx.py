"""Read a data annex (.xlsx) back: metadata and the figures of each table.

The workbook is first opened as a zip with :class:`~gcmreview.ooxml.Package` (size limits, no
DTDs), then by openpyxl, which parses through defusedxml when it is installed (a dependency).
Sheets are found by the marker in their cell A1, rows and columns by the hidden keys, so renamed
sheets and re-saved files (LibreOffice Calc) are read the same.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

from gcmreview.annex_xlsx import (
    FIRST_DATA_ROW,
    KEY_ROW,
    MARKER,
    SOURCE_CELL,
    UNIT_KEY,
    YEAR_CELL,
)
from gcmreview.bank import QuestionBank
from gcmreview.ooxml import Package, UnreadableFile, parse_xml
from gcmreview.report_docx import META_PREFIX

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


@dataclass
class AnnexContent:
    metadata: dict[str, str]
    # question id -> (reference_year, source, cells[row][col]) as typed (raw cell values)
    tables: dict[str, dict] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)  # question id -> sheet title


def _precheck(path: Path) -> None:
    with Package(path) as pkg:
        if not pkg.has("xl/workbook.xml"):
            if pkg.has("word/document.xml"):
                raise UnreadableFile("this is a Word document, not an Excel data annex")
            raise UnreadableFile("not an Excel workbook (no xl/workbook.xml)")
        if pkg.has("xl/vbaProject.bin"):
            raise UnreadableFile("this is a macro-enabled workbook (.xlsm); save it as .xlsx")
        for name in pkg.names():
            if name.endswith(".xml") or name.endswith(".rels"):
                parse_xml(pkg.read(name), part=name)  # refuses DTDs and entities


def read_xlsx(path: Path, bank: QuestionBank) -> AnnexContent:
    _precheck(path)
    import openpyxl

    with Package(path) as pkg:
        metadata = {
            k.removeprefix(META_PREFIX): v
            for k, v in pkg.custom_properties().items()
            if k.startswith(META_PREFIX)
        }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, data_only=True, read_only=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise UnreadableFile(f"Excel cannot read this workbook ({type(exc).__name__})") from None
    content = AnnexContent(metadata=metadata)
    try:
        for ws in wb.worksheets:
            marker = ws["A1"].value
            if not isinstance(marker, str) or not marker.startswith(MARKER):
                continue
            qid = marker.removeprefix(MARKER)
            q = bank.questions.get(qid)
            if q is None or q.table is None or qid in content.tables:
                continue
            content.sheets[qid] = ws.title
            column_keys: dict[int, str] = {}
            for col in range(3, ws.max_column + 1):
                key = ws.cell(row=KEY_ROW, column=col).value
                if isinstance(key, str) and key and key != UNIT_KEY:
                    column_keys[col] = key
            cells: dict[str, dict[str, object]] = {}
            for row in range(FIRST_DATA_ROW, ws.max_row + 1):
                row_key = ws.cell(row=row, column=1).value
                if not isinstance(row_key, str) or not row_key:
                    continue
                for col, col_key in column_keys.items():
                    value = ws.cell(row=row, column=col).value
                    if value is None or (isinstance(value, str) and not value.strip()):
                        continue
                    cells.setdefault(row_key, {})[col_key] = value
            content.tables[qid] = {
                "reference_year": ws[YEAR_CELL].value,
                "source": ws[SOURCE_CELL].value,
                "cells": cells,
            }
    finally:
        wb.close()
    return content
