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
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from gcmreview.errors import GcmError

SUBMISSION_SCHEMA = "gcmreview/submission@1"
MAX_JSON_BYTES = 50 * 1024 * 1024

#: Characters XML 1.0 (so Word and Excel) cannot store: C0 controls except tab and newline.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
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
    language: Literal["en", "fr", "es"]
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

    @field_validator("answers", "notes")
    @classmethod
    def _storable_text(cls, answers: dict[str, Answer]) -> dict[str, Answer]:
        """Word documents cannot hold control characters; say so instead of failing later.
        Carriage returns become line ends (``\n``), the canonical paragraph separator."""
        for qid, value in list(answers.items()):
            if isinstance(value, str) and "\r" in value:
                value = answers[qid] = value.replace("\r\n", "\n").replace("\r", "\n")
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str) and CONTROL.search(text):
                    raise ValueError(
                        f"the answer to {qid} contains control characters that a Word "
                        "document cannot hold (use line breaks and tabs only)"
                    )
        return answers

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
    from gcmreview.files import read_user_text

    text = read_user_text(path, max_bytes=MAX_JSON_BYTES)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GcmError(f"{path} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return parse_submission(data, source=str(path))


def parse_submission(data: object, *, source: str) -> Submission:
    if not isinstance(data, dict) or data.get("schema") != SUBMISSION_SCHEMA:
        raise GcmError(
            f'{source} is not a gcmreview submission (expected "schema": "{SUBMISSION_SCHEMA}")'
        )
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
        raise GcmError(
            f"{source} is not a valid submission ({len(problems)} problem(s))", details=problems
        ) from None
