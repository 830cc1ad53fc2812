"""Member State validation of the draft synthesis.

* ``packets``: one Word form per Member State listing every passage of the synthesis
  attributed to it (from the manifest ``synthesize`` writes), with a box for proposed wording
  under each, and a sign-off: approve / approve with changes / object, comments, validating
  authority, date. Forms use the report template's structure (tables keyed by ID in their
  first cell), so they are read back after Word or LibreOffice editing.
* ``collect``: reads returned forms and Word comments added directly to the synthesis into a
  tracker workbook (one row per passage and per comment, and a status per Member State).
  Unreadable or foreign returns are listed with the reason; a return is identified by the
  SHA-256 of its content, so collecting it again never counts it twice.
* ``status``: pending, validated, validated with changes or objected, per Member State.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from gcmreview import reference
from gcmreview.bank import Choice, Question
from gcmreview.errors import GcmError, UsageError
from gcmreview.i18n import strings, t
from gcmreview.messages import Text
from gcmreview.ooxml import UnreadableFile

FORM_SCHEMA = "gcmreview/validation-form@1"
DECISIONS = ("approve", "approve_changes", "object")
STATUS_OF = {
    "approve": "validated",
    "approve_changes": "validated with changes",
    "object": "objected",
}
PASSAGE_KEY = re.compile(r"^P\d{4,}$")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# ---------------------------------------------------------------- the manifest


#: A manifest lists every passage of a synthesis: a few MB for the largest region.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


def embedded_manifest(synthesis: Path) -> dict | None:
    """The manifest the synthesis carries inside (a custom XML part, see
    :mod:`gcmreview.manifest_xml`), or None when it has none. Raises :class:`UnreadableFile`
    for a file that is not a readable Word package."""
    from gcmreview import manifest_xml
    from gcmreview.ooxml import Package, parse_xml

    with Package(synthesis) as pkg:
        items = sorted(
            (n for n in pkg.names() if re.fullmatch(r"customXml/item\d+\.xml", n)),
            key=lambda n: int(re.sub(r"\D", "", n)),
        )
        for name in items:
            data = pkg.read(name)
            if not manifest_xml.is_manifest(data):
                continue
            found = manifest_xml.read(parse_xml(data, part=name))
            del data
            if found is not None:
                return found
    return None


def load_manifest(synthesis: Path) -> dict:
    """The synthesis' manifest: the one inside the .docx (so a renamed copy works), else
    the ``.manifest.json`` beside it."""
    from gcmreview.files import read_user_text
    from gcmreview.layout import manifest_path_for

    problem = ""
    try:
        data = embedded_manifest(synthesis)
    except UnreadableFile as exc:
        data, problem = None, exc.message
    if data is not None:
        return _checked(data, synthesis)
    path = manifest_path_for(synthesis)
    if not path.exists():
        if problem and not synthesis.exists():
            raise UsageError(problem)
        raise UsageError(
            f"no manifest inside {synthesis.name} and no {path.name} beside it: make the "
            "synthesis with gcmreview synthesize, which writes both"
            + (f" ({problem})" if problem else "")
        )
    try:
        data = json.loads(read_user_text(path, max_bytes=MAX_MANIFEST_BYTES))
    except json.JSONDecodeError as exc:
        raise GcmError(f"cannot read {path}: {exc}") from None
    return _checked(data, path)


def _checked(data: object, source: Path) -> dict:
    if not isinstance(data, dict) or data.get("schema") != "gcmreview/synthesis-manifest@1":
        raise GcmError(f"{source} is not a gcmreview synthesis manifest")
    return data


def form_language(manifest: dict, country: str, override: str | None = None) -> str:
    """The language of a Member State's form: ``override`` (``--lang``) when given, else the
    language of the State's report (the synthesis' language for a manifest made before
    the manifest recorded it)."""
    if override is not None:
        return reference.check_language(override)
    languages = manifest.get("report_languages") or {}
    lang = languages.get(country) if isinstance(languages, dict) else None
    return lang if lang in reference.LANGUAGES else manifest["language"]


# ---------------------------------------------------------------- forms


def _text(key: str) -> dict[str, str]:
    return dict(strings()[key])


SIGNOFF_FIELDS: tuple[tuple[str, Literal["text", "date"]], ...] = (
    ("comments", "text"),
    ("authority", "text"),
    ("date", "date"),
)


def form_question(
    qid: str,
    kind: Literal["text", "date", "choice"],
    text: dict[str, str],
    guidance: dict[str, str],
    *,
    required: bool = False,
    choices: tuple[Choice, ...] = (),
) -> Question:
    """A question of a validation form, in the report template's format (so the same
    writer draws it and the same reader reads it back)."""
    return Question(
        id=qid,
        section=qid.split(".")[0],
        kind=kind,
        text=text,
        guidance=guidance,
        required=required,
        required_if=None,
        word_limit=None,
        objectives=(),
        principles=(),
        audience="national",
        choices=choices,
    )


def signoff_questions() -> list[Question]:
    """The sign-off part of a form, as questions (the report template's format)."""
    decision = form_question(
        "signoff.decision",
        "choice",
        _text("val.q.decision"),
        _text("val.g.decision"),
        required=True,
        choices=tuple(Choice(code=c, label=_text(f"val.decision.{c}")) for c in DECISIONS),
    )
    others = [
        form_question(
            f"signoff.{name}",
            kind,
            _text(f"val.q.{name}"),
            _text(f"val.g.{name}"),
            required=name != "comments",
        )
        for name, kind in SIGNOFF_FIELDS
    ]
    return [decision, *others]


def write_form(manifest: dict, country: str, lang: str | None = None) -> bytes:
    """The validation form of one Member State, in ``lang`` (by default the language of its
    report, see :func:`form_language`)."""
    from gcmreview import docxkit as dk
    from gcmreview.layout import META_PREFIX
    from gcmreview.personal_data import redact
    from gcmreview.report_docx import question_table

    lang = form_language(manifest, country, lang)
    comm = reference.commission(manifest["region"])
    name = reference.country(country).name(lang)
    doc = dk.new_document(
        title=f"{t('val.title', lang)}: {name}",
        subject=manifest["title"],
        language=lang,
        keywords=f"GCM; {comm.code}; validation; {country}",
    )
    dk.modern_compatibility(doc)  # Word opens it as the synthesis, not in Compatibility Mode
    dk.set_custom_properties(
        doc,
        {
            f"{META_PREFIX}schema": FORM_SCHEMA,
            f"{META_PREFIX}kind": "validation-form",
            f"{META_PREFIX}country": country,
            f"{META_PREFIX}region": comm.code,
            f"{META_PREFIX}language": lang,
            f"{META_PREFIX}synthesis_id": manifest["synthesis_id"],
            f"{META_PREFIX}member_states": ",".join(manifest["member_states"]),
        },
    )
    top = doc.add_paragraph()
    dk.styled_run(
        top, f"{reference.pick(comm.name, lang)} ({comm.code})", bold=True, colour=dk.UN_BLUE
    )
    doc.add_paragraph(t("val.title", lang), style="Title")
    who = doc.add_paragraph()
    dk.styled_run(who, name, bold=True, size=18)
    ref = doc.add_paragraph()
    dk.styled_run(ref, manifest["title"], italic=True, colour=dk.GREY)
    ref.add_run("\n")
    dk.styled_run(ref, t("val.draft", lang, id=manifest["synthesis_id"]), size=8, colour=dk.GREY)
    doc.add_paragraph(t("val.intro", lang))
    doc.add_paragraph(t("val.passages", lang), style="Heading 1")
    proposed = t("val.proposed", lang)
    for p in manifest["passages"]:
        if p["country"] != country or p["kind"] != "national":
            continue
        where = " › ".join(x for x in (p["chapter"], p["section"]) if x)
        q = form_question(
            p["id"],
            "text",
            # a data-annex passage shows a cell as typed when it is not a figure
            {lang: redact(p["text"])},
            {lang: t("val.where", lang, where=where) + f" · {p['question']}"},
        )
        question_table(doc, q, None, lang, note=proposed, emphasis=False)
    doc.add_paragraph(t("val.signoff", lang), style="Heading 1")
    for q in signoff_questions():
        question_table(doc, q, None, lang)
    return dk.save_bytes(doc)


def form_name(manifest: dict, country: str) -> str:
    return f"VALIDATION_{manifest['region']}_{country}_{manifest['synthesis_id']}.docx"


def packets(
    manifest: dict,
    outdir: Path,
    *,
    force: bool = False,
    lang: str | None = None,
    advance: Callable[[], None] = lambda: None,
) -> list[tuple[str, str, Path]]:
    """Write one form per Member State of the synthesis whose manifest (see
    :func:`load_manifest`) is given into ``outdir`` (created if missing), each in the
    language of the State's report unless ``lang`` is given; ``advance`` is called after
    each form. Returns (country, language, path) per form."""
    from gcmreview.errors import OutputError
    from gcmreview.files import check_writable, display, write_outputs

    if lang is not None:
        reference.check_language(lang)
    states = list(manifest["member_states"])
    if not states:
        raise UsageError("the synthesis includes no Member State; there is nothing to validate")
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{display(outdir)} is a file, not a folder")
    names = [(c, form_language(manifest, c, lang), outdir / form_name(manifest, c)) for c in states]
    if outdir.is_dir():
        check_writable([path for _, _, path in names], force=force)  # before the work
    outputs: dict[Path, bytes] = {}
    for country, language, path in names:
        outputs[path] = write_form(manifest, country, language)
        advance()
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create folder {display(outdir)}: {exc.strerror or exc}"
        ) from None
    write_outputs(outputs, force=force)
    return names


