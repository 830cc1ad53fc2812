"""Read a data annex (.xlsx) back: metadata and the figures of each table.

The workbook is read straight from its XML with the same defensive package reader as Word
files (size limits, no DTDs or entities, nothing external fetched): the annex is small and
regular, and this is ten times faster than loading it with openpyxl. Sheets are found by the
marker in their cell A1 (in the hidden column A), never by their names: the names are in the
annex's language ("Effectif de migrants"), older annexes have English ones ("stock") and people
rename tabs. Rows and columns are found by the hidden keys, so renamed sheets and files
re-saved by LibreOffice Calc or Excel are read the same. Cached values of formulas are read.

Two things people do in Excel are reported rather than lost: a number typed as ``6.1%`` is
stored as 0.061 with a percent number format (:attr:`AnnexContent.percent_cells` lists such
cells; the stored value is kept), and a row inserted into a table (no row ID in the hidden
column A, or a copied row that repeats one) is listed in :attr:`AnnexContent.extra_rows`
instead of being ignored.
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
    column_letters,
)
from gcmreview.messages import Text
from gcmreview.ooxml import Package, UnreadableFile, first_child, parse_xml

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
STYLES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
#: Built-in number formats that show a value times 100 with a percent sign: 0% and 0.00%.
PERCENT_FORMATS = frozenset({9, 10})
PERCENT_ID = re.compile(rb"numFmtId=[\"'](?:9|10)[\"']")


def s(tag: str) -> str:
    return f"{{{S}}}{tag}"


@dataclass
class ExtraRow:
    """A row of a table sheet, at or below the first data row, that is not one of the table's
    rows: inserted or typed below the table by a person (no row ID in column A), or a copy
    of a row above (its row ID repeated). Its figures are not part of the table."""

    #: the Excel row number (1-based)
    row: int
    #: the text in column B (the row label), "" if none
    label: str
    #: column id -> value as stored, for the table's keyed data columns that are not empty
    cells: dict[str, object]
    #: the A1 range of the row's non-empty cells from column B on, e.g. "B10:K10" ("D10"
    #: for one cell)
    ref: str
    #: column ids of ``cells`` shown with a percent number format (stored as fractions)
    percent: set[str] = field(default_factory=set)
    #: the row ID in column A when the row repeats the ID of a row above (a copied row)
    copied_key: str | None = None


@dataclass
class AnnexContent:
    """What a data annex holds: its gcmreview properties and, per table question, the
    figures as stored, with what a person added that is not part of the tables."""

    #: gcmreview's custom document properties, without the ``gcmreview.`` prefix
    metadata: dict[str, str]
    #: question id -> {"reference_year", "source", "cells": {row: {col: value}}}, as typed
    tables: dict[str, dict] = field(default_factory=dict)
    sheets: dict[str, str] = field(default_factory=dict)  # question id -> sheet title
    #: question id -> {(row id, column id)} of the cells of ``tables`` whose number is shown
    #: with a percent format: Excel stores "6.1%" as 0.061 (the value is kept as stored)
    percent_cells: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    #: question id -> rows of the table sheet that are not rows of the table, in sheet order
    extra_rows: dict[str, list[ExtraRow]] = field(default_factory=dict)
    #: question id -> {(row id, column id): "C7"}: where each cell of the table's rows and
    #: columns is in the sheet as read (a person may have moved rows), for ``check``
    addresses: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


#: Column numbers of the cell references read so far ("C7" -> 3; None: not a reference);
#: the same few hundred recur in every annex. Bounded, whatever a file holds.
_COLUMNS: dict[str, int | None] = {}
_COLUMNS_KEPT = 20_000


def _column_of(ref: str) -> int | None:
    """The column of a cell reference ("C7" -> 3), None when ``ref`` is not one."""
    found = _COLUMNS.get(ref, 0)
    if found != 0:
        return found
    match = CELL_REF.match(ref)
    found = _column_number(match.group(1)) if match else None
    if len(_COLUMNS) < _COLUMNS_KEPT:
        _COLUMNS[ref] = found
    return found


def _position(ref: str) -> tuple[int, int]:
    match = CELL_REF.match(ref)
    assert match is not None
    return int(match.group(2)), _column_number(match.group(1))


S_T, S_RPH, S_V, S_IS, S_C, S_ROW = (s(tag) for tag in ("t", "rPh", "v", "is", "c", "row"))


def _text(el: etree._Element) -> str:
    """Text of a shared or inline string, including rich-text runs, without phonetic runs."""
    first = el[0] if len(el) == 1 else None
    if first is not None and first.tag == S_T and not len(first):  # plain text: the usual case
        return first.text or ""
    parts = []
    for node in el.iter(S_T):
        parent = node.getparent()
        if parent is not None and parent.tag == S_RPH:
            continue
        parts.append(node.text or "")
    return "".join(parts)


def _workbook_parts(pkg: Package) -> dict[str, tuple[str, str]]:
    """Relationship id -> (relationship type, part name) of the workbook's internal parts."""
    rels_name = "xl/_rels/workbook.xml.rels"
    targets: dict[str, tuple[str, str]] = {}
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
            targets[rel.get("Id") or ""] = (rel.get("Type") or "", path)
    return targets


