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

from collections.abc import Iterable
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
