"""The question bank as an XLSForm (survey / choices / settings), for online consultations
in KoboToolbox or ODK. pyxform itself is only needed to check the result (the
``gcmreview[xlsform]`` extra); writing the form needs openpyxl only.

The form opens with a group "About this report" (country, regional commission, language of
the answers, and for a shadow report the organisation) and hidden ``calculate`` fields that
carry the report kind, the review cycle and the bank's identity, so that an export of the
submissions can be read back (:mod:`gcmreview.kobo`). A data-annex table is a group: a note
naming the sheet of the Excel data annex that asks the same figures, the reference year, the
source, and one group per row of the table with a field per column (:func:`table_fields`),
each constrained as the annex's cell is (:func:`_figure_constraint`)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

from gcmreview import reference
from gcmreview.bank import Choice, Column, Question, QuestionBank, Row
from gcmreview.errors import GcmError
from gcmreview.files import workbook_bytes
from gcmreview.i18n import t
from gcmreview.reference import pick
from gcmreview.workbook import append

#: ``label::English (en)``, ``label::العربية (ar)``: each language by its own name and code.
LANGUAGE_COLUMNS = {code: f"{name} ({code})" for code, name in reference.LANGUAGE_NAMES.items()}

#: The fields of the "About this report" group and the hidden fields, by what they hold.
ABOUT_GROUP = "gcm_about"
COUNTRY = "gcm_country"
REGION = "gcm_region"
LANGUAGE = "gcm_language"
ORGANISATION = "gcm_organisation"
KIND = "gcm_kind"
CYCLE = "gcm_cycle"
BANK_ID = "gcm_bank"
BANK_VERSION = "gcm_bank_version"
BANK_FINGERPRINT = "gcm_bank_fingerprint"
IDENTITY_FIELDS = (
    COUNTRY,
    REGION,
    LANGUAGE,
    ORGANISATION,
    KIND,
    CYCLE,
    BANK_ID,
    BANK_VERSION,
    BANK_FINGERPRINT,
)


def field_name(qid: str) -> str:
    """XLSForm names: letters, digits, underscores (``obj.13.measures`` → ``obj_13_measures``)."""
    return re.sub(r"[^A-Za-z0-9_]", "_", qid)


def _labels(text: dict[str, str], langs: tuple[str, ...]) -> list[str]:
    return [pick(text, lang) for lang in langs]


def _required(q: Question) -> str:
    if q.required:
        return "yes"
    cond = q.required_if
    if cond is None:
        return ""
    other = "${" + field_name(cond.question) + "}"
    if cond.present:
        return f"{other} != ''"
    return f"selected({other}, '{cond.equals}')"


def question_type(q: Question) -> str:
    """The XLSForm type of a question that is not a table: whole-number questions (bank
    ``integer: true``) are ``integer``, other numbers ``decimal``."""
    if q.kind in ("choice", "multichoice"):
        list_name = field_name(q.choice_list or q.id)
        return ("select_one " if q.kind == "choice" else "select_multiple ") + list_name
    if q.kind == "number":
        return "integer" if q.integer else "decimal"
    return {"text": "text", "date": "date"}[q.kind]


def table_note(q: Question, lang: str) -> str:
    """The note opening a data-annex table: it names the sheet of the Excel data annex in
    ``lang`` (as ``gcmreview init`` writes it) that asks the same figures."""
    from gcmreview.layout import sheet_title

    return t("xlsform.table_note", lang, sheet=sheet_title(q, lang))


@dataclass(frozen=True)
class TableField:
    """A field of a data-annex table in the form: its reference year, its source, or the
    figure of one row and column."""

    question: Question
    what: str  # YEAR, SOURCE or CELL
    row: Row | None = None
    column: Column | None = None


YEAR, SOURCE, CELL = "year", "source", "cell"


def table_group(q: Question, row: Row | None = None) -> str:
    """The group of a table (``data_stock``) or of one of its rows (``data_stock__refugees``)."""
    return field_name(q.id) + (f"__{row.id}" if row is not None else "")


def table_fields(q: Question) -> dict[str, TableField]:
    """The fields of a table question, by name, in the form's order: ``data_stock___year``,
    ``data_stock___source`` (three underscores: no row is so named), then
    ``data_stock__refugees__female`` for each row and column."""
    assert q.table is not None
    base = field_name(q.id)
    found = {f"{base}___year": TableField(q, YEAR), f"{base}___source": TableField(q, SOURCE)}
    groups = {table_group(q, row) for row in q.table.rows}
    for row in q.table.rows:
        for column in q.table.columns:
            name = f"{table_group(q, row)}__{column.id}"
            if name in found or name in groups:  # row a, column b__c and row a__b, column c
                raise GcmError(
                    f"table {q.id}: row {row.id!r} and column {column.id!r} make the form field "
                    f"name {name}, which another row and column make too; give rows and "
                    "columns IDs without two underscores in a row"
                )
            found[name] = TableField(q, CELL, row, column)
    return found


def code_list(column: Column) -> str | None:
    """The list a column's cells take their code from (a type of source); None for a column
    of figures."""
    return column.choices if column.role == "code" and column.choices else None


def figure_type(field: TableField) -> str:
    """The XLSForm type of a table's field: the year a whole number, the source text, a
    figure ``integer`` or ``decimal`` as the row says, a code from the table's list."""
    table = field.question.table
    assert table is not None
    if field.what == YEAR:
        return "integer"
    if field.what == SOURCE:
        return "text"
    assert field.row is not None and field.column is not None
    if (codes := code_list(field.column)) is not None:
        return f"select_one {field_name(codes)}"
    return "integer" if table.row_integer(field.row) else "decimal"


