"""Read a KoboToolbox or ODK export of the XLSForm (``gcmreview questions xlsform``) back into
submissions: one :class:`~gcmreview.submission.Submission` per row of the export.

What the exports really hold, and how it is read:

* **Column names** are the form's XML names, with the groups in front of them joined by ``/``
  (``method/method_lead``), ``.`` or ``-`` (ODK Central), or without groups, depending on the
  export settings: a column is known by its last name. Exports whose headers are the question
  labels (KoboToolbox's "Labels" setting) are refused with the setting to choose.
* **Multiple choices** are the codes separated by spaces, and often one 0/1 column per option
  as well (``method/method_consulted/migrants``); either is read.
* **Metadata** (``_id``, ``_uuid``, ``_submission_time``, ``_index``, ``__version__``,
  ``start``, ``end``, ``meta/instanceID``, ODK Central's ``KEY`` and ``SubmissionDate`` …) is
  skipped; any other column the form does not have is listed as ignored.
* **Values**: empty cells are unanswered; numbers stored as text are read (``"15"``,
  ``"15.0"`` for a whole number); dates as text, as date-times, or as Excel date serials;
  choices as codes, or as their labels in any language of the bank. A value that cannot be read
  is kept as it was written, so that ``gcmreview check`` says what is wrong with it.
* **CSV** is UTF-8 (with or without a byte-order mark), separated by ``;`` (KoboToolbox's
  default), ``,`` or tabs.

* **Data-annex tables**: the reference year, the source and each figure
  (``data_stock__refugees__female``) become the submission's ``tables``; a figure is read as
  any number is, a code as a choice is. A reference year that is not a year is kept, as
  written, in the submission's notes for the table (and said for the row).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pydantic import ValidationError

from gcmreview import reference
from gcmreview.bank import Choice, Question, QuestionBank
from gcmreview.errors import EXIT_INVALID, EXIT_OK, GcmError
from gcmreview.files import display, regular_file, slug
from gcmreview.i18n import t
from gcmreview.submission import Answer, Cell, Submission, TableAnswer, normalise_text
from gcmreview.values import read_date, read_number
from gcmreview.xlsform import (
    BANK_FINGERPRINT,
    BANK_ID,
    BANK_VERSION,
    COUNTRY,
    CYCLE,
    IDENTITY_FIELDS,
    KIND,
    LANGUAGE,
    ORGANISATION,
    REGION,
    SOURCE,
    YEAR,
    TableField,
    code_list,
    field_name,
    table_fields,
)

#: An export of a few hundred submissions of a few hundred answers is a few megabytes.
MAX_EXPORT_BYTES = 100 * 1024 * 1024
#: Columns KoboToolbox and ODK add to every export (compared in lower case); columns whose
#: name starts with ``_`` and the ``meta`` and ``formhub`` groups are metadata too.
METADATA = frozenset(
    {
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "simserial",
        "subscriberid",
        "phonenumber",
        "audit",
        "instanceid",
        "instancename",
        "key",
        "submissiondate",
        "submitterid",
        "submittername",
        "attachmentspresent",
        "attachmentsexpected",
        "status",
        "reviewstate",
        "edits",
        "formversion",
    }
)
_NAME_PARTS = re.compile(r"[^A-Za-z0-9_]+")
_TRUE = frozenset({"1", "1.0", "true", "yes", "x"})
#: Excel's day 0 (its serial dates count days from 1899-12-30, in the 1900 date system).
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass
class ImportedRow:
    """One row of the export: its submission, or the reason it cannot become one."""

    row: int
    submission: Submission | None = None
    reason: str | None = None
    #: things said about the row that do not stop it (an assumed language)
    notes: list[str] = field(default_factory=list)
    path: Path | None = None


@dataclass
class KoboImport:
    source: Path
    rows: list[ImportedRow]
    #: columns that are neither the form's nor metadata
    ignored_columns: list[str]

    @property
    def imported(self) -> list[ImportedRow]:
        return [r for r in self.rows if r.submission is not None]

    @property
    def refused(self) -> list[ImportedRow]:
        return [r for r in self.rows if r.submission is None]


# ---------------------------------------------------------------- reading the file


def read_table(path: Path) -> list[list[object]]:
    """The rows of the export's first sheet (xlsx) or of the CSV file, header first."""
    regular_file(path, max_bytes=MAX_EXPORT_BYTES)
    suffix = path.suffix.casefold()
    with path.open("rb") as fh:
        head = fh.read(4)
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise GcmError(
            f"{display(path)} is an old Excel (.xls) file; export again as XLS (which "
            "KoboToolbox writes as .xlsx) or CSV, or save it as .xlsx"
        )
    if head.startswith(b"PK"):
        from gcmreview.ooxml import UnreadableFile
        from gcmreview.reader_xlsx import read_rows

        try:
            sheets = read_rows(path)
        except UnreadableFile as exc:
            raise GcmError(f"{display(path)}: {exc.message}") from None
        first = next(iter(sheets.values()), [])
        return first
    if suffix not in (".csv", ".txt", ".tsv"):
        raise GcmError(f"{display(path)} is neither an .xlsx nor a .csv export")
    return _read_csv(path)


