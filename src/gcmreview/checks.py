"""``check``: validate submissions against the question bank. Findings are data, not
exceptions: every file gets a report, even one that cannot be read.

Each finding has a stable code (kebab-case; listed in :data:`CODES`), a severity, a location
a person can find in the document (section, question ID, table row and column) and a message
that says what to do.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from gcmreview import personal_data, reference
from gcmreview.bank import Question, QuestionBank
from gcmreview.errors import GcmError
from gcmreview.ooxml import UnreadableFile
from gcmreview.personal_data import mask
from gcmreview.reference import pick
from gcmreview.submission import Submission
from gcmreview.values import is_iso_date, read_date, read_number

ERROR, WARNING = "error", "warning"
VALID, INVALID, UNREADABLE, SKIPPED = "VALID", "INVALID", "UNREADABLE", "SKIPPED"

#: Every finding code, with its severity and what it means.
CODES: dict[str, tuple[str, str]] = {
    "unreadable": (ERROR, "the file cannot be read as a gcmreview report"),
    "required-missing": (ERROR, "a required question has no answer"),
    "placeholder-left": (ERROR, "guidance or placeholder text was left in an answer"),
    "word-limit": (ERROR, "an answer is longer than its word limit"),
    "not-a-number": (ERROR, "a number was expected"),
    "not-a-choice": (ERROR, "the answer is not one of the question's options"),
    "several-choices": (ERROR, "several options are marked where only one is allowed"),
    "bad-date": (ERROR, "a date was expected as YYYY-MM-DD"),
    "total-mismatch": (ERROR, "a table's total does not equal its breakdown by sex or age"),
    "negative-value": (ERROR, "a count or value is negative"),
    "impossible-value": (
        ERROR,
        "a value cannot be right (a share above 100%, a part above "
        "its total, a year outside 1950–2100)",
    ),
    "country-not-in-region": (ERROR, "the country is not a member of the stated commission"),
    "unknown-bank": (ERROR, "the report was made from a question bank gcmreview does not know"),
    "outdated-bank": (WARNING, "the report was made from another version of the question bank"),
    "annex-metadata-mismatch": (ERROR, "the data annex belongs to another report"),
    "annex-missing": (WARNING, "no data annex was found beside the report"),
    "bad-reference-year": (ERROR, "a table's reference year is not a year"),
    "personal-data": (WARNING, "an answer seems to contain personal data"),
    "tracked-changes": (WARNING, "tracked changes were left in; they were read as accepted"),
    "comments-present": (WARNING, "the document has comments; they are not answers"),
    "duplicate-question": (WARNING, "a question appears twice in the document"),
    "unknown-question": (WARNING, "a question ID is not in the question bank"),
    "question-missing": (WARNING, "a question of the bank is missing from the document"),
    "unknown-choice": (ERROR, "an option was marked that is not in the question bank"),
    "not-asked": (WARNING, "an answer to a question not asked in this kind of report"),
    "answer-outside-box": (
        WARNING,
        "text typed outside the answer box (question or guidance cell, or after the table); "
        "it was read",
    ),
    "choice-unclear": (ERROR, "a choice cannot be read without guessing (no clear mark)"),
    "ambiguous-number": (ERROR, "a number that can be read two ways; it was not read"),
    "properties-missing": (
        WARNING,
        "the file lost its document properties; its identity was read from its title page",
    ),
    "control-characters": (
        WARNING,
        "characters a Word or Excel file cannot hold (control characters) were removed",
    ),
    "duplicate-key": (ERROR, "a key appears twice in the same object of a JSON submission"),
    "own-output": (
        WARNING,
        "a file gcmreview made (a synthesis, a workbook, a form): skipped, not a report",
    ),
    "converted": (
        WARNING,
        "a report saved as .odt, .doc or .rtf, read after conversion by LibreOffice",
    ),
    "id-deleted": (
        WARNING,
        "a question's ID was deleted; the question was recognised by its wording",
    ),
    "unexpected-row": (WARNING, "a row added to a data-annex table; it was read and kept apart"),
    "mostly-empty": (
        WARNING,
        "a national report with less than a quarter of its questions answered",
    ),
}

#: How a ``personal-data`` finding names each kind :func:`personal_data.find` reports.
_PERSONAL_DATA = {
    "email": "an e-mail address",
    "date of birth": "a date of birth",
    "document number": "an identity or passport number",
    "telephone": "a telephone number",
}


@cache
def _placeholders() -> tuple[re.Pattern[str], frozenset[str], tuple[str, ...]]:
    """(a pattern for placeholders anywhere in an answer, placeholders that count only as a
    whole answer or paragraph, the folded phrases: a cheap test before the pattern), from
    ``templates/i18n/readback.yaml``, every language."""
    from gcmreview.i18n import readback_words

    words = readback_words()["placeholders"]
    phrases = [p for lang, items in words.items() if lang != "alone" for p in items]
    parts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        escaped = re.escape(phrase)
        left = r"(?<!\w)" if phrase[:1].isalnum() else ""
        right = r"(?!\w)" if phrase[-1:].isalnum() else ""
        parts.append(f"{left}{escaped}{right}")
    pattern = re.compile("|".join(parts), re.IGNORECASE)
    hints = tuple(sorted({p.casefold() for p in phrases}))
    return pattern, frozenset(p.casefold() for p in words["alone"]), hints


def placeholder(text: str, folded: str | None = None) -> str | None:
    """The placeholder left in an answer, if any (``folded``: the text case-folded, when
    the caller has it)."""
    pattern, alone, hints = _placeholders()
    folded = text.casefold() if folded is None else folded
    if len(text) < 200 or any(len(line) < 8 for line in text.split("\n")):
        for line in text.split("\n"):
            if line.strip().casefold() in alone:
                return line.strip()
    if not any(hint in folded for hint in hints):
        return None
    match = pattern.search(text)
    return match.group(0) if match else None


@dataclass
class Finding:
    code: str
    severity: str
    location: str
    message: str
    hint: str = ""

    def to_json(self) -> dict[str, str]:
        data = asdict(self)
        if not self.hint:
            data.pop("hint")
        return data


@dataclass
class FileReport:
    path: str
    status: str
    identity: dict[str, str | None] | None
    findings: list[Finding] = field(default_factory=list)
    annex: str | None = None
    #: the submission as read (for synthesize); not part of the JSON output
    submission: Submission | None = None
    #: how much of the report is filled in: questions answered of those asked (data-annex
    #: tables aside), and figures given in the data annex
    answered: int = 0
    asked: int = 0
    annex_cells_filled: int = 0

    def to_json(self) -> dict[str, object]:
        identity = None
        if self.identity is not None:
            identity = {
                k: self.identity.get(k)
                for k in ("kind", "country", "region", "language", "bank_version")
            }
        return {
            "path": self.path,
            "status": self.status,
            "identity": identity,
            "annex": self.annex,
            "answered": self.answered,
            "asked": self.asked,
            "annex_cells_filled": self.annex_cells_filled,
            "findings": [f.to_json() for f in self.findings],
        }

    def completeness(self) -> str:
        """ "answered 6 of 188 questions; data annex empty", or "" for an unread file."""
        if self.status == UNREADABLE:
            return ""
        annex = (
            f"{self.annex_cells_filled} figure(s) in the data annex"
            if self.annex_cells_filled
            else "data annex empty"
        )
        return f"answered {self.answered} of {self.asked} questions; {annex}"

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)


def finding(
    code: str, location: str, message: str, hint: str = "", severity: str | None = None
) -> Finding:
    return Finding(
        code=code,
        severity=severity or CODES[code][0],
        location=location,
        message=message,
        hint=hint,
    )


# Caches keyed by content, never by object identity: an id() can be reused by another bank
# once the first is garbage-collected.
_WHERE: dict[tuple[str, str, str], str] = {}
_GUIDANCE: dict[tuple[str, ...], frozenset[str]] = {}


def _where(bank: QuestionBank, q: Question, lang: str) -> str:
    """Section › (objective ›) question ID, as shown to people (cached per bank content)."""
    key = (bank.fingerprint, q.id, lang)
    if key not in _WHERE:
        _WHERE[key] = _where_text(bank, q, lang)
    return _WHERE[key]


def _guidance(q: Question) -> frozenset[str]:
    """The question's guidance texts, folded, to spot them copied into an answer."""
    key = tuple(q.guidance.values())
    if key not in _GUIDANCE:
        _GUIDANCE[key] = frozenset(
            g.strip().casefold() for g in q.guidance.values() if len(g.strip()) > 20
        )
    return _GUIDANCE[key]


