"""The regional synthesis: submissions in, a synthesis model out (writers turn it into the
Word report and the analyst workbook).

Nothing is lost: every input is either included or listed as excluded with its reason —
unreadable, invalid, another region, or a duplicate (superseded by a newer report of the same
Member State, or the same report received twice).
"""

from __future__ import annotations

import bisect
import contextlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from gcmreview import checks, formats, reference
from gcmreview.bank import Column, QuestionBank, Row, templates_dir
from gcmreview.errors import UsageError
from gcmreview.inbox import Item, opened
from gcmreview.messages import Text, render
from gcmreview.reference import Commission, pick
from gcmreview.submission import Submission
from gcmreview.yamlio import load_bundled

#: The fields of each objective quoted in the synthesis, in order.
OBJECTIVE_FIELDS = ("measures", "results", "challenges", "practices", "data")
REPORTED_FIELDS = ("measures", "results", "challenges", "practices", "data")
EXCERPT_WORDS = 150


@dataclass
class Entry:
    """One included submission."""

    path: str
    submission: Submission
    warnings: list[checks.Finding] = field(default_factory=list)
    #: what `check` found wrong (errors): the report is in, and its issues are listed
    issues: list[checks.Finding] = field(default_factory=list)
    #: the cross-cutting issues its answers mention (see :func:`mentioned_issues`), worked
    #: out where the report was read; None until asked
    mentioned: frozenset[str] | None = None

    @property
    def country(self) -> str:
        return self.submission.country

    def name(self, lang: str) -> str:
        return reference.country(self.country).name(lang)


@dataclass
class Figures:
    """One row of a data table across the Member States that gave it for one reference
    year: (Member State, figure) pairs and their sum."""

    row: Row
    year: int | None
    values: list[tuple[str, float]]

    @property
    def total(self) -> float:
        return sum(value for _, value in self.values)


@dataclass
class Levels:
    """One row of a data table whose answers are levels from a list, not figures (SDG
    indicator 10.7.2: "Meets", "Fully meets" … per policy domain), across the Member States
    that gave it for one reference year: how many Member States gave each level, in the
    list's order."""

    row: Row
    column: Column
    year: int | None
    counts: dict[str, int]


@dataclass
class Exclusion:
    """One submission left out, and why."""

    path: str
    #: why, in English, beginning with what it is ("unreadable: …"): what ``--json`` says
    reason: str
    country: str | None = None
    kind: str | None = None
    #: why, as data, to be said in any language (:mod:`gcmreview.reasons`): "unreadable",
    #: "invalid", "another-region", "duplicate" or "superseded"
    why: str = ""
    #: what the reason names: the report used instead (``file``), its approval date
    #: (``approved``), the region a report was submitted for (``submitted``)
    details: dict[str, str] = field(default_factory=dict)
    #: what ``check`` found (an unreadable file, an invalid report)
    findings: list[checks.Finding] = field(default_factory=list)


@dataclass
class Note:
    """Something synthesize says about what it read, under its summary: a file skipped (not a
    report), a report superseded by a newer one of the same Member State, the region taken
    from the reports. Said in any language (``received.note.<code>`` of findings.yaml);
    ``--json`` gives its code and its English."""

    #: "skipped", "superseded", "region" or "other-bank"
    code: str
    params: dict[str, object] = field(default_factory=dict)
    #: the file it is about (skipped, superseded), as received
    path: str | None = None

    def message_in(self, lang: str) -> str:
        values = dict(self.params)
        if self.code == "region":  # the commission by its acronym in the language
            values["region"] = reference.commission(str(values["region"])).acronym(lang)
        return render(f"received.note.{self.code}", lang, values)

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "path": self.path, "message": self.message_in("en")}


