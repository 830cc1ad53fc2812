"""Read a data annex (.xlsx) back: metadata and the figures of each table.

The workbook is read straight from its XML with the same defensive package reader as Word
files (size limits, no DTDs or entities, nothing external fetched): the annex is small and
regular, and this is ten times faster than loading it with openpyxl. Sheets are found by the
marker in their cell A1, rows and columns by the hidden keys, so renamed sheets and files
re-saved by LibreOffice Calc or Excel are read the same. Cached values of formulas are read.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from gcmreview.bank import QuestionBank
from gcmreview.layout import (
    FIRST_DATA_ROW,
    KEY_ROW,
    MARKER,
    META_PREFIX,
    SOURCE_CELL,
    UNIT_KEY,
    YEAR_CELL,
)
from gcmreview.ooxml import Package, UnreadableFile

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def s(tag: str) -> str:
    return f"{{{S}}}{tag}"


@dataclass
class AnnexContent:
    metadata: dict[str, str]
    #: question id -> {"reference_year", "source", "cells": {row: {col: value}}}, as typed
    tables: dict[str, dict] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)  # question id -> sheet title


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _position(ref: str) -> tuple[int, int]:
    match = CELL_REF.match(ref)
    assert match is not None
    return int(match.group(2)), _column_number(match.group(1))


def _text(el: etree._Element) -> str:
    """Text of a shared or inline string, including rich-text runs, without phonetic runs."""
    parts = []
    for node in el.iter(s("t")):
        parent = node.getparent()
        if parent is not None and parent.tag == s("rPh"):
            continue
        parts.append(node.text or "")
    return "".join(parts)


def _sheet_paths(pkg: Package) -> list[tuple[str, str]]:
    """(sheet title, part name) in workbook order."""
    workbook = pkg.xml("xl/workbook.xml")
    rels_name = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if pkg.has(rels_name):
        for rel in pkg.xml(rels_name).findall(f"{{{PR}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue  # never followed
            target = rel.get("Target") or ""
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
            targets[rel.get("Id") or ""] = path
    sheets = []
    container = workbook.find(s("sheets"))
    for sheet in container if container is not None else []:
        rid = sheet.get(f"{{{R}}}id")
        if rid in targets and pkg.has(targets[rid]):
            sheets.append((sheet.get("name") or "", targets[rid]))
    return sheets


def _cells(root: etree._Element, shared: list[str]) -> dict[tuple[int, int], object]:
    values: dict[tuple[int, int], object] = {}
    data = root.find(s("sheetData"))
    if data is None:
        return values
    for row_index, row in enumerate(data.iter(s("row")), start=1):
        r = int(row.get("r") or row_index)
        col = 0
        for c in row.iter(s("c")):
            ref = c.get("r")
            match = CELL_REF.match(ref) if ref else None
            col = _column_number(match.group(1)) if match else col + 1
            kind = c.get("t", "n")
            v = c.find(s("v"))
            value: object
            if kind == "inlineStr":
                inline = c.find(s("is"))
                value = _text(inline) if inline is not None else ""
            elif v is None or v.text is None:
                continue
            elif kind == "s":
                try:
                    value = shared[int(v.text)]
                except (ValueError, IndexError):
                    continue
            elif kind in ("str", "e"):
                value = v.text
            elif kind == "b":
                value = v.text == "1"
            else:
                try:
                    number = float(v.text)
                except ValueError:
                    value = v.text
                else:
                    value = (
                        int(number)
                        if number.is_integer() and "." not in v.text and "E" not in v.text.upper()
                        else number
                    )
            values[(r, col)] = value
    return values


def read_xlsx(path: Path, bank: QuestionBank) -> AnnexContent:
    with Package(path) as pkg:
        if not pkg.has("xl/workbook.xml"):
            if pkg.has("word/document.xml"):
                raise UnreadableFile("this is a Word document, not an Excel data annex")
            raise UnreadableFile("not an Excel workbook (no xl/workbook.xml)")
        if pkg.has("xl/vbaProject.bin"):
            raise UnreadableFile("this is a macro-enabled workbook (.xlsm); save it as .xlsx")
        metadata = {
            k.removeprefix(META_PREFIX): v
            for k, v in pkg.custom_properties().items()
            if k.startswith(META_PREFIX)
        }
        shared: list[str] = []
        if pkg.has("xl/sharedStrings.xml"):
            shared = [_text(si) for si in pkg.xml("xl/sharedStrings.xml").findall(s("si"))]
        content = AnnexContent(metadata=metadata)
        for title, part in _sheet_paths(pkg):
            root = pkg.xml(part)
            cells = _cells(root, shared)
            marker = cells.get((1, 1))
            if not isinstance(marker, str) or not marker.startswith(MARKER):
                continue
            qid = marker.removeprefix(MARKER)
            q = bank.questions.get(qid)
            if q is None or q.table is None or qid in content.tables:
                continue
            content.sheets[qid] = title
            column_keys = {
                col: key
                for (row, col), key in cells.items()
                if row == KEY_ROW and col >= 3 and isinstance(key, str) and key and key != UNIT_KEY
            }
            row_keys = {
                row: key
                for (row, col), key in cells.items()
                if col == 1 and row >= FIRST_DATA_ROW and isinstance(key, str) and key
            }
            table: dict[str, dict[str, object]] = {}
            for (row, col), value in sorted(cells.items()):
                if row not in row_keys or col not in column_keys:
                    continue
                if isinstance(value, str) and not value.strip():
                    continue
                table.setdefault(row_keys[row], {})[column_keys[col]] = value
            content.tables[qid] = {
                "reference_year": cells.get(_position(YEAR_CELL)),
                "source": cells.get(_position(SOURCE_CELL)),
                "cells": table,
            }
    return content


def read_rows(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet of a workbook as rows of values (for small workbooks gcmreview wrote,
    such as the validation tracker), read with the same defences as a data annex."""
    with Package(path) as pkg:
        if not pkg.has("xl/workbook.xml"):
            raise UnreadableFile("not an Excel workbook (no xl/workbook.xml)")
        shared: list[str] = []
        if pkg.has("xl/sharedStrings.xml"):
            shared = [_text(si) for si in pkg.xml("xl/sharedStrings.xml").findall(s("si"))]
        sheets: dict[str, list[list[object]]] = {}
        for title, part in _sheet_paths(pkg):
            cells = _cells(pkg.xml(part), shared)
            if not cells:
                sheets[title] = []
                continue
            rows = max(r for r, _ in cells)
            cols = max(c for _, c in cells)
            sheets[title] = [
                [cells.get((r, c)) for c in range(1, cols + 1)] for r in range(1, rows + 1)
            ]
    return sheets