def _where_text(bank: QuestionBank, q: Question, lang: str) -> str:
    section = bank.section(q.section)
    title = pick(section.title, lang)
    if q.objective is not None:
        title += f" › {reference.OBJECTIVE_WORD.get(lang, 'Objective')} {q.objective}"
    return f"{title} › {q.id}"


def _words(text: str) -> int:
    return len(text.split())


def completeness(sub: Submission, bank: QuestionBank) -> tuple[int, int, int]:
    """(questions answered, questions asked, figures in the data annex) of a submission;
    data-annex tables are counted by their figures, not as questions."""
    asked = [q for q in bank.questions.values() if q.for_kind(sub.kind) and q.kind != "table"]
    answered = sum(1 for q in asked if sub.answers.get(q.id) not in (None, "", []))
    cells = sum(table.filled_cells() for table in sub.tables.values())
    return answered, len(asked), cells


def check_submission(sub: Submission, bank: QuestionBank) -> list[Finding]:
    """Everything wrong with a submission's content, in document order."""
    out: list[Finding] = []
    lang = sub.language
    out.extend(_identity(sub, bank))
    for where in sub.removed_characters():
        out.append(
            finding(
                "control-characters",
                where,
                "control characters (or broken Unicode) that no Word or Excel file can hold "
                "were removed",
                "check the text, which may have been pasted from another program",
            )
        )
    answered, asked, _ = completeness(sub, bank)
    if sub.kind == "national" and answered * 4 < asked:
        out.append(
            finding(
                "mostly-empty",
                "document",
                f"only {answered} of {asked} questions are answered",
                "answer the questions that apply to your country; leave only those with "
                "nothing to report empty",
            )
        )
    for section in bank.sections:
        for q in bank.questions_in(section):
            value = sub.answers.get(q.id)
            where = _where(bank, q, lang)
            if not q.for_kind(sub.kind):
                if value not in (None, "", []):
                    out.append(
                        finding(
                            "not-asked",
                            where,
                            "this question is not part of a "
                            f"{sub.kind} report; its answer will be ignored",
                        )
                    )
                continue
            if q.kind == "table":
                out.extend(_table(q, sub, where, lang))
                continue
            if value in (None, "", []):
                if _required(q, sub):
                    out.append(
                        finding(
                            "required-missing", where, "no answer", f"answer: {pick(q.text, lang)}"
                        )
                    )
                continue
            out.extend(_value(q, value, where, lang))
    for qid, text in sub.notes.items():
        if qid in bank.questions and not bank.questions[qid].contact:
            out.extend(_personal_data(text, _where(bank, bank.questions[qid], lang)))
    for qid in sub.answers:
        if qid not in bank.questions:
            out.append(
                finding(
                    "unknown-question",
                    qid,
                    "this question is not in the question "
                    f"bank {bank.id} {bank.version}; its answer will be ignored",
                )
            )
    return out


