"""``export``: a filled-in report (.docx, and its .xlsx data annex) → a Submission.

:func:`read_submission` returns the submission together with notes about how it was read
(tracked changes left in, comments, a missing annex …); ``check`` turns those notes into
findings. A file that cannot be read at all raises :class:`~gcmreview.ooxml.UnreadableFile`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gcmreview import convert
from gcmreview.bank import Column, QuestionBank, ResolvedTable, Row
from gcmreview.errors import GcmError, UsageError
from gcmreview.files import regular_file
from gcmreview.layout import annex_path_for
from gcmreview.ooxml import MAX_PACKAGE_BYTES, UnreadableFile
from gcmreview.reader_docx import DocxContent, read_docx
from gcmreview.reader_xlsx import AnnexContent, read_xlsx
from gcmreview.submission import ExtraRow, Submission, TableAnswer, parse_submission
from gcmreview.values import read_date, read_number

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


@dataclass
class ReadNote:
    """Something noticed while reading, for ``check`` to report. ``qid`` places it at a
    question (check shows the question's section and objective)."""

    code: str
    message: str
    location: str = ""
    severity: str = "warning"
    qid: str | None = None
    hint: str = ""


@dataclass
class ReadResult:
    submission: Submission
    notes: list[ReadNote] = field(default_factory=list)
    docx: DocxContent | None = None
    annex: AnnexContent | None = None
    annex_path: Path | None = None


def _cell(value: object) -> int | float | str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int | float):
        return value
    return str(value).strip()


def find_annex(report: Path) -> Path | None:
    """The data annex beside a report: ``X_data.xlsx``, else the one workbook in its folder
    whose properties name the report's country, kind and review cycle."""
    candidate = annex_path_for(report)
    if candidate.exists():
        return candidate
    from gcmreview.inbox import annex_beside

    return annex_beside(report)


#: Options a person gives on the command line when a report lost its identity.
IDENTITY_OPTIONS = {"country": "--country", "region": "--region", "kind": "--kind"}


def read_submission(
    path: Path,
    bank: QuestionBank,
    *,
    annex: Path | None = None,
    look_for_annex: bool = True,
    identity: Mapping[str, str] | None = None,
) -> ReadResult:
    """Read a .docx report (or a submission .json) into the canonical model. ``identity``
    (country, region, kind) is used where the report does not say it itself."""
    try:
        regular_file(path, max_bytes=MAX_PACKAGE_BYTES)
    except GcmError as exc:
        raise UnreadableFile(exc.message) from None
    if path.suffix.lower() == ".json":
        from gcmreview.submission import read_submission_json

        try:
            sub, duplicates = read_submission_json(path)
        except GcmError as exc:
            raise UnreadableFile(exc.message) from None
        found = [
            ReadNote(
                "duplicate-key",
                f"the key “{key}” is given twice in one object; the first was read",
                key if key in bank.questions else "JSON",
                "error",
                qid=key if key in bank.questions else None,
                hint="give each key once",
            )
            for key in duplicates
        ]
        return ReadResult(submission=sub, notes=found)
    fmt = convert.kind_of(path)
    if fmt is not None:
        beside = annex if annex is not None else (find_annex(path) if look_for_annex else None)
        with convert.as_docx(path, fmt) as docx_path:
            try:
                result = read_submission(
                    docx_path, bank, annex=beside, look_for_annex=False, identity=identity
                )
            except UnreadableFile as exc:
                raise UnreadableFile(
                    f"this is {convert.FORMATS[fmt]}, converted to .docx with LibreOffice: "
                    f"{exc.message}"
                ) from None
        if beside is None and look_for_annex:
            for note in result.notes:
                if note.code == "annex-missing":
                    note.message = (
                        f"no data annex found (expected {annex_path_for(path).name} beside "
                        "the report)"
                    )
        result.notes.insert(
            0,
            ReadNote(
                "converted",
                f"{convert.FORMATS[fmt]}: read after converting it to .docx with LibreOffice",
                "file",
                hint="send the report as .docx",
            ),
        )
        return result
    content = read_docx(path, bank)
    notes: list[ReadNote] = []
    meta = _identity(content, bank, identity or {}, notes)
    lang = meta["language"]
    answers: dict[str, object] = {}
    for qid, raw in content.answers.items():
        q = bank.questions[qid]
        if q.kind == "number" and isinstance(raw, str):
            number = read_number(raw, lang, whole=q.integer)
            answers[qid] = number.value if number.problem is None else raw.strip()
        elif q.kind == "date" and isinstance(raw, str):
            when = read_date(raw, lang)
            answers[qid] = when.value if when.problem is None else raw.strip()
        else:
            answers[qid] = raw
    notes.extend(_document_notes(content))

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
        tables = _tables(annex_content, bank, lang, notes)
        _compare_annex(annex_content, annex_path, meta, notes)
    data: dict[str, object] = {key: meta[key] for key in IDENTITY_KEYS}
    data["schema"] = "gcmreview/submission@1"
    if meta.get("organisation"):
        data["organisation"] = meta["organisation"]
    if meta.get("illustrative") == "true":
        data["illustrative"] = True
    data["answers"] = answers
    data["notes"] = {k: v for k, v in content.notes.items() if v}
    data["tables"] = {k: v.model_dump() for k, v in tables.items()}
    try:
        sub = parse_submission(data, source=str(path))
    except GcmError as exc:
        raise UnreadableFile(f"the report's properties are damaged: {exc.message}") from None
    return ReadResult(
        submission=sub, notes=notes, docx=content, annex=annex_content, annex_path=annex_path
    )


