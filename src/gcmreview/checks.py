"""``check``: validate submissions against the question bank. Findings are data, not
exceptions: every file gets a report, even one that cannot be read.

Each finding has a stable code (kebab-case; listed in :data:`CODES`), a severity, a location
a person can find in the document (section, question ID, table row and column) and a message
that says what to do.
"""

from __future__ import annotations

import gc
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from gcmreview import personal_data, reference, workers
from gcmreview.bank import Column, Question, QuestionBank, ResolvedTable, Row
from gcmreview.errors import GcmError
from gcmreview.layout import SOURCE_CELL, YEAR_CELL, cell_address, sheet_title
from gcmreview.messages import Text, render
from gcmreview.personal_data import mask
from gcmreview.reference import pick
from gcmreview.submission import Submission
from gcmreview.values import is_iso_date, read_date, read_number

if TYPE_CHECKING:
    from gcmreview.export import ReadNote
    from gcmreview.inbox import Item
    from gcmreview.reader_xlsx import AnnexContent

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
    "not-a-report": (
        WARNING,
        "a file that is not a report (a picture, a PDF, a text, a workbook that is not a "
        "data annex): skipped",
    ),
    "annex-ambiguous": (
        ERROR,
        "two data annexes have the report's country, kind and review cycle; none was read",
    ),
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

#: The ``personal-data`` message for each kind :func:`personal_data.find` reports.
_PERSONAL_DATA = {
    "email": "email",
    "date of birth": "date-of-birth",
    "document number": "document-number",
    "telephone": "telephone",
}


#: Placeholder phrases that share a beginning, and that beginning: the phrases are looked
#: for only where their beginning is ("to be " before "to be confirmed", "to be added" …).
Hints = tuple[tuple[str, tuple[str, ...]], ...]


@cache
def _placeholders() -> tuple[re.Pattern[str], frozenset[str], Hints, Hints]:
    """(a pattern for placeholders anywhere in an answer, placeholders that count only as a
    whole answer or paragraph, the folded phrases grouped by their beginning: a cheap test
    before the pattern, and those of them written in ASCII), from
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
    folded = {p.casefold() for p in phrases}
    # a phrase that holds another ("xxxxx" holds "xxx") is found only where that one is
    hints = sorted(h for h in folded if not any(o != h and o in h for o in folded))
    by_start: dict[str, list[str]] = {}
    for hint in hints:
        by_start.setdefault(hint[:2], []).append(hint)
    groups = tuple((_common_start(members), tuple(members)) for members in by_start.values())
    ascii_groups = tuple((key, members) for key, members in groups if key.isascii())
    return pattern, frozenset(p.casefold() for p in words["alone"]), groups, ascii_groups


def _common_start(texts: list[str]) -> str:
    """The beginning all of ``texts`` share (the first and last in order share the least)."""
    first, last = min(texts), max(texts)
    n = 0
    while n < len(first) and first[n] == last[n]:
        n += 1
    return first[:n]


def placeholder(text: str, folded: str | None = None) -> str | None:
    """The placeholder left in an answer, if any (``folded``: the text case-folded, when
    the caller has it)."""
    pattern, alone, groups, ascii_groups = _placeholders()
    folded = text.casefold() if folded is None else folded
    if len(text) < 200 or any(len(line) < 8 for line in text.split("\n")):
        for line in text.split("\n"):
            if line.strip().casefold() in alone:
                return line.strip()
    if folded.isascii():  # English, mostly: no need to look for the other scripts' phrases
        groups = ascii_groups
    for start, members in groups:
        if start in folded and (len(members) == 1 or any(map(folded.__contains__, members))):
            break
    else:
        return None
    match = pattern.search(text)
    return match.group(0) if match else None


@dataclass
class Finding:
    """A finding as data: its code, where it is, and the values its message is made of. The
    message and hint are rendered in any language from ``templates/i18n/findings.yaml``
    (:meth:`message_in`); :attr:`message` and :attr:`hint` are the English ones."""

    code: str
    severity: str
    location: str
    #: the message's template: the code, or ``code.variant`` for the code's other messages
    key: str = ""
    params: dict[str, object] = field(default_factory=dict)
    #: the hint's template (``hint.…``), or "" for none
    hint_key: str = ""
    #: the ID of the bank's question the finding is about, or "" (a file, the title page)
    question: str = ""

    def message_in(self, lang: str) -> str:
        return render(self.key or self.code, lang, self.params)

    def hint_in(self, lang: str) -> str:
        return render(self.hint_key, lang, self.params) if self.hint_key else ""

    @property
    def message(self) -> str:
        return self.message_in("en")

    @property
    def hint(self) -> str:
        return self.hint_in("en")

    def to_json(self, lang: str = "en") -> dict[str, str]:
        data = {
            "code": self.code,
            "severity": self.severity,
            "location": self.location,
            "message": self.message_in(lang),
        }
        if self.hint_key:
            data["hint"] = self.hint_in(lang)
        return data

    def replace(self, old: str, new: str) -> None:
        """Replace ``old`` by ``new`` in the location and the text values (a temporary path
        by the path people know)."""
        self.location = self.location.replace(old, new)
        self.params = _replaced(self.params, old, new)


def _replaced(params: Mapping[str, object], old: str, new: str) -> dict[str, object]:
    """``params`` with ``old`` replaced by ``new`` in its text values, also in the values of
    the texts among them (a file's reason names its path inside another reason)."""
    values: dict[str, object] = {}
    for name, value in params.items():
        if isinstance(value, str):
            value = value.replace(old, new)
        elif isinstance(value, Text):
            value = Text(value.key, _replaced(value.params, old, new))
        values[name] = value
    return values


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
    #: what the caller of :func:`check_files` asked to be worked out from the submission,
    #: where it was read (``derive``); not part of the JSON output
    derived: object = None

    def to_json(self, lang: str = "en") -> dict[str, object]:
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
            "findings": [f.to_json(lang) for f in self.findings],
        }

    def completeness(self, lang: str = "en") -> str:
        """ "answered 6 of 188 questions; data annex empty", or "" for an unread file."""
        if self.status in (UNREADABLE, SKIPPED):
            return ""
        annex = (
            Text("check.annex-filled", {"n": self.annex_cells_filled})
            if self.annex_cells_filled
            else Text("check.annex-empty")
        )
        return render(
            "check.completeness",
            lang,
            {"answered": self.answered, "asked": self.asked, "annex": annex},
        )

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)


