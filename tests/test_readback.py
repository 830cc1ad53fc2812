"""Reading back what people really do to the template: every case of
:mod:`readback_corpus` (a report edited the way Word, LibreOffice or Google Docs writes the
edit) must read as the person meant, and ``check`` must say what it should, no more.

Each case is one test; a failing case lists every way it differs from its expectation in
one assertion. ``-m libreoffice`` runs the LibreOffice part: the bases round-tripped through
.odt and .doc, and some edited cases re-saved by LibreOffice, converted with three
``soffice`` runs in all.
"""

from __future__ import annotations

import inspect
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

import readback_corpus as rc
from conftest import libreoffice_convert_many
from gcmreview import checks, export
from gcmreview.bank import QuestionBank, default_bank
from gcmreview.errors import GcmError

IDENTITY_FIELDS = ("kind", "country", "region", "language", "review_cycle")


@pytest.fixture(scope="session")
def bank() -> QuestionBank:
    return default_bank()


@pytest.fixture(scope="session")
def bases(tmp_path_factory, bank) -> dict[str, rc.Base]:
    """Every base report rendered once."""
    return rc.render_bases(tmp_path_factory.mktemp("readback-bases"), bank)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, bases) -> dict[str, Path]:
    """Every case's edited report (with its annex beside it), written once."""
    outdir = tmp_path_factory.mktemp("readback-corpus")
    return {case.name: rc.build(case, bases[case.base], outdir) for case in rc.CASES}


# ---------------------------------------------------------------- judging a case


def _findings(report) -> str:
    return "; ".join(f"{f.code} @ {f.location}: {f.message}" for f in report.findings) or "none"


def _accepts_identity(func) -> bool:
    return "identity" in inspect.signature(func).parameters


def evaluate(case: rc.Case, path: Path, base: rc.Base, bank: QuestionBank) -> list[str]:
    """Every way the file read differs from the case's expectation (empty: as meant)."""
    problems: list[str] = []
    kwargs: dict[str, object] = {}
    if case.identity is not None:
        kwargs["identity"] = case.identity
        for func in (checks.check_file, export.read_submission):
            if not _accepts_identity(func):
                problems.append(f"{func.__module__}.{func.__name__} takes no identity= argument")
        if problems:
            return problems

    report = checks.check_file(path, bank, **kwargs)
    if case.status == checks.UNREADABLE:
        if report.status != checks.UNREADABLE:
            problems.append(f"check_file gave {report.status}, expected UNREADABLE")
        elif case.message and not any(case.message in f.message for f in report.findings):
            problems.append(f"no message mentions {case.message!r}: {_findings(report)}")
        return problems
    if report.status == checks.UNREADABLE:
        return [f"check_file gave UNREADABLE: {_findings(report)}"]
    if case.status is not None and report.status != case.status:
        problems.append(f"check_file gave {report.status}, expected {case.status}")

    # Findings due, and findings that must not be there.
    for code, qid in case.findings:
        if not any(f.code == code and (qid is None or qid in f.location) for f in report.findings):
            where = f" at {qid}" if qid else ""
            problems.append(f"no {code} finding{where}; findings: {_findings(report)}")
    for code, pattern in case.located:
        if not any(f.code == code and re.search(pattern, f.location) for f in report.findings):
            problems.append(
                f"no {code} finding whose location matches {pattern!r}; "
                f"findings: {_findings(report)}"
            )
    forbidden = case.forbidden()
    for f in report.findings:
        if f.code in forbidden:
            problems.append(f"unexpected finding {f.code} @ {f.location}: {f.message}")

    # Counters.
    for name, expected in case.counts.items():
        want = expected(base.submission, bank) if callable(expected) else expected
        if not hasattr(report, name):
            problems.append(f"FileReport has no {name}")
        elif getattr(report, name) != want:
            problems.append(f"FileReport.{name} is {getattr(report, name)!r}, expected {want}")
        if name not in report.to_json():
            problems.append(f"FileReport.to_json() has no {name!r}")

    # What was read.
    try:
        result = export.read_submission(path, bank, **kwargs)
    except GcmError as exc:
        problems.append(f"read_submission refused the file: {exc.message}")
        return problems
    sub = result.submission
    base_sub = base.submission
    if case.check_identity:
        for key in IDENTITY_FIELDS:
            if getattr(sub, key) != getattr(base_sub, key):
                problems.append(
                    f"identity {key} read as {getattr(sub, key)!r}, not {getattr(base_sub, key)!r}"
                )
    if case.identity:
        for key, value in case.identity.items():
            if getattr(sub, key, None) != value:
                problems.append(
                    f"identity {key} read as {getattr(sub, key, None)!r}, not {value!r}"
                )

    for qid, expected in case.expect.items():
        actual = sub.answers.get(qid, rc.ABSENT)
        problem = rc.expectation_problem(expected, actual, base_sub.answers.get(qid, rc.ABSENT))
        if problem:
            problems.append(f"{qid}: {problem}")
    touched = case.touched_ids()
    for qid, value in base_sub.answers.items():
        if qid not in touched and not rc.same(sub.answers.get(qid, rc.ABSENT), value):
            problem = rc.differ(value, sub.answers.get(qid, rc.ABSENT))
            problems.append(f"{qid} (not edited): {problem}")
    for qid, value in sub.answers.items():
        if qid not in base_sub.answers and qid not in touched:
            problems.append(f"{qid} has an answer the report does not give: {rc.short(value)}")

    if case.notes:
        notes = getattr(sub, "notes", None)
        if notes is None:
            problems.append("Submission has no notes")
        else:
            for qid, text in case.notes.items():
                if notes.get(qid) != text:
                    problems.append(f"notes[{qid!r}] is {notes.get(qid)!r}, expected {text!r}")

    problems.extend(_table_problems(case, sub, base_sub))
    return problems