# ---------------------------------------------------------------- reading returns


@dataclass
class Return:
    """One returned file, as read."""

    return_id: str
    path: str
    kind: str  # "form", "comments" or "unreadable"
    country: str | None = None
    synthesis_id: str | None = None
    member_states: list[str] = field(default_factory=list)
    decision: str | None = None
    authority: str = ""
    signed: str = ""
    comments: str = ""
    proposals: list[dict[str, str]] = field(default_factory=list)
    word_comments: list[dict[str, str]] = field(default_factory=list)
    reason: str = ""


def _digest(path: Path) -> str:
    from gcmreview.files import regular_file
    from gcmreview.ooxml import MAX_PACKAGE_BYTES

    try:
        regular_file(path, max_bytes=MAX_PACKAGE_BYTES)
    except GcmError as exc:
        raise OSError(exc.message) from None
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


def read_return(path: Path, manifest: dict | None = None) -> Return:
    """Read a returned form, or a synthesis with Word comments. Never raises for a bad file."""
    from gcmreview.reader_docx import open_document

    try:
        rid = _digest(path)
    except OSError as exc:
        return Return("-", str(path), "unreadable", reason=f"cannot open the file ({exc})")
    try:
        if path.suffix.lower() != ".docx":
            raise UnreadableFile(Text("unreadable.not-docx"))
        meta, body, comments = open_document(path)
        kind = meta.get("kind")
        if kind == "validation-form":
            return _read_form(rid, path, meta, body)
        if kind == "synthesis":
            if manifest is None or manifest.get("synthesis_id") != meta.get("synthesis_id"):
                # the draft commented on carries its own manifest (also when renamed)
                manifest = embedded_manifest(path) or manifest
            return _read_comments(rid, path, meta, body, comments, manifest)
        raise UnreadableFile(Text("unreadable.not-a-return"))
    except UnreadableFile as exc:
        return Return(rid, str(path), "unreadable", reason=exc.message)
    except GcmError as exc:
        return Return(rid, str(path), "unreadable", reason=exc.message)