def finding(
    code: str,
    location: str,
    variant: str = "",
    hint: str = "",
    severity: str | None = None,
    **params: object,
) -> Finding:
    """A finding whose message is the template ``code`` (or ``code.variant``) and whose
    hint is ``hint.<hint>`` in findings.yaml, filled in with ``params``."""
    return Finding(
        code=code,
        severity=severity or CODES[code][0],
        location=location,
        key=f"{code}.{variant}" if variant else code,
        params=params,
        hint_key=f"hint.{hint}" if hint else "",
    )


def _place(key: str, lang: str, **params: object) -> str:
    """A finding's location in ``lang`` (``place.<key>`` in findings.yaml)."""
    return render(f"place.{key}", lang, params)


# Caches keyed by content, never by object identity: an id() can be reused by another bank
# once the first is garbage-collected.
_WHERE: dict[tuple[str, str, str], str] = {}
_GUIDANCE: dict[tuple[str, ...], tuple[frozenset[str], frozenset[str]]] = {}


def _where(bank: QuestionBank, q: Question, lang: str) -> str:
    """Section › (objective ›) question ID, as shown to people (cached per bank content)."""
    key = (bank.fingerprint, q.id, lang)
    if key not in _WHERE:
        _WHERE[key] = _where_text(bank, q, lang)
    return _WHERE[key]


def _guidance(q: Question) -> tuple[frozenset[str], frozenset[str]]:
    """The question's guidance texts, folded, to spot them copied into an answer: all of
    them, and those written in ASCII (all an answer in ASCII can hold)."""
    key = tuple(q.guidance.values())
    found = _GUIDANCE.get(key)
    if found is None:
        texts = frozenset(g.strip().casefold() for g in key if len(g.strip()) > 20)
        found = _GUIDANCE[key] = (texts, frozenset(g for g in texts if g.isascii()))
    return found


def _where_text(bank: QuestionBank, q: Question, lang: str) -> str:
    section = bank.section(q.section)
    title = pick(section.title, lang)
    if q.objective is not None:
        title += f" › {reference.objective_word(q.objective, lang)}"
    return f"{title} › {q.id}"


#: Chinese and Japanese characters: each is counted as a word, as Word counts them.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _words(text: str) -> int:
    """Words as a word limit means them: text between spaces, and each Chinese character
    ("最多300个字": a Chinese limit counts characters; Chinese has no spaces)."""
    if text.isascii() or _CJK.search(text) is None:
        return len(text.split())
    cjk = len(_CJK.findall(text))
    rest = _CJK.sub(" ", text).split()
    return cjk + sum(1 for word in rest if any(ch.isalnum() for ch in word))


def completeness(sub: Submission, bank: QuestionBank) -> tuple[int, int, int]:
    """(questions answered, questions asked, figures in the data annex) of a submission;
    data-annex tables are counted by their figures, not as questions."""
    asked = [q for q in bank.questions.values() if q.for_kind(sub.kind) and q.kind != "table"]
    answered = sum(1 for q in asked if sub.answers.get(q.id) not in (None, "", []))
    cells = sum(table.filled_cells() for table in sub.tables.values())
    return answered, len(asked), cells


