"""The guidance question bank: pydantic models, loading, checking and the fingerprint.

A bank file (YAML or JSON) is parsed in two steps:

1. :class:`BankFile` checks the shape of the file (pydantic);
2. :func:`resolve` turns it into a :class:`QuestionBank`: per-objective questions are
   expanded for the 23 objectives, column sets and the reference choice lists
   (``stakeholders``, ``principles``) are filled in, and every cross-reference and
   translation is checked.

Both steps report *every* problem found, each naming the question ID or field path, as a
:class:`~gcmreview.errors.BankError`; users never see a pydantic dump.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from gcmreview import languages, reference
from gcmreview.errors import BankError, GcmError, UsageError
from gcmreview.paths import templates_dir
from gcmreview.yamlio import load_bundled, load_yaml_file

Kind = Literal["text", "choice", "multichoice", "number", "date", "table"]
Audience = Literal["national", "shadow", "both"]
ReportKind = Literal["national", "shadow"]
ColumnRole = Literal["total", "sex", "age", "value", "code"]

QID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_]*$")]
Text = dict[str, Annotated[str, StringConstraints(min_length=1)]]
#: A language code of templates/i18n/languages.yaml.
Language = Annotated[str, AfterValidator(languages.known)]

#: What a language's text in a bank is: the bank's own drafting (``original``), a translation
#: not yet reviewed by a working group (``draft``: reports say "Draft translation, to be
#: reviewed"), or a translation a working group reviewed (``reviewed``, set by
#: ``gcmreview questions apply --reviewed LANG``).
Translation = Literal["original", "draft", "reviewed"]

#: Choice lists that come from the reference data rather than from the bank file.
REFERENCE_CHOICES = ("stakeholders", "principles")
BANK_SCHEMA = "gcmreview/bank@1"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Strict):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_]+$")]
    label: Text


class Column(_Strict):
    id: Ident
    role: ColumnRole
    label: Text
    choices: str | None = None


class Row(_Strict):
    id: Ident
    label: Text
    unit: Text | None = None
    #: the largest possible value (100 for a share that cannot exceed the whole)
    max: float | None = None
    #: whole numbers only (counts of persons); default: the table's ``integer``
    integer: bool | None = None


class TableSpec(_Strict):
    unit: Text | None = None
    #: the table's figures are whole numbers (counts of persons), unless a row says otherwise
    integer: bool = False
    columns: str | list[Column]
    rows: list[Row] = Field(min_length=1)


class SourceNote(_Strict):
    """An official text the bank quotes or names (an SDG indicator, a resolution's title),
    with the citation a reader can follow, and whether the wording has been checked against
    it in every language given."""

    about: str
    source: str
    verified: bool = False


class RequiredIf(_Strict):
    """``question`` (an ID in the same section, or in the same objective for per-objective
    questions) must equal ``equals``, or merely be answered (``present: true``)."""

    question: str
    equals: str | None = None
    present: bool | None = None


class QuestionSpec(_Strict):
    id: Annotated[str, StringConstraints(pattern=QID_PATTERN)]
    kind: Kind
    #: a short title for headings in the synthesis ("Support needed"); default: the text
    title: Text | None = None
    text: Text
    guidance: Text
    required: bool = False
    required_if: RequiredIf | None = None
    word_limit: Annotated[int, Field(gt=0, le=20000)] | None = None
    objectives: list[int] = []
    principles: list[str] = []
    audience: Audience | None = None
    choices: str | None = None
    table: TableSpec | None = None
    contact: bool = False
    #: a number question whose answer is a whole number (a count)
    integer: bool = False


class SectionSpec(_Strict):
    id: Ident
    audience: Audience
    title: Text
    intro: Text | None = None
    per_objective: bool = False
    questions: list[QuestionSpec] = Field(min_length=1)


class BankFile(_Strict):
    schema_: Literal["gcmreview/bank@1"] = Field(alias="schema")
    id: Ident | Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    version: Annotated[str, StringConstraints(pattern=r"^[0-9][0-9A-Za-z.\-]*$")]
    review_cycle: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}(-[0-9]{4})?$")]
    languages: list[Language] = Field(min_length=1)
    #: what each language's text is; a language not listed is ``original``
    translations: dict[Language, Translation] = {}
    #: languages every text must have (a regional bank's working languages)
    required_languages: list[Language] = []
    title: Text
    choices: dict[str, list[Choice]] = {}
    column_sets: dict[str, list[Column]] = {}
    sections: list[SectionSpec] = Field(min_length=1)
    #: one entry per version made by `gcmreview questions apply`
    changelog: list[dict[str, Any]] = []
    #: the official texts the bank quotes or names, with their sources
    sources: list[SourceNote] = []
    #: the bank a regional bank extends (set by `extends`); reports made from it are read
    based_on: str | None = None


# ---------------------------------------------------------------- resolved (what commands use)


#: The largest count of persons a data-table cell accepts (no migrant stock or flow is larger),
#: and the bounds of any other value (an indicator).
MAX_COUNT = 1_000_000_000
MAX_VALUE = 1e15


@dataclass(frozen=True)
class FigureBounds:
    """What a figure cell of a data table accepts: the Excel annex's validation and the online
    form's constraint are both made from it, so that the two accept the same figures."""

    low: float
    high: float | None
    #: whole numbers only
    whole: bool
    #: how a message says it (strings xlsx.rule.<rule>): whole, between, positive or any
    rule: str


class ResolvedTable(_Strict):
    unit: dict[str, str] | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    choices: dict[str, tuple[Choice, ...]] = {}
    integer: bool = False

    def row_unit(self, row: Row) -> dict[str, str]:
        return row.unit or self.unit or {}

    def row_integer(self, row: Row) -> bool:
        """Whether the row's figures are whole numbers (counts)."""
        return self.integer if row.integer is None else row.integer

    def figure_bounds(self, row: Row, column: Column) -> FigureBounds:
        """Counts of persons: whole numbers from 0 (to the row's maximum, or MAX_COUNT);
        shares: from 0 to their maximum; other figures than an indicator's value: from 0;
        an indicator's value: any number (within ±MAX_VALUE)."""
        if self.row_integer(row):
            high = row.max if row.max is not None else MAX_COUNT
            return FigureBounds(0, high, True, "whole")
        if row.max is not None:
            return FigureBounds(0, row.max, False, "between")
        if column.role != "value":
            return FigureBounds(0, None, False, "positive")
        return FigureBounds(-MAX_VALUE, MAX_VALUE, False, "any")

    def row_percent(self, row: Row) -> bool:
        """Whether the row's unit is a percentage (Excel stores 6.1 % as 0.061)."""
        return "%" in self.row_unit(row).get("en", "")


class Question(_Strict):
    """One question as the commands see it: expanded, with its choices and table resolved."""

    id: str
    section: str
    kind: Kind
    text: dict[str, str]
    guidance: dict[str, str]
    title: dict[str, str] | None = None
    required: bool
    required_if: RequiredIf | None
    word_limit: int | None
    objectives: tuple[int, ...]
    principles: tuple[str, ...]
    audience: Audience
    objective: int | None = None
    choices: tuple[Choice, ...] = ()
    choice_list: str | None = None
    table: ResolvedTable | None = None
    contact: bool = False
    integer: bool = False

    def for_kind(self, kind: str) -> bool:
        return self.audience in (kind, "both")

    def choice_codes(self) -> list[str]:
        return [c.code for c in self.choices]

    def short_title(self, lang: str) -> str:
        """The heading for this question in the synthesis: its short title, else its text."""
        chosen = self.title or self.text
        return chosen.get(lang) or chosen["en"]


class Section(_Strict):
    id: str
    audience: Audience
    title: dict[str, str]
    intro: dict[str, str] | None
    per_objective: bool
    question_ids: tuple[str, ...]

    def for_kind(self, kind: str) -> bool:
        return self.audience in (kind, "both")


class QuestionBank(_Strict):
    id: str
    based_on: str | None = None
    version: str
    review_cycle: str
    languages: tuple[str, ...]
    translations: dict[str, Translation] = {}
    title: dict[str, str]
    fingerprint: str
    sections: tuple[Section, ...]
    questions: dict[str, Question]
    source: str
    sources: tuple[SourceNote, ...] = ()

    def question(self, qid: str) -> Question:
        """The question ``qid``, as typed: any case, objective numbers with or without their
        zero (``obj.1.measures`` is ``obj.01.measures``). An unknown ID gets a did-you-mean."""
        if qid in self.questions:
            return self.questions[qid]
        typed = re.sub(r"(?<=\bobj\.)(\d)(?=\.|$)", r"0\1", qid.strip().lower())
        by_lower = {known.lower(): known for known in self.questions}
        if typed in by_lower:
            return self.questions[by_lower[typed]]
        close = difflib.get_close_matches(typed, list(by_lower), n=2, cutoff=0.75)
        hint = " or ".join(by_lower[c] for c in close)
        raise UsageError(
            f"no question {qid!r} in bank {self.id} {self.version}"
            + (f". Did you mean {hint}?" if hint else "; see `gcmreview questions list`")
        ) from None

    def section(self, sid: str) -> Section:
        for s in self.sections:
            if s.id == sid:
                return s
        known = ", ".join(s.id for s in self.sections)
        raise UsageError(f"no section {sid!r} in the bank; sections are: {known}")

    def questions_in(self, section: Section, kind: str | None = None) -> Iterator[Question]:
        for qid in section.question_ids:
            q = self.questions[qid]
            if kind is None or q.for_kind(kind):
                yield q

    def sections_for(self, kind: str) -> list[Section]:
        return [s for s in self.sections if any(True for _ in self.questions_in(s, kind))]

    def translation(self, lang: str) -> Translation:
        """What the bank's text in ``lang`` is: original, draft or reviewed."""
        return self.translations.get(lang, "original")

    def draft_translation(self, lang: str) -> bool:
        """Whether the text in ``lang`` is a translation no working group has reviewed yet."""
        return self.translation(lang) == "draft"

    def check_language(self, lang: str) -> str:
        if lang not in self.languages:
            raise UsageError(
                f"unknown language {lang!r}: this bank has {', '.join(self.languages)}"
            )
        return lang


# ---------------------------------------------------------------- loading


def _describe_loc(raw: Any, loc: tuple[Any, ...]) -> str:
    """A field path a person can follow, naming section and question IDs where known."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
            ident = node.get("id") if isinstance(node, dict) else None
            parts[-1:] = [f"{parts[-1] if parts else ''}[{ident or key}]"]
            continue
        if isinstance(node, dict):
            node = node.get(key, node.get("schema") if key == "schema_" else None)
        else:
            node = None
        parts.append("schema" if key == "schema_" else str(key))
    return ".".join(parts) or "(top level)"


def _pydantic_problems(raw: Any, exc: ValidationError) -> list[str]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        # Pydantic reports union branches separately ("…str", "…list[Column]"); keep the
        # field path only.
        loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p == "str")))
        where = _describe_loc(raw, loc)
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown field (check its spelling)"
        elif err["type"] == "missing":
            message = "required field is missing"
        problems.append(f"{where}: {message}")
    return list(dict.fromkeys(problems))


def _check_text(problems: list[str], where: str, text: dict[str, str] | None, langs: list[str]):
    if text is None:
        return
    for lang in langs:
        if not (text.get(lang) or "").strip():
            problems.append(f"{where}: missing {lang} translation")
    for lang in text:
        if lang not in langs:
            problems.append(f"{where}: language {lang!r} is not in the bank's languages")


def resolve(raw: Any, *, source: str) -> QuestionBank:
    """Check and expand a parsed bank file. Raises :class:`BankError` listing all problems."""
    if not isinstance(raw, dict):
        raise BankError(f"{source} is not a question bank: expected a mapping at the top level")
    try:
        spec = BankFile.model_validate(raw)
    except ValidationError as exc:
        shape = _pydantic_problems(raw, exc)
        raise BankError(
            f"{source}: the question bank has {len(shape)} problem(s)", details=shape
        ) from None

    problems: list[str] = []
    langs: list[str] = list(spec.languages)
    if "en" not in langs:
        problems.append("languages: English (en) is required")
    for lang in spec.translations:
        if lang not in langs:
            problems.append(f"translations.{lang}: {lang!r} is not in the bank's languages")
    if all(spec.translations.get(lang, "original") != "original" for lang in langs):
        problems.append("translations: at least one language is the bank's original text")
    for lang in spec.required_languages:
        if lang not in langs:
            problems.append(f"required_languages: {lang!r} is not in the bank's languages")
    _check_text(problems, "title", spec.title, langs)

    # Choice lists: the bank's own, then the reference lists.
    choice_lists: dict[str, tuple[Choice, ...]] = {}
    for name, items in spec.choices.items():
        if name in REFERENCE_CHOICES:
            problems.append(f"choices.{name}: this name is reserved for the reference list")
        codes = [c.code for c in items]
        if len(set(codes)) != len(codes):
            problems.append(f"choices.{name}: duplicate codes")
        if not items:
            problems.append(f"choices.{name}: the list is empty")
        for c in items:
            _check_text(problems, f"choices.{name}[{c.code}].label", c.label, langs)
        choice_lists[name] = tuple(items)
    choice_lists["stakeholders"] = tuple(
        Choice(code=s.code, label=s.title) for s in reference.stakeholders()
    )
    choice_lists["principles"] = tuple(
        Choice(code=p.code, label=p.title) for p in reference.principles()
    )
    principle_codes = {p.code for p in reference.principles()}
    objective_numbers = [o.number for o in reference.objectives()]

    for name, cols in spec.column_sets.items():
        for col in cols:
            _check_text(problems, f"column_sets.{name}[{col.id}].label", col.label, langs)

    questions: dict[str, Question] = {}
    sections: list[Section] = []
    section_ids: set[str] = set()
    for sec in spec.sections:
        if sec.id in section_ids:
            problems.append(f"sections[{sec.id}]: duplicate section ID")
        section_ids.add(sec.id)
        _check_text(problems, f"sections[{sec.id}].title", sec.title, langs)
        _check_text(problems, f"sections[{sec.id}].intro", sec.intro, langs)
        numbers: list[int | None] = list(objective_numbers) if sec.per_objective else [None]
        ids_in_section: list[str] = []
        local_ids = {q.id for q in sec.questions}
        for qs in sec.questions:
            where = f"question {qs.id}"
            audience = qs.audience or sec.audience
            if sec.audience != "both" and audience != sec.audience:
                problems.append(
                    f"{where}: audience {audience!r} does not fit section {sec.id!r} "
                    f"({sec.audience})"
                )
            _check_text(problems, f"{where}.text", qs.text, langs)
            _check_text(problems, f"{where}.title", qs.title, langs)
            _check_text(problems, f"{where}.guidance", qs.guidance, langs)
            if sec.per_objective and "." in qs.id:
                problems.append(
                    f"{where}: questions of a per-objective section take a short ID without "
                    "dots (it becomes obj.NN.<id>)"
                )
            if not sec.per_objective and not qs.id.startswith(sec.id + "."):
                problems.append(f"{where}: the ID must start with the section ID {sec.id!r}.")
            for num in qs.objectives:
                if num not in objective_numbers:
                    problems.append(f"{where}.objectives: there is no objective {num} (1–23)")
            for p in qs.principles:
                if p not in principle_codes:
                    problems.append(
                        f"{where}.principles: unknown guiding principle {p!r} "
                        "(use the letters a–j of GCM para 15)"
                    )
            choices: tuple[Choice, ...] = ()
            if qs.kind in ("choice", "multichoice"):
                if not qs.choices:
                    problems.append(f"{where}: a {qs.kind} question needs a `choices` list name")
                elif qs.choices not in choice_lists:
                    problems.append(f"{where}.choices: no choice list named {qs.choices!r}")
                else:
                    choices = choice_lists[qs.choices]
            elif qs.choices:
                problems.append(f"{where}.choices: only choice questions take a choice list")
            if qs.integer and qs.kind != "number":
                problems.append(f"{where}.integer: only number questions take integer")
            if qs.word_limit and qs.kind != "text":
                problems.append(f"{where}.word_limit: only text questions take a word limit")
            table = None
            if qs.kind == "table":
                table = _resolve_table(problems, where, qs.table, spec, choice_lists, langs)
            elif qs.table is not None:
                problems.append(f"{where}.table: only table questions take a table")
            if qs.required_if:
                target = qs.required_if.question
                if target not in local_ids:
                    problems.append(
                        f"{where}.required_if: no question {target!r} in section {sec.id!r}"
                    )
                if (qs.required_if.equals is None) == (qs.required_if.present is None):
                    problems.append(f"{where}.required_if: give exactly one of equals, present")
            for n in numbers:
                qid = f"obj.{n:02d}.{qs.id}" if n is not None else qs.id
                cond = qs.required_if
                if cond is not None and n is not None:
                    cond = cond.model_copy(update={"question": f"obj.{n:02d}.{cond.question}"})
                if qid in questions:
                    problems.append(f"question {qid}: duplicate question ID")
                questions[qid] = Question(
                    id=qid,
                    section=sec.id,
                    kind=qs.kind,
                    text=qs.text,
                    title=qs.title,
                    guidance=qs.guidance,
                    required=qs.required,
                    required_if=cond,
                    word_limit=qs.word_limit,
                    objectives=tuple(sorted({*qs.objectives, *([n] if n else [])})),
                    principles=tuple(qs.principles),
                    audience=audience,
                    objective=n,
                    choices=choices,
                    choice_list=qs.choices,
                    table=table,
                    contact=qs.contact,
                    integer=qs.integer,
                )
                ids_in_section.append(qid)
        sections.append(
            Section(
                id=sec.id,
                audience=sec.audience,
                title=sec.title,
                intro=sec.intro,
                per_objective=sec.per_objective,
                question_ids=tuple(
                    _objective_order(ids_in_section) if sec.per_objective else ids_in_section
                ),
            )
        )
    if problems:
        problems = list(dict.fromkeys(problems))
        raise BankError(
            f"{source}: the question bank has {len(problems)} problem(s)", details=problems
        )
    return QuestionBank(
        id=spec.id,
        based_on=spec.based_on,
        version=spec.version,
        review_cycle=spec.review_cycle,
        languages=tuple(langs),
        translations={lang: spec.translations.get(lang, "original") for lang in langs},
        title=spec.title,
        fingerprint=fingerprint(spec),
        sections=tuple(sections),
        questions=questions,
        source=source,
        sources=tuple(spec.sources),
    )


def _objective_order(ids: list[str]) -> list[str]:
    """obj.01.* first, then obj.02.* …, keeping the bank's question order inside each."""
    return sorted(ids, key=lambda qid: int(qid.split(".")[1]))


def _resolve_table(
    problems: list[str],
    where: str,
    spec: TableSpec | None,
    bank: BankFile,
    choice_lists: dict[str, tuple[Choice, ...]],
    langs: list[str],
) -> ResolvedTable | None:
    if spec is None:
        problems.append(f"{where}: a table question needs a `table` with rows and columns")
        return None
    if isinstance(spec.columns, str):
        if spec.columns not in bank.column_sets:
            problems.append(f"{where}.table.columns: no column set named {spec.columns!r}")
            return None
        columns = tuple(bank.column_sets[spec.columns])
    else:
        columns = tuple(spec.columns)
        for col in columns:
            _check_text(problems, f"{where}.table.columns[{col.id}].label", col.label, langs)
    _check_text(problems, f"{where}.table.unit", spec.unit, langs)
    for row in spec.rows:
        _check_text(problems, f"{where}.table.rows[{row.id}].label", row.label, langs)
        _check_text(problems, f"{where}.table.rows[{row.id}].unit", row.unit, langs)
        if spec.unit is None and row.unit is None:
            problems.append(
                f"{where}.table.rows[{row.id}]: no unit (give the table or the row one)"
            )
    for ids, what in (([c.id for c in columns], "column"), ([r.id for r in spec.rows], "row")):
        if len(set(ids)) != len(ids):
            problems.append(f"{where}.table: duplicate {what} IDs")
    roles = [c.role for c in columns]
    if ("sex" in roles or "age" in roles) and roles.count("total") != 1:
        problems.append(f"{where}.table: a sex or age breakdown needs exactly one total column")
    table_choices: dict[str, tuple[Choice, ...]] = {}
    for col in columns:
        if col.role == "code":
            if not col.choices or col.choices not in choice_lists:
                problems.append(
                    f"{where}.table.columns[{col.id}]: a code column needs a known choice list"
                )
            else:
                table_choices[col.choices] = choice_lists[col.choices]
    return ResolvedTable(
        unit=spec.unit,
        columns=columns,
        rows=tuple(spec.rows),
        choices=table_choices,
        integer=spec.integer,
    )


def fingerprint(spec: BankFile) -> str:
    """A content fingerprint: SHA-256 of the bank's canonical JSON, so that formatting and
    comments do not change it but any change of wording, order or structure does."""
    data = spec.model_dump(mode="json", by_alias=True)
    for key in ("translations", "required_languages"):  # fields added in 2026.4: a bank
        if not data[key]:  # without them keeps the fingerprint it had before
            del data[key]
    canonical = json.dumps(
        data,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


DEFAULT_BANK = "gcm-questions.yaml"


@cache
def default_bank() -> QuestionBank:
    path = templates_dir() / "bank" / DEFAULT_BANK
    raw = load_bundled(path.read_text(encoding="utf-8"), source=f"bank/{DEFAULT_BANK}")
    return resolve(raw, source=f"bank/{DEFAULT_BANK}")


def load_bank(path: Path | str | None = None) -> QuestionBank:
    """The bundled bank, or the bank in ``path`` (YAML or JSON)."""
    if path is None:
        return default_bank()
    path = Path(path)
    try:
        raw = load_yaml_file(path)
    except GcmError as exc:
        raise BankError(f"cannot use question bank: {exc.message}") from None
    if isinstance(raw, dict) and "extends" in raw:
        raw = extend(raw, base_dir=path.parent, source=str(path))
    return resolve(raw, source=str(path))


EXTENSION_KEYS = {
    "schema",
    "extends",
    "namespace",
    "id",
    "version",
    "review_cycle",
    "languages",
    "translations",
    "required_languages",
    "title",
    "choices",
    "add_sections",
    "add_questions",
    "section_order",
    "optional_sections",
}


def extend(ext: dict[str, Any], *, base_dir: Path, source: str) -> dict[str, Any]:
    """A regional bank that extends another without copying it: the base bank with the
    region's extra questions (IDs namespaced by ``namespace``), its own sections, a new
    section order, and sections marked optional. Returns an ordinary bank mapping, checked
    afterwards like any other.

    Languages: ``required_languages`` (the region's working languages) must be in every text,
    the region's and the base bank's, or loading fails with one line naming them. The merged
    bank has the ``languages`` the region lists, or else those of the base bank that every
    one of the region's own texts has; texts in other languages are left out, so a regional
    bank written in English, French and Spanish still extends a bank with six languages.
    ``translations`` marks the region's languages as ``draft`` or ``reviewed`` over the base
    bank's marks."""
    import copy

    problems: list[str] = []
    unknown = sorted(set(ext) - EXTENSION_KEYS)
    problems += [f"{key}: unknown field (check its spelling)" for key in unknown]
    ns = ext.get("namespace")
    if not isinstance(ns, str) or not re.fullmatch(r"[a-z][a-z0-9]{1,11}", ns):
        problems.append("namespace: give a short lowercase code for the region, e.g. ece")
        ns = "?"
    target = ext.get("extends")
    if target in (None, "default", DEFAULT_BANK, default_bank().id):
        base_raw = load_bundled(
            (templates_dir() / "bank" / DEFAULT_BANK).read_text(encoding="utf-8"),
            source=f"bank/{DEFAULT_BANK}",
        )
    else:
        base_path = (base_dir / str(target)).resolve()
        try:
            base_raw = load_yaml_file(base_path)
        except GcmError as exc:
            raise BankError(f"{source}: extends {target}: {exc.message}") from None
        if isinstance(base_raw, dict) and "extends" in base_raw:
            raise BankError(
                f"{source}: extends {target}, which itself extends another bank; "
                "extend the base bank directly"
            )
    if not isinstance(base_raw, dict) or "sections" not in base_raw:
        raise BankError(f"{source}: extends {target}, which is not a question bank")
    merged = copy.deepcopy(base_raw)
    for key in ("id", "version", "review_cycle", "languages", "title"):
        if key in ext:
            merged[key] = ext[key]
    translations = ext.get("translations") or {}
    if isinstance(translations, dict):
        merged["translations"] = {**(merged.get("translations") or {}), **translations}
    else:
        problems.append("translations: give a mapping, e.g. {ru: draft}")
    merged["choices"] = {**merged.get("choices", {}), **(ext.get("choices") or {})}
    sections = {s["id"]: s for s in merged["sections"]}
    for sec in ext.get("add_sections") or []:
        sid = sec.get("id", "") if isinstance(sec, dict) else ""
        if not sid.startswith(f"{ns}_"):
            problems.append(f"add_sections[{sid or '?'}]: a regional section ID starts with {ns}_")
            continue
        if sid in sections:
            problems.append(f"add_sections[{sid}]: the base bank already has this section")
            continue
        merged["sections"].append(sec)
        sections[sid] = sec
    for sid, questions in (ext.get("add_questions") or {}).items():
        sec = sections.get(sid)
        if sec is None:
            problems.append(f"add_questions.{sid}: no such section in the base bank")
            continue
        for q in questions or []:
            qid = q.get("id", "") if isinstance(q, dict) else ""
            prefix = f"{ns}_" if sec.get("per_objective") else f"{sid}.{ns}_"
            if not qid.startswith(prefix):
                problems.append(
                    f"add_questions.{sid}[{qid or '?'}]: a regional question ID "
                    f"starts with {prefix}"
                )
                continue
            sec["questions"].append(q)
    order = ext.get("section_order")
    if order is not None:
        if sorted(order) != sorted(sections):
            missing = sorted(set(sections) - set(order))
            extra = sorted(set(order) - set(sections))
            problems.append(
                "section_order: list every section once"
                + (f" (missing {', '.join(missing)})" if missing else "")
                + (f" (unknown {', '.join(extra)})" if extra else "")
            )
        else:
            merged["sections"] = [sections[sid] for sid in order]
    for sid in ext.get("optional_sections") or []:
        sec = sections.get(sid)
        if sec is None:
            problems.append(f"optional_sections: no section {sid!r}")
            continue
        for q in sec["questions"]:
            q.pop("required", None)
            q.pop("required_if", None)
    if problems:
        raise BankError(
            f"{source}: the regional bank has {len(problems)} problem(s)", details=problems
        )
    _required_languages(ext, base_raw, source=source)
    _choose_languages(merged, ext, base_raw)
    merged.setdefault("changelog", [])
    merged["based_on"] = base_raw.get("id")
    return merged


#: The parts of a bank (or of a regional bank) that hold texts, one mapping per language.
TEXT_KEYS = ("title", "choices", "column_sets", "sections", "add_sections", "add_questions")


def _texts(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every text (a mapping of language codes to strings) under ``node``, with its path."""
    if isinstance(node, dict):
        if node and all(k in languages.codes() for k in node):
            if all(isinstance(v, str) for v in node.values()):
                yield where or "(top level)", node
            return
        for key, value in node.items():
            yield from _texts(value, f"{where}.{key}" if where else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            ident = value.get("id", value.get("code")) if isinstance(value, dict) else None
            yield from _texts(value, f"{where}[{ident if ident is not None else index}]")


def _bank_texts(raw: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [found for key in TEXT_KEYS if key in raw for found in _texts(raw[key], key)]


def _required_languages(ext: dict[str, Any], base_raw: dict[str, Any], *, source: str) -> None:
    """One line naming every required language missing from the region's or the base's texts."""
    required = ext.get("required_languages")
    if required is None:
        return
    if not isinstance(required, list) or not all(
        isinstance(code, str) and code in languages.codes() for code in required
    ):
        raise BankError(
            f"{source}: required_languages: give a list of language codes among "
            + ", ".join(languages.codes())
        )
    gaps = []
    for whose, raw in (
        ("this bank", ext),
        (f"the bank it extends ({base_raw.get('id')})", base_raw),
    ):
        texts = _bank_texts(raw)
        for lang in required:
            lacking = [where for where, text in texts if not str(text.get(lang) or "").strip()]
            if lacking:
                gaps.append(
                    f"{lang} is missing from {len(lacking)} text(s) of {whose}, e.g. {lacking[0]}"
                )
    if gaps:
        raise BankError(f"{source}: required language(s): " + "; ".join(gaps))


def _choose_languages(merged: dict[str, Any], ext: dict[str, Any], base_raw: dict[str, Any]):
    """Set the merged bank's languages and leave other languages' texts out."""
    if "languages" in ext and isinstance(ext["languages"], list):
        chosen = list(ext["languages"])
    else:
        own = [text for _, text in _bank_texts(ext)]
        chosen = [
            lang
            for lang in base_raw.get("languages") or []
            if all(str(text.get(lang) or "").strip() for text in own)
        ]
        merged["languages"] = chosen
    for _, text in _bank_texts(merged):
        for lang in [lang for lang in text if lang not in chosen]:
            del text[lang]
    if isinstance(merged.get("translations"), dict):
        merged["translations"] = {
            lang: status for lang, status in merged["translations"].items() if lang in chosen
        }


def select(
    bank: QuestionBank,
    *,
    section: str | None = None,
    objective: int | None = None,
    audience: str | None = None,
) -> list[Question]:
    """The questions matching every filter given, in bank order."""
    if audience is not None and audience not in ("national", "shadow", "both"):
        raise UsageError(f"unknown audience {audience!r}: use national or shadow")
    sections = [bank.section(section)] if section else list(bank.sections)
    chosen = []
    for sec in sections:
        for q in bank.questions_in(sec):
            if objective is not None and objective not in q.objectives:
                continue
            if audience in ("national", "shadow") and not q.for_kind(audience):
                continue
            if audience == "both" and q.audience != "both":
                continue
            chosen.append(q)
    return chosen