@dataclass
class Synthesis:
    commission: Commission
    bank: QuestionBank
    lang: str
    title: str
    national: list[Entry]
    shadow: list[Entry]
    excluded: list[Exclusion]
    received: int
    notes: list[Note] = field(default_factory=list)

    # ------------------------------------------------------------ derived figures

    def answer(self, entry: Entry, qid: str) -> object:
        q = self.bank.questions.get(qid)
        if q is None or q.contact:
            return None  # contact details never leave the submission
        return entry.submission.answers.get(qid)

    def participation(self) -> dict[str, object]:
        """Who reported, against the Member States of the region: the region's own members
        are the denominator; non-regional and associate members that reported are counted
        and named apart (ECLAC's and ESCAP's non-regional members are not "the region")."""
        comm = self.commission
        names = {e.submission.country: e.name(self.lang) for e in self.national}
        regional = [c for c in names if c in comm.regional_members]
        non_regional = [names[c] for c in names if c in comm.non_regional_members]
        associate = [names[c] for c in names if c in comm.associate_members]
        region = len(comm.regional_members)
        return {
            "n_region": region,
            "n_regional": len(regional),
            "share": round(100 * len(regional) / region) if region else 0,
            "share_text": formats.percent(len(regional), region, self.lang),
            "non_regional": sorted(non_regional),
            "associate": sorted(associate),
            "n_non_regional_members": len(comm.non_regional_members),
            "n_associate_members": len(comm.associate_members),
        }

    def regional_figures(self, qid: str) -> list[Figures]:
        """For each row of a data table: the sum of its total column over the Member States
        that gave it, by reference year (figures of different years are never added
        together), with the number of Member States and their names."""
        q = self.bank.questions[qid]
        assert q.table is not None
        total = next((c.id for c in q.table.columns if c.role in ("total", "value")), None)
        found: list[Figures] = []
        if total is None:
            return found
        for row in q.table.rows:
            by_year: dict[int | None, list[tuple[str, float]]] = {}
            for e in self.national:
                table = e.submission.tables.get(qid)
                value = table.cells.get(row.id, {}).get(total) if table else None
                if isinstance(value, int | float) and not isinstance(value, bool):
                    by_year.setdefault(table.reference_year if table else None, []).append(
                        (e.name(self.lang), value)
                    )
            for year, values in sorted(by_year.items(), key=lambda kv: (kv[0] is None, kv[0])):
                found.append(Figures(row, year, values))
        return found

    def regional_levels(self, qid: str) -> list[Levels]:
        """For each row of a data table without figures (no total or value column) and
        each of its columns of levels (a list of codes): how many Member States gave each
        level, by reference year (answers of different years are never counted together).
        Levels are categories, not amounts: they are counted, never added or averaged."""
        q = self.bank.questions[qid]
        assert q.table is not None
        if any(c.role in ("total", "value") for c in q.table.columns):
            return []
        found: list[Levels] = []
        for column in q.table.columns:
            codes = [c.code for c in q.table.choices.get(column.choices or "", ())]
            if column.role != "code" or not codes:
                continue
            for row in q.table.rows:
                by_year: dict[int | None, dict[str, int]] = {}
                for e in self.national:
                    table = e.submission.tables.get(qid)
                    value = table.cells.get(row.id, {}).get(column.id) if table else None
                    if table is not None and str(value) in codes:
                        counts = by_year.setdefault(table.reference_year, dict.fromkeys(codes, 0))
                        counts[str(value)] += 1
                for year, counts in sorted(by_year.items(), key=lambda kv: (kv[0] is None, kv[0])):
                    found.append(Levels(row, column, year, counts))
        return found

    def good_practices(self) -> list[tuple[Entry, int, str, str | None]]:
        """(Member State, objective, the practice as written (scrubbed), whether it was
        submitted to the Migration Network Hub: "yes", "no" or None) for every good practice
        reported, by objective then Member State: what the secretariat forwards to the Hub."""
        found = []
        for o in reference.objectives():
            for e in self.national:
                text = self.answer(e, f"obj.{o.number:02d}.practices")
                if isinstance(text, str) and text.strip():
                    hub = self.answer(e, f"obj.{o.number:02d}.hub")
                    found.append((e, o.number, scrub(text), hub if isinstance(hub, str) else None))
        return found

    def written(self, entry: Entry, qid: str) -> str | None:
        """Text written beside a choice or a data table (an "Other" specification)."""
        q = self.bank.questions.get(qid)
        if q is None or q.contact:
            return None
        return entry.submission.notes.get(qid) or None

    def codes(self, entry: Entry, qid: str) -> list[str]:
        """The codes chosen in a multiple-choice answer (empty if none)."""
        value = self.answer(entry, qid)
        return [str(v) for v in value] if isinstance(value, list) else []

    def reported(self, entry: Entry, n: int) -> bool:
        return any(self.answer(entry, f"obj.{n:02d}.{f}") for f in REPORTED_FIELDS)

    def priority(self, entry: Entry, n: int) -> bool:
        return self.answer(entry, f"obj.{n:02d}.priority") == "yes"

    def has_measures(self, entry: Entry, n: int) -> bool:
        return bool(self.answer(entry, f"obj.{n:02d}.measures"))

    def coverage(self) -> dict[str, dict[int, str]]:
        """country → objective → "P" (priority), "●" (reported) or ""."""
        grid: dict[str, dict[int, str]] = {}
        for e in self.national:
            row = {}
            for o in reference.objectives():
                row[o.number] = (
                    "P" if self.priority(e, o.number) else "●" if self.reported(e, o.number) else ""
                )
            grid[e.country] = row
        return grid

    def measures_per_objective(self) -> dict[int, int]:
        return {
            o.number: sum(self.has_measures(e, o.number) for e in self.national)
            for o in reference.objectives()
        }

    def mentions(self, issue: str) -> int:
        """National reports that mention a cross-cutting issue anywhere in their answers (one
        that answered the issue's own question mentions it, whatever words it used)."""
        return sum(1 for e in self.national if issue in self._mentioned(e) or self.answer(e, issue))

    def _mentioned(self, entry: Entry) -> frozenset[str]:
        if entry.mentioned is None:
            entry.mentioned = mentioned_issues(entry.submission, self.bank)
        return entry.mentioned

    def dates(self) -> list[date]:
        found = []
        for e in self.national + self.shadow:
            value = e.submission.answers.get("method.adopted")
            if isinstance(value, str):
                with contextlib.suppress(ValueError):
                    found.append(date.fromisoformat(value))
        return sorted(found)