def _read_form(rid: str, path: Path, meta: dict[str, str], body) -> Return:
    from gcmreview.docx_text import TextReader, question_blocks
    from gcmreview.reader_docx import DocxContent, read_block

    ret = Return(
        rid,
        str(path),
        "form",
        country=meta.get("country"),
        synthesis_id=meta.get("synthesis_id"),
        member_states=[c for c in meta.get("member_states", "").split(",") if c],
    )
    questions = {q.id: q for q in signoff_questions()}
    scratch = DocxContent(metadata=meta, answers={}, found_ids=[])
    reader = TextReader()
    blocks = question_blocks(body, lambda key: bool(PASSAGE_KEY.match(key)) or key in questions)
    for block in blocks:
        key = block.key
        if PASSAGE_KEY.match(key):
            q = form_question(key, "text", {"en": ""}, {"en": ""})
            wording = read_block(q, block, reader, scratch, outside_text=False)
            if isinstance(wording, str) and wording.strip():
                ret.proposals.append({"passage": key, "wording": wording})
        elif key in questions:
            value = read_block(questions[key], block, reader, scratch, outside_text=False)
            if key == "signoff.decision":
                ret.decision = value if isinstance(value, str) else None
                if isinstance(value, list):
                    ret.reason = "several decisions marked; mark only one"
            elif key == "signoff.comments":
                ret.comments = str(value or "")
            elif key == "signoff.authority":
                ret.authority = str(value or "")
            elif key == "signoff.date":
                ret.signed = str(value or "")
    if not ret.country:
        raise UnreadableFile(Text("unreadable.form-properties"))
    return ret