def _identity(
    content: DocxContent, bank: QuestionBank, given: Mapping[str, str], notes: list[ReadNote]
) -> dict[str, str]:
    """The report's identity: options given, then its document properties, then its title
    page, then what its questions show (language, kind). Raises :class:`UnreadableFile`
    naming the option that would let it be read."""
    from gcmreview import reference

    meta = dict(content.metadata)
    explicit = {k: v for k, v in given.items() if v}
    if "country" in explicit:
        explicit["country"] = reference.country(explicit["country"]).alpha3
    if "region" in explicit:
        explicit["region"] = reference.commission(explicit["region"]).code
    if "kind" in explicit and explicit["kind"] not in ("national", "shadow"):
        raise UsageError(f"unknown report kind {explicit['kind']!r}: use national or shadow")
    missing = [k for k in IDENTITY_KEYS if not meta.get(k)]
    meta.update(explicit)
    if not missing:
        return meta
    page = content.title_page
    guessed: dict[str, str] = {}
    if content.languages:
        guessed["language"] = content.languages.most_common(1)[0][0]
    audiences = {bank.questions[qid].audience for qid in content.found_ids}
    if audiences - {"both"} == {"national"}:
        guessed["kind"] = "national"
    elif audiences - {"both"} == {"shadow"}:
        guessed["kind"] = "shadow"
    country = meta.get("country") or page.get("country")
    if country and not (meta.get("region") or page.get("region")):
        listed = [c.code for c in reference.commissions() if country in c.all_members]
        if len(listed) == 1:
            guessed["region"] = listed[0]
    guessed.update(
        review_cycle=bank.review_cycle,
        bank_id=bank.id,
        bank_version=bank.version,
        bank_fingerprint=bank.fingerprint,
    )
    sources: dict[str, str] = {}
    for key in missing:
        if key in explicit:
            sources[key] = "the command line"
        elif page.get(key):
            meta[key], sources[key] = page[key], "the title page"
        elif guessed.get(key):
            meta[key], sources[key] = guessed[key], "the questions"
    if not meta.get("organisation") and page.get("organisation"):
        meta["organisation"] = page["organisation"]
    if not meta.get("language"):
        meta["language"], sources["language"] = "en", "(not found: English assumed)"
    lacking = [k for k in ("country", "region", "kind") if not meta.get(k)]
    if lacking:
        options = " and ".join(f"{IDENTITY_OPTIONS[k]} …" for k in lacking)
        raise UnreadableFile(
            "this report has lost its document properties and does not say which "
            f"{' and '.join(lacking)} it is from; give it with {options}"
        )
    said = ", ".join(
        f"{key.replace('_', ' ')} {meta[key]} ({where})"
        for key, where in sources.items()
        if key in ("country", "region", "kind", "language")
    )
    notes.append(
        ReadNote(
            "properties-missing",
            "the report's document properties are missing (Google Docs and copying into "
            f"another document drop them); read as {said}",
            "document properties",
            hint="keep working in the file made by gcmreview init, or check the identity above",
        )
    )
    return meta


def _document_notes(content: DocxContent) -> Iterator[ReadNote]:
    for qid, places in content.outside.items():
        where = " and ".join(places)
        kept = "kept with the answer" if qid in content.answers else "kept as a note"
        yield ReadNote(
            "answer-outside-box",
            f"text typed in {where} was read and {kept}",
            qid=qid,
            hint="move it into the answer box",
        )
    for qid, why in content.unclear.items():
        yield ReadNote("choice-unclear", why, qid=qid, severity="error")
    if content.tracked_changes:
        yield ReadNote(
            "tracked-changes",
            f"{content.tracked_changes} tracked change(s) "
            "were left in the document; they were read as accepted",
            "document",
        )
    for qid in content.recognised:
        yield ReadNote(
            "id-deleted",
            "the question's ID was deleted from its box; the question was recognised by its "
            "wording and its answer read",
            qid=qid,
            hint="keep the IDs (such as obj.13.measures) in the first cell of each box",
        )
    located = 0
    for qid, texts in content.comments_at.items():
        located += len(texts)
        shown = "; ".join(f"“{_short(text)}”" for text in texts)
        yield ReadNote(
            "comments-present",
            f"{len(texts)} comment(s) on this question, not read as answers: {shown}",
            qid=qid,
            hint="if a comment holds part of the answer, move it into the answer box",
        )
    if content.comments > located:
        yield ReadNote(
            "comments-present",
            f"{content.comments - located} comment(s) in the document outside the answer "
            "boxes; comments are not read as answers",
            "document",
        )
    for qid in content.duplicate_ids:
        yield ReadNote(
            "duplicate-question",
            "the question appears twice; only the first copy was read",
            qid=qid,
        )
    for qid in content.unknown_ids:
        yield ReadNote(
            "unknown-question",
            "a question with this ID is not in the question bank; its answer was not read",
            qid,
        )
    for qid, labels in content.unknown_choice_marks.items():
        yield ReadNote(
            "unknown-choice",
            f"a mark next to an option that is not in the bank: {', '.join(labels)}",
            qid=qid,
            severity="error",
        )


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _compare_annex(
    annex: AnnexContent, annex_path: Path, meta: Mapping[str, str], notes: list[ReadNote]
) -> None:
    where = f"data annex {annex_path.name}"
    if not annex.metadata:
        notes.append(
            ReadNote(
                "properties-missing",
                "the data annex's document properties are missing; it was paired with the "
                "report by its file name",
                where,
            )
        )
        return
    for key in IDENTITY_KEYS:
        theirs = annex.metadata.get(key)
        if theirs != meta.get(key):
            notes.append(
                ReadNote(
                    "annex-metadata-mismatch",
                    f"the data annex says {key} = {theirs or '(nothing)'} but the report says "
                    f"{meta.get(key)}",
                    where,
                    "error",
                )
            )


