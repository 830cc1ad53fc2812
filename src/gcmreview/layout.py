"""Names and places shared by the writers and the readers of reports, kept apart from
python-docx and openpyxl so that reading (``check``) does not import them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gcmreview.bank import Question, ResolvedTable

#: Prefix of gcmreview's custom document properties (both the .docx and the .xlsx).
META_PREFIX = "gcmreview."

# Cell shading of a question table in the Word report: the reader uses it to tell the grey
# guidance cell from the answer box when a person has typed over the guidance.
ANSWER_FILL = "FFFBEA"
QUESTION_FILL = "E8F0F8"
GUIDANCE_FILL = "F4F4F4"

# Where things are in a data-annex sheet.
MARKER = "gcmreview:"
KEY_ROW = 5
HEADER_ROW = 6
FIRST_DATA_ROW = 7
YEAR_CELL = "C3"
SOURCE_CELL = "C4"
UNIT_KEY = "_unit"
LISTS_SHEET = "_lists"


def annex_path_for(report: Path) -> Path:
    """The data annex that goes with a report: ``X.docx`` → ``X_data.xlsx``."""
    return report.with_name(report.stem + "_data.xlsx")


def manifest_path_for(report: Path) -> Path:
    """``synthesis.docx`` → ``synthesis.manifest.json``: the passages of a synthesis."""
    return report.with_name(report.stem + ".manifest.json")


# ---------------------------------------------------------------- data-annex table sheets

#: The first column of a table sheet's figures (C); column A holds the row IDs, B the labels.
FIRST_TABLE_COLUMN = 3
#: What Excel does not allow in a sheet name, and its length limit.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31


def column_letters(n: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def table_columns(spec: ResolvedTable) -> list[str]:
    """The column keys of a table sheet from column C on, in order: the unit (when rows have
    units of their own), then the table's columns."""
    keys = [UNIT_KEY] if any(r.unit for r in spec.rows) else []
    return keys + [c.id for c in spec.columns]


def cell_address(spec: ResolvedTable, row_id: str, column_id: str) -> str | None:
    """Where gcmreview writes a table's cell in the data annex ("C7"), or None for a row or
    column the table does not have. A person may move rows: the reader records where each
    cell actually was (:attr:`gcmreview.reader_xlsx.AnnexContent.addresses`)."""
    rows = [r.id for r in spec.rows]
    columns = table_columns(spec)
    if row_id not in rows or column_id not in columns:
        return None
    column = column_letters(FIRST_TABLE_COLUMN + columns.index(column_id))
    return f"{column}{FIRST_DATA_ROW + rows.index(row_id)}"


def sheet_title(q: Question, lang: str) -> str:
    """The name of a table's sheet in the annex's language: the interface string
    ``xlsx.tab.<question id>`` for the bank's own tables, else the question's short title
    where Excel allows it as a sheet name, else the ID without its section prefix. Readers
    never rely on it: a sheet is found by the marker in its cell A1."""
    from gcmreview.i18n import strings, t
    from gcmreview.reference import pick

    key = f"xlsx.tab.{q.id}"
    if key in strings():
        return t(key, lang)
    title = pick(q.title or q.text, lang).strip()
    if (
        title
        and len(title) <= SHEET_NAME_MAX
        and not _SHEET_FORBIDDEN.search(title)
        and not title.startswith("'")
        and not title.endswith("'")
        and title != LISTS_SHEET
    ):
        return title
    return q.id.split(".", 1)[-1][:SHEET_NAME_MAX]