@cache
def _folded_keywords() -> dict[str, list[str]]:
    """Each cross-cutting issue's keywords, folded, each after a space (a word beginning);
    Chinese ones anywhere (Chinese writes no spaces between words)."""
    return {
        issue: [("" if "\u3400" <= w[:1] <= "\u9fff" else " ") + _words(w) for w in words]
        for issue, words in keywords().items()
    }


def mentioned_issues(sub: Submission, bank: QuestionBank) -> frozenset[str]:
    """The cross-cutting issues a report's answers mention (contact details aside): an issue
    is mentioned when one of its keywords begins a word of the answers, folded (a Chinese
    keyword: anywhere). Done once per report, by the worker that reads it."""
    text = " ".join(
        v
        for qid, v in sub.answers.items()
        if isinstance(v, str) and not getattr(bank.questions.get(qid), "contact", True)
    )
    folded = " " + _words(text)
    starts = sorted(set(folded.split()))

    def found(keyword: str) -> bool:
        if not keyword.startswith(" ") or " " in keyword[1:]:
            return keyword in folded  # Chinese, or several words
        # one word: does a word of the text begin with it?
        word = keyword[1:]
        at = bisect.bisect_left(starts, word)
        return at < len(starts) and starts[at].startswith(word)

    return frozenset(issue for issue, words in _folded_keywords().items() if any(map(found, words)))