def _identity(sub: Submission, bank: QuestionBank) -> Iterator[Finding]:
    try:
        reference.country_in_region(sub.country, sub.region)
    except GcmError as exc:
        yield finding(
            "country-not-in-region",
            "title page",
            exc.message,
            "make the report again with gcmreview init for the right region",
        )
    if sub.bank_id not in (bank.id, bank.based_on):
        yield finding(
            "unknown-bank",
            "document properties",
            f"made from question bank {sub.bank_id!r}, not {bank.id!r}",
            "check it with the bank it was made from (--bank FILE)",
        )
    elif sub.bank_version != bank.version or sub.bank_fingerprint != bank.fingerprint:
        yield finding(
            "outdated-bank",
            "document properties",
            f"made from bank version {sub.bank_version} ({sub.bank_fingerprint}); "
            f"this is {bank.version} ({bank.fingerprint})",
            "answers are matched by question ID; questions may have changed",
        )


def _required(q: Question, sub: Submission) -> bool:
    if q.required:
        return True
    cond = q.required_if
    if cond is None:
        return False
    other = sub.answers.get(cond.question)
    if cond.present:
        return other not in (None, "", [])
    return other == cond.equals


def _value(q: Question, value: object, where: str, lang: str) -> Iterator[Finding]:
    if q.kind == "text":
        text = value if isinstance(value, str) else str(value)
        if q.word_limit and _words(text) > q.word_limit:
            yield finding(
                "word-limit",
                where,
                f"{_words(text)} words; the limit is {q.word_limit}",
                "shorten the answer",
            )
        guidance = _guidance(q)
        folded = text.casefold()
        if any(g in folded for g in guidance):
            yield finding(
                "placeholder-left",
                where,
                "the question's guidance text was copied into the answer",
                "delete the guidance text from the answer box",
            )
        elif (left := placeholder(text, folded)) is not None:
            yield finding(
                "placeholder-left",
                where,
                f"placeholder text “{left}” left in the answer",
                "replace it with the answer, or delete it",
            )
        if not q.contact:
            yield from _personal_data(text, where)
    elif q.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            yield _number_finding(str(value), lang, where, whole=q.integer)
        elif not math.isfinite(value):
            yield finding("not-a-number", where, f"“{value}” is not a number")
        elif q.integer and not float(value).is_integer():
            yield finding(
                "not-a-number", where, f"{value:g} is not a whole number", "write a whole number"
            )
        elif value < 0:
            yield finding("negative-value", where, f"{value} is negative")
    elif q.kind == "date":
        text = str(value).strip()
        if not is_iso_date(text):
            reading = read_date(text, lang)
            yield finding(
                "bad-date",
                where,
                reading.message or f"“{_short(text)}” is not a date as YYYY-MM-DD",
                "write the date as YYYY-MM-DD, for example 2028-03-15",
            )
    elif q.kind in ("choice", "multichoice"):
        values = value if isinstance(value, list) else [value]
        codes = q.choice_codes()
        if q.kind == "choice" and len(values) > 1:
            labels = [_label(q, v, lang) for v in values[:5]]
            more = f" and {len(values) - 5} more" if len(values) > 5 else ""
            yield finding(
                "several-choices",
                where,
                f"{len(values)} options are marked: {'; '.join(labels)}{more}",
                "mark only one option with X",
            )
        wrong = list(dict.fromkeys(str(v) for v in values if v not in codes))
        if wrong:
            shown = ", ".join(f"“{_short(v)}”" for v in wrong[:3])
            more = f" and {len(wrong) - 3} more" if len(wrong) > 3 else ""
            yield finding(
                "not-a-choice",
                where,
                f"{shown}{more} {'is' if len(wrong) == 1 else 'are'} not among the options",
                f"use one of: {', '.join(codes)}",
            )


