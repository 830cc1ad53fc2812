"""Writing cells of every workbook gcmreview makes.

Every value a workbook shows comes from somewhere gcmreview does not control: the question
bank, a submission, a returned workbook or form, the command line, reference data. So every
cell is written through this module, whichever the workbook (the data annex, the analyst
workbook, the consultation and consolidation workbooks, the validation tracker, the XLSForm)
and whichever the worksheet mode (normal or write-only):

* a text is always stored as a *string* cell, never a formula: openpyxl makes any text that
  starts with ``=`` a formula (and ``#N/A`` an error) unless told otherwise;
* a text that Excel or Calc would read as a formula when the cell is edited or re-typed --
  it starts with ``=``, ``+``, ``-`` or ``@`` (also after leading spaces, and in their
  full-width forms ``＝ ＋ － ＠``), or with a tab or a carriage return -- gets Excel's
  "quote prefix" flag, so it is shown as typed and never evaluated (no ``=HYPERLINK``, no
  DDE);
* characters XML cannot hold are removed (:func:`xml_safe`), so a workbook is never left
  half-written by a stray control character;
* numbers, dates, booleans and empty cells are written as they are.

Formulas gcmreview means (the drop-down lists of data validation, named ranges) are not cell
values and are not written here.

Use :func:`cell` for a cell given to ``ws.append`` (write-only sheets, or rows of a normal
sheet), :func:`put` for a cell at a position of a normal sheet, :func:`write` for a cell that
already exists (``ws["A1"]``) and :func:`append` for a row of plain values.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl.cell import WriteOnlyCell

from gcmreview.xmltext import xml_safe

#: What XML 1.0 cannot hold: C0 controls but tab, line feed and carriage return; U+FFFE,
#: U+FFFF; surrogates (only lone ones reach a str).
#: First characters (after leading spaces) that make Excel or Calc read a text as a formula.
FORMULA_START = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
#: First characters that can hide a formula start when a text is pasted into a spreadsheet.
CONTROL_START = ("\t", "\r")
#: Cell attributes :func:`write` accepts as keyword arguments.
STYLES = frozenset({"font", "fill", "alignment", "border", "protection", "number_format"})


def formula_like(text: str) -> bool:
    """Whether Excel or Calc could read ``text`` as a formula: it starts with ``=``, ``+``,
    ``-`` or ``@`` (or their full-width forms), possibly after spaces, tabs or line ends, or
    it starts with a tab or a carriage return."""
    head = text[:1]
    if head and not head.isspace():  # the usual case: no copy of a long text's start
        return head in FORMULA_START
    return text.startswith(CONTROL_START) or text.lstrip().startswith(FORMULA_START)


def write(cell: Any, value: object, **style: Any) -> Any:
    """Put ``value`` in ``cell`` (a cell of a normal sheet or a :func:`cell`) by the rules of
    this module, set the ``style`` attributes given (``font``, ``fill``, ``alignment``,
    ``border``, ``protection``, ``number_format``; ``None`` leaves one as it is), and return
    the cell."""
    if isinstance(value, str):
        text = xml_safe(value)
        cell.value = text  # openpyxl makes "=…" a formula and "#N/A" an error here …
        cell.data_type = "s"  # … so the type is set after the value: always a string
        cell.quotePrefix = formula_like(text)
    else:
        cell.value = value
        if cell.quotePrefix:
            cell.quotePrefix = False
    for name, setting in style.items():
        if name not in STYLES:
            raise TypeError(f"write() got an unexpected style {name!r}")
        if setting is not None:
            setattr(cell, name, setting)
    return cell


def cell(ws: Any, value: object = None, **style: Any) -> Any:
    """A new cell of worksheet ``ws`` holding ``value``, for ``ws.append`` (a write-only sheet
    takes only such cells when they are styled; a normal sheet puts it in the next row)."""
    return write(WriteOnlyCell(ws), value, **style)


def put(ws: Any, row: int, column: int, value: object = None, **style: Any) -> Any:
    """Write ``value`` at ``row``, ``column`` (1-based) of the normal worksheet ``ws``; returns
    the cell."""
    return write(ws.cell(row=row, column=column), value, **style)


def value(ws: Any, given: object) -> Any:
    """What to pass to ``ws.append`` for an unstyled value: the value itself where openpyxl
    stores it as it is (numbers, dates, text that cannot start a formula, made storable),
    otherwise a :func:`cell` (formula-like text). Large workbooks stay fast: most cells need
    no cell object."""
    if isinstance(given, str):
        text = xml_safe(given)
        return cell(ws, text) if formula_like(text) else text
    return given


def append(ws: Any, values: Iterable[object], **style: Any) -> None:
    """Add a row of values after the last row of ``ws`` (normal or write-only), every cell
    written by the rules of this module, each with the ``style`` given."""
    if not any(setting is not None for setting in style.values()):
        ws.append([value(ws, given) for given in values])
        return
    ws.append([cell(ws, given, **style) for given in values])


class Rows:
    """The rows of a large write-only sheet, written as SpreadsheetML text by the rules of
    this module rather than one openpyxl cell at a time (an analyst workbook holds every answer
    of a region: half a million cells).

    Make the sheet and its header with openpyxl, then :meth:`append` rows here; pass the
    :class:`Rows` to :func:`gcmreview.files.workbook_bytes`, which puts them after the header
    in the saved file. ``wrap`` names the column (0-based) whose text wraps."""

    def __init__(self, ws: Any, wrap: int | None = None) -> None:
        from openpyxl.styles import Alignment

        self.title: str = ws.title
        self.wrap = wrap
        self._next = 2
        self._xml: list[str] = []  # rows not yet in the spool
        # the rows so far, kept out of memory; closed when read by chunks()
        self._spool = tempfile.TemporaryFile()  # noqa: SIM115
        self._quote = cell(ws, "=").style_id
        wrapped = Alignment(wrap_text=True, vertical="top")
        self._wrapped = cell(ws, "x", alignment=wrapped).style_id
        self._wrapped_quote = cell(ws, "=", alignment=wrapped).style_id
        self._columns: list[str] = []

    def _column(self, index: int) -> str:
        from openpyxl.utils import get_column_letter

        while len(self._columns) <= index:
            self._columns.append(get_column_letter(len(self._columns) + 1))
        return self._columns[index]

    def append(self, values: Iterable[object]) -> None:
        """Add a row of values (text, numbers, booleans or empty) after the last one."""
        r = self._next
        self._next += 1
        out = [f'<row r="{r}">']
        values = list(values)
        columns = self._columns
        if len(columns) < len(values):
            self._column(len(values) - 1)
        for index, given in enumerate(values):
            if given is None or given == "":
                continue
            ref = f"{columns[index]}{r}"
            if isinstance(given, bool):
                out.append(f'<c r="{ref}" t="b"><v>{int(given)}</v></c>')
            elif isinstance(given, int | float) and given == given and abs(given) != INF:
                out.append(f'<c r="{ref}"><v>{given!r}</v></c>')
            else:
                text = xml_safe(str(given))
                wrap = index == self.wrap
                if formula_like(text):
                    style = f' s="{self._wrapped_quote if wrap else self._quote}"'
                else:
                    style = f' s="{self._wrapped}"' if wrap else ""
                text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                out.append(
                    f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">'
                    f"{text}</t></is></c>"
                )
        out.append("</row>")
        self._xml.append("".join(out))
        if len(self._xml) >= 500:
            self._flush()

    def _flush(self) -> None:
        self._spool.write("".join(self._xml).encode("utf-8"))
        self._xml = []

    def chunks(self) -> Iterator[bytes]:
        """The rows, as the content that follows the header row in ``<sheetData>``, a
        megabyte at a time; the spool is closed afterwards."""
        self._flush()
        self._spool.seek(0)
        try:
            while chunk := self._spool.read(1 << 20):
                yield chunk
        finally:
            self._spool.close()


INF = float("inf")
