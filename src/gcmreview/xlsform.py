"""The question bank as an XLSForm (survey / choices / settings), for online consultations
in KoboToolbox or ODK. pyxform itself is only needed to check the result (the
``gcmreview[xlsform]`` extra); writing the form needs openpyxl only."""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.styles import Font

from gcmreview import reference
from gcmreview.bank import Question, QuestionBank
from gcmreview.files import workbook_bytes
from gcmreview.i18n import t
from gcmreview.reference import pick
from gcmreview.workbook import append

LANGUAGE_COLUMNS = {"en": "English (en)", "fr": "Français (fr)", "es": "Español (es)"}


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


def write_xlsform(bank: QuestionBank, kind: str = "national") -> bytes:
    langs = bank.languages
    lang_cols = [LANGUAGE_COLUMNS[lang] for lang in langs]
    wb = Workbook()
    survey = wb.active
    assert survey is not None
    survey.title = "survey"
    append(
        survey,
        ["type", "name"]
        + [f"label::{c}" for c in lang_cols]
        + [f"hint::{c}" for c in lang_cols]
        + ["required"],
    )
    choices = wb.create_sheet("choices")
    append(choices, ["list_name", "name"] + [f"label::{c}" for c in lang_cols])
    lists_done: set[str] = set()

    def group(name: str, labels: list[str], begin: bool) -> None:
        if begin:
            append(survey, ["begin_group", name, *labels] + [""] * len(langs) + [""])
        else:
            append(survey, ["end_group", name] + [""] * (2 * len(langs) + 1))

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
                note = [
                    f"{pick(q.text, lang)}: {t('doc.table_in_annex', lang, sheet=q.id)}"
                    for lang in langs
                ]
                append(survey, ["note", field_name(q.id), *note] + [""] * len(langs) + [""])
                continue
            if q.kind in ("choice", "multichoice"):
                list_name = field_name(q.choice_list or q.id)
                qtype = ("select_one " if q.kind == "choice" else "select_multiple ") + list_name
                if list_name not in lists_done:
                    lists_done.add(list_name)
                    for c in q.choices:
                        append(choices, [list_name, c.code, *_labels(c.label, langs)])
            else:
                qtype = {"text": "text", "number": "decimal", "date": "date"}[q.kind]
            append(
                survey,
                [
                    qtype,
                    field_name(q.id),
                    *_labels(q.text, langs),
                    *_labels(q.guidance, langs),
                    _required(q),
                ],
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
            bank.version.replace("-", "."),
            lang_cols[0],
        ],
    )
    for ws in (survey, choices, settings):
        for cell in ws[1]:
            cell.font = Font(bold=True)
    return workbook_bytes(wb)