@cache
def keywords() -> dict[str, list[str]]:
    path = templates_dir() / "synthesis" / "keywords.yaml"
    data: dict[str, list[str]] = load_bundled(
        path.read_text(encoding="utf-8"), source="synthesis/keywords.yaml"
    )
    return data


COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """Lower case without accents, for matching keywords in any of the three languages."""
    return COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))


def _words(text: str) -> str:
    """:func:`_fold`, with anything between words made one space."""
    return NON_WORD.sub(" ", _fold(text)).strip()


NON_WORD = re.compile(r"[\W_]+")


def scrub(text: str) -> str:
    """Hide personal data in quoted text (e-mail addresses, telephone numbers, passport or
    identity numbers, dates of birth): exactly what ``check`` reports as ``personal-data``,
    replaced by "[…]" (see :mod:`gcmreview.personal_data`)."""
    from gcmreview.personal_data import redact

    return redact(text)


def excerpt(text: str, limit: int = EXCERPT_WORDS) -> tuple[str, bool]:
    """The answer, scrubbed, cut to ``limit`` words (what is between spaces, line ends
    aside); and whether it was cut."""
    clean = scrub(text)
    if clean.count(" ") < limit:  # fewer spaces than words allowed: nothing to cut
        return clean, False
    kept = _first_words(limit).match(clean)
    if kept is None or not clean[kept.end() :].strip():
        return clean, False
    return kept.group(0).rstrip(" ,;:"), True


@cache
def _first_words(n: int) -> re.Pattern[str]:
    """The text up to the end of its ``n``-th word: what is between spaces and holds more
    than line ends and tabs."""
    return re.compile(r"(?:\s*\S[^ ]*(?= |\Z)){" + str(n) + "}")


# ---------------------------------------------------------------- building


def _adopted(sub: Submission) -> str:
    value = sub.answers.get("method.adopted")
    return value if isinstance(value, str) else ""


def build(
    paths: Iterable[Path],
    bank: QuestionBank,
    *,
    region: str | None = None,
    lang: str = "en",
    title: str | None = None,
    advance: Callable[[], None] | None = None,
    exclude_invalid: bool = False,
) -> Synthesis:
    """Read and check every input and decide who is in. Every readable report of the region
    is in, with its validation problems listed (annex B) rather than excluding it, unless
    ``exclude_invalid``; only unreadable files, other regions, duplicates and superseded
    reports are left out. Without ``region`` the region is the one most reports are for."""
    paths = list(paths)
    with opened(paths) as files:  # messages and archives opened, annexes paired
        return build_from(
            files,
            paths,
            bank,
            region=region,
            lang=lang,
            title=title,
            advance=advance,
            exclude_invalid=exclude_invalid,
        )


