"""The fixed wording of the report template that is not an answer: the note under each
question and the labels of the title page. The writer prints it and the reader recognises
it (in every language of the bank), so that only what a person typed is read as an answer.

Kept apart from python-docx so that reading (``check``) does not import it.
"""

from __future__ import annotations

from gcmreview.bank import Question
from gcmreview.i18n import t


def question_note(q: Question, lang: str, extra: str | None = None) -> str:
    """The blue line under a question: required, word limit, how to answer."""
    notes = [t("label.required", lang) if q.required else ""]
    if q.word_limit:
        notes.append(t("label.word_limit", lang, n=q.word_limit))
    if q.kind == "choice":
        notes.append(t("doc.one_choice", lang))
    elif q.kind == "multichoice":
        notes.append(t("doc.many_choices", lang))
    elif q.kind == "number":
        notes.append(t("doc.number_hint", lang))
    elif q.kind == "date":
        notes.append(t("doc.date_hint", lang))
    if q.contact:
        notes.append(t("label.contact", lang))
    if extra:
        notes.append(extra)
    return " · ".join(n for n in notes if n)


def kind_title(kind: str, lang: str) -> str:
    return t(f"doc.title.{kind}", lang)


def field_label(name: str, lang: str) -> str:
    return t(f"doc.field.{name}", lang)