def _read_comments(
    rid: str, path: Path, meta: dict[str, str], body, comments, manifest: dict | None
) -> Return:
    """Word comments on the synthesis: each with the text it is anchored to and the passage
    (so the Member State) it falls in."""
    from gcmreview.docx_text import W_P, W_T, block_lines

    ret = Return(
        rid,
        str(path),
        "comments",
        synthesis_id=meta.get("synthesis_id"),
        member_states=[c for c in meta.get("member_states", "").split(",") if c],
    )
    texts: dict[str, dict[str, str]] = {}
    if comments is not None:
        for c in comments.findall(_w("comment")):
            cid = c.get(_w("id")) or ""
            texts[cid] = {
                "author": c.get(_w("author")) or "",
                "date": c.get(_w("date")) or "",
                "text": "\n".join(line for line in block_lines(c) if line.strip()),
            }
    attributions: dict[str, dict] = {}
    for p in (manifest or {}).get("passages", []):
        attributions[p["attribution"]] = p
    anchored: dict[str, list[str]] = {}
    passage_of: dict[str, dict | None] = {}
    active: set[str] = set()
    current: dict | None = None
    start, end = _w("commentRangeStart"), _w("commentRangeEnd")
    reference_tag = _w("commentReference")
    heading_style = _w("pStyle")
    for el in body.iter(W_P, W_T, start, end, reference_tag):
        tag = el.tag
        if tag == W_P:
            line = "".join(block_lines(el)) if el.find(f".//{W_T}") is not None else ""
            style = el.find(f"{_w('pPr')}/{heading_style}")
            if line in attributions:
                current = attributions[line]
            elif style is not None and (style.get(_w("val")) or "").startswith("Heading"):
                current = None
        elif tag == start:
            cid = el.get(_w("id")) or ""
            active.add(cid)
            anchored.setdefault(cid, [])
            passage_of.setdefault(cid, current)
        elif tag == end:
            active.discard(el.get(_w("id")) or "")
        elif tag == reference_tag:
            passage_of.setdefault(el.get(_w("id")) or "", current)
        elif tag == W_T:
            for cid in active:
                anchored[cid].append(el.text or "")
    for cid, info in texts.items():
        passage = passage_of.get(cid)
        ret.word_comments.append(
            {
                "comment": cid,
                "passage": passage["id"] if passage else "",
                "country": passage["country"] if passage else "",
                "anchored": "".join(anchored.get(cid, [])),
                "text": info["text"],
                "author": info["author"],
                "date": info["date"][:10],
            }
        )
    countries = {c["country"] for c in ret.word_comments if c["country"]}
    if len(countries) == 1:
        ret.country = countries.pop()
        for c in ret.word_comments:
            c["country"] = c["country"] or ret.country
    if not ret.word_comments:
        ret.reason = "a synthesis without comments"
    return ret


# ---------------------------------------------------------------- the tracker


TRACKER_SHEETS = ("Status", "Passages", "Comments", "Returns")
RETURN_COLUMNS = [
    "return_id",
    "file",
    "kind",
    "country",
    "synthesis_id",
    "decision",
    "authority",
    "date",
    "comments",
    "status",
    "reason",
    "member_states",
]
PASSAGE_COLUMNS = [
    "return_id",
    "country",
    "passage",
    "where",
    "question",
    "synthesis text",
    "proposed wording",
]
COMMENT_COLUMNS = ["return_id", "country", "passage", "anchored text", "comment", "author", "date"]
STATUS_COLUMNS = [
    "country",
    "Member State",
    "status",
    "decision",
    "validating authority",
    "date",
    "proposed changes",
    "comments",
    "return",
]