def check_submission(
    sub: Submission,
    bank: QuestionBank,
    annex: AnnexContent | None = None,
    lang: str | None = None,
    counts: tuple[int, int, int] | None = None,
) -> list[Finding]:
    """Everything wrong with a submission's content, in document order. ``annex`` (the data
    annex as read) places table findings at the sheet and cell where the figure is; without
    it they are placed where ``gcmreview init`` writes them. Locations and the bank's words
    in findings are in ``lang`` (default: the report's own language). ``counts``: its
    :func:`completeness`, when the caller has it."""
    out: list[Finding] = []
    shown = lang or sub.language
    lang = sub.language  # what the report's text is read in (numbers, dates)
    out.extend(_identity(sub, bank, shown))
    for where in sub.removed_characters():
        out.append(finding("control-characters", where, hint="pasted"))
    answered, asked, _ = counts or completeness(sub, bank)
    if sub.kind == "national" and answered * 4 < asked:
        out.append(
            finding(
                "mostly-empty",
                _place("document", shown),
                hint="mostly-empty",
                answered=answered,
                asked=asked,
            )
        )
    for section in bank.sections:
        for q in bank.questions_in(section):
            out.extend(_about(q.id, _question(q, sub, _where(bank, q, shown), lang, annex, shown)))
    for qid, text in sub.notes.items():
        if qid in bank.questions and not bank.questions[qid].contact:
            where = _where(bank, bank.questions[qid], shown)
            out.extend(_about(qid, _personal_data(text, where)))
    for qid in sub.answers:
        if qid not in bank.questions:
            out.append(finding("unknown-question", qid, bank=bank.id, version=bank.version))
    return out


def _question(
    q: Question,
    sub: Submission,
    where: str,
    lang: str,
    annex: AnnexContent | None,
    shown: str,
) -> Iterator[Finding]:
    """Findings on the answer to one question (see :func:`check_submission`)."""
    value = sub.answers.get(q.id)
    if not q.for_kind(sub.kind):
        if value not in (None, "", []):
            yield finding("not-asked", where, sub.kind)
    elif q.kind == "table":
        yield from _table(q, sub, where, lang, annex, shown)
    elif value in (None, "", []):
        if _required(q, sub):
            yield finding("required-missing", where, hint="answer", question=pick(q.text, shown))
    else:
        yield from _value(q, value, where, lang, shown)


def _about(qid: str, findings: Iterable[Finding]) -> Iterator[Finding]:
    """``findings``, said to be about the question ``qid`` (:attr:`Finding.question`)."""
    for f in findings:
        f.question = qid
        yield f


def _identity(sub: Submission, bank: QuestionBank, shown: str) -> Iterator[Finding]:
    try:
        reference.country_in_region(sub.country, sub.region)
    except GcmError as exc:
        yield _not_in_region(sub.country, sub.region, exc.message, shown)
    if sub.bank_id not in (bank.id, bank.based_on):
        yield finding(
            "unknown-bank",
            _place("properties", shown),
            hint="unknown-bank",
            found=sub.bank_id,
            expected=bank.id,
        )
    elif sub.bank_version != bank.version or sub.bank_fingerprint != bank.fingerprint:
        yield finding(
            "outdated-bank",
            _place("properties", shown),
            hint="outdated-bank",
            found=sub.bank_version,
            found_fingerprint=sub.bank_fingerprint,
            version=bank.version,
            fingerprint=bank.fingerprint,
        )