def _number_finding(text: str, lang: str, where: str, *, whole: bool = False,
                    percent: bool = False, hint: str = "write digits only, for example 12"
                    ) -> Finding:  # fmt: skip
    """Why a text is not read as a number: two possible readings, or none."""
    reading = read_number(text, lang, whole=whole, percent=percent)
    if reading.problem == "ambiguous-number":
        return finding("ambiguous-number", where, reading.message, hint)
    return finding("not-a-number", where, reading.message or f"“{_short(text)}” is not a number",
                   hint)  # fmt: skip


def _label(q: Question, code: object, lang: str) -> str:
    for c in q.choices:
        if c.code == code:
            return pick(c.label, lang)
    return str(code)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _personal_data(text: str, where: str) -> Iterator[Finding]:
    hint = "remove personal data: describe situations without identifying anyone"
    for match in personal_data.find(text):
        yield finding(
            "personal-data", where, f"{_PERSONAL_DATA[match.kind]} ({mask(match.text)})", hint
        )


def _table(q: Question, sub: Submission, where: str, lang: str) -> Iterator[Finding]:
    answer = sub.tables.get(q.id)
    if answer is None or q.table is None:
        return
    spec = q.table
    sheet = q.id.split(".", 1)[-1]
    if answer.source:
        yield from _personal_data(answer.source, f"{where} (sheet {sheet}, source)")
    if answer.reference_year is not None and not 1950 <= answer.reference_year <= 2100:
        yield finding(
            "impossible-value",
            f"{where} (sheet {sheet}, reference year)",
            f"reference year {answer.reference_year}",
        )
    columns = {c.id: c for c in spec.columns}
    rows = {r.id: r for r in spec.rows}
    for row_id, cells in answer.cells.items():
        row = rows.get(row_id)
        row_label = pick(row.label, lang) if row else row_id
        for col_id, value in cells.items():
            col = columns.get(col_id)
            loc = (
                f"{where} (sheet {sheet}, row “{_short(row_label)}”, column "
                f"“{pick(col.label, lang) if col else col_id}”)"
            )
            if col is None or row is None:
                yield finding(
                    "unknown-question",
                    loc,
                    "a cell outside the table's rows and columns; it will be ignored",
                )
                continue
            if col.role == "code":
                codes = [c.code for c in spec.choices.get(col.choices or "", ())]
                if value not in codes:
                    yield finding(
                        "not-a-choice",
                        loc,
                        f"“{_short(str(value))}” is not one of the options",
                        "pick a value from the drop-down list",
                    )
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                yield _number_finding(
                    str(value),
                    lang,
                    loc,
                    whole=spec.row_integer(row),
                    percent=spec.row_percent(row),
                    hint="type the figure only, without units or words",
                )
                continue
            if value < 0 and col.role != "value":
                yield finding("negative-value", loc, f"{value} is negative")
            if row.max is not None and value > row.max:
                yield finding(
                    "impossible-value",
                    loc,
                    f"{value:g} is more than the largest possible value ({row.max:g})",
                )
        yield from _totals(q, row_id, row_label, cells, where, sheet, lang)


