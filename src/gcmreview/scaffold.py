"""``init`` and ``render``: write a report (.docx) and its data annex (.xlsx)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gcmreview import reference
from gcmreview.annex_xlsx import write_annex
from gcmreview.bank import QuestionBank
from gcmreview.errors import UsageError
from gcmreview.files import check_writable, output_dir, slug, write_outputs
from gcmreview.layout import annex_path_for
from gcmreview.report_docx import write_report
from gcmreview.submission import Submission

KINDS = ("national", "shadow")


@dataclass(frozen=True)
class Written:
    report: Path
    annex: Path


def file_stem(sub: Submission) -> str:
    """``KEN_national_2028-2029_en``; shadow reports add the organisation, so that several
    organisations of one country sort together without overwriting each other."""
    stem = f"{sub.country}_{sub.kind}_{sub.review_cycle}_{sub.language}"
    if sub.kind == "shadow" and sub.organisation:
        stem += "_" + slug(sub.organisation)
    return stem


def new_submission(
    bank: QuestionBank, *, country: str, region: str, kind: str, lang: str, organisation: str | None
) -> Submission:
    """An empty submission for ``init``, after checking every option."""
    if kind not in KINDS:
        raise UsageError(f"unknown report kind {kind!r}: use national or shadow")
    lang = reference.check_language(lang)
    bank.check_language(lang)
    found, comm = reference.country_in_region(country, region)
    if kind == "shadow" and not (organisation or "").strip():
        raise UsageError("a shadow report needs --organisation NAME (who submits it)")
    return Submission(
        kind=kind,  # type: ignore[arg-type]
        country=found.alpha3,
        region=comm.code,
        language=lang,  # type: ignore[arg-type]
        review_cycle=bank.review_cycle,
        bank_id=bank.id,
        bank_version=bank.version,
        bank_fingerprint=bank.fingerprint,
        organisation=(organisation or "").strip() or None,
    )


def write_pair(bank: QuestionBank, sub: Submission, report: Path, *, force: bool) -> Written:
    """Write the report and its annex; both targets are checked before either is written."""
    annex = annex_path_for(report)
    check_writable([report, annex], force=force)  # before the work, not after it
    docx = write_report(bank, sub, annex_name=annex.name, file_name=report.name)
    xlsx = write_annex(bank, sub)
    write_outputs({report: docx, annex: xlsx}, force=force)
    return Written(report=report, annex=annex)


def init(
    bank: QuestionBank,
    *,
    country: str,
    region: str,
    kind: str = "national",
    lang: str = "en",
    organisation: str | None = None,
    outdir: Path = Path("."),
    force: bool = False,
) -> Written:
    sub = new_submission(
        bank, country=country, region=region, kind=kind, lang=lang, organisation=organisation
    )
    return write_pair(bank, sub, output_dir(outdir) / f"{file_stem(sub)}.docx", force=force)


def render(bank: QuestionBank, sub: Submission, report: Path, *, force: bool = False) -> Written:
    """A filled-in report from a submission. The submission's identity is checked like
    ``init``'s options; its answers are written as they are (``check`` judges them)."""
    reference.country_in_region(sub.country, sub.region)
    bank.check_language(sub.language)
    if report.suffix.lower() != ".docx":
        raise UsageError(f"the report must be a .docx file, not {report.name}")
    return write_pair(bank, sub, report, force=force)
