"""Civil society's shadow reports, in their own chapter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gcmreview import docxkit as dk
from gcmreview import reference
from gcmreview.i18n import t
from gcmreview.punctuation import label, pick
from gcmreview.synthesis import scrub

if TYPE_CHECKING:
    from gcmreview.synthesis_docx import Writer


def shadow_reports(w: Writer) -> None:
    s, lang = w.s, w.lang
    if not s.shadow:  # nothing to present: no chapter saying "0 shadow reports"
        return
    w.numbered_chapter(t("synth.ch.shadow", lang))
    w.paras("shadow_intro", len(s.shadow))
    for e in s.shadow:
        org = e.submission.organisation or "—"
        w.heading(f"{org} ({e.name(lang)})", 2)
        w.place("org.name", kind="shadow")  # the organisation's name heads its report
        # its stakeholder category (GCM para 44) and whether it was consulted
        for qid in ("org.category", "consult.consulted"):
            q = s.bank.questions.get(qid)
            value = s.answer(e, qid)
            if not value or q is None:
                continue
            labels = {c.code: pick(c.label, lang) for c in q.choices}
            consulted = qid == "consult.consulted"
            name = t("synth.col.consulted", lang) if consulted else q.short_title(lang)
            para = w.doc.add_paragraph()
            dk.styled_run(para, label(name, lang), bold=True)
            para.add_run(labels.get(str(value)) or scrub(str(value)))
            w.place(qid, kind="shadow")
        w.quote(e, "org.represents", org)
        w.quote(e, "consult.how", org)
        assessment_q = s.bank.questions.get("obj.01.assessment")
        labels = {c.code: pick(c.label, lang) for c in assessment_q.choices} if assessment_q else {}
        rows = []
        for o in reference.objectives():
            value = s.answer(e, f"obj.{o.number:02d}.assessment")
            if value:
                rows.append([o.heading(lang), labels.get(str(value)) or scrub(str(value))])
                w.place(f"obj.{o.number:02d}.assessment", kind="shadow")
        if rows:
            w.label(t("synth.evidence", lang))
            w.table(
                [t("synth.col.objective", lang), t("synth.col.assessment", lang)],
                rows,
                [12.4, 4.0],
            )
            for o in reference.objectives():
                w.quote(e, f"obj.{o.number:02d}.evidence", f"{org} · {o.label(lang)}")
        w.label(t("synth.recommendations", lang))
        w.quote(e, "recs.government", org)
        w.quote(e, "recs.regional", org)
        # Everything else the organisation wrote (cross-cutting issues, contributors,
        # regional sections …), under each question's short title.
        for section in s.bank.sections_for("shadow"):
            for q in s.bank.questions_in(section, "shadow"):
                new = q.kind == "text" and (e.path, q.id) not in w.quoted
                if new and s.answer(e, q.id):
                    w.label(q.short_title(lang))
                    w.quote(e, q.id, org)