def _totals(
    q: Question,
    row_id: str,
    row_label: str,
    cells: Mapping[str, object],
    where: str,
    sheet: str,
    lang: str,
) -> Iterator[Finding]:
    assert q.table is not None
    total_col = next((c for c in q.table.columns if c.role == "total"), None)
    if total_col is None:
        return
    total = cells.get(total_col.id)
    if not isinstance(total, int | float) or isinstance(total, bool):
        return
    for role, label in (
        ("sex", {"en": "sex", "fr": "sexe", "es": "sexo"}),
        ("age", {"en": "age", "fr": "âge", "es": "edad"}),
    ):
        parts = [c for c in q.table.columns if c.role == role]
        values = [cells.get(c.id) for c in parts]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if not numbers:
            continue
        loc = f"{where} (sheet {sheet}, row “{_short(row_label)}”)"
        subtotal = sum(numbers)
        for c, v in zip(parts, values, strict=True):
            if isinstance(v, int | float) and not isinstance(v, bool) and v > total:
                yield finding(
                    "impossible-value",
                    loc,
                    f"{pick(c.label, lang)} ({v:g}) is more than the total ({total:g})",
                )
        complete = len(numbers) == len(parts)
        if (complete and abs(subtotal - total) > 1e-9 * max(1, abs(total))) or (
            not complete and subtotal > total
        ):
            yield finding(
                "total-mismatch",
                loc,
                f"the total is {total:g} but the breakdown by {label.get(lang, role)} "
                f"adds up to {subtotal:g}",
                "correct the figures, or put the difference in the “not stated” column",
            )


# ---------------------------------------------------------------- files


REPORT_SUFFIXES = (".docx", ".json", ".odt", ".doc", ".rtf")


def check_file(
    path: Path, bank: QuestionBank, identity: Mapping[str, str] | None = None
) -> FileReport:
    """Read and check one file. Never raises for a bad file: it becomes UNREADABLE.
    ``identity`` (country, region, kind) is used where a report does not say it itself."""
    from gcmreview.export import read_submission
    from gcmreview.files import display
    from gcmreview.inbox import own_output

    shown = display(path)
    made = own_output(path)
    if made is not None:
        return FileReport(
            shown,
            SKIPPED,
            None,
            [finding("own-output", "file", f"{made}; skipped (it is not a report)")],
        )
    try:
        if path.is_dir():
            try:
                os.listdir(path)
            except OSError as exc:
                raise UnreadableFile(
                    f"the folder cannot be read ({exc.strerror or exc}); its files were not checked"
                ) from None
            raise UnreadableFile("a folder, not a file")
        if not path.exists():
            raise UnreadableFile("the file does not exist")
        if path.suffix.lower() == ".xlsx" and path.stem.endswith("_data"):
            raise UnreadableFile(
                "a data annex without its report (expected "
                f"{path.stem.removesuffix('_data')}.docx beside it)"
            )
        if path.suffix.lower() not in REPORT_SUFFIXES:
            _sniff_other(path)
        result = read_submission(path, bank, identity=identity)
    except UnreadableFile as exc:
        return FileReport(shown, UNREADABLE, None, [finding("unreadable", "file", exc.message)])
    except GcmError as exc:
        return FileReport(shown, UNREADABLE, None, [finding("unreadable", "file", exc.message)])
    except (MemoryError, RecursionError):
        return FileReport(
            shown,
            UNREADABLE,
            None,
            [
                finding(
                    "unreadable",
                    "file",
                    "the file is too large or too deeply nested to read safely",
                )
            ],
        )
    lang = result.submission.language
    findings = [
        finding(
            n.code,
            _where(bank, bank.questions[n.qid], lang) if n.qid in bank.questions else n.location,
            n.message,
            n.hint,
            severity=n.severity,
        )
        for n in result.notes
    ]
    if result.docx is not None:
        kind = result.submission.kind
        present = set(result.docx.found_ids)
        for q in bank.questions.values():
            if q.for_kind(kind) and q.kind != "table" and q.id not in present:
                findings.append(
                    finding(
                        "question-missing",
                        _where(bank, q, result.submission.language),
                        "this question's box is not in the document",
                        "make a fresh template with gcmreview init and copy the answers over",
                    )
                )
    findings.extend(check_submission(result.submission, bank))
    status = INVALID if any(f.severity == ERROR for f in findings) else VALID
    answered, asked, cells = completeness(result.submission, bank)
    return FileReport(
        shown,
        status,
        result.submission.identity(),
        findings,
        annex=str(result.annex_path) if result.annex_path else None,
        submission=result.submission,
        answered=answered,
        asked=asked,
        annex_cells_filled=cells,
    )