#: An XLSForm constraint and its message in each language of the form.
Constraint = tuple[str, list[str]]


def _form_version(bank_version: str, *sheets) -> str:
    """The form's version: the bank's, and a digest of the form's questions and choices. ODK
    Central publishes a changed form only under a new version; a form that changed with
    gcmreview (a new question, a new constraint) for the same bank gets one by itself, and
    the same form always the same."""
    digest = hashlib.sha256()
    for ws in sheets:
        for values in ws.iter_rows(values_only=True):
            digest.update(repr(values).encode("utf-8"))
    return f"{bank_version.replace('-', '.')}.{digest.hexdigest()[:8]}"


def _figure_constraint(field: TableField, langs: tuple[str, ...]) -> Constraint | None:
    """What the Excel annex accepts in the same cell (:meth:`ResolvedTable.figure_bounds`,
    from which the annex's validation is made too): a year in 1950–2100; counts and shares
    from 0 (counts and shares up to their maximum); an indicator's value any number."""
    from gcmreview.annex_xlsx import bound_formula, bound_rule
    from gcmreview.values import FIRST_YEAR, LAST_YEAR

    table = field.question.table
    assert table is not None
    if field.what == YEAR:
        messages = [t("xlsx.error.year", lang, low=FIRST_YEAR, high=LAST_YEAR) for lang in langs]
        return f". >= {FIRST_YEAR} and . <= {LAST_YEAR}", messages
    if field.what == SOURCE or field.column is None or field.row is None:
        return None
    if code_list(field.column) is not None:
        return None
    bounds = table.figure_bounds(field.row, field.column)
    rule = f". >= {bound_formula(bounds.low)}"
    if bounds.high is not None:
        rule += f" and . <= {bound_formula(bounds.high)}"
    return rule, [t("xlsx.error.figure", lang, rule=bound_rule(bounds, lang)) for lang in langs]


def _table_rows(
    q: Question,
    langs: tuple[str, ...],
    row: Callable[..., None],
    group: Callable[..., None],
    add_list: Callable[[str, tuple[Choice, ...]], None],
) -> None:
    """The group asking a data-annex table: its note, year and source, then a group per row
    (all its figures on one screen: ``field-list``)."""
    table = q.table
    assert table is not None
    fields = table_fields(q)
    figures = any(code_list(column) is None for column in table.columns)
    group(table_group(q), _labels(q.text, langs), True)
    row("note", f"{table_group(q)}___note", [table_note(q, lang) for lang in langs],
        _labels(q.guidance, langs))  # fmt: skip
    for name, field in fields.items():
        if field.what == CELL:
            continue
        key = "xlsx.reference_year" if field.what == YEAR else "xlsx.source"
        hint = "xlsform.year_hint" if field.what == YEAR else "xlsx.prompt.source"
        labels = [t(key, lang) for lang in langs]
        hints = [t(hint, lang) for lang in langs]
        row(figure_type(field), name, labels, hints, constraint=_figure_constraint(field, langs))
    for table_row in table.rows:
        unit = table.row_unit(table_row) if figures else {}
        labels = [
            pick(table_row.label, lang) + (f" ({pick(unit, lang)})" if unit else "")
            for lang in langs
        ]
        group(table_group(q, table_row), labels, True, appearance="field-list")
        for name, field in fields.items():
            if field.row is not table_row or field.column is None:
                continue
            if (codes := code_list(field.column)) is not None:
                add_list(field_name(codes), table.choices[codes])
            row(figure_type(field), name, _labels(field.column.label, langs),
                constraint=_figure_constraint(field, langs))  # fmt: skip
        group(table_group(q, table_row), [], False)
    group(table_group(q), [], False)


def _form_countries() -> list[str]:
    """Every member and associate member of the five regional commissions, by English name."""
    codes = {code for c in reference.commissions() for code in c.all_members}
    return [code for code, _name in reference.sorted_names(codes, "en")]