def _sheet_paths(
    pkg: Package, parts: dict[str, tuple[str, str]] | None = None
) -> list[tuple[str, str]]:
    """(sheet title, part name) in workbook order."""
    workbook = pkg.xml("xl/workbook.xml")
    targets = {
        rid: path
        for rid, (_type, path) in (parts if parts is not None else _workbook_parts(pkg)).items()
    }
    sheets = []
    container = workbook.find(s("sheets"))
    for sheet in container if container is not None else []:
        rid = sheet.get(f"{{{R}}}id")
        if rid in targets and pkg.has(targets[rid]):
            sheets.append((sheet.get("name") or "", targets[rid]))
    return sheets


def is_percent_format(code: str) -> bool:
    """Whether a number format code shows numbers as percentages (times 100): a ``%`` that is
    not quoted (``0.0" %"``), escaped (``0.0\\%``), in brackets or after ``_`` or ``*``."""
    quoted = bracket = skip = False
    for ch in code:
        if skip:
            skip = False
        elif quoted:
            quoted = ch != '"'
        elif bracket:
            bracket = ch != "]"
        elif ch in "\\_*":
            skip = True
        elif ch == '"':
            quoted = True
        elif ch == "[":
            bracket = True
        elif ch == "%":
            return True
    return False


def _percent_styles(pkg: Package, parts: dict[str, tuple[str, str]]) -> frozenset[int]:
    """Indexes of the cell formats (``cellXfs``) whose number format is a percentage."""
    path = next((p for kind, p in parts.values() if kind == STYLES_TYPE), "xl/styles.xml")
    if not pkg.has(path):
        return frozenset()
    data = pkg.read(path)
    if b"%" not in data and PERCENT_ID.search(data) is None:
        return frozenset()  # the usual case, seen without parsing the XML
    root = parse_xml(data, part=path)
    custom: dict[int, str] = {}
    formats = root.find(s("numFmts"))
    for fmt in formats if formats is not None else []:
        try:
            custom[int(fmt.get("numFmtId") or "")] = fmt.get("formatCode") or ""
        except ValueError:
            continue
    found: set[int] = set()
    xfs = root.find(s("cellXfs"))
    for index, xf in enumerate(xfs.findall(s("xf")) if xfs is not None else []):
        try:
            number_format = int(xf.get("numFmtId") or 0)
        except ValueError:
            continue
        code = custom.get(number_format)
        if is_percent_format(code) if code is not None else number_format in PERCENT_FORMATS:
            found.add(index)
    return frozenset(found)


def _cells(
    root: etree._Element,
    shared: list[str],
    styles: dict[tuple[int, int], int] | None = None,
) -> dict[tuple[int, int], object]:
    """(row, column) -> value of every cell with a value. When ``styles`` is given, it
    receives the cell format index (the ``s`` attribute) of each number cell that has one."""
    values: dict[tuple[int, int], object] = {}
    data = root.find(s("sheetData"))
    if data is None:
        return values
    for row_index, row in enumerate(data.iter(S_ROW), start=1):
        r = int(row.get("r") or row_index)
        col = 0
        for c in row:  # its cells (a plain loop: lxml's search by tag costs more to set up)
            if c.tag != S_C:
                continue
            ref = c.get("r")
            known = _column_of(ref) if ref else None
            col = known if known is not None else col + 1
            kind = c.get("t", "n")
            v = first_child(c, S_V)
            text = v.text if v is not None else None  # made anew at each reading: read once
            value: object
            if kind == "inlineStr":
                inline = first_child(c, S_IS)
                value = _text(inline) if inline is not None else ""
            elif text is None:
                continue
            elif kind == "s":
                try:
                    value = shared[int(text)]
                except (ValueError, IndexError):
                    continue
            elif kind in ("str", "e"):
                value = text
            elif kind == "b":
                value = text == "1"
            else:
                try:
                    number = float(text)
                except ValueError:
                    value = text
                else:
                    value = (
                        int(number)
                        if number.is_integer() and "." not in text and "E" not in text.upper()
                        else number
                    )
                    style = c.get("s")
                    if styles is not None and style and style != "0" and style.isdigit():
                        styles[(r, col)] = int(style)
            values[(r, col)] = value
    return values