def _tables(
    annex: AnnexContent, bank: QuestionBank, lang: str, notes: list[ReadNote]
) -> dict[str, TableAnswer]:
    tables: dict[str, TableAnswer] = {}
    for qid, raw in annex.tables.items():
        q = bank.questions[qid]
        assert q.table is not None
        spec = q.table
        sheet = annex.sheets[qid]
        rows = {r.id: r for r in spec.rows}
        columns = {c.id: c for c in spec.columns}
        label_to_code: dict[str, dict[str, str]] = {}
        for column in spec.columns:
            if column.role == "code" and column.choices:
                label_to_code[column.id] = {
                    label.casefold(): c.code
                    for c in spec.choices[column.choices]
                    for label in c.label.values()
                }
        shown_percent = annex.percent_cells.get(qid, set())
        cells: dict[str, dict[str, int | float | str]] = {}
        for row_id, row in raw["cells"].items():
            for col_id, value in row.items():
                percent = (row_id, col_id) in shown_percent
                cells.setdefault(row_id, {})[col_id] = _figure(
                    value, rows.get(row_id), columns.get(col_id), spec, lang, percent,
                    label_to_code.get(col_id),
                )  # fmt: skip
        extra_rows = []
        for extra in annex.extra_rows.get(qid, []):
            where = f"sheet {sheet}, row {extra.row} ({extra.ref})"
            figures = {
                col_id: _figure(value, None, columns.get(col_id), spec, lang,
                                col_id in extra.percent, label_to_code.get(col_id))
                for col_id, value in extra.cells.items()
            }  # fmt: skip
            extra_rows.append(ExtraRow(label=extra.label, cells=figures, where=where))
            shown = f"“{extra.label}”" if extra.label else "without a label"
            notes.append(
                ReadNote(
                    "unexpected-row",
                    f"a row that is not in the template, {shown} ({extra.ref}); it was read "
                    "and is kept apart from the table's own rows",
                    f"{qid} (sheet {sheet}, row {extra.row}, {extra.ref})",
                    hint="keep it if it is a breakdown the secretariat should see; "
                    "otherwise move its figures into the table's own rows",
                )
            )
        year = raw["reference_year"]
        year_value = _cell(year) if year is not None else None
        if isinstance(year_value, str):
            parsed = read_number(year_value, lang, whole=True)
            year_value = parsed.value if isinstance(parsed.value, int) else year_value
        if year_value is not None and not isinstance(year_value, int):
            notes.append(
                ReadNote(
                    "bad-reference-year",
                    f"the reference year {year_value!r} is not a year",
                    f"{qid} (sheet {sheet})",
                    "error",
                )
            )
        source = raw["source"]
        answer = TableAnswer(
            reference_year=year_value if isinstance(year_value, int) else None,
            source=str(source).strip() if source not in (None, "") else None,
            cells=cells,
            extra_rows=extra_rows,
        )
        if not answer.is_empty():
            tables[qid] = answer
    return tables


def _figure(
    value: object,
    row: Row | None,
    column: Column | None,
    spec: ResolvedTable,
    lang: str,
    shown_percent: bool,
    codes: dict[str, str] | None,
) -> int | float | str:
    """A cell's value as the person meant it: a coded label as its code, a number typed as
    text read by the report's language, a percentage Excel stored as a fraction times 100."""
    converted = _cell(value)
    if codes is not None and isinstance(converted, str):
        return codes.get(converted.casefold(), converted)
    if column is not None and column.role == "code":
        return converted
    percent_row = row is not None and spec.row_percent(row)
    if isinstance(converted, str):
        whole = row is not None and spec.row_integer(row)
        number = read_number(converted, lang, whole=whole, percent=percent_row)
        return converted if number.value is None or number.problem else number.value
    if shown_percent and percent_row and not isinstance(converted, bool):
        scaled = round(converted * 100, 10)
        return int(scaled) if float(scaled).is_integer() else scaled
    return converted
