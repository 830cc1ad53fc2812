"""Chapters for the bank's other sections (methodology, policy, a regional bank's own
sections): every answered question, under its short title."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from gcmreview import formats, reference
from gcmreview.punctuation import full_stop, join, label, pick
from gcmreview.synthesis import scrub
from gcmreview.synthesis_style import (
    excerpt_limit,
)

if TYPE_CHECKING:
    from gcmreview.synthesis_docx import Writer

#: National questions that a chapter of their own presents (the stakeholders consulted, the
#: support needed, the next steps), so that no section chapter quotes them first.
PRESENTED_ELSEWHERE = frozenset(
    {"method.consulted", "method.consultation", "next.support", "next.support_details",
     "next.steps", "next.messages"}
)  # fmt: skip


def section_chapters(w: Writer, sections: list) -> None:
    """A chapter per section of the bank whose national answers no other chapter has
    presented (policy, methodology, next steps, a regional bank's own sections …)."""
    s, lang = w.s, w.lang
    for section in sections:
        questions = [
            q
            for q in s.bank.questions_in(section, "national")
            if q.kind != "table"
            and not q.contact
            and q.id not in w.placed
            and q.id not in PRESENTED_ELSEWHERE
            and any(s.answer(e, q.id) not in (None, "", []) for e in s.national)
        ]
        if not questions:
            continue
        w.numbered_chapter(pick(section.title, lang))
        for q in questions:
            question_answers(w, q)


def question_answers(w: Writer, q) -> None:
    """Every Member State's answer to one question: text quoted; choices as the
    Member States that chose each option; numbers and dates per Member State."""
    s, lang = w.s, w.lang
    title = q.short_title(lang)
    if q.objective is not None:  # "Objective 8 › National priority", never three alike
        title = f"{reference.objective_word(q.objective, lang)} › {title}"
    w.heading(title, 2)
    answered = [e for e in s.national if s.answer(e, q.id) not in (None, "", [])]
    if q.kind == "text":
        limit = excerpt_limit(len(answered))
        for e in answered:
            w.quote(e, q.id, limit=limit)
        return
    w.place(q.id)
    if q.kind in ("choice", "multichoice"):
        labels = {c.code: pick(c.label, lang) for c in q.choices}
        chosen: dict[str, list[str]] = {}
        for e in answered:
            value = s.answer(e, q.id)
            for code in value if isinstance(value, list) else [value]:
                chosen.setdefault(str(code), []).append(e.name(lang))
        for code, names in sorted(
            chosen.items(), key=lambda kv: list(labels).index(kv[0]) if kv[0] in labels else 99
        ):
            counted = f"{labels.get(code) or scrub(code)} ({formats.number(len(names), lang)})"
            w.fast.paragraph(
                [(label(counted, lang), {"bold": True}), (join(names, lang, "comma"), {})]
            )
        for e in s.national:
            written = s.written(e, q.id)
            if written:
                w.quote(e, q.id, text=written)
        return
    shown = []
    for e in answered:
        value = s.answer(e, q.id)
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = formats.number(value, lang)
        elif isinstance(value, str) and len(value) == 10:
            try:
                text = formats.long_date(date.fromisoformat(value), lang)
            except ValueError:
                text = scrub(value)
        else:
            text = scrub(str(value))
        shown.append(label(e.name(lang), lang) + text)
    w.fast.paragraph(join(shown, lang) + full_stop(lang))