def read_xlsx(path: Path, bank: QuestionBank) -> AnnexContent:
    with Package(path) as pkg:
        if not pkg.has("xl/workbook.xml"):
            if pkg.has("word/document.xml"):
                raise UnreadableFile(Text("unreadable.is-word"))
            raise UnreadableFile(Text("unreadable.no-workbook-xml"))
        if pkg.has("xl/vbaProject.bin"):
            raise UnreadableFile(Text("unreadable.is-xlsm"))
        metadata = {
            k.removeprefix(META_PREFIX): v
            for k, v in pkg.custom_properties().items()
            if k.startswith(META_PREFIX)
        }
        shared: list[str] = []
        if pkg.has("xl/sharedStrings.xml"):
            shared = [_text(si) for si in pkg.xml("xl/sharedStrings.xml").findall(s("si"))]
        content = AnnexContent(metadata=metadata)
        parts = _workbook_parts(pkg)
        percent_styles: frozenset[int] | None = None  # read once, for the first table sheet
        for title, part in _sheet_paths(pkg, parts):
            root = pkg.xml(part)
            styles: dict[tuple[int, int], int] = {}
            cells = _cells(root, shared, styles)
            marker = cells.get((1, 1))
            if not isinstance(marker, str) or not marker.startswith(MARKER):
                continue
            qid = marker.removeprefix(MARKER)
            q = bank.questions.get(qid)
            if q is None or q.table is None or qid in content.tables:
                continue
            if percent_styles is None:
                percent_styles = _percent_styles(pkg, parts)
            content.sheets[qid] = title
            _read_table(content, qid, cells, {p for p, i in styles.items() if i in percent_styles})
    return content


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _read_table(
    content: AnnexContent,
    qid: str,
    cells: dict[tuple[int, int], object],
    percent: set[tuple[int, int]],
) -> None:
    """Put one table sheet's figures, percent cells and extra rows into ``content``."""
    column_keys = {
        col: key
        for (row, col), key in cells.items()
        if row == KEY_ROW and col >= 3 and isinstance(key, str) and key and key != UNIT_KEY
    }
    row_keys: dict[int, str] = {}
    copies: dict[int, str] = {}  # row -> the row ID it repeats
    seen: set[str] = set()
    keyed = sorted(
        (row, key)
        for (row, col), key in cells.items()
        if col == 1 and row >= FIRST_DATA_ROW and isinstance(key, str) and key
    )
    for row, key in keyed:
        if key in seen:
            copies[row] = key
        else:
            seen.add(key)
            row_keys[row] = key
    table: dict[str, dict[str, object]] = {}
    shown_percent: set[tuple[str, str]] = set()
    others: dict[int, dict[int, object]] = {}
    for (row, col), value in sorted(cells.items()):
        if row < FIRST_DATA_ROW or not _filled(value):
            continue
        if row not in row_keys:
            if col >= 2:
                others.setdefault(row, {})[col] = value
            continue
        if col not in column_keys:
            continue
        table.setdefault(row_keys[row], {})[column_keys[col]] = value
        if (row, col) in percent:
            shown_percent.add((row_keys[row], column_keys[col]))
    content.addresses[qid] = {
        (row_key, col_key): f"{column_letters(col)}{row}"
        for row, row_key in row_keys.items()
        for col, col_key in column_keys.items()
    }
    content.tables[qid] = {
        "reference_year": cells.get(_position(YEAR_CELL)),
        "source": cells.get(_position(SOURCE_CELL)),
        "cells": table,
    }
    if shown_percent:
        content.percent_cells[qid] = shown_percent
    extra: list[ExtraRow] = []
    for row, values in sorted(others.items()):
        data = {column_keys[col]: v for col, v in values.items() if col in column_keys}
        label = values.get(2)
        if label is None and not data:
            continue  # only notes outside the table's columns
        first, last = column_letters(min(values)), column_letters(max(values))
        extra.append(
            ExtraRow(
                row=row,
                label="" if label is None else str(label).strip(),
                cells=data,
                ref=f"{first}{row}" if first == last else f"{first}{row}:{last}{row}",
                percent={
                    column_keys[col]
                    for col in values
                    if col in column_keys and (row, col) in percent
                },
                copied_key=copies.get(row),
            )
        )
    if extra:
        content.extra_rows[qid] = extra


def read_rows(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet of a workbook as rows of values (for small workbooks gcmreview wrote,
    such as the validation tracker), read with the same defences as a data annex."""
    with Package(path) as pkg:
        if not pkg.has("xl/workbook.xml"):
            raise UnreadableFile(Text("unreadable.no-workbook-xml"))
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
