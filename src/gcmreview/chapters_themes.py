"""The thematic chapters: progress by round table and objective, guiding principles,
stakeholders consulted, means of implementation and support, cross-cutting issues."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from gcmreview import formats, reference
from gcmreview.i18n import t
from gcmreview.punctuation import join, label, pick
from gcmreview.synthesis import (
    OBJECTIVE_FIELDS,
    scrub,
)
from gcmreview.synthesis_style import (
    excerpt_limit,
)

if TYPE_CHECKING:
    from gcmreview.synthesis_docx import Writer


def progress(w: Writer) -> None:
    s, lang = w.s, w.lang
    w.numbered_chapter(t("synth.ch.progress", lang))
    for cluster in reference.clusters():
        w.heading(cluster.title(lang), 2)
        listed = join((formats.number(n, lang) for n in cluster.objectives), lang, "comma")
        w.paras("round_table_intro", listed)
        for n in cluster.objectives:
            obj = reference.objective(n)
            w.heading(obj.heading(lang), 3)
            reported = [e for e in s.national if s.reported(e, n)]
            priority = [e for e in s.national if s.priority(e, n)]
            if any(s.answer(e, f"obj.{n:02d}.priority") not in (None, "", []) for e in s.national):
                w.place(f"obj.{n:02d}.priority")  # the summary says how many named it, or none
            w.paras("objective_summary", len(reported), len(priority), w.n_states)
            if priority:
                w.fast.paragraph(
                    [
                        (label(t("synth.priority_mark", lang), lang), {"bold": True, "size": 9}),
                        (join((e.name(lang) for e in priority), lang, "comma"), {"size": 9}),
                    ]
                )
            for field in OBJECTIVE_FIELDS:
                quoted = [e for e in s.national if s.answer(e, f"obj.{n:02d}.{field}")]
                if not quoted:
                    continue
                w.label(t(f"synth.field.{field}", lang))
                limit = excerpt_limit(len(quoted))
                for e in quoted:
                    w.quote(e, f"obj.{n:02d}.{field}", limit=limit)


def principles(w: Writer) -> None:
    s, lang = w.s, w.lang
    w.numbered_chapter(t("synth.ch.principles", lang))
    w.paras("principles_intro", w.n_states)
    w.place(*(f"obj.{o.number:02d}.principles" for o in reference.objectives()))
    rows = []
    applied: dict[str, int] = {}
    for p in reference.principles():
        where = []
        for e in s.national:
            objectives = [
                o.number
                for o in reference.objectives()
                if p.code in s.codes(e, f"obj.{o.number:02d}.principles")
            ]
            if objectives:
                listed = join((formats.number(n, lang) for n in objectives), lang, "comma")
                where.append(f"{e.name(lang)} ({t('synth.objectives_short', lang)} {listed})")
        applied[p.code] = len(where)
        rows.append(
            [
                f"({p.code}) {p.display_title(lang)}",
                formats.number(len(where), lang),
                join(where, lang) or "—",
            ]
        )
    most = sorted(applied, key=lambda code: (-applied[code], code))[:3]
    titles = {p.code: p.display_title(lang) for p in reference.principles()}
    ranked = [f"{titles[c]} ({formats.number(applied[c], lang)})" for c in most if applied[c]]
    if ranked:
        w.paras("principles_most", ranked)
    w.table(
        [
            t("synth.col.principle", lang),
            t("synth.col.count", lang),
            t("synth.col.applied_in", lang),
        ],
        rows,
        [4.8, 1.6, 10.0],
    )
    # What Member States wrote in answer to questions that concern one principle most
    # (the whole-of-government and whole-of-society approaches, gender, children …).
    for p in reference.principles():
        related = [
            q.id
            for q in s.bank.questions.values()
            if p.code in q.principles and q.objective is None and q.id in w.placed
        ]
        if related:
            w.fast.paragraph(
                [
                    (label(f"({p.code}) {titles[p.code]}", lang), {"bold": True, "size": 9}),
                    (
                        t(
                            "synth.see_answers" if len(related) > 1 else "synth.see_answer",
                            lang,
                            questions=join(related, lang, "comma"),
                        ),
                        {"size": 9},
                    ),
                ]
            )


def stakeholders(w: Writer) -> None:
    s, lang = w.s, w.lang
    w.numbered_chapter(t("synth.ch.stakeholders", lang))
    w.place("method.consulted")
    consulting = [e for e in s.national if s.answer(e, "method.consulted")]
    w.paras("stakeholders_intro", len(consulting), w.n_states)
    cats = reference.stakeholders()
    rows = []
    for st in cats:
        states = [e for e in consulting if st.code in s.codes(e, "method.consulted")]
        rows.append(
            [
                st.display_title(lang),
                formats.number(len(states), lang),
                join((e.name(lang) for e in states), lang, "comma"),
            ]
        )
    w.table(
        [
            t("synth.col.stakeholder", lang),
            t("synth.col.count", lang),
            t("synth.col.member_state", lang),
        ],
        rows,
        [5.5, 2.2, 8.7],
    )
    for e in s.national:
        w.quote(e, "method.consultation")


def means(w: Writer) -> None:
    s, lang = w.s, w.lang
    w.numbered_chapter(t("synth.ch.moi", lang))
    w.paras("moi_intro")
    moi = [q.id for sec in s.bank.sections if sec.id == "moi" for q in s.bank.questions_in(sec)]
    for qid in (*moi, "next.support_details", "next.steps"):
        q = s.bank.questions.get(qid)
        if q is None:
            continue
        entries = [e for e in s.national if s.answer(e, qid)]
        if not entries and qid != "next.support_details":
            continue
        w.heading(q.short_title(lang), 2)
        if qid == "next.support_details":
            w.place("next.support")
            support = s.bank.questions.get("next.support")
            if support is not None:
                counter: Counter[str] = Counter()
                for e in s.national:
                    counter.update(s.codes(e, "next.support"))
                labels = {c.code: pick(c.label, lang) for c in support.choices}
                ranked = join(
                    (
                        f"{labels.get(code) or scrub(code)} ({formats.number(count, lang)})"
                        for code, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
                    ),
                    lang,
                )
                if ranked:
                    w.paras("support_summary", ranked)
                for e in s.national:
                    written = s.written(e, "next.support")
                    if written:
                        w.quote(e, "next.support", text=written)
        for e in entries:
            w.quote(e, qid)


def cross_cutting(w: Writer) -> None:
    s, lang = w.s, w.lang
    w.numbered_chapter(t("synth.ch.cross", lang))
    w.paras("cross_intro")
    for section in s.bank.sections:
        if section.id != "cross":
            continue
        for q in s.bank.questions_in(section, "national"):
            answered = [e for e in s.national if s.answer(e, q.id)]
            mentions = s.mentions(q.id)
            if not answered and not mentions:
                continue  # nothing to say: no heading standing empty in the contents
            w.heading(q.short_title(lang), 2)
            # the others that mention it: one that answered its question mentions it anyway
            w.paras("cross_summary", len(answered), mentions - len(answered), w.n_states)
            for e in answered:
                w.quote(e, q.id)