def _table_problems(case: rc.Case, sub, base_sub) -> list[str]:
    problems: list[str] = []
    read = sub.tables
    for (qid, row, col), expected in case.cells.items():
        actual = read[qid].cells.get(row, {}).get(col, rc.ABSENT) if qid in read else rc.ABSENT
        problem = rc.expectation_problem(expected, actual, rc.ABSENT)
        if problem:
            problems.append(f"{qid} cell {row}/{col}: {problem}")
    for qid, table in base_sub.tables.items():
        got = read.get(qid)
        if got is None:
            problems.append(f"table {qid} not read")
            continue
        if got.reference_year != table.reference_year or got.source != table.source:
            problems.append(
                f"table {qid}: year/source read as {got.reference_year!r}/{got.source!r}"
            )
        for row, cols in table.cells.items():
            for col, value in cols.items():
                if (qid, row, col) in case.cells:
                    continue
                actual = got.cells.get(row, {}).get(col, rc.ABSENT)
                if not rc.same(actual, value):
                    problems.append(f"{qid} cell {row}/{col} read as {actual!r}, not {value!r}")
    for qid, table in read.items():
        base_cells = base_sub.tables[qid].cells if qid in base_sub.tables else {}
        for row, cols in table.cells.items():
            for col, value in cols.items():
                if col not in base_cells.get(row, {}) and (qid, row, col) not in case.cells:
                    problems.append(f"{qid} cell {row}/{col} = {value!r} is not in the annex")
    for qid, rows in case.extra_rows.items():
        table = read.get(qid)
        extra = getattr(table, "extra_rows", None) if table is not None else None
        if extra is None:
            problems.append(f"tables[{qid!r}] has no extra_rows")
            continue
        for label, cells in rows:
            found = [r for r in extra if getattr(r, "label", None) == label]
            if not found:
                labels = [getattr(r, "label", r) for r in extra]
                problems.append(f"no extra row {label!r} in {qid}: {labels!r}")
            elif (
                not isinstance(found[0].cells, dict)
                or not all(rc.same(found[0].cells.get(col), value) for col, value in cells.items())
                or set(found[0].cells) != set(cells)
            ):
                problems.append(f"extra row {label!r} of {qid}: cells {found[0].cells!r}")
    return problems


@pytest.mark.parametrize("case", rc.CASES, ids=[c.name for c in rc.CASES])
def test_edited_report_reads_as_meant(case, corpus, bases, bank):
    problems = evaluate(case, corpus[case.name], bases[case.base], bank)
    assert not problems, f"{case.name}:\n  " + "\n  ".join(problems)


# ---------------------------------------------------------------- LibreOffice


@dataclass(frozen=True)
class LoCase:
    """A file LibreOffice wrote: a base round-tripped through ``via``, or a case re-saved."""

    name: str
    case: rc.Case
    via: str | None = None  # "odt" or "doc"; None: .docx re-saved as .docx


ROUND_TRIPS = [
    LoCase(
        f"{base}-via-{via}",
        rc.Case(f"{base}-via-{via}", base, allow=list(rc.DEFAULT_FORBID), check_identity=False),
        via,
    )
    for base in ("en", "fr")
    for via in ("odt", "doc")
]
RESAVES = [LoCase(f"resave-{c.name}", c) for c in rc.CASES if c.lo]
LO_CASES = ROUND_TRIPS + RESAVES


@pytest.fixture(scope="session")
def libreoffice_files(soffice, tmp_path_factory, bases, corpus) -> dict[str, Path]:
    """Every LibreOffice-written .docx, by LoCase name, with its annex beside it."""
    root = tmp_path_factory.mktemp("readback-lo")
    profile = tmp_path_factory.mktemp("readback-lo-profile")
    stage, final = root / "stage", root / "final"
    stage.mkdir()
    middle: dict[str, list[Path]] = {"odt": [], "doc": []}
    for lo in ROUND_TRIPS:
        copy = stage / f"{lo.name}.docx"
        shutil.copyfile(bases[lo.case.base].report, copy)
        middle[lo.via].append(copy)
    for via, files in middle.items():
        libreoffice_convert_many(soffice, files, via, root / via, profile)
    sources = [root / lo.via / f"{lo.name}.{lo.via}" for lo in ROUND_TRIPS]
    sources += [corpus[lo.case.name] for lo in RESAVES]
    libreoffice_convert_many(soffice, sources, "docx:MS Word 2007 XML", final, profile)
    files: dict[str, Path] = {}
    for lo in LO_CASES:
        source = bases[lo.case.base].report if lo.via else corpus[lo.case.name]
        target = final / f"{lo.name}.docx"
        converted = target if lo.via else final / source.name
        if converted != target and converted.exists():
            converted.rename(target)
        shutil.copyfile(
            source.with_name(source.stem + "_data.xlsx"), final / f"{lo.name}_data.xlsx"
        )
        files[lo.name] = target
    return files


@pytest.mark.libreoffice
@pytest.mark.parametrize("lo", LO_CASES, ids=[lo.name for lo in LO_CASES])
def test_libreoffice_writes_read_as_meant(lo, libreoffice_files, bases, bank):
    path = libreoffice_files[lo.name]
    assert path.exists(), f"LibreOffice did not write {path.name}"
    problems = evaluate(lo.case, path, bases[lo.case.base], bank)
    assert not problems, f"{lo.name}:\n  " + "\n  ".join(problems)