def _not_in_region(country: str, region: str, detail: str, shown: str) -> Finding:
    """``country-not-in-region``, naming the country and the commissions in ``shown``."""
    where = _place("title-page", shown)
    try:
        found, comm = reference.country(country), reference.commission(region)
    except GcmError:
        return finding("country-not-in-region", where, "detail", "right-region", detail=detail)
    others = [pick(c.name, shown) for c in reference.commissions() if found.alpha3 in c.all_members]
    return finding(
        "country-not-in-region",
        where,
        "listed" if others else "",
        "right-region",
        country=found.name(shown),
        alpha3=found.alpha3,
        commission=pick(comm.name, shown),
        others=others,
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


def _value(q: Question, value: object, where: str, lang: str, shown: str) -> Iterator[Finding]:
    """Findings on one answer; ``lang`` is the report's language (to read numbers and
    dates), ``shown`` the language of the bank's words in the findings."""
    if q.kind == "text":
        text = value if isinstance(value, str) else str(value)
        if q.word_limit and _words(text) > q.word_limit:
            yield finding(
                "word-limit", where, hint="shorten", words=_words(text), limit=q.word_limit
            )
        folded = text.casefold()
        every, in_ascii = _guidance(q)
        if any(map(folded.__contains__, in_ascii if folded.isascii() else every)):
            yield finding("placeholder-left", where, "guidance", "delete-guidance")
        elif (left := placeholder(text, folded)) is not None:
            yield finding("placeholder-left", where, hint="replace-placeholder", text=left)
        if not q.contact:
            yield from _personal_data(text, where, folded)
    elif q.kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            yield _number_finding(str(value), lang, where, whole=q.integer)
        elif not math.isfinite(value):
            yield finding("not-a-number", where, text=str(value))
        elif q.integer and not float(value).is_integer():
            yield finding("not-a-number", where, "whole", "whole-number", value=value)
        elif value < 0:
            yield finding("negative-value", where, value=value)
    elif q.kind == "date":
        text = str(value).strip()
        if not is_iso_date(text):
            reading = read_date(text, lang)
            yield finding(
                "bad-date",
                where,
                "read" if reading.message else "",
                "date",
                text=_short(text),
                detail=reading.message,
            )
    elif q.kind in ("choice", "multichoice"):
        values = value if isinstance(value, list) else [value]
        codes = q.choice_codes()
        if q.kind == "choice" and len(values) > 1:
            labels = "; ".join(_label(q, v, shown) for v in values[:5])
            yield finding(
                "several-choices",
                where,
                "more" if len(values) > 5 else "",
                "one-choice",
                n=len(values),
                labels=labels,
                extra=len(values) - 5,
            )
        wrong = list(dict.fromkeys(str(v) for v in values if v not in codes))
        if wrong:
            quoted = [Text("word.quoted", {"text": _short(v)}) for v in wrong]
            more = len(wrong) > 3
            padded: list[object] = [*quoted, "", "", ""]
            first, second, third = padded[:3]
            yield finding(
                "not-a-choice",
                where,
                "more" if more else "",
                "choices",
                values=quoted,
                n=len(wrong),
                first=first,
                second=second,
                third=third,
                extra=len(wrong) - 3,
                codes=", ".join(codes),
            )


def _number_finding(text: str, lang: str, where: str, *, whole: bool = False,
                    percent: bool = False, hint: str = "digits") -> Finding:  # fmt: skip
    """Why a text is not read as a number: two possible readings, or none."""
    reading = read_number(text, lang, whole=whole, percent=percent)
    shown = _short(text)
    if reading.problem == "ambiguous-number":
        return finding("ambiguous-number", where, hint=hint, text=shown, detail=reading.message)
    return finding("not-a-number", where, "read" if reading.message else "", hint, text=shown,
                   detail=reading.message)  # fmt: skip


def _label(q: Question, code: object, lang: str) -> str:
    for c in q.choices:
        if c.code == code:
            return pick(c.label, lang)
    return str(code)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _personal_data(text: str, where: str, folded: str | None = None) -> Iterator[Finding]:
    for match in personal_data.find(text, folded):
        yield finding(
            "personal-data",
            where,
            _PERSONAL_DATA[match.kind],
            "personal-data",
            masked=mask(match.text),
        )


def _table(
    q: Question,
    sub: Submission,
    where: str,
    lang: str,
    annex: AnnexContent | None,
    shown: str | None = None,
) -> Iterator[Finding]:
    """Findings on a data-annex table; ``lang`` is the report's language (its sheets, and
    how figures typed as text are read), ``shown`` the language of the findings."""
    shown = shown or lang
    answer = sub.tables.get(q.id)
    if answer is None or q.table is None:
        return
    spec = q.table
    read = annex is not None and q.id in annex.sheets
    name = annex.sheets[q.id] if annex and read else sheet_title(q, lang)
    sheet = _place("sheet-name", shown, name=name)
    placed = annex.addresses.get(q.id, {}) if annex and read else {}

    def address(row_id: str, col_id: str) -> str:
        found = placed.get((row_id, col_id)) or cell_address(spec, row_id, col_id)
        return _place("cell-address", shown, cell=found) if found else ""

    if answer.source:
        source = _place("sheet-source", shown, where=where, sheet=sheet, cell=SOURCE_CELL)
        yield from _personal_data(answer.source, source)
    if answer.reference_year is not None and not 1950 <= answer.reference_year <= 2100:
        yield finding(
            "impossible-value",
            _place("sheet-year", shown, where=where, sheet=sheet, cell=YEAR_CELL),
            "year",
            year=str(answer.reference_year),
        )
    columns = {c.id: c for c in spec.columns}
    rows = {r.id: r for r in spec.rows}
    total = next((c for c in spec.columns if c.role == "total"), None)

    def cell_at(row_label: str, column: str, row_id: str, col_id: str) -> str:
        return _place(
            "cell",
            shown,
            sheet=sheet,
            row=_short(row_label),
            column=column,
            cell=address(row_id, col_id),
        )

    for row_id, cells in answer.cells.items():
        row = rows.get(row_id)
        row_label = pick(row.label, shown) if row else row_id
        for col_id, value in cells.items():
            col = columns.get(col_id)
            problems = list(_cell_problems(value, row, col, spec, lang))
            if not problems:
                continue  # nothing to say: its place is not worked out
            at = cell_at(row_label, pick(col.label, shown) if col else col_id, row_id, col_id)
            for problem in problems:
                yield problem(f"{where} ({at})")

        def row_at(row_id: str = row_id, row_label: str = row_label) -> str:
            if total is None:
                return _place("row", shown, sheet=sheet, row=_short(row_label))
            return cell_at(row_label, pick(total.label, shown), row_id, total.id)

        yield from _totals(q, row_label, cells, where, row_at, shown)


def _cell_problems(
    value: object, row: Row | None, col: Column | None, spec: ResolvedTable, lang: str
) -> Iterator[Callable[[str], Finding]]:
    """What is wrong with one figure of a data-annex table, each as its finding once given
    the figure's location (worked out only for a figure with something to say)."""
    if col is None or row is None:
        yield lambda loc: finding("unknown-question", loc, "cell")
        return
    if col.role == "code":
        codes = [c.code for c in spec.choices.get(col.choices or "", ())]
        if value not in codes:
            text = _short(str(value))
            yield lambda loc: finding("not-a-choice", loc, "cell", "drop-down", text=text)
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        whole, percent = spec.row_integer(row), spec.row_percent(row)
        yield lambda loc: _number_finding(
            str(value), lang, loc, whole=whole, percent=percent, hint="figure-only"
        )
        return
    if value < 0 and col.role != "value":
        yield lambda loc: finding("negative-value", loc, value=value)
    if row.max is not None and value > row.max:
        most = row.max
        yield lambda loc: finding("impossible-value", loc, "max", value=value, max=most)


def _totals(
    q: Question,
    row_label: str,
    cells: Mapping[str, object],
    where: str,
    at: Callable[[], str],
    lang: str,
) -> Iterator[Finding]:
    """Findings on a row's total; ``at`` places it (sheet, row and the total's cell), worked
    out only when there is something to say."""
    assert q.table is not None
    total_col = next((c for c in q.table.columns if c.role == "total"), None)
    if total_col is None:
        return
    total = cells.get(total_col.id)
    if not isinstance(total, int | float) or isinstance(total, bool):
        return
    for role in ("sex", "age"):
        parts = [c for c in q.table.columns if c.role == role]
        values = [cells.get(c.id) for c in parts]
        numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
        if not numbers:
            continue
        subtotal = sum(numbers)
        complete = len(numbers) == len(parts)
        over = [
            (c, v)
            for c, v in zip(parts, values, strict=True)
            if isinstance(v, int | float) and not isinstance(v, bool) and v > total
        ]
        mismatch = (complete and abs(subtotal - total) > 1e-9 * max(1, abs(total))) or (
            not complete and subtotal > total
        )
        if not over and not mismatch:
            continue
        loc = f"{where} ({at()})"
        for c, v in over:
            yield finding(
                "impossible-value", loc, "part", part=pick(c.label, lang), value=v, total=total
            )
        if mismatch:
            yield finding("total-mismatch", loc, role, "not-stated", total=total, sum=subtotal)


# ---------------------------------------------------------------- files


REPORT_SUFFIXES = (".docx", ".json", ".odt", ".doc", ".rtf")


def check_file(
    path: Path | Item,
    bank: QuestionBank,
    identity: Mapping[str, str] | None = None,
    lang: str | None = None,
) -> FileReport:
    """Read and check one file. Never raises for a bad file: it becomes UNREADABLE; a file
    that is not a report (a picture, a PDF) is SKIPPED. ``identity`` (country, region, kind)
    is used where a report does not say it itself. An :class:`~gcmreview.inbox.Item` (from
    :func:`gcmreview.inbox.opened`) is shown where people find it (``inbox/KEN.eml ›
    KEN.docx``) and read with the data annex the inbox paired with it. Locations are in
    ``lang`` (default: the report's own language; English for a file not read)."""
    from gcmreview.export import read_submission
    from gcmreview.files import display
    from gcmreview.inbox import Item, own_document, own_output

    item: Item | None = None
    if isinstance(path, Item):
        item = path
        report = _check_item(item, bank, identity, lang or "en")
        if report is not None:
            return report
        path = item.path
    shown = item.shown if item is not None else display(path)
    file = _place("file", lang or "en")
    # a Word document's properties are read with it (below): opened once, not twice
    docx = path.suffix.lower() == ".docx"
    made = None if docx else own_output(path)
    if made is not None:
        return FileReport(shown, SKIPPED, None, [_own_output(made, file)])
    try:
        if path.is_dir():
            try:
                os.listdir(path)
            except OSError as exc:
                raise _Unread("folder-closed", error=exc.strerror or str(exc)) from None
            raise _Unread("folder")
        if not path.exists():
            raise _Unread("missing")
        _orphan_annex(path)
        if path.suffix.lower() not in REPORT_SUFFIXES:
            if (other := _not_a_report(path, shown, file)) is not None:
                return other
            _sniff_other(path)
        if item is not None and item.paired:
            result = read_submission(
                path, bank, annex=item.annex, look_for_annex=False, identity=identity
            )
        else:
            result = read_submission(path, bank, identity=identity)
    except _Unread as exc:
        return FileReport(shown, UNREADABLE, None, [exc.finding(file)])
    except GcmError as exc:  # UnreadableFile among them: its reason, said in any language
        if docx and (made := own_output(path)) is not None:
            return FileReport(shown, SKIPPED, None, [_own_output(made, file)])
        reason = exc.text or Text("unreadable", {"detail": exc.message})
        found = Finding("unreadable", ERROR, file, reason.key, dict(reason.params))
        return FileReport(shown, UNREADABLE, None, [found])
    except (MemoryError, RecursionError):
        return FileReport(shown, UNREADABLE, None, [finding("unreadable", file, "too-large")])
    if result.docx is not None and (made := own_document(result.docx.metadata.get("kind"))):
        return FileReport(shown, SKIPPED, None, [_own_output(made, file)])
    shown_lang = lang or result.submission.language
    findings = [_from_note(n, bank, shown_lang) for n in result.notes]
    if result.docx is not None:
        kind = result.submission.kind
        present = set(result.docx.found_ids)
        for q in bank.questions.values():
            if q.for_kind(kind) and q.kind != "table" and q.id not in present:
                missing = finding(
                    "question-missing", _where(bank, q, shown_lang), hint="fresh-template"
                )
                findings.extend(_about(q.id, [missing]))
    counts = completeness(result.submission, bank)
    findings.extend(check_submission(result.submission, bank, result.annex, shown_lang, counts))
    if item is not None:
        findings = _as_received(findings, item, shown_lang)
    status = INVALID if any(f.severity == ERROR for f in findings) else VALID
    answered, asked, cells = counts
    return FileReport(
        shown,
        status,
        result.submission.identity(),
        findings,
        annex=(item.annex_shown if item is not None and item.paired else None)
        or (str(result.annex_path) if result.annex_path else None),
        submission=result.submission,
        answered=answered,
        asked=asked,
        annex_cells_filled=cells,
    )


class _Unread(Exception):
    """A file check_file cannot read, said by an ``unreadable.<variant>`` message."""

    def __init__(self, variant: str, **params: object) -> None:
        super().__init__(variant)
        self.variant, self.params = variant, params

    def finding(self, location: str) -> Finding:
        return Finding("unreadable", ERROR, location, f"unreadable.{self.variant}", self.params)


def _own_output(made: str, location: str) -> Finding:
    """``own-output`` for what :func:`gcmreview.inbox.own_output` says a file is."""
    known = {
        "a regional synthesis made by gcmreview": "synthesis",
        "a validation form made by gcmreview": "validation-form",
        "a workbook made by gcmreview": "workbook",
    }
    if made in known:
        return finding("own-output", location, known[made])
    schema = re.fullmatch(r"a gcmreview ([a-z-]+) file", made)
    if schema:
        return finding("own-output", location, "json", schema=schema.group(1))
    return finding("own-output", location, what=made)


def _from_note(note: ReadNote, bank: QuestionBank, lang: str) -> Finding:
    """A finding from a note :func:`gcmreview.export.read_submission` made while reading,
    placed at its question (section › objective › ID) or its place, in ``lang``."""
    question = note.qid if note.qid is not None and note.qid in bank.questions else ""
    if question:
        where = _where(bank, bank.questions[question], lang)
    elif isinstance(note.location, Text):
        where = note.location.render(lang)
    else:
        where = note.location
    return Finding(
        note.code,
        note.severity,
        where,
        key=f"{note.code}.{note.variant}" if note.variant else note.code,
        params=dict(note.params),
        hint_key=f"hint.{note.hint}" if note.hint else "",
        question=question,
    )


def _check_item(item: Item, bank: QuestionBank, identity: Mapping[str, str] | None, lang: str
                ) -> FileReport | None:  # fmt: skip
    """The report of a file the inbox refused (in a message or archive) or skipped (an
    empty message); None for a file to read."""
    file = _place("file", lang)
    if item.refused is not None:
        found = finding("unreadable", file, "not-opened", detail=item.refused)
        return FileReport(item.shown, UNREADABLE, None, [found])
    if item.skipped is not None:
        found = finding("not-a-report", file, what=item.skipped)
        return FileReport(item.shown, SKIPPED, None, [found])
    return None


def _not_a_report(path: Path, shown: str, file: str) -> FileReport | None:
    """SKIPPED for a file that is not a report (a picture, a PDF, a text, a workbook that
    is not a data annex): listed with what it is, never changing the exit code."""
    from gcmreview.inbox import not_a_report

    what = not_a_report(path)
    if what is None:
        return None
    return FileReport(shown, SKIPPED, None, [finding("not-a-report", file, what=what)])


def _orphan_annex(path: Path) -> None:
    """A data annex (by its name or its properties) that no report was paired with."""
    from gcmreview.inbox import annex_identity

    if path.suffix.lower() != ".xlsx":
        return
    if path.stem.endswith("_data"):
        raise _Unread("annex-alone", report=f"{path.stem.removesuffix('_data')}.docx")
    ident = annex_identity(path)
    if ident is not None:
        raise _Unread("annex-orphan", ident=ident)


def _as_received(findings: list[Finding], item: Item, lang: str) -> list[Finding]:
    """Findings of a file from an inbox: temporary paths shown as people see them, and the
    inbox's pairing of its data annex said (two annexes that could both be its own)."""
    from gcmreview.layout import annex_path_for

    swaps = [(str(item.path), item.shown)]
    if item.annex is not None and item.annex_shown:
        swaps.append((str(item.annex), item.annex_shown))
    for f in findings:
        for old, new in swaps:
            f.replace(old, new)
    if not item.rivals:
        return findings
    named = "; ".join(item.rivals)
    data = _place("data", lang)
    if item.annex is None:
        findings = [f for f in findings if f.code != "annex-missing"]
        findings.append(
            finding(
                "annex-ambiguous",
                data,
                hint="keep-own-annex",
                n=len(item.rivals),
                named=named,
                name=annex_path_for(item.path).name,
            )
        )
    else:
        findings.append(
            finding(
                "annex-ambiguous",
                data,
                "chosen",
                "remove-other-annex",
                severity=WARNING,
                named=named,
                read=item.annex_shown,
            )
        )
    return findings


def _sniff_other(path: Path) -> None:
    """A file that is neither .docx nor .json: say what it is, as UNREADABLE."""
    from gcmreview.inbox import UNOPENED

    suffix = path.suffix.lower()
    if path.name.casefold() in UNOPENED:
        raise _Unread(UNOPENED[path.name.casefold()])
    if suffix in UNOPENED:
        raise _Unread(UNOPENED[suffix])
    if suffix in (".doc", ".docm", ".odt", ".pdf", ".xlsx", ".xls"):
        raise _Unread(suffix[1:])
    if suffix:
        raise _Unread("other", suffix=suffix)
    raise _Unread("no-suffix")


#: Below this many files, checking in one process is faster than starting workers.
PARALLEL_MIN = 24


def default_jobs() -> int:
    """Worker processes for many files: GCMREVIEW_JOBS, else up to 4 (one per core)."""
    value = os.environ.get("GCMREVIEW_JOBS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class _Job:
    """What :func:`check_files` does with each file: the same in one process or in workers
    (which have it as :data:`_JOB`, inherited by the fork)."""

    bank: QuestionBank
    identity: Mapping[str, str] | None
    lang: str | None
    derive: Callable[[Submission], object] | None
    submissions: bool

    def check(self, path: Path | Item) -> FileReport:
        report = check_file(path, self.bank, self.identity, self.lang)
        if self.derive is not None and report.submission is not None:
            report.derived = self.derive(report.submission)
        if not self.submissions:
            report.submission = None
        return report


_JOB: _Job | None = None


def _prepare_workers(bank: QuestionBank) -> None:
    """Load, before the workers are forked, what each would otherwise load for itself on its
    first file (and this process again, to show the findings): the interface strings, the
    findings' templates, the words people type besides answers, the patterns of
    placeholders and personal data, the readers' modules and the bank's wording as the
    readers compare it. Each worker then starts on its first file as fast as on its last."""
    from gcmreview import export, i18n, messages, reader_docx  # noqa: F401 (the readers)

    i18n.strings()
    i18n.readback_words()
    messages.templates()
    _placeholders()
    personal_data.prepare()
    for q in bank.questions.values():
        reader_docx.wording(bank, q)


def _check_in_worker(path: Path | Item) -> FileReport:
    assert _JOB is not None
    return _JOB.check(path)


def check_files(
    paths: Sequence[Path | Item],
    bank: QuestionBank,
    advance: Callable[[], None] | None = None,
    jobs: int | None = None,
    identity: Mapping[str, str] | None = None,
    lang: str | None = None,
    derive: Callable[[Submission], object] | None = None,
    submissions: bool = True,
) -> list[FileReport]:
    """Check many files, in input order. Large inboxes are read by several worker processes
    (forked, so they share the loaded bank); each file is still read on its own, with the
    same limits, and a bad file only ever affects its own report. Locations are in ``lang``
    (default: each report's own language). ``derive`` works something out from each
    submission read, in the worker that read it (:attr:`FileReport.derived`): what a caller
    needs of every report is then done on every core. ``submissions=False``: the reports do
    not keep what was read (``check`` shows findings only; a submission is a copy to send
    back from a worker)."""
    global _JOB
    job = _Job(bank, identity, lang, derive, submissions)
    jobs = jobs or default_jobs()
    reports: list[FileReport] = []

    def read_here(rest: Sequence[Path | Item]) -> list[FileReport]:
        for path in rest:
            reports.append(job.check(path))
            if advance:
                advance()
        return reports

    if jobs <= 1 or len(paths) < PARALLEL_MIN or not workers.available():
        return read_here(paths)
    _JOB = job
    try:
        _prepare_workers(bank)
        # What the workers inherit (the bank, reference data, texts) is set apart from the
        # cycle collector: it is never garbage, and collecting it would copy its memory into
        # every worker.
        gc.freeze()
        try:
            with workers.forked(jobs) as pool:
                pending = [pool.run(_check_in_worker, path) for path in paths]
                for path, ticket in zip(paths, pending, strict=True):
                    try:
                        reports.append(pool.result(ticket))
                    except workers.Stopped:
                        # its worker was killed (out of memory?): read again in a worker of
                        # its own, so that a file that kills its worker is known, never a hang
                        reports.append(_check_alone(path, lang))
                    if advance:
                        advance()
        except workers.CannotFork:  # no process can be made: the rest are read here
            read_here(paths[len(reports) :])
        return reports
    finally:
        gc.unfreeze()
        _JOB = None


def _check_alone(path: Path | Item, lang: str | None) -> FileReport:
    """:func:`check_file` of one file in a worker of its own: UNREADABLE, with the reason,
    when reading it kills the worker (or when no worker can be made to try again: it has
    already stopped one, so it is not read in this process)."""
    try:
        with workers.forked(1) as pool:
            found: FileReport = pool.result(pool.run(_check_in_worker, path))
            return found
    except (workers.Stopped, workers.CannotFork):
        pass
    from gcmreview.files import display
    from gcmreview.inbox import Item

    shown = path.shown if isinstance(path, Item) else display(path)
    stopped = _Unread("worker-stopped").finding(_place("file", lang or "en"))
    return FileReport(shown, UNREADABLE, None, [stopped])


def require_reports(reports: list[FileReport], paths: list[Path]) -> None:
    """Raise :class:`UsageError` "no reports found in inbox/" when nothing given is a report:
    an empty folder, or only files that are skipped (pictures, PDFs, gcmreview's outputs)."""
    from gcmreview.errors import UsageError
    from gcmreview.files import display

    if any(r.status != SKIPPED for r in reports):
        return
    where = ", ".join(display(p) for p in paths) or "the inputs"
    detail = ""
    if len(reports) == 1:
        detail = f" ({reports[0].findings[0].message})" if reports[0].findings else ""
    elif reports:
        detail = f" ({len(reports)} files skipped, none of them a report)"
    raise UsageError(f"no reports found in {where}{detail}")


FORMATS = ("table", "lines", "json")


def output_format(asked: str | None, terminal: bool) -> str:
    """check's ``--format``: as asked (any case), else a table at a terminal and one finding
    per line when the output goes to a pipe or a file."""
    if asked is None:
        return "table" if terminal else "lines"
    fmt = asked.strip().lower()
    if fmt not in FORMATS:
        from gcmreview.errors import UsageError

        raise UsageError(f"unknown format {asked!r}: use {', '.join(FORMATS)}")
    return fmt


def report_language(reports: list[FileReport]) -> str:
    """The language to speak when none is asked: a lone report's own language (if check
    speaks it), else English."""
    from gcmreview.messages import languages

    if len(reports) == 1 and reports[0].identity:
        lang = str(reports[0].identity.get("language") or "")
        if lang in languages():
            return lang
    return "en"


def exit_code(reports: list[FileReport], *, strict: bool) -> int:
    if any(r.status == UNREADABLE for r in reports):
        return 2
    if any(r.status == INVALID for r in reports):
        return 1
    if strict and any(r.warnings for r in reports if r.status != SKIPPED):
        return 1
    return 0