def build_from(
    files: list[Item],
    paths: list[Path],
    bank: QuestionBank,
    *,
    region: str | None = None,
    lang: str = "en",
    title: str | None = None,
    advance: Callable[[], None] | None = None,
    exclude_invalid: bool = False,
) -> Synthesis:
    """:func:`build` from the inbox ``paths`` already opened into ``files`` (see
    :func:`gcmreview.inbox.opened`), so that a caller showing progress opens it once."""
    lang = reference.check_language(lang)
    # findings said in the synthesis's language (the bank's words in them too): annex B
    reports = checks.check_files(
        files, bank, advance, lang=lang, derive=lambda sub: mentioned_issues(sub, bank)
    )
    checks.require_reports(reports, paths)
    comm = _region(reports, region)
    excluded: list[Exclusion] = []
    strict: list[Exclusion] = []  # invalid, left out with --exclude-invalid
    candidates: list[Entry] = []
    skipped: list[Note] = []
    for report in reports:
        ident = report.identity or {}
        if report.status == checks.SKIPPED:
            why = report.findings[0]
            detail = Text(why.key or why.code, why.params)
            skipped.append(Note("skipped", {"file": report.path, "detail": detail}, report.path))
            continue
        if report.status == checks.UNREADABLE:
            unread = report.findings[0]
            excluded.append(
                Exclusion(
                    report.path,
                    "unreadable: " + unread.message,
                    why="unreadable",
                    findings=[unread],
                )
            )
            continue
        errors = [f for f in report.findings if f.severity == checks.ERROR]
        if report.status == checks.INVALID and exclude_invalid:
            first = errors[0]
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            strict.append(
                Exclusion(
                    report.path,
                    f"invalid: {first.code} at {first.question or first.location}: "
                    f"{first.message}{more}",
                    ident.get("country"),
                    ident.get("kind"),
                    why="invalid",
                    findings=errors,
                )
            )
            if report.submission is None:
                excluded.append(strict.pop())
                continue
            # it still supersedes an older report of its Member State, which is not brought
            # back in its place: it is left out after the duplicates are settled
        assert report.submission is not None
        sub = report.submission
        if sub.region != comm.code:
            excluded.append(
                Exclusion(
                    report.path,
                    f"another region: submitted for {sub.region}, not {comm.code}",
                    sub.country,
                    sub.kind,
                    why="another-region",
                    details={"submitted": sub.region, "region": comm.code},
                )
            )
            continue
        warnings = [f for f in report.findings if f.severity == checks.WARNING]
        mentioned = report.derived if isinstance(report.derived, frozenset) else None
        if sub.organisation and scrub(sub.organisation) != sub.organisation:
            # an organisation's name heads its chapter and attributes its quotations: the
            # personal data check finds in it is hidden there too
            sub = sub.model_copy(update={"organisation": scrub(sub.organisation)})
        candidates.append(Entry(report.path, sub, warnings, errors, mentioned))
    national, shadow, notes = _deduplicate(candidates, excluded)
    if strict:
        invalid = {x.path: x for x in strict}
        excluded.extend(x for x in strict if any(e.path == x.path for e in national + shadow))
        national = [e for e in national if e.path not in invalid]
        shadow = [e for e in shadow if e.path not in invalid]
    # Member States in the order of the report's language (« Égypte » among the E's).
    national.sort(key=lambda e: (reference.sort_key(e.name(lang), lang), e.path))
    shadow.sort(
        key=lambda e: (
            reference.sort_key(e.name(lang), lang),
            e.submission.organisation or "",
            e.path,
        )
    )
    notes = skipped + notes
    # reports made from another bank (a regional bank not given with --bank): the questions
    # it adds are not in this bank, so not in the synthesis; say how to put them in
    others = Counter(
        e.submission.bank_id
        for e in national + shadow
        if e.submission.bank_id not in (bank.id, bank.based_on)
    )
    notes.extend(Note("other-bank", {"bank": b, "n": n}) for b, n in sorted(others.items()))
    if region is None:
        notes.insert(0, Note("region", {"region": comm.code}))
    if title is None:
        from gcmreview.narrative import narrative

        title = narrative(lang).default_title(pick(comm.name, lang))
    return Synthesis(
        commission=comm,
        bank=bank,
        lang=lang,
        title=title,
        national=national,
        shadow=shadow,
        excluded=sorted(excluded, key=lambda x: x.path),
        received=len(reports) - len(skipped),
        notes=notes,
    )


def _region(reports: list[checks.FileReport], region: str | None) -> Commission:
    """The commission of the synthesis: the one given, or the one most readable reports are
    for. A given region that few reports are for, when most are for another, is refused:
    an ECE inbox synthesized as ECA would make a one-country ECA report."""
    counts = Counter(
        r.submission.region for r in reports if r.submission is not None and r.status != "SKIPPED"
    )
    if region is None:
        if not counts:
            raise UsageError(
                "no readable report says which region it is for; give the region with --region"
            )
        (code, _), *rest = counts.most_common()
        if rest and rest[0][1] == counts[code]:
            tied = " and ".join(sorted(c for c, n in counts.items() if n == counts[code]))
            raise UsageError(f"as many reports are for {tied}; choose one with --region")
        return reference.commission(code)
    comm = reference.commission(region)
    total = sum(counts.values())
    if total and counts[comm.code] * 2 < total:
        other, number = counts.most_common(1)[0]
        raise UsageError(
            f"{number} of the {total} readable reports are for {other}, "
            f"{counts[comm.code]} for {comm.code}: use --region {other}, or leave --region "
            "out to take the region from the reports"
        )
    return comm