def _read_csv(path: Path) -> list[list[object]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GcmError(
            f"{display(path)} is not UTF-8 text; export it again from KoboToolbox, or in "
            "Excel save it as “CSV UTF-8”"
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    csv.field_size_limit(MAX_EXPORT_BYTES)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [list[object](row) for row in reader]
    except csv.Error as exc:
        raise GcmError(f"{display(path)} is not a readable CSV file ({exc})") from None


# ---------------------------------------------------------------- columns


def _fold(text: str) -> str:
    """Lower case, without accents, with runs of spaces and punctuation as one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(
        ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch)
    )
    return " ".join(kept.split())


@dataclass(frozen=True)
class _Column:
    index: int
    #: the field (an XML name of the form)
    name: str
    #: for a select_multiple's 0/1 column: the option's code
    option: str | None = None


class _Form:
    """What the bank's XLSForm holds, by XML name."""

    def __init__(self, bank: QuestionBank) -> None:
        self.bank = bank
        self.questions: dict[str, Question] = {
            field_name(q.id): q for q in bank.questions.values() if q.kind != "table"
        }
        #: the fields of the data-annex tables (year, source, figures), by name
        self.figures: dict[str, TableField] = {
            name: found
            for q in bank.questions.values()
            if q.table is not None
            for name, found in table_fields(q).items()
        }
        self.names = set(self.questions) | set(IDENTITY_FIELDS) | set(self.figures)

    def column(self, index: int, header: str) -> _Column | None:
        parts = [p for p in _NAME_PARTS.split(header.strip()) if p]
        if len(parts) >= 2:
            q = self.questions.get(parts[-2])
            if q is not None and q.kind == "multichoice" and parts[-1] in q.choice_codes():
                return _Column(index, parts[-2], parts[-1])
        if parts and parts[-1] in self.names:
            return _Column(index, parts[-1])
        return None

    def labels(self) -> set[str]:
        return {_fold(text) for q in self.questions.values() for text in q.text.values()}


def _is_metadata(header: str) -> bool:
    text = header.strip()
    parts = [p for p in _NAME_PARTS.split(text) if p]
    return (
        not parts
        or text.startswith("_")
        or parts[0].casefold() in ("meta", "formhub")
        or (len(parts) == 1 and parts[0].casefold() in METADATA)
    )


def _columns(form: _Form, header: list[object], source: Path) -> tuple[list[_Column], list[str]]:
    columns: list[_Column] = []
    ignored: list[str] = []
    for index, cell in enumerate(header):
        text = "" if cell is None else str(cell).lstrip("\ufeff")
        found = form.column(index, text)
        if found is not None:
            columns.append(found)
        elif not _is_metadata(text):
            ignored.append(text)
    if not any(c.name in form.questions for c in columns):
        labels = form.labels()
        as_labels = sum(
            1 for text in ignored if any(_fold(text).endswith(label) for label in labels if label)
        )
        if as_labels:
            raise GcmError(
                f"{display(source)} has the questions' labels as column headers, not their "
                "XML names: in KoboToolbox, export again with “Value and header format: XML "
                "values and headers”"
            )
        raise GcmError(
            f"{display(source)} has no column for a question of bank {form.bank.id} "
            f"{form.bank.version}: is it an export of the form made by "
            "`gcmreview questions xlsform`?"
        )
    return columns, ignored


# ---------------------------------------------------------------- values


def _text(value: object) -> str:
    """A cell as text: whole numbers without ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if not isinstance(value, str) else value.strip()


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _choice(choices: Sequence[Choice], value: str) -> str:
    """The code ``value`` is, or the code of the option whose label (in any language) it
    is; else ``value`` as written."""
    if any(c.code == value for c in choices):
        return value
    folded = _fold(value)
    for c in choices:
        if any(_fold(label) == folded for label in c.label.values()):
            return c.code
    return value


def _number(value: object, whole: bool, percent: bool = False) -> int | float | None:
    """A number exported as a number or as text (a whole number as an int where one is
    expected); None when the text is not one."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if whole and float(value).is_integer() else value
    reading = read_number(_text(value), "en", whole=whole, percent=percent)
    if reading.problem is None and isinstance(reading.value, int | float):
        return reading.value
    return None


def _answer(q: Question, value: object, options: dict[str, object]) -> Answer | None:
    if q.kind == "multichoice":
        tokens = [] if _empty(value) else _text(value).split()
        flagged = [code for code, flag in options.items() if _text(flag).casefold() in _TRUE]
        if flagged and not set(tokens) <= set(q.choice_codes()):
            tokens = flagged  # labels in the main column: the 0/1 columns say it plainly
        elif not tokens:
            tokens = flagged
        if not tokens:
            return None
        chosen = list(dict.fromkeys(_choice(q.choices, token) for token in tokens))
        order = {code: i for i, code in enumerate(q.choice_codes())}
        return sorted(chosen, key=lambda code: order.get(code, len(order)))
    if _empty(value):
        return None
    if q.kind == "choice":
        return _choice(q.choices, _text(value))
    if q.kind == "number":
        number = _number(value, q.integer)
        return number if number is not None else _text(value)
    if q.kind == "date":
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 2958466:
            return (_EXCEL_EPOCH + timedelta(days=int(value))).isoformat()
        reading = read_date(_text(value), "en")
        if reading.problem is None and isinstance(reading.value, str):
            return reading.value
        return _text(value)
    return normalise_text(_text(value)) or None


def _figure(spec: TableField, value: object) -> Cell | None:
    """A table's figure as read from the export: a number (typed as text or not), a code of
    the column's list (or one of its labels), or the text written, for ``check`` to report."""
    table = spec.question.table
    assert table is not None and spec.row is not None and spec.column is not None
    if _empty(value):
        return None
    if (codes := code_list(spec.column)) is not None:
        return _choice(table.choices.get(codes, ()), _text(value))
    number = _number(value, table.row_integer(spec.row), table.row_percent(spec.row))
    return number if number is not None else _text(value)


def _tables(
    values: dict[str, object], form: _Form, notes: list[str], kept: dict[str, str], lang: str
) -> dict[str, TableAnswer]:
    """The data-annex tables of one row of the export (only those with something in them).
    A reference year that is not a year goes to ``kept`` (the submission's notes, by table),
    as written, and is said in ``notes``."""
    tables: dict[str, TableAnswer] = {}
    for name, spec in form.figures.items():
        value = values.get(name)
        if _empty(value):
            continue
        table = tables.setdefault(spec.question.id, TableAnswer())
        if spec.what == YEAR:
            year = _figure_year(value)
            if year is None:
                notes.append(f"{name}: “{_text(value)}” is not a year; kept in the notes")
                kept[spec.question.id] = f"{t('xlsx.reference_year', lang)}: {_text(value)}"
            table.reference_year = year
        elif spec.what == SOURCE:
            table.source = normalise_text(_text(value)) or None
        else:
            assert spec.row is not None and spec.column is not None
            figure = _figure(spec, value)
            if figure is not None:
                table.cells.setdefault(spec.row.id, {})[spec.column.id] = figure
    return {qid: table for qid, table in tables.items() if not table.is_empty()}


def _figure_year(value: object) -> int | None:
    year = _number(value, whole=True)
    return year if isinstance(year, int) else None


# ---------------------------------------------------------------- rows


def read_export(path: Path, bank: QuestionBank, *, region: str | None = None) -> KoboImport:
    """Read every row of a KoboToolbox or ODK export into a submission, or the reason it
    cannot be one. ``region``: the regional commission of rows that do not name one."""
    default_region = reference.commission(region).code if region else None
    table = read_table(path)
    if not table:
        raise GcmError(f"{display(path)} is empty")
    form = _Form(bank)
    columns, ignored = _columns(form, table[0], path)
    if not any(c.name == COUNTRY for c in columns):
        raise GcmError(
            f"{display(path)} has no {COUNTRY} column, so no row says which country it is "
            "from: make the form again with `gcmreview questions xlsform`, which asks it"
        )
    rows: list[ImportedRow] = []
    for number, cells in enumerate(table[1:], start=2):
        values: dict[str, object] = {}
        options: dict[str, dict[str, object]] = {}
        for col in columns:
            value = cells[col.index] if col.index < len(cells) else None
            if _empty(value):
                continue
            if col.option is not None:
                options.setdefault(col.name, {})[col.option] = value
            else:
                values.setdefault(col.name, value)
        if not values and not options:
            continue  # a blank line
        rows.append(_row(number, values, options, form, default_region))
    if not rows:
        raise GcmError(f"{display(path)} has no submissions (only its header row)")
    return KoboImport(source=path, rows=rows, ignored_columns=ignored)


def _row(
    number: int,
    values: dict[str, object],
    options: dict[str, dict[str, object]],
    form: _Form,
    default_region: str | None,
) -> ImportedRow:
    bank = form.bank
    result = ImportedRow(row=number)

    def given(name: str) -> str:
        value = values.get(name)
        return "" if _empty(value) else _text(value)

    if not given(COUNTRY):
        result.reason = f"no country ({COUNTRY} is empty)"
        return result
    try:
        country = reference.country(given(COUNTRY))
        if given(REGION):
            region = _commission(given(REGION))
        elif default_region:
            region = default_region
        else:
            listing = [c.code for c in reference.commissions() if country.alpha3 in c.all_members]
            if len(listing) != 1:
                result.reason = (
                    f"{country.alpha3}: no regional commission ({REGION} is empty); give --region"
                )
                return result
            region = listing[0]
    except GcmError as exc:
        result.reason = exc.message
        return result
    language = given(LANGUAGE)
    by_name = {_fold(name): code for code, name in reference.LANGUAGE_NAMES.items()}
    language = by_name.get(_fold(language), language.casefold())
    if language not in reference.LANGUAGES:
        result.notes.append(
            f"language {'not given' if not given(LANGUAGE) else repr(given(LANGUAGE))}; "
            f"read as {bank.languages[0]}"
        )
        language = bank.languages[0]
    organisation = given(ORGANISATION) or None
    kind = given(KIND) or ("shadow" if organisation else "national")
    answers: dict[str, Answer] = {}
    for name, q in form.questions.items():
        answer = _answer(q, values.get(name), options.get(name, {}))
        if answer is not None:
            answers[q.id] = answer
    kept: dict[str, str] = {}
    tables = _tables(values, form, result.notes, kept, language)
    try:
        result.submission = Submission(
            kind=kind,  # type: ignore[arg-type]
            country=country.alpha3,
            region=region,
            language=language,  # type: ignore[arg-type]
            review_cycle=given(CYCLE) or bank.review_cycle,
            bank_id=given(BANK_ID) or bank.id,
            bank_version=given(BANK_VERSION) or bank.version,
            bank_fingerprint=given(BANK_FINGERPRINT) or bank.fingerprint,
            organisation=organisation,
            answers=answers,
            notes=kept,
            tables=tables,
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
            for err in exc.errors(include_url=False)
        )
        result.reason = f"{country.alpha3}: not a submission ({problems})"
    return result


def _commission(value: str) -> str:
    """A commission's code from its code, or from its label in the form ("ECA: Economic
    Commission for Africa"), as a "Labels" export writes it."""
    try:
        return reference.commission(value).code
    except GcmError:
        if ":" not in value:
            raise
        return reference.commission(value.split(":", 1)[0]).code


# ---------------------------------------------------------------- writing


def file_stem(sub: Submission) -> str:
    """``KEN_national_2028-2029``; shadow reports add the organisation."""
    stem = f"{sub.country}_{sub.kind}_{sub.review_cycle}"
    if sub.kind == "shadow" and sub.organisation:
        stem += "_" + slug(sub.organisation)
    return stem


def outputs(result: KoboImport, outdir: Path) -> dict[Path, bytes]:
    """One JSON file per imported row. Rows that would get the same name (a country that
    submitted twice) are told apart by their row number: ``KEN_national_2028-2029_row5``."""
    stems: dict[str, int] = {}
    for row in result.imported:
        assert row.submission is not None
        stem = file_stem(row.submission)
        stems[stem] = stems.get(stem, 0) + 1
    files: dict[Path, bytes] = {}
    for row in result.imported:
        assert row.submission is not None
        stem = file_stem(row.submission)
        if stems[stem] > 1:
            stem += f"_row{row.row}"
            row.notes.append(f"{file_stem(row.submission)} is in the export more than once")
        row.path = outdir / f"{stem}.json"
        files[row.path] = row.submission.to_json().encode("utf-8")
    return files


def write(result: KoboImport, outdir: Path, *, force: bool) -> list[Path]:
    """Write the submissions into ``outdir`` (created if missing), all or nothing, never
    replacing a file without ``force``."""
    from gcmreview.errors import OutputError
    from gcmreview.files import write_outputs

    files = outputs(result, outdir)
    if not files:
        return []
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot make folder {display(outdir)}: {exc.strerror or exc}") from None
    return write_outputs(files, force=force)


def exit_code(result: KoboImport) -> int:
    """1 when some row could not become a submission, else 0."""
    return EXIT_INVALID if result.refused else EXIT_OK


def summary_json(result: KoboImport) -> dict[str, object]:
    return {
        "source": display(result.source),
        "written": [
            {
                "row": r.row,
                "path": display(r.path) if r.path else None,
                "country": r.submission.country,
                "region": r.submission.region,
                "kind": r.submission.kind,
                "language": r.submission.language,
                "organisation": r.submission.organisation,
                "answers": len(r.submission.answers),
                "tables": len(r.submission.tables),
                "notes": r.notes,
            }
            for r in result.imported
            if r.submission is not None
        ],
        "refused": [{"row": r.row, "reason": r.reason} for r in result.refused],
        "ignored_columns": result.ignored_columns,
    }


def summary_lines(result: KoboImport) -> list[str]:
    """One line per refused row and per note, for the terminal."""
    lines = [f"row {r.row}: not imported: {r.reason}" for r in result.refused]
    lines += [f"row {r.row}: {note}" for r in result.imported for note in r.notes]
    if result.ignored_columns:
        shown = ", ".join(result.ignored_columns[:5])
        more = (
            f" and {len(result.ignored_columns) - 5} more"
            if len(result.ignored_columns) > 5
            else ""
        )
        lines.append(f"columns not in the form, ignored: {shown}{more}")
    return lines
