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
from gcmreview.docx_text import AFTER_TABLE, IN_GUIDANCE, IN_ID, IN_QUESTION
from gcmreview.errors import GcmError, UsageError
from gcmreview.files import regular_file
from gcmreview.layout import annex_path_for
from gcmreview.messages import Text, render
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
    question (check shows the question's section and objective). Its message is the template
    ``code`` (or ``code.variant``) of ``templates/i18n/findings.yaml`` filled in with
    ``params``; its hint ``hint.<hint>``; ``location`` a place (:class:`Text`) or a name."""

    code: str
    location: str | Text = ""
    severity: str = "warning"
    qid: str | None = None
    hint: str = ""
    variant: str = ""
    params: dict[str, object] = field(default_factory=dict)

    def message_in(self, lang: str) -> str:
        return render(f"{self.code}.{self.variant}" if self.variant else self.code, lang,
                      self.params)  # fmt: skip

    @property
    def message(self) -> str:
        return self.message_in("en")

    def where(self, lang: str) -> str:
        return self.location.render(lang) if isinstance(self.location, Text) else self.location


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
        raise UnreadableFile.of(exc) from None
    if path.suffix.lower() == ".json":
        from gcmreview.submission import read_submission_json

        try:
            sub, duplicates = read_submission_json(path)
        except GcmError as exc:
            raise UnreadableFile.of(exc) from None
        found = [
            ReadNote(
                "duplicate-key",
                key if key in bank.questions else "JSON",
                "error",
                qid=key if key in bank.questions else None,
                hint="one-key",
                params={"key": key},
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
                    Text(
                        "unreadable.converted",
                        {"format": Text(f"word.format{fmt}"), "detail": exc.text},
                    )
                ) from None
        if beside is None and look_for_annex:
            for note in result.notes:
                if note.code == "annex-missing":
                    note.params["expected"] = annex_path_for(path).name
        result.notes.insert(
            0,
            ReadNote(
                "converted",
                Text("place.file"),
                hint="send-docx",
                params={"format": Text(f"word.format{fmt}")},
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
                    Text("place.data"),
                    params={"expected": annex_path_for(path).name},
                )
            )
    else:
        try:
            annex_content = read_xlsx(annex_path, bank)
        except UnreadableFile as exc:
            reason = {"name": annex_path.name, "detail": exc.text}
            raise UnreadableFile(Text("unreadable.annex", reason)) from None
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
        damaged = Text("unreadable.properties-damaged", {"detail": exc.text or exc.message})
        raise UnreadableFile(damaged) from None
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
            sources[key] = "command-line"
        elif page.get(key):
            meta[key], sources[key] = page[key], "title-page"
        elif guessed.get(key):
            meta[key], sources[key] = guessed[key], "questions"
    if not meta.get("organisation") and page.get("organisation"):
        meta["organisation"] = page["organisation"]
    if not meta.get("language"):
        meta["language"], sources["language"] = "en", "assumed"
    lacking = [k for k in ("country", "region", "kind") if not meta.get(k)]
    if lacking:
        options = [f"{IDENTITY_OPTIONS[k]} …" for k in lacking]
        words = [Text(f"word.identity.{k}") for k in lacking]
        raise UnreadableFile(
            Text("unreadable.properties-lost", {"lacking": words, "options": options})
        )
    said = [
        Text(
            "word.said",
            {
                "what": Text(f"word.identity.{key}"),
                "value": meta[key],
                "source": Text(f"word.source.{where}"),
            },
        )
        for key, where in sources.items()
        if key in ("country", "region", "kind", "language")
    ]
    notes.append(
        ReadNote(
            "properties-missing",
            Text("place.properties"),
            hint="keep-file",
            params={"said": said},
        )
    )
    return meta


def _document_notes(content: DocxContent) -> Iterator[ReadNote]:
    for qid, places in content.outside.items():
        yield ReadNote(
            "answer-outside-box",
            qid=qid,
            hint="move-into-box",
            variant="" if qid in content.answers else "note",
            params={"places": [_PLACES.get(p, p) for p in places]},
        )
    for qid, why in content.unclear.items():
        yield ReadNote("choice-unclear", qid=qid, severity="error", params={"detail": why})
    if content.tracked_changes:
        yield ReadNote(
            "tracked-changes", Text("place.document"), params={"n": content.tracked_changes}
        )
    for qid in content.recognised:
        yield ReadNote("id-deleted", qid=qid, hint="keep-ids")
    located = 0
    for qid, texts in content.comments_at.items():
        located += len(texts)
        quoted = [Text("word.quoted", {"text": _short(text)}) for text in texts]
        yield ReadNote(
            "comments-present",
            qid=qid,
            hint="comment-answer",
            params={"n": len(texts), "comments": quoted},
        )
    if content.comments > located:
        yield ReadNote(
            "comments-present",
            Text("place.document"),
            variant="document",
            params={"n": content.comments - located},
        )
    for qid in content.duplicate_ids:
        yield ReadNote("duplicate-question", qid=qid)
    for qid in content.unknown_ids:
        yield ReadNote("unknown-question", qid, variant="read")
    for qid, labels in content.unknown_choice_marks.items():
        yield ReadNote("unknown-choice", qid=qid, severity="error", params={"labels": list(labels)})


#: Where text outside the answer box was found (:mod:`gcmreview.docx_text`), as words.
_PLACES = {
    IN_QUESTION: Text("word.in.question"),
    IN_GUIDANCE: Text("word.in.guidance"),
    AFTER_TABLE: Text("word.in.after-table"),
    IN_ID: Text("word.in.id"),
    "the annex row": Text("word.in.annex-row"),
}


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _compare_annex(
    annex: AnnexContent, annex_path: Path, meta: Mapping[str, str], notes: list[ReadNote]
) -> None:
    where = Text("place.annex", {"name": annex_path.name})
    if not annex.metadata:
        notes.append(ReadNote("properties-missing", where, variant="annex"))
        return
    for key in IDENTITY_KEYS:
        theirs = annex.metadata.get(key)
        if theirs != meta.get(key):
            notes.append(
                ReadNote(
                    "annex-metadata-mismatch",
                    where,
                    "error",
                    params={
                        "key": key,
                        "annex": theirs or Text("word.nothing"),
                        "report": meta.get(key) or Text("word.nothing"),
                    },
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
            label = (
                Text("word.quoted", {"text": extra.label}) if extra.label else Text("word.no-label")
            )
            place = {"where": qid, "sheet": Text("place.sheet-name", {"name": sheet})}
            notes.append(
                ReadNote(
                    "unexpected-row",
                    Text("place.extra-row", {**place, "row": str(extra.row), "ref": extra.ref}),
                    hint="unexpected-row",
                    params={"label": label, "ref": extra.ref},
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
                    Text(
                        "place.sheet",
                        {"where": qid, "sheet": Text("place.sheet-name", {"name": sheet})},
                    ),
                    "error",
                    params={"year": str(year_value)},
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
