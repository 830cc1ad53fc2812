"""Annexes B to D: submissions received (with their issues), the validation record, the good
practices for the Migration Network Hub."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.enum.section import WD_SECTION

from gcmreview import reasons, reference
from gcmreview.i18n import t
from gcmreview.inbox import received_name
from gcmreview.report_docx import kind_title
from gcmreview.synthesis import excerpt
from gcmreview.synthesis_style import (
    portrait,
)

if TYPE_CHECKING:
    from gcmreview.synthesis_docx import Writer


def annex_received(w: Writer) -> None:
    s, lang = w.s, w.lang
    w.doc.add_section(WD_SECTION.NEW_PAGE)
    portrait(w.doc.sections[-1])
    w.heading(t("synth.annex.received", lang))
    included = len(s.national) + len(s.shadow)
    w.paras("received_intro", s.received, included, len(s.excluded))
    rows = []
    for e in s.national + s.shadow:
        rows.append(
            [
                received_name(e.path),
                e.name(lang),
                kind_title(e.submission.kind, lang),
                t("synth.status.with_issues" if e.issues else "synth.status.included", lang),
                reasons.annex_issues(e.issues, s.bank, lang),
            ]
        )
    for x in s.excluded:
        country = reference.country(x.country).name(lang) if x.country else "—"
        kind = kind_title(x.kind, lang) if x.kind else "—"
        status = t("synth.status.excluded", lang)
        rows.append(
            [received_name(x.path), country, kind, status, reasons.exclusion(x, s.bank, lang)]
        )
    w.table(
        [
            t("synth.col.file", lang),
            t("synth.col.member_state", lang),
            t("synth.col.kind", lang),
            t("synth.col.status", lang),
            t("synth.col.reason_issues", lang),
        ],
        rows,
        [4.2, 2.0, 2.6, 2.0, 5.6],
        size=7.5,
    )


def annex_validation(w: Writer, decisions: dict[str, dict[str, str]] | None = None) -> None:
    s, lang = w.s, w.lang
    w.heading(t("synth.annex.validation", lang))
    w.paras("validation_intro")
    rows = []
    for e in s.national:
        d = (decisions or {}).get(e.country, {})
        decision = d.get("decision") or ""
        if decision:
            decision = t(f"val.decision.{decision}", lang)
        elif decisions is not None:
            decision = t("val.status.pending", lang)
        rows.append(
            [
                e.name(lang),
                decision,
                d.get("authority", ""),
                d.get("date", ""),
                t("val.counts", lang, changes=d["changes"], comments=d["comments"])
                if d.get("changes") not in (None, "")
                else "",
            ]
        )
    w.table(
        [
            t("synth.col.member_state", lang),
            t("synth.col.decision", lang),
            t("synth.col.authority", lang),
            t("synth.col.date", lang),
            t("synth.col.comments", lang),
        ],
        rows,
        [3.4, 3.6, 3.4, 2.0, 4.0],
        min_row_height_cm=0.9,
    )


def annex_practices(w: Writer) -> None:
    """The good practices Member States reported, in a form the secretariat can forward
    to the Migration Network Hub's repository of practices."""
    s, lang = w.s, w.lang
    practices = s.good_practices()
    if not practices:
        return
    w.heading(t("synth.annex.practices", lang))
    w.paras("practices_intro")
    hub = {"yes": t("synth.hub.yes", lang), "no": t("synth.hub.no", lang)}
    w.place(*(f"obj.{n:02d}.hub" for _, n, _, sent in practices if sent))
    rows: list[list[str | tuple[str, str]]] = [
        [
            e.name(lang),
            reference.objective(n).label(lang) if lang == "en" else str(n),
            (_cut(text, 80), e.submission.language),  # a quotation, in its own language
            hub.get(sent or "", t("synth.hub.unknown", lang)),
        ]
        for e, n, text, sent in practices
    ]
    w.table(
        [
            t("synth.col.member_state", lang),
            t("synth.col.objective", lang),
            t("synth.col.practice", lang),
            t("synth.col.hub", lang),
        ],
        rows,
        [3.0, 2.6, 8.6, 2.2],
        size=7.5,
    )


def _cut(text: str, words: int) -> str:
    """The first ``words`` words of a practice, with […] where it was cut."""
    kept, cut = excerpt(text, words)
    return kept + (" […]" if cut else "")