@dataclass
class Tracker:
    returns: list[dict[str, str]] = field(default_factory=list)
    passages: list[dict[str, str]] = field(default_factory=list)
    comments: list[dict[str, str]] = field(default_factory=list)
    manifest: dict | None = None

    def ids(self) -> set[str]:
        return {r["return_id"] for r in self.returns if r.get("return_id")}


def load_tracker(path: Path) -> Tracker:
    """Read a tracker written by :func:`write_tracker`."""
    from gcmreview.reader_xlsx import read_rows

    if not path.exists():
        raise UsageError(f"no tracker at {path}: make it with gcmreview validation collect")
    try:
        sheets = read_rows(path)
    except UnreadableFile as exc:
        raise GcmError(f"{path}: {exc.message}") from None
    missing = [s for s in TRACKER_SHEETS if s not in sheets]
    if missing:
        raise GcmError(
            f"{path} is not a gcmreview validation tracker (no sheet {', '.join(missing)})"
        )
    tracker = Tracker()
    for sheet, target in (
        ("Returns", tracker.returns),
        ("Passages", tracker.passages),
        ("Comments", tracker.comments),
    ):
        rows = sheets[sheet]
        if not rows:
            continue
        header = [str(h or "") for h in rows[0]]
        for row in rows[1:]:
            target.append(
                {h: "" if v is None else str(v) for h, v in zip(header, row, strict=False)}
            )
    return tracker


def add_return(tracker: Tracker, ret: Return, manifest: dict | None) -> bool:
    """Add a return unless the tracker already has it; True if it was new."""
    if ret.return_id in tracker.ids():
        return False
    passages = {p["id"]: p for p in (manifest or {}).get("passages", [])}
    tracker.returns.append(
        {
            "return_id": ret.return_id,
            "file": ret.path,
            "kind": ret.kind,
            "country": ret.country or "",
            "synthesis_id": ret.synthesis_id or "",
            "decision": ret.decision or "",
            "authority": ret.authority,
            "date": ret.signed,
            "comments": ret.comments,
            "status": "unreadable" if ret.kind == "unreadable" else "read",
            "reason": ret.reason,
            "member_states": ",".join(ret.member_states),
        }
    )
    for prop in ret.proposals:
        p = passages.get(prop["passage"], {})
        tracker.passages.append(
            {
                "return_id": ret.return_id,
                "country": ret.country or "",
                "passage": prop["passage"],
                "where": " › ".join(x for x in (p.get("chapter", ""), p.get("section", "")) if x),
                "question": p.get("question", ""),
                "synthesis text": p.get("text", ""),
                "proposed wording": prop["wording"],
            }
        )
    for c in ret.word_comments:
        tracker.comments.append(
            {
                "return_id": ret.return_id,
                "country": c["country"],
                "passage": c["passage"],
                "anchored text": c["anchored"],
                "comment": c["text"],
                "author": c["author"],
                "date": c["date"],
            }
        )
    return True


def member_states(tracker: Tracker) -> list[str]:
    found: list[str] = []
    for r in tracker.returns:
        for c in (r.get("member_states") or "").split(","):
            if c and c not in found:
                found.append(c)
    return found


