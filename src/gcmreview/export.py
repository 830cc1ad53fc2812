"""``export``: a filled-in report (.docx, and its .xlsx data annex) → a Submission.

:func:`read_submission` returns the submission together with notes about how it was read
(tracked changes left in, comments, a missing annex …); ``check`` turns those notes into
findings. A file that cannot be read at all raises :class:`~gcmreview.ooxml.UnreadableFile`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from gcmreview.bank import QuestionBank
from gcmreview.errors import GcmError
from gcmreview.layout import annex_path_for
from gcmreview.ooxml import UnreadableFile
from gcmreview.reader_docx import DocxContent, read_docx
from gcmreview.reader_xlsx import AnnexContent, read_xlsx
from gcmreview.submission import Submission, TableAnswer, parse_submission

IDENTITY_KEYS = (
    "kind",
    "country",
    "region",
    "language",
    "review_cycle",
    "bank_id",
    "bank_version",
    "bank_fingerprint",
)
NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


@dataclass
class ReadNote:
    """Something noticed while reading, for ``check`` to report."""

    code: str
    message: str
    location: str = ""
    severity: str = "warning"


@dataclass
class ReadResult:
    submission: Submission
    notes: list[ReadNote] = field(default_factory=list)
    docx: DocxContent | None = None
    annex: AnnexContent | None = None
    annex_path: Path | None = None


def _number(text: str) -> int | float | str:
    compact = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
    if NUMBER.match(compact):
        compact = compact.replace(",", ".")
        value = float(compact)
        return int(value) if value.is_integer() and "." not in compact else value
    return text


def _cell(value: object) -> int | float | str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    return str(value).strip()


def find_annex(report: Path) -> Path | None:
    candidate = annex_path_for(report)
    return candidate if candidate.exists() else None


def read_submission(
    path: Path, bank: QuestionBank, *, annex: Path | None = None, look_for_annex: bool = True
) -> ReadResult:
    """Read a .docx report (or a submission .json) into the canonical model."""
    if path.suffix.lower() == ".json":
        from gcmreview.submission import load_submission_json

        try:
            return ReadResult(submission=load_submission_json(path))
        except GcmError as exc:
            raise UnreadableFile(exc.message) from None
    content = read_docx(path, bank)
    notes: list[ReadNote] = []
    meta = content.metadata
    missing = [k for k in IDENTITY_KEYS if not meta.get(k)]
    if missing:
        raise UnreadableFile(
            "this Word document has question tables but no gcmreview properties "
            f"({', '.join(missing)} missing); was it made with gcmreview init?"
        )
    answers: dict[str, object] = {}
    for qid, raw in content.answers.items():
        q = bank.questions[qid]
        if q.kind == "number" and isinstance(raw, str):
            answers[qid] = _number(raw)
        elif q.kind == "date" and isinstance(raw, str):
            answers[qid] = raw.strip()
        else:
            answers[qid] = raw
    if content.tracked_changes:
        notes.append(
            ReadNote(
                "tracked-changes",
                f"{content.tracked_changes} tracked change(s) "
                "were left in the document; they were read as accepted",
                "document",
            )
        )
    if content.comments:
        notes.append(
            ReadNote(
                "comments-present",
                f"{content.comments} comment(s) in the document; comments are not read as answers",
                "document",
            )
        )
    for qid in content.duplicate_ids:
        notes.append(
            ReadNote(
                "duplicate-question",
                "the question appears twice; only the first copy was read",
                qid,
            )
        )
    for qid in content.unknown_ids:
        notes.append(
            ReadNote(
                "unknown-question",
                "a question with this ID is not in the question bank; its answer was not read",
                qid,
            )
        )
    for qid, labels in content.unknown_choice_marks.items():
        notes.append(
            ReadNote(
                "unknown-choice",
                f"a mark next to an option that is not in the bank: {', '.join(labels)}",
                qid,
                "error",
            )
        )

    tables: dict[str, TableAnswer] = {}
    annex_content: AnnexContent | None = None
    annex_path = annex if annex is not None else (find_annex(path) if look_for_annex else None)
    if annex_path is None:
        if any(q.kind == "table" and q.for_kind(meta["kind"]) for q in bank.questions.values()):
            notes.append(
                ReadNote(
                    "annex-missing",
                    f"no data annex found (expected {annex_path_for(path).name} beside the report)",
                    "data",
                )
            )
    else:
        try:
            annex_content = read_xlsx(annex_path, bank)
        except UnreadableFile as exc:
            raise UnreadableFile(f"its data annex {annex_path.name}: {exc.message}") from None
        tables = _tables(annex_content, bank, notes)
        for key in IDENTITY_KEYS:
            theirs = annex_content.metadata.get(key)
            if theirs != meta.get(key):
                notes.append(
                    ReadNote(
                        "annex-metadata-mismatch",
                        f"the data annex says {key} = {theirs or '(nothing)'} but the report says "
                        f"{meta.get(key)}",
                        f"data annex {annex_path.name}",
                        "error",
                    )
                )
    data: dict[str, object] = {key: meta[key] for key in IDENTITY_KEYS}
    data["schema"] = "gcmreview/submission@1"
    if meta.get("organisation"):
        data["organisation"] = meta["organisation"]
    if meta.get("illustrative") == "true":
        data["illustrative"] = True
    data["answers"] = answers
    data["tables"] = {k: v.model_dump() for k, v in tables.items()}
    try:
        sub = parse_submission(data, source=str(path))
    except GcmError as exc:
        raise UnreadableFile(f"the report's properties are damaged: {exc.message}") from None
    return ReadResult(
        submission=sub, notes=notes, docx=content, annex=annex_content, annex_path=annex_path
    )


def _tables(
    annex: AnnexContent, bank: QuestionBank, notes: list[ReadNote]
) -> dict[str, TableAnswer]:
    tables: dict[str, TableAnswer] = {}
    for qid, raw in annex.tables.items():
        q = bank.questions[qid]
        assert q.table is not None
        label_to_code: dict[str, dict[str, str]] = {}
        for column in q.table.columns:
            if column.role == "code" and column.choices:
                label_to_code[column.id] = {
                    label.casefold(): c.code
                    for c in q.table.choices[column.choices]
                    for label in c.label.values()
                }
        cells: dict[str, dict[str, int | float | str]] = {}
        for row_id, row in raw["cells"].items():
            for col_id, value in row.items():
                converted = _cell(value)
                if col_id in label_to_code and isinstance(converted, str):
                    converted = label_to_code[col_id].get(converted.casefold(), converted)
                cells.setdefault(row_id, {})[col_id] = converted
        year = raw["reference_year"]
        year_value = _cell(year) if year is not None else None
        if year_value is not None and not isinstance(year_value, int):
            notes.append(
                ReadNote(
                    "bad-reference-year",
                    f"the reference year {year_value!r} is not a year",
                    f"{qid} (sheet {annex.sheets[qid]})",
                    "error",
                )
            )
        source = raw["source"]
        answer = TableAnswer(
            reference_year=year_value if isinstance(year_value, int) else None,
            source=str(source).strip() if source not in (None, "") else None,
            cells=cells,
        )
        if not answer.is_empty():
            tables[qid] = answer
    return tables