def _deduplicate(
    candidates: list[Entry], excluded: list[Exclusion]
) -> tuple[list[Entry], list[Entry], list[Note]]:
    """One national report per Member State and one shadow report per organisation and
    country. The newer report wins (later approval date, then the Word file over its JSON,
    then the path); the loser is listed as excluded with the reason."""
    groups: dict[tuple[str, str, str], list[Entry]] = {}
    for e in candidates:
        sub = e.submission
        org = (sub.organisation or "").casefold() if sub.kind == "shadow" else ""
        groups.setdefault((sub.kind, sub.country, org), []).append(e)
    national: list[Entry] = []
    shadow: list[Entry] = []
    notes: list[Note] = []
    for (kind, country, _org), entries in groups.items():
        entries.sort(
            key=lambda e: (_adopted(e.submission), e.path.endswith(".docx"), e.path), reverse=True
        )
        winner, *losers = entries
        for loser in losers:
            same = loser.submission.model_dump() == winner.submission.model_dump()
            details = {"file": winner.path}
            if same:
                reason = f"duplicate: the same report as {winner.path}"
            else:
                newer = _adopted(winner.submission)
                if newer and newer != _adopted(loser.submission):
                    details["approved"] = newer
                why = f"approved {newer}" if "approved" in details else "chosen by file name"
                reason = f"superseded: a newer report of {country} was used ({winner.path}, {why})"
                named: dict[str, object] = {
                    "country": country,
                    "used": winner.path,
                    "superseded": loser.path,
                }
                notes.append(Note("superseded", named, loser.path))
            excluded.append(
                Exclusion(
                    loser.path,
                    reason,
                    country,
                    kind,
                    why="duplicate" if same else "superseded",
                    details=details,
                )
            )
        (national if kind == "national" else shadow).append(winner)
    national.sort(key=lambda e: (reference.country(e.country).name("en"), e.path))
    shadow.sort(
        key=lambda e: (
            reference.country(e.country).name("en"),
            e.submission.organisation or "",
            e.path,
        )
    )
    return national, shadow, notes


def exit_code(s: Synthesis) -> int:
    """2: nothing to synthesize; 1: written, but some inputs were excluded or are in with
    issues (listed in annex B); 0: every input is in without issues."""
    if not s.national and not s.shadow:
        return 2
    return 1 if s.excluded or any(e.issues for e in s.national + s.shadow) else 0


def summary_json(s: Synthesis, outputs: tuple[Path, Path, Path] | None) -> dict[str, object]:
    return {
        "region": s.commission.code,
        "language": s.lang,
        "title": s.title,
        "received": s.received,
        "notes": [n.to_json() for n in s.notes],
        "included": [
            {
                "path": e.path,
                "kind": e.submission.kind,
                "country": e.country,
                "organisation": e.submission.organisation,
                "warnings": [f.code for f in e.warnings],
                "issues": [
                    {
                        "code": i.code,
                        "question": i.question or None,
                        "location": i.location,
                        "message": scrub(i.message),
                    }
                    for i in e.issues
                ],
            }
            for e in s.national + s.shadow
        ],
        "excluded": [
            {"path": x.path, "country": x.country, "kind": x.kind, "reason": x.reason}
            for x in s.excluded
        ],
        "outputs": {
            "report": str(outputs[0]),
            "workbook": str(outputs[1]),
            "manifest": str(outputs[2]),
        }
        if outputs
        else None,
        "exit_code": exit_code(s),
    }
