"""Why a submission is in with issues, or left out, said in the synthesis's language: annex B
of the report, the analyst workbook's list of submissions and synthesize's summary.

An issue is a finding of ``check``, said by :mod:`gcmreview.messages` (numbers and plurals as
the language writes them), at its question: the question's short title, its objective and its
ID, which the report's form prints in each question's box. A reason for leaving a submission
out is a ``received.*`` text of findings.yaml, naming files as they were received and dates as
the language writes them. ``--json`` keeps the codes and the English reason
(:attr:`Exclusion.reason`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from datetime import date

from gcmreview import formats, reference
from gcmreview.bank import QuestionBank
from gcmreview.checks import Finding
from gcmreview.errors import GcmError
from gcmreview.inbox import received_name
from gcmreview.messages import Text, render
from gcmreview.synthesis import Exclusion, scrub

#: Issues listed in annex B for one submission; the rest are counted ("and 3 more issues")
#: and listed in the analyst workbook.
ANNEX_ISSUES = 6
#: Issues listed in the workbook's cell for one submission (a cell holds 32,767 characters).
WORKBOOK_ISSUES = 100


def annex_issues(findings: Sequence[Finding], bank: QuestionBank, lang: str) -> str:
    """A submission's issues as annex B lists them, one a line: "Measures taken (objective
    6, obj.06.measures): 1,234 words; the limit is 400"; past the first few, "and 3 more
    issues (see the analyst workbook)"."""
    if len(findings) <= ANNEX_ISSUES:
        return _lines(findings, bank, lang)
    more = Text("received.more", {"n": len(findings) - ANNEX_ISSUES})
    tail = render("received.see-workbook", lang, {"more": more})
    return _lines(findings[:ANNEX_ISSUES], bank, lang) + "\n" + tail


def workbook_issues(findings: Sequence[Finding], bank: QuestionBank, lang: str) -> str:
    """A submission's issues as the analyst workbook lists them: all of them, one a line, up
    to what a cell holds ("and 3 more issues" after that)."""
    if len(findings) <= WORKBOOK_ISSUES:
        return _lines(findings, bank, lang)
    more = render("received.more", lang, {"n": len(findings) - WORKBOOK_ISSUES})
    return _lines(findings[:WORKBOOK_ISSUES], bank, lang) + "\n" + more


def _lines(findings: Sequence[Finding], bank: QuestionBank, lang: str) -> str:
    return "\n".join(issue(f, bank, lang) for f in findings)


def issue(f: Finding, bank: QuestionBank, lang: str) -> str:
    """One finding: where it is and what it says, its personal data hidden."""
    message = scrub(f.message_in(lang))
    q = bank.questions.get(f.question) if f.question else None
    if q is None:  # the title page, the file; a question the bank does not have, by its ID
        where = scrub(f.location)
        if where.split(" ", 1)[0].isalpha():  # "Title page", never "Obj.99.measures"
            where = _capital(where)
        return render("received.issue", lang, {"where": where, "message": message})
    # a figure of a data table: its sheet, row and column follow the question's ID, in brackets
    cell = f.location.partition(f" › {q.id}")[2].strip().removeprefix("(").removesuffix(")")
    ident: object = (
        Text("received.question.cell", {"id": q.id, "cell": scrub(cell)}) if cell else q.id
    )
    key = "received.question" if q.objective is None else "received.question.objective"
    where = render(key, lang, {"title": q.short_title(lang), "n": q.objective or 0, "id": ident})
    return render("received.issue", lang, {"where": where, "message": message})


def exclusion(
    x: Exclusion,
    bank: QuestionBank,
    lang: str,
    listed: Callable[[Sequence[Finding], QuestionBank, str], str] = annex_issues,
) -> str:
    """Why a submission was left out, in ``lang``: "Duplicate: the same report as KEN.docx",
    "Superseded by a newer report: KEN_v2.docx (approved on 31 January 2029)"; an invalid
    report's issues follow, one a line, as ``listed`` lists them."""
    if x.why == "unreadable" and x.findings:
        detail = x.findings[0].message_in(lang)
        return _capital(render("received.unreadable", lang, {"detail": _lower(detail)}))
    if x.why == "invalid":
        return render("received.invalid", lang) + "\n" + listed(x.findings, bank, lang)
    if x.why == "another-region":
        return render("received.another-region", lang, _regions(x.details, lang))
    if x.why == "duplicate":
        return render("received.duplicate", lang, {"file": received_name(x.details["file"])})
    if x.why == "superseded":
        approved = x.details.get("approved")
        values = {"file": received_name(x.details["file"])}
        if approved is None:
            return render("received.superseded.by-name", lang, values)
        return render("received.superseded", lang, {**values, "date": _date(approved, lang)})
    return x.reason


def codes(findings: Sequence[Finding], why: str = "") -> str:
    """The codes of a submission's findings, each once ("word-limit, required-missing"),
    after why it was left out, if it was: for filtering the workbook's list."""
    found = ([why] if why else []) + [f.code for f in findings]
    return ", ".join(dict.fromkeys(found))


def _regions(details: dict[str, str], lang: str) -> dict[str, object]:
    """The region a report was submitted for and the synthesis's: their commissions'
    acronyms and names in ``lang`` (a text names what its language writes)."""
    values: dict[str, object] = {}
    for key in ("submitted", "region"):
        code = details[key]
        values[key] = values[f"{key}_name"] = code
        with contextlib.suppress(GcmError):  # a region gcmreview does not know: its code
            comm = reference.commission(code)
            values[key] = comm.acronym(lang)
            values[f"{key}_name"] = reference.pick(comm.name, lang)
    return values


def _date(text: str, lang: str) -> str:
    """An approval date as the language writes it; as typed when it is not a date."""
    try:
        return formats.long_date(date.fromisoformat(text), lang)
    except ValueError:
        return text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    """A message that follows a label ("Unreadable: this is a PDF …")."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
