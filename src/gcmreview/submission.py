"""The canonical form of a submission (a national or shadow report): a pydantic model whose
JSON is what ``gcmreview render`` reads and ``gcmreview export`` writes.

Answers are keyed by question ID. Their JSON type follows the question's kind:

* text: a string; paragraphs are separated by ``\\n``; a paragraph that starts with ``- `` is a
  bullet-list item (rendered as a Word list paragraph, read back the same way);
* choice: the chosen option's code (language-independent); multichoice: a list of codes;
* number: a number; date: ``YYYY-MM-DD``;
* table (data annex): a :class:`TableAnswer` under ``tables``.

An unanswered question is simply absent. Whether the answers fit the bank (kinds, choices,
required answers, word limits …) is the job of :mod:`gcmreview.checks`; this model checks only
the shape and the identity of the report.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from gcmreview import languages
from gcmreview.errors import said
from gcmreview.messages import Text
from gcmreview.xmltext import clean

SUBMISSION_SCHEMA = "gcmreview/submission@1"
#: A submission is a few hundred answers of a few hundred words: 8 MB is ten times the largest
#: real one, and reads in well under 400 MB of memory.
MAX_JSON_BYTES = 8 * 1024 * 1024

Scalar = str | int | float
Answer = str | int | float | list[str]
Cell = int | float | str


class ExtraRow(BaseModel):
    """A row a person added to a data-annex table (for example "of which: transit
    migrants"): kept with its label and figures, never dropped."""

    model_config = ConfigDict(extra="forbid")

    label: str = ""
    cells: dict[str, Cell] = {}
    #: where it was in the workbook, e.g. "sheet flows, row 10 (B10:K10)"
    where: str | None = None


class TableAnswer(BaseModel):
    """One data-annex table: ``cells[row_id][column_id]``; empty cells are absent."""

    model_config = ConfigDict(extra="forbid")

    reference_year: int | None = None
    source: str | None = None
    cells: dict[str, dict[str, Cell]] = {}
    extra_rows: list[ExtraRow] = []

    def is_empty(self) -> bool:
        return (
            self.reference_year is None
            and not self.source
            and not any(self.cells.values())
            and not self.extra_rows
        )

    def filled_cells(self) -> int:
        return sum(len(row) for row in self.cells.values()) + sum(
            len(row.cells) for row in self.extra_rows
        )


class Submission(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: Literal["gcmreview/submission@1"] = Field(
        default="gcmreview/submission@1", alias="schema"
    )
    kind: Literal["national", "shadow"]
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    region: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,6}$")]
    language: Annotated[str, AfterValidator(languages.known)]
    review_cycle: str
    bank_id: str
    bank_version: str
    bank_fingerprint: str
    organisation: str | None = None
    illustrative: bool = False
    answers: dict[str, Answer] = {}
    #: text written with a question beside its answer: the specification of an "Other"
    #: option, words beside the options, text typed in the report for a data-annex table
    notes: dict[str, str] = {}
    tables: dict[str, TableAnswer] = {}

    #: where characters a Word or Excel file cannot hold were removed ("answers.cross.climate")
    _removed: list[str] = PrivateAttr(default_factory=list)

    @field_validator("answers", "notes")
    @classmethod
    def _line_ends(cls, answers: dict[str, Answer]) -> dict[str, Answer]:
        """Carriage returns become line ends (``\n``), the canonical paragraph separator."""
        for qid, value in list(answers.items()):
            if isinstance(value, str) and "\r" in value:
                answers[qid] = value.replace("\r\n", "\n").replace("\r", "\n")
        return answers

    @model_validator(mode="after")
    def _storable_text(self) -> Submission:
        """Every text is made storable in Word and Excel (:mod:`gcmreview.xmltext`): control
        characters and lone surrogates are removed, and where is remembered for ``check``."""
        removed: list[str] = []

        def fix(value: object, where: str) -> object:
            if isinstance(value, str):
                text, count = clean(value)
                if count:
                    removed.append(where)
                return text
            if isinstance(value, list):
                return [fix(item, where) for item in value]
            return value

        if self.organisation is not None:
            self.organisation = str(fix(self.organisation, "organisation"))
        for field_name in ("answers", "notes"):
            values = getattr(self, field_name)
            for qid in list(values):
                values[qid] = fix(values[qid], f"{field_name}.{qid}")
        for qid, table in self.tables.items():
            if table.source is not None:
                table.source = str(fix(table.source, f"tables.{qid}.source"))
            for row_id, row in table.cells.items():
                for col_id in list(row):
                    row[col_id] = fix(row[col_id], f"tables.{qid}.{row_id}.{col_id}")  # type: ignore[assignment]
            for index, extra in enumerate(table.extra_rows):
                extra.label = str(fix(extra.label, f"tables.{qid}.extra_rows[{index}]"))
        self._removed = list(dict.fromkeys(removed))
        return self

    def removed_characters(self) -> list[str]:
        """Where characters a Word or Excel file cannot hold were removed."""
        return list(self._removed)

    def identity(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "country": self.country,
            "region": self.region,
            "language": self.language,
            "review_cycle": self.review_cycle,
            "bank_id": self.bank_id,
            "bank_version": self.bank_version,
            "bank_fingerprint": self.bank_fingerprint,
            "organisation": self.organisation,
        }

    def to_json(self) -> str:
        return (
            json.dumps(
                self.model_dump(mode="json", by_alias=True, exclude_none=True),
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )


def normalise_text(text: str) -> str:
    """The canonical form of a narrative answer: ``\\n`` line ends, no trailing spaces on a
    paragraph, no empty paragraphs at the start or end."""
    lines = [line.rstrip(" \u00a0") for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def load_submission_json(path: Path) -> Submission:
    """Read a submission's JSON; any problem becomes a one-line :class:`GcmError`."""
    return read_submission_json(path)[0]


def read_submission_json(path: Path) -> tuple[Submission, list[str]]:
    """A submission's JSON and the keys it gives twice in one object (the first is kept).
    Numbers JSON cannot hold exactly (NaN, Infinity, 1e400, integers of hundreds of digits)
    are kept as the text written, so that ``check`` says they are not numbers."""
    from gcmreview.files import display, read_user_text

    text = read_user_text(path, max_bytes=MAX_JSON_BYTES)
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        obj: dict[str, object] = {}
        for key, value in items:
            if key in obj:
                duplicates.append(key)
                continue
            obj[key] = value
        return obj

    try:
        data = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_constant=str,
            parse_float=_json_float,
            parse_int=_json_int,
        )
    except json.JSONDecodeError as exc:
        where = {"file": display(path), "line": str(exc.lineno), "error": exc.msg}
        raise said(Text("unreadable.json-invalid", where)) from None
    except RecursionError:
        raise said(Text("unreadable.json-deep", {"file": display(path)})) from None
    return parse_submission(data, source=display(path)), list(dict.fromkeys(duplicates))


def _json_float(text: str) -> float | str:
    value = float(text)
    return value if math.isfinite(value) else text


def _json_int(text: str) -> int | str:
    return int(text) if len(text.lstrip("-")) <= 18 else text


def parse_submission(data: object, *, source: str) -> Submission:
    if not isinstance(data, dict) or data.get("schema") != SUBMISSION_SCHEMA:
        expected = {"file": source, "expected": f'"schema": "{SUBMISSION_SCHEMA}"'}
        raise said(Text("unreadable.json-schema", expected))
    try:
        return Submission.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = ".".join(
                str(p) for p in err["loc"] if not re.match(r"^(str|int|float|list)", str(p))
            )
            problems.append(f"{loc or '(top level)'}: {err['msg']}")
        problems = list(dict.fromkeys(problems))
        reason = Text("unreadable.json-not-valid", {"file": source, "n": len(problems)})
        raise said(reason, details=problems) from None
