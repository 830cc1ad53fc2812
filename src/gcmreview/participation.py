"""Participatory drafting of the guidance questions: a consultation workbook anyone can fill
in with Excel, consolidation of the returns, and applying the working group's decisions to make
a new bank version with a changelog.

Questions of a per-objective section are consulted on once, as templates: ``obj.*.measures``
stands for the same question under each of the 23 objectives.

Workbooks keep a hidden first row of column keys and, in A1, a ``gcmreview:`` marker naming
the sheet, so that translated sheet names and re-saves by LibreOffice Calc do not matter.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gcmreview import reference
from gcmreview.annex_xlsx import named_list
from gcmreview.bank import QuestionBank, templates_dir
from gcmreview.errors import BankError, GcmError, UsageError
from gcmreview.files import build_time, workbook_bytes
from gcmreview.i18n import t
from gcmreview.layout import META_PREFIX
from gcmreview.messages import Text
from gcmreview.ooxml import UnreadableFile
from gcmreview.reference import pick
from gcmreview.workbook import append, put, write
from gcmreview.yamlio import load_bundled, load_yaml_file

VIEWS = ("keep", "amend", "delete")
DECIDE = ("keep", "amend", "delete")
ADD = ("add", "reject")
HEAD = PatternFill("solid", fgColor="DCE6F1")
INPUT = PatternFill("solid", fgColor="FFFBEA")
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
LISTS = "_lists"


# ---------------------------------------------------------------- templates of the bank


@dataclass(frozen=True)
class Item:
    """A question as consulted on: a per-objective question appears once."""

    id: str  # "method.lead" or "obj.*.measures"
    section: str
    text: dict[str, str]
    guidance: dict[str, str]


def items(bank: QuestionBank) -> list[Item]:
    found: dict[str, Item] = {}
    for section in bank.sections:
        for q in bank.questions_in(section):
            key = q.id
            if q.objective is not None:
                key = f"{section.id}.*.{q.id.rsplit('.', 1)[-1]}"
            found.setdefault(key, Item(key, section.id, q.text, q.guidance))
    return list(found.values())


def bank_source(path: Path | None) -> tuple[dict[str, Any], str]:
    """The raw bank file (a mapping) and its name, for editing."""
    if path is None:
        from gcmreview.bank import DEFAULT_BANK

        source = templates_dir() / "bank" / DEFAULT_BANK
        text = source.read_text(encoding="utf-8")
        return load_bundled(text, source=f"bank/{DEFAULT_BANK}"), DEFAULT_BANK
    raw = load_yaml_file(path)
    if not isinstance(raw, dict):
        raise BankError(f"{path} is not a question bank")
    return raw, str(path)


# ---------------------------------------------------------------- workbooks


def _props(wb: Workbook, values: dict[str, str]) -> None:
    for name, value in sorted(values.items()):
        wb.custom_doc_props.append(StringProperty(name=f"{META_PREFIX}{name}", value=value))


def _save(wb: Workbook) -> bytes:
    return workbook_bytes(wb)


def _sheet(wb: Workbook, title: str, marker: str, columns: list[tuple[str, str, int]]):
    """A sheet with a hidden key row (row 1; A1 holds the marker) and visible headers."""
    ws = wb.create_sheet(title[:31])
    for col, (key, header, width) in enumerate(columns, start=1):
        put(ws, 1, col, f"gcmreview:{marker}" if col == 1 else key)
        put(ws, 2, col, header, font=Font(bold=True), fill=HEAD, alignment=WRAP)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[1].hidden = True
    ws.freeze_panes = "A3"
    return ws


def _list(wb: Workbook, lists, name: str, labels: list[str]) -> str:
    return "=" + named_list(wb, lists, name, labels)


def _dropdown(ws, formula: str, ref: str) -> None:
    rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
    ws.add_data_validation(rule)
    rule.add(ref)


def write_consultation(bank: QuestionBank, lang: str = "en") -> bytes:
    lang = bank.check_language(lang)
    wb = Workbook()
    about = wb.active
    assert about is not None
    about.title = t("consult.about", lang)[:31]
    lists = wb.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    views = _list(wb, lists, "views", [t(f"consult.view.{v}", lang) for v in VIEWS])
    sections = _list(wb, lists, "sections", [pick(s.title, lang) for s in bank.sections])
    cats = _list(wb, lists, "stakeholders", [pick(s.title, lang) for s in reference.stakeholders()])
    write(about["A1"], t("consult.title", lang), font=Font(bold=True, size=14, color="005D9E"))
    write(about["A3"], t("consult.instructions", lang), alignment=WRAP)
    about.merge_cells("A3:F3")
    about.row_dimensions[3].height = 110
    write(about["A5"], f"{t('label.bank', lang)}: {bank.id} {bank.version} ({bank.fingerprint})")
    about.column_dimensions["A"].width = 30
    about.protection.sheet = True

    qs = _sheet(
        wb,
        t("consult.sheet.questions", lang),
        "questions",
        [
            ("id", t("label.id", lang), 18),
            ("section", t("label.section", lang), 22),
            ("text", t("label.question", lang), 60),
            ("guidance", t("label.guidance", lang), 40),
            ("view", t("consult.col.view", lang), 14),
            ("wording", t("consult.col.wording", lang), 50),
            ("comment", t("consult.col.comment", lang), 40),
        ],
    )
    titles = {s.id: pick(s.title, lang) for s in bank.sections}
    consulted = items(bank)
    for row, item in enumerate(consulted, start=3):
        values = [item.id, titles[item.section], pick(item.text, lang), pick(item.guidance, lang)]
        for col, value in enumerate(values, start=1):
            put(qs, row, col, value, alignment=WRAP)
        for col in (5, 6, 7):
            cell = qs.cell(row=row, column=col)
            cell.protection = UNLOCKED
            cell.fill = INPUT
            cell.alignment = WRAP
    last = 2 + len(consulted)
    _dropdown(qs, views, f"E3:E{last}")
    qs.protection.sheet = True
    qs.protection.formatColumns = False
    qs.protection.formatRows = False

    new = _sheet(
        wb,
        t("consult.sheet.new", lang),
        "new",
        [
            ("section", t("label.section", lang), 30),
            ("objective", t("label.objective", lang), 10),
            ("text", t("consult.col.new_text", lang), 60),
            ("comment", t("consult.col.why", lang), 40),
        ],
    )
    for row in range(3, 53):
        for col in range(1, 5):
            cell = new.cell(row=row, column=col)
            cell.protection = UNLOCKED
            cell.fill = INPUT
            cell.alignment = WRAP
    _dropdown(new, sections, "A3:A52")
    objective_rule = DataValidation(
        type="whole",
        operator="between",
        formula1="1",
        formula2="23",
        allow_blank=True,
        showErrorMessage=True,
    )
    new.add_data_validation(objective_rule)
    objective_rule.add("B3:B52")
    new.protection.sheet = True

    who = _sheet(
        wb,
        t("consult.sheet.respondent", lang),
        "respondent",
        [
            ("organisation", t("doc.field.organisation", lang), 40),
            ("category", t("consult.col.category", lang), 40),
            ("country", t("doc.field.country", lang), 24),
        ],
    )
    for col in range(1, 4):
        cell = who.cell(row=3, column=col)
        cell.protection = UNLOCKED
        cell.fill = INPUT
    _dropdown(who, cats, "B3")
    put(who, 5, 1, t("consult.no_personal", lang), alignment=WRAP)
    who.merge_cells("A5:C5")
    who.row_dimensions[5].height = 40
    who.protection.sheet = True
    wb.move_sheet(LISTS, offset=len(wb.sheetnames))
    _props(
        wb,
        {
            "schema": "gcmreview/consultation@1",
            "kind": "consultation",
            "bank_id": bank.id,
            "bank_version": bank.version,
            "bank_fingerprint": bank.fingerprint,
            "language": lang,
        },
    )
    return _save(wb)


# ---------------------------------------------------------------- reading returns


def _sheets_by_marker(path: Path) -> dict[str, list[list[object]]]:
    from gcmreview.reader_xlsx import read_rows

    found: dict[str, list[list[object]]] = {}
    for rows in read_rows(path).values():
        if rows and rows[0] and isinstance(rows[0][0], str) and rows[0][0].startswith("gcmreview:"):
            found.setdefault(rows[0][0].removeprefix("gcmreview:"), rows)
    return found


def _records(rows: list[list[object]]) -> list[dict[str, str]]:
    """Data rows (from row 3) as dicts keyed by the hidden key row."""
    if not rows:
        return []
    keys = [str(k or "") for k in rows[0]]
    keys[0] = _first_key(rows)  # A1 holds the sheet's marker, not a key
    out = []
    for row in rows[2:]:
        record = {}
        for i, value in enumerate(row):
            key = keys[i] if i < len(keys) else ""
            if key and value is not None and str(value).strip():
                record[key] = str(value).strip()
        if record:
            out.append(record)
    return out


FIRST_KEYS = {
    "questions": "id",
    "new": "section",
    "respondent": "organisation",
    "decisions": "id",
    "additions": "decision",
}


def _first_key(rows: list[list[object]]) -> str:
    return FIRST_KEYS.get(str(rows[0][0]).removeprefix("gcmreview:"), "")


def _code(label: str, options: dict[str, str]) -> str | None:
    return options.get(label.casefold())


def _view_labels() -> dict[str, str]:
    from gcmreview.i18n import strings

    return {
        text.casefold(): v for v in VIEWS for text in strings()[f"consult.view.{v}"].values()
    } | {v: v for v in VIEWS}


@dataclass
class Response:
    return_id: str
    path: str
    status: str  # "read" or "unreadable"
    reason: str = ""
    organisation: str = ""
    category: str = ""
    country: str = ""
    views: list[dict[str, str]] = field(default_factory=list)
    new: list[dict[str, str]] = field(default_factory=list)


def read_response(path: Path, bank: QuestionBank) -> Response:
    try:
        if path.suffix.lower() != ".xlsx":
            raise UnreadableFile(Text("unreadable.not-xlsx"))
        sheets = _sheets_by_marker(path)
        if "questions" not in sheets or "respondent" not in sheets:
            raise UnreadableFile(Text("unreadable.not-consultation"))
    except UnreadableFile as exc:
        return Response("-", str(path), "unreadable", reason=exc.message)
    known = {i.id for i in items(bank)}
    labels = _view_labels()
    cats = {text.casefold(): s.code for s in reference.stakeholders() for text in s.title.values()}
    who = (_records(sheets["respondent"]) or [{}])[0]
    resp = Response(
        "",
        str(path),
        "read",
        organisation=who.get("organisation", ""),
        category=cats.get(who.get("category", "").casefold(), ""),
        country=who.get("country", ""),
    )
    problems = []
    if not resp.organisation:
        problems.append("no organisation given on the respondent sheet")
    if who.get("category") and not resp.category:
        problems.append(f"unknown stakeholder category {who['category']!r}")
    if resp.country:
        try:
            resp.country = reference.country(resp.country).alpha3
        except GcmError:
            problems.append(f"unknown country {resp.country!r}")
    for record in _records(sheets["questions"]):
        qid = record.get("id", "")
        view = _code(record.get("view", ""), labels) if record.get("view") else None
        if not (view or record.get("wording") or record.get("comment")):
            continue
        if qid not in known:
            problems.append(f"question {qid!r} is not in bank {bank.version}")
            continue
        if record.get("view") and view is None:
            problems.append(f"{qid}: {record['view']!r} is not keep, amend or delete")
        resp.views.append(
            {
                "id": qid,
                "view": view or "",
                "wording": record.get("wording", ""),
                "comment": record.get("comment", ""),
            }
        )
    titles = {text.casefold(): s.id for s in bank.sections for text in s.title.values()}
    for record in _records(sheets.get("new", [])):
        if not record.get("text"):
            continue
        resp.new.append(
            {
                "section": titles.get(
                    record.get("section", "").casefold(), record.get("section", "")
                ),
                "objective": record.get("objective", ""),
                "text": record["text"],
                "comment": record.get("comment", ""),
            }
        )
    if problems:
        return Response("-", str(path), "unreadable", reason="; ".join(problems))
    # identity: what the return says, not its bytes, so a re-saved copy counts once
    content = json.dumps(
        [resp.organisation.casefold(), resp.category, resp.country, resp.views, resp.new],
        sort_keys=True,
        ensure_ascii=False,
    )
    resp.return_id = hashlib.sha256(content.encode("utf-8")).hexdigest()[:16]
    return resp


def consolidate(
    paths: list[Path], bank: QuestionBank, lang: str = "en"
) -> tuple[bytes, list[Response]]:
    from gcmreview.inbox import collect_paths

    files = collect_paths(paths)
    if not files:
        raise UsageError("no returned workbooks given")
    responses: list[Response] = []
    seen: set[str] = set()
    for path in files:
        resp = read_response(path, bank)
        if resp.status == "read" and resp.return_id in seen:
            resp.status, resp.reason = "duplicate", "the same return was already collected"
        seen.add(resp.return_id)
        responses.append(resp)
    return write_consolidated(bank, responses, lang), responses


def write_consolidated(bank: QuestionBank, responses: list[Response], lang: str) -> bytes:
    lang = bank.check_language(lang)
    read = [r for r in responses if r.status == "read"]
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = t("consult.sheet.summary", lang)[:31]
    cats = [s.code for s in reference.stakeholders()]
    cat_title = {s.code: pick(s.title, lang) for s in reference.stakeholders()}
    header = [t("label.id", lang), t("label.question", lang)] + [
        t(f"consult.view.{v}", lang) for v in VIEWS
    ]
    append(summary, header)
    counts: dict[str, Counter[str]] = {}
    by_cat: dict[tuple[str, str], Counter[str]] = {}
    for r in read:
        for v in r.views:
            if v["view"]:
                counts.setdefault(v["id"], Counter())[v["view"]] += 1
                by_cat.setdefault((v["id"], r.category), Counter())[v["view"]] += 1
    for item in items(bank):
        c = counts.get(item.id, Counter())
        append(summary, [item.id, pick(item.text, lang)] + [c[v] for v in VIEWS])
    by_category = wb.create_sheet(t("consult.sheet.by_category", lang)[:31])
    append(
        by_category,
        [t("label.id", lang), t("consult.col.category", lang)]
        + [t(f"consult.view.{v}", lang) for v in VIEWS],
    )
    for item in items(bank):
        for cat in cats:
            found = by_cat.get((item.id, cat))
            if found:
                append(by_category, [item.id, cat_title[cat]] + [found[v] for v in VIEWS])
    proposals = wb.create_sheet(t("consult.sheet.proposals", lang)[:31])
    append(
        proposals,
        [
            t("label.id", lang),
            t("consult.col.view", lang),
            t("consult.col.wording", lang),
            t("consult.col.comment", lang),
            t("doc.field.organisation", lang),
            t("consult.col.category", lang),
            t("doc.field.country", lang),
        ],
    )
    for r in read:
        for v in r.views:
            if v["wording"] or v["comment"]:
                append(
                    proposals,
                    [
                        v["id"],
                        v["view"],
                        v["wording"],
                        v["comment"],
                        r.organisation,
                        cat_title.get(r.category, ""),
                        r.country,
                    ],
                )
    new = wb.create_sheet(t("consult.sheet.new", lang)[:31])
    append(
        new,
        [
            t("label.section", lang),
            t("label.objective", lang),
            t("consult.col.new_text", lang),
            t("consult.col.why", lang),
            t("doc.field.organisation", lang),
            t("consult.col.category", lang),
            t("doc.field.country", lang),
        ],
    )
    for r in read:
        for n in r.new:
            append(
                new,
                [
                    n["section"],
                    n["objective"],
                    n["text"],
                    n["comment"],
                    r.organisation,
                    cat_title.get(r.category, ""),
                    r.country,
                ],
            )
    returns = wb.create_sheet(t("consult.sheet.returns", lang)[:31])
    append(
        returns,
        [
            t("synth.col.file", lang),
            t("synth.col.status", lang),
            t("synth.col.reason", lang),
            t("doc.field.organisation", lang),
            t("consult.col.category", lang),
            t("doc.field.country", lang),
            "id",
        ],
    )
    for r in responses:
        append(
            returns,
            [
                r.path,
                r.status,
                r.reason,
                r.organisation,
                cat_title.get(r.category, ""),
                r.country,
                r.return_id,
            ],
        )
    _decision_sheets(wb, bank, read, lang)
    for ws in wb.worksheets:
        for cell in (
            ws[1]
            if ws.title
            not in (
                t("consult.sheet.decisions", lang)[:31],
                t("consult.sheet.additions", lang)[:31],
            )
            else ()
        ):
            cell.font = Font(bold=True)
            cell.fill = HEAD
        for col in range(1, ws.max_column + 1):
            ws.column_dimensions[get_column_letter(col)].width = 22 if col > 1 else 18
    _props(
        wb,
        {
            "schema": "gcmreview/consolidation@1",
            "kind": "consolidation",
            "bank_id": bank.id,
            "bank_version": bank.version,
            "bank_fingerprint": bank.fingerprint,
            "language": lang,
        },
    )
    return _save(wb)


def _decision_sheets(wb: Workbook, bank: QuestionBank, read: list[Response], lang: str) -> None:
    """Where the working group records its decisions, for ``questions apply``."""
    langs = bank.languages
    cols = [
        ("id", t("label.id", lang), 18),
        ("current", t("label.question", lang), 50),
        ("decision", t("consult.col.decision", lang), 12),
    ]
    cols += [
        (f"text_{code}", f"{t('consult.col.new_wording', lang)} ({code})", 40) for code in langs
    ]
    cols += [(f"guidance_{code}", f"{t('label.guidance', lang)} ({code})", 30) for code in langs]
    ws = _sheet(wb, t("consult.sheet.decisions", lang), "decisions", cols)
    consulted = items(bank)
    for row, item in enumerate(consulted, start=3):
        put(ws, row, 1, item.id)
        put(ws, row, 2, pick(item.text, lang), alignment=WRAP)
        put(ws, row, 3, "keep")
    rule = DataValidation(type="list", formula1='"keep,amend,delete"', allow_blank=True)
    ws.add_data_validation(rule)
    rule.add(f"C3:C{2 + len(consulted)}")
    add_cols = [
        ("decision", t("consult.col.decision", lang), 12),
        ("id", t("label.id", lang), 22),
        ("section", t("label.section", lang), 14),
        ("kind", t("label.kind", lang), 12),
        ("word_limit", "word limit", 10),
        ("objectives", t("label.objectives", lang), 12),
    ]
    add_cols += [(f"text_{code}", f"{t('label.question', lang)} ({code})", 40) for code in langs]
    add_cols += [
        (f"guidance_{code}", f"{t('label.guidance', lang)} ({code})", 30) for code in langs
    ]
    add_cols += [("proposed", t("consult.col.new_text", lang), 40)]
    additions = _sheet(wb, t("consult.sheet.additions", lang), "additions", add_cols)
    row = 3
    for r in read:
        for n in r.new:
            put(additions, row, 1, "reject")
            put(additions, row, 3, n["section"])
            put(additions, row, 4, "text")
            put(additions, row, 6, n["objective"])
            put(additions, row, len(add_cols), n["text"])
            row += 1
    rule = DataValidation(type="list", formula1='"add,reject"', allow_blank=True)
    additions.add_data_validation(rule)
    rule.add(f"A3:A{max(row, 60)}")


# ---------------------------------------------------------------- applying decisions


def bump(version: str) -> str:
    """``2026.1`` → ``2026.2``; ``2026.1-ece`` → ``2026.2-ece``."""
    match = re.match(r"^(.*?)(\d+)([^\d]*)$", version)
    if match is None:
        return version + ".1"
    head, number, tail = match.groups()
    return f"{head}{int(number) + 1}{tail}"


def apply(
    decisions: Path, bank_path: Path | None, reviewed: Sequence[str] = ()
) -> tuple[str, dict[str, Any], list[str]]:
    """The new bank (YAML text and data) and its changelog lines. Refuses unknown question
    IDs and missing translations, listing every problem (BankError).

    ``reviewed``: languages whose draft translation the working group has reviewed; the new
    version marks them ``reviewed`` (reports in them no longer say "Draft translation")."""
    from gcmreview.bank import resolve

    raw, source = bank_source(bank_path)
    bank = resolve(raw, source=source)
    try:
        sheets = _sheets_by_marker(decisions)
    except UnreadableFile as exc:
        raise GcmError(f"{decisions}: {exc.message}") from None
    if "decisions" not in sheets:
        raise GcmError(
            f"{decisions} is not a consolidated consultation workbook (no decisions sheet)"
        )
    langs = list(raw.get("languages") or ["en"])
    problems: list[str] = []
    changes: list[str] = []
    sections = {s["id"]: s for s in raw["sections"]}
    known = {i.id: i for i in items(bank)}

    def locate(qid: str) -> tuple[dict, int] | None:
        if ".*." in qid:
            sid, _, short = qid.partition(".*.")
            sec = sections.get(sid)
            if sec is None or not sec.get("per_objective"):
                return None
            target = short
        else:
            sec = sections.get(qid.split(".")[0])
            target = qid
            if sec is None:
                sec = next(
                    (s for s in raw["sections"] if any(q["id"] == qid for q in s["questions"])),
                    None,
                )
            if sec is None:
                return None
        for index, q in enumerate(sec["questions"]):
            if q["id"] == target:
                return sec, index
        return None

    deletions: list[tuple[dict, int]] = []
    for record in _records(sheets["decisions"]):
        qid = record.get("id", "")
        decision = record.get("decision", "keep").casefold()
        if decision in ("", "keep"):
            continue
        if decision not in DECIDE:
            problems.append(f"{qid}: unknown decision {record['decision']!r} (keep, amend, delete)")
            continue
        where = locate(qid) if qid in known else None
        if where is None:
            problems.append(f"{qid}: no such question in bank {bank.version}")
            continue
        sec, index = where
        question = sec["questions"][index]
        if decision == "delete":
            if question.get("required"):
                problems.append(
                    f"{qid}: a required question cannot be deleted; make it optional first"
                )
                continue
            deletions.append((sec, index))
            changes.append(f"deleted {qid}")
            continue
        new_text = {code: record.get(f"text_{code}", "") for code in langs}
        missing = [code for code, text in new_text.items() if not text]
        if missing:
            problems.append(
                f"{qid}: the amended wording lacks the {', '.join(missing)} translation"
            )
            continue
        question["text"] = new_text
        guidance = {code: record.get(f"guidance_{code}", "") for code in langs}
        if any(guidance.values()):
            gaps = [code for code, text in guidance.items() if not text]
            if gaps:
                problems.append(f"{qid}: the new guidance lacks the {', '.join(gaps)} translation")
                continue
            question["guidance"] = guidance
        changes.append(f"amended {qid}")
    for record in _records(sheets.get("additions", [])):
        if record.get("decision", "").casefold() != "add":
            continue
        qid = record.get("id", "")
        sid = record.get("section", "")
        target_section = sections.get(sid)
        if target_section is None:
            problems.append(f"new question {qid or '(no ID)'}: no section {sid!r}")
            continue
        if not qid:
            problems.append(f"new question in {sid}: give it an ID")
            continue
        new_q_text = {code: record.get(f"text_{code}", "") for code in langs}
        new_q_guidance = {code: record.get(f"guidance_{code}", "") for code in langs}
        missing = [f"text {c}" for c, v in new_q_text.items() if not v] + [
            f"guidance {c}" for c, v in new_q_guidance.items() if not v
        ]
        if missing:
            problems.append(f"new question {qid}: missing {', '.join(missing)}")
            continue
        entry: dict[str, Any] = {
            "id": qid,
            "kind": record.get("kind", "text") or "text",
            "text": new_q_text,
            "guidance": new_q_guidance,
        }
        if record.get("word_limit", "").isdigit():
            entry["word_limit"] = int(record["word_limit"])
        objectives = [int(x) for x in re.findall(r"\d+", record.get("objectives", ""))]
        if objectives:
            entry["objectives"] = objectives
        target_section["questions"].append(entry)
        changes.append(f"added {qid}")
    for sec, index in sorted(deletions, key=lambda x: -x[1]):
        del sec["questions"][index]
    for code in dict.fromkeys(code.strip().lower() for code in reviewed):
        status = bank.translation(code)
        if code not in bank.languages:
            problems.append(
                f"--reviewed {code}: the bank has no {code!r} texts "
                f"(it has {', '.join(bank.languages)})"
            )
        elif status != "draft":
            problems.append(
                f"--reviewed {code}: the {code} text of bank {bank.version} is {status}, "
                "not a draft translation"
            )
        else:
            raw["translations"] = {**(raw.get("translations") or {}), code: "reviewed"}
            changes.append(f"{code} translation reviewed by the working group")
    if problems:
        raise BankError(
            f"{decisions}: {len(problems)} decision(s) cannot be applied", details=problems
        )
    if not changes:
        raise UsageError(f"{decisions} records no change to apply (every decision is keep)")
    old_version = raw["version"]
    raw["version"] = bump(str(old_version))
    raw.setdefault("changelog", []).append(
        {
            "version": raw["version"],
            "date": build_time().date().isoformat(),
            "previous": str(old_version),
            "changes": changes,
        }
    )
    try:
        resolve(raw, source="the new bank")  # every rule of a bank still holds
    except BankError as exc:
        raise BankError(
            f"the decisions would make an invalid bank: {exc.message}", details=exc.details
        ) from None
    import yaml

    text = (
        "# gcmreview question bank, made by `gcmreview questions apply` from "
        f"{Path(decisions).name}\n# (bank {old_version} → {raw['version']}; see changelog)\n"
        + yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=100)
    )
    return text, raw, changes