def statuses(tracker: Tracker) -> list[dict[str, object]]:
    """Per Member State: its status and counts, from the latest readable form it returned
    (by validation date, then order of collection)."""
    forms: dict[str, list[dict[str, str]]] = {}
    for index, r in enumerate(tracker.returns):
        if r.get("kind") == "form" and r.get("status") == "read" and r.get("country"):
            forms.setdefault(r["country"], []).append({**r, "_order": str(index)})
    out = []
    for country in member_states(tracker):
        mine = sorted(forms.get(country, []), key=lambda r: (r.get("date", ""), int(r["_order"])))
        latest = mine[-1] if mine else None
        decision = (latest or {}).get("decision", "")
        status = STATUS_OF.get(decision, "pending")
        out.append(
            {
                "country": country,
                "name": reference.country(country).name(),
                "status": status,
                "decision": decision,
                "authority": (latest or {}).get("authority", ""),
                "date": (latest or {}).get("date", ""),
                "proposed_changes": sum(
                    1
                    for p in tracker.passages
                    if p.get("country") == country
                    and (not latest or p.get("return_id") == latest["return_id"])
                ),
                "comments": sum(1 for c in tracker.comments if c.get("country") == country),
                "return": (latest or {}).get("file", ""),
            }
        )
    return out


def decisions(tracker: Tracker) -> dict[str, dict[str, str]]:
    """country → what the synthesis's validation record shows (counts, in the record's
    ``changes`` and ``comments`` fields)."""
    return {
        str(s["country"]): {
            "status": str(s["status"]),
            "decision": str(s["decision"]),
            "authority": str(s["authority"]),
            "date": str(s["date"]),
            "changes": str(s["proposed_changes"]),
            "comments": str(s["comments"]),
        }
        for s in statuses(tracker)
    }


def write_tracker(tracker: Tracker) -> bytes:

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from gcmreview.files import workbook_bytes
    from gcmreview.workbook import append, cell

    wb = Workbook()
    default = wb.active
    assert default is not None
    wb.remove(default)
    head = PatternFill("solid", fgColor="DCE6F1")
    wrap = Alignment(wrap_text=True, vertical="top")
    status_rows: list[list[object]] = [
        [
            s["country"],
            s["name"],
            s["status"],
            s["decision"],
            s["authority"],
            s["date"],
            s["proposed_changes"],
            s["comments"],
            s["return"],
        ]
        for s in statuses(tracker)
    ]
    tables: dict[str, tuple[list[str], list[list[object]]]] = {
        "Status": (STATUS_COLUMNS, status_rows),
        "Passages": (
            PASSAGE_COLUMNS,
            [[r.get(c, "") for c in PASSAGE_COLUMNS] for r in tracker.passages],
        ),
        "Comments": (
            COMMENT_COLUMNS,
            [[r.get(c, "") for c in COMMENT_COLUMNS] for r in tracker.comments],
        ),
        "Returns": (
            RETURN_COLUMNS,
            [[r.get(c, "") for c in RETURN_COLUMNS] for r in tracker.returns],
        ),
    }
    for title, (header, rows) in tables.items():
        ws = wb.create_sheet(title)
        append(ws, header, font=Font(bold=True), fill=head)
        for row in rows:
            ws.append(
                [
                    cell(ws, value, alignment=wrap if isinstance(value, str) else None)
                    for value in row
                ]
            )
        for col in ws.columns:
            letter = col[0].column_letter
            ws.column_dimensions[letter].width = min(
                60, max(12, max(len(str(c.value or "")) for c in col[:50]) + 2)
            )
        ws.freeze_panes = "A2"
    return workbook_bytes(wb)


def collect(
    paths: list[Path], output: Path, *, synthesis: Path | None = None
) -> tuple[Tracker, list[Return], list[Return]]:
    """Read returns into the tracker at ``output`` (created, or added to). Returns the
    tracker, the returns added and those already in it."""
    from gcmreview.files import write_outputs
    from gcmreview.inbox import collect_paths

    manifest = load_manifest(synthesis) if synthesis is not None else None
    tracker = load_tracker(output) if output.exists() else Tracker()
    added: list[Return] = []
    known: list[Return] = []
    files = collect_paths(paths)
    if not files:
        raise UsageError("no returned files given")
    for path in files:
        ret = read_return(path, manifest)
        if (
            manifest is not None
            and ret.kind != "unreadable"
            and ret.synthesis_id
            and ret.synthesis_id != manifest["synthesis_id"]
        ):
            ret.reason = f"made for draft {ret.synthesis_id}, not {manifest['synthesis_id']}" + (
                "; " + ret.reason if ret.reason else ""
            )
        (added if add_return(tracker, ret, manifest) else known).append(ret)
    write_outputs({output: write_tracker(tracker)}, force=True)
    return tracker, added, known