def write_xlsform(bank: QuestionBank, kind: str = "national") -> bytes:
    langs = bank.languages
    lang_cols = [LANGUAGE_COLUMNS[lang] for lang in langs]
    blank_hints = [""] * len(langs)
    wb = Workbook()
    survey = wb.active
    assert survey is not None
    survey.title = "survey"
    append(
        survey,
        ["type", "name"]
        + [f"label::{c}" for c in lang_cols]
        + [f"hint::{c}" for c in lang_cols]
        + ["appearance", "calculation", "required", "constraint"]
        + [f"constraint_message::{c}" for c in lang_cols],
    )
    choices = wb.create_sheet("choices")
    append(choices, ["list_name", "name"] + [f"label::{c}" for c in lang_cols])
    lists_done: set[str] = set()

    def row(
        qtype: str,
        name: str,
        labels: list[str],
        hints: list[str] | None = None,
        *,
        appearance: str = "",
        calculation: str = "",
        required: str = "",
        constraint: Constraint | None = None,
    ) -> None:
        labels = labels or [""] * len(langs)
        rule, messages = constraint or ("", blank_hints)
        append(
            survey,
            [qtype, name, *labels, *(hints or blank_hints), appearance, calculation, required,
             rule, *messages],
        )  # fmt: skip

    def group(name: str, labels: list[str], begin: bool, appearance: str = "") -> None:
        row(
            "begin_group" if begin else "end_group",
            name,
            labels if begin else [],
            appearance=appearance if begin else "",
        )

    def add_list(name: str, items: tuple[Choice, ...]) -> None:
        if name not in lists_done:
            lists_done.add(name)
            for c in items:
                append(choices, [name, c.code, *_labels(c.label, langs)])

    # ---- about this report: who answers, and hidden fields naming the bank
    group(ABOUT_GROUP, [t("doc.identity", lang) for lang in langs], True)
    row(
        f"select_one {COUNTRY}",
        COUNTRY,
        [t("doc.field.country", lang) for lang in langs],
        appearance="minimal",
        required="yes",
    )
    for code in _form_countries():
        country = reference.country(code)
        append(choices, [COUNTRY, code, *(country.name(lang) for lang in langs)])
    row(
        f"select_one {REGION}",
        REGION,
        [t("doc.field.region", lang) for lang in langs],
        required="yes",
    )
    for comm in reference.commissions():
        append(
            choices,
            [
                REGION,
                comm.code,
                *(f"{comm.acronym(lang)}: {pick(comm.name, lang)}" for lang in langs),
            ],
        )
    row(
        f"select_one {LANGUAGE}",
        LANGUAGE,
        [t("xlsform.answer_language", lang) for lang in langs],
        required="yes",
    )
    for code in langs:
        append(choices, [LANGUAGE, code, *([reference.LANGUAGE_NAMES[code]] * len(langs))])
    if kind == "shadow":
        row("text", ORGANISATION, [t("doc.field.organisation", lang) for lang in langs],
            required="yes")  # fmt: skip
    group(ABOUT_GROUP, [], False)
    for name, value in (
        (KIND, kind),
        (CYCLE, bank.review_cycle),
        (BANK_ID, bank.id),
        (BANK_VERSION, bank.version),
        (BANK_FINGERPRINT, bank.fingerprint),
    ):
        row("calculate", name, [], calculation=f"'{value}'")

    # ---- the questions, one group per section and per objective
    for section in bank.sections_for(kind):
        group(field_name(section.id), _labels(section.title, langs), True)
        current = None
        for q in bank.questions_in(section, kind):
            if q.objective is not None and q.objective != current:
                if current is not None:
                    group(f"obj_{current:02d}", [], False)
                current = q.objective
                obj = reference.objective(q.objective)
                group(f"obj_{current:02d}", [obj.heading(lang) for lang in langs], True)
            if q.kind == "table":
                _table_rows(q, langs, row, group, add_list)
                continue
            if q.kind in ("choice", "multichoice"):
                add_list(field_name(q.choice_list or q.id), q.choices)
            row(
                question_type(q),
                field_name(q.id),
                _labels(q.text, langs),
                _labels(q.guidance, langs),
                appearance="multiline" if q.kind == "text" else "",
                required=_required(q),
            )
        if current is not None:
            group(f"obj_{current:02d}", [], False)
        group(field_name(section.id), [], False)
    settings = wb.create_sheet("settings")
    append(settings, ["form_title", "form_id", "version", "default_language"])
    append(
        settings,
        [
            pick(bank.title, langs[0]),
            f"{bank.id}-{kind}",
            _form_version(bank.version, survey, choices),
            lang_cols[0],
        ],
    )
    for ws in (survey, choices, settings):
        for cell in ws[1]:
            cell.font = Font(bold=True)
    return workbook_bytes(wb)