def _sniff_other(path: Path) -> None:
    """A file that is neither .docx nor .json: say what it is, as UNREADABLE."""
    suffix = path.suffix.lower()
    reasons = {
        ".doc": "an old Word file (.doc); save it as .docx",
        ".docm": "a macro-enabled Word file (.docm); save it as a plain .docx",
        ".odt": "an OpenDocument text (.odt); save it as .docx",
        ".pdf": "a PDF; send the Word (.docx) report",
        ".xlsx": "an Excel workbook that is not a data annex of a report",
        ".xls": "an old Excel file (.xls)",
    }
    raise UnreadableFile(
        reasons.get(
            suffix,
            f"not a report (a {suffix or 'extensionless'} file); gcmreview reads .docx and .json",
        )
    )


#: Below this many files, checking in one process is faster than starting workers.
PARALLEL_MIN = 24
_WORKER_BANK: QuestionBank | None = None
_WORKER_IDENTITY: Mapping[str, str] | None = None


def default_jobs() -> int:
    """Worker processes for many files: GCMREVIEW_JOBS, else up to 4 (one per core)."""
    value = os.environ.get("GCMREVIEW_JOBS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, min(4, os.cpu_count() or 1))


def _check_in_worker(path: Path) -> FileReport:
    assert _WORKER_BANK is not None
    return check_file(path, _WORKER_BANK, _WORKER_IDENTITY)


def check_files(
    paths: list[Path],
    bank: QuestionBank,
    advance: Callable[[], None] | None = None,
    jobs: int | None = None,
    identity: Mapping[str, str] | None = None,
) -> list[FileReport]:
    """Check many files, in input order. Large inboxes are read by several worker processes
    (forked, so they share the loaded bank); each file is still read on its own, with the
    same limits, and a bad file only ever affects its own report."""
    global _WORKER_BANK, _WORKER_IDENTITY
    jobs = jobs or default_jobs()
    fork = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(paths) < PARALLEL_MIN or not fork:
        reports = []
        for path in paths:
            reports.append(check_file(path, bank, identity))
            if advance:
                advance()
        return reports
    _WORKER_BANK, _WORKER_IDENTITY = bank, identity
    try:
        context = multiprocessing.get_context("fork")
        # Leaving the `with` block terminates the workers, also when the run is interrupted
        # (Ctrl+C, SIGTERM): no worker outlives the command or holds the caller's pipes.
        with context.Pool(jobs, initializer=_worker_signals) as pool:
            reports = []
            for report in pool.imap(_check_in_worker, paths, chunksize=4):
                reports.append(report)
                if advance:
                    advance()
        return reports
    finally:
        _WORKER_BANK, _WORKER_IDENTITY = None, None


def _worker_signals() -> None:
    """Workers leave Ctrl+C to the main process (which stops them), and end quietly on
    SIGTERM (how the main process stops them)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def exit_code(reports: list[FileReport], *, strict: bool) -> int:
    if any(r.status == UNREADABLE for r in reports):
        return 2
    if any(r.status == INVALID for r in reports):
        return 1
    if strict and any(r.warnings for r in reports if r.status != SKIPPED):
        return 1
    return 0
