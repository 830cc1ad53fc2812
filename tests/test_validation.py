"""The validation round: synthesize, packets, returns (forms and Word comments), collect,
status, synthesize again with the tracker; and the review calendar."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from icalendar import Calendar

from gcmreview import checks, manifest_xml, timeline, validation
from gcmreview.bank import default_bank
from gcmreview.i18n import strings
from gcmreview.ooxml import parse_xml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "eca"

pytestmark = pytest.mark.skipif(not EXAMPLES.exists(), reason="needs the bundled examples")


@pytest.fixture
def draft(cli, tmp_path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in EXAMPLES.glob("*.docx"):
        shutil.copy(path, inbox)
        shutil.copy(path.with_name(path.stem + "_data.xlsx"), inbox)
    out = tmp_path / "draft" / "synthesis.docx"
    out.parent.mkdir()
    assert cli("synthesize", str(inbox), "--region", "ECA", "-o", str(out)).exit_code == 0
    return out


def table_by_key(document, key: str):
    return next(t for t in document.tables if t.cell(0, 0).text == key)


def fill_form(
    path: Path,
    *,
    decision: str | None,
    proposals: dict[str, str] | None = None,
    authority: str = "",
    signed: str = "",
    comments: str = "",
) -> None:
    """What a focal point does in Word: type X, type wording, save."""
    document = docx.Document(str(path))
    if decision:
        table = table_by_key(document, "signoff.decision")
        # the label in the form's language (each form is in its Member State's language)
        labels = set(strings()[f"val.decision.{decision}"].values())
        row = next(r for r in table.rows[2:] if r.cells[1].text in labels)
        row.cells[0].paragraphs[0].add_run("X")
    for key, text in (proposals or {}).items():
        table_by_key(document, key).rows[-1].cells[0].paragraphs[0].add_run(text)
    for key, text in (
        ("signoff.authority", authority),
        ("signoff.date", signed),
        ("signoff.comments", comments),
    ):
        if text:
            table_by_key(document, key).rows[-1].cells[0].paragraphs[0].add_run(text)
    document.save(str(path))


def test_manifest_records_every_passage(draft):
    manifest = json.loads(draft.with_name("synthesis.manifest.json").read_text())
    assert manifest["member_states"] == ["CIV", "ETH", "GHA", "KEN", "MAR", "SEN", "ZAF", "TUN"]
    passages = manifest["passages"]
    assert [p["id"] for p in passages[:3]] == ["P0001", "P0002", "P0003"]
    kenya = [p for p in passages if p["country"] == "KEN" and p["kind"] == "national"]
    assert any(p["question"] == "obj.06.measures" for p in kenya)
    first = next(p for p in kenya if p["question"] == "obj.06.measures")
    assert first["chapter"] == "5. Progress by round table and objective"
    assert first["section"].startswith("Objective 6: Facilitate fair and ethical recruitment")
    assert first["attribution"] == "Kenya (obj.06.measures)"
    assert any(p["kind"] == "shadow" for p in passages)
    # every passage can be found in the report's text
    text = "\n".join(p.text for p in docx.Document(str(draft)).paragraphs)
    assert all(p["attribution"] in text for p in passages if not p["question"].startswith("data."))


def test_packets_one_form_per_member_state(cli, draft, tmp_path):
    out = tmp_path / "forms"
    out.mkdir()
    result = cli("validation", "packets", str(draft), "-d", str(out))
    assert result.exit_code == 0, result.output
    forms = sorted(out.glob("VALIDATION_ECA_*.docx"))
    assert [f.name.split("_")[2] for f in forms] == [
        "CIV",
        "ETH",
        "GHA",
        "KEN",
        "MAR",
        "SEN",
        "TUN",
        "ZAF",
    ]
    manifest = json.loads(draft.with_name("synthesis.manifest.json").read_text())
    kenya = next(f for f in forms if "_KEN_" in f.name)
    document = docx.Document(str(kenya))
    keys = [t.cell(0, 0).text for t in document.tables]
    expected = [
        p["id"] for p in manifest["passages"] if p["country"] == "KEN" and p["kind"] == "national"
    ]
    assert [k for k in keys if k.startswith("P")] == expected
    assert keys[-4:] == [
        "signoff.decision",
        "signoff.comments",
        "signoff.authority",
        "signoff.date",
    ]
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "In the report: 5. Progress by round table and objective" in text
    # Word opens it as it opens the synthesis, not in Compatibility Mode
    with zipfile.ZipFile(kenya) as z:
        settings = z.read("word/settings.xml").decode("utf-8")
    assert 'w:name="compatibilityMode"' in settings and 'w:val="15"' in settings
    assert cli("validation", "packets", str(draft), "-d", str(out)).exit_code == 2  # no force
    # a form is gcmreview's own output, never read as a report
    checked = cli("check", str(out), "--json")
    assert checked.exit_code == 2
    assert f"{len(forms)} files skipped, none of them a report" in checked.output
    skipped = checks.check_file(kenya, default_bank())
    assert skipped.status == "SKIPPED"
    assert skipped.findings[0].key == "own-output.validation-form"


def test_the_whole_validation_loop(cli, draft, tmp_path, convert_optional):
    forms = tmp_path / "forms"
    forms.mkdir()
    cli("validation", "packets", str(draft), "-d", str(forms))
    manifest = json.loads(draft.with_name("synthesis.manifest.json").read_text())
    ken_passage = next(p["id"] for p in manifest["passages"] if p["country"] == "KEN")
    returns = tmp_path / "returns"
    returns.mkdir()
    by_country = {f.name.split("_")[2]: f for f in forms.glob("*.docx")}
    for country, decision in (("KEN", "approve_changes"), ("GHA", "approve"), ("MAR", "object")):
        target = returns / by_country[country].name
        shutil.copy(by_country[country], target)
        fill_form(
            target,
            decision=decision,
            proposals={ken_passage: "Revised wording proposed by the ministry."}
            if country == "KEN"
            else None,
            authority="Ministry of Foreign Affairs, Migration Directorate",
            signed="2029-01-30",
            comments="Thank you." if country == "GHA" else "",
        )
    # Senegal comments directly on the synthesis in Word
    commented = returns / "synthesis_SEN_comments.docx"
    document = docx.Document(str(draft))
    sen = next(
        p
        for p in manifest["passages"]
        if p["country"] == "SEN" and p["kind"] == "national" and p["question"].startswith("obj.")
    )
    paragraphs = document.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == sen["attribution"])
    quoted = paragraphs[at + 1]
    document.add_comment(
        quoted.runs, text="Please update with 2028 figures.", author="Senegal focal point"
    )
    document.save(str(commented))
    # a foreign file among the returns
    (returns / "scan.pdf").write_bytes(b"%PDF-1.4")
    tracker = tmp_path / "tracker.xlsx"
    result = cli(
        "validation",
        "collect",
        str(returns),
        "-o",
        str(tracker),
        "--synthesis",
        str(draft),
        "--json",
    )
    assert result.exit_code == 1  # the PDF is listed as unreadable, not dropped
    data = json.loads(result.output)
    assert len(data["added"]) == 5
    unreadable = [r for r in data["added"] if r["kind"] == "unreadable"]
    assert [Path(r["path"]).name for r in unreadable] == ["scan.pdf"]
    status = {s["country"]: s for s in data["status"]}
    assert status["KEN"]["status"] == "validated with changes"
    assert status["KEN"]["proposed_changes"] == 1
    assert status["GHA"]["status"] == "validated"
    assert status["MAR"]["status"] == "objected"
    assert status["SEN"]["status"] == "pending" and status["SEN"]["comments"] == 1
    assert status["CIV"]["status"] == "pending"
    book = openpyxl.load_workbook(tracker)
    comments = list(book["Comments"].iter_rows(min_row=2, values_only=True))
    assert len(comments) == 1
    _, country, passage, anchored, comment, author, _ = comments[0]
    assert (country, passage, comment, author) == (
        "SEN",
        sen["id"],
        "Please update with 2028 figures.",
        "Senegal focal point",
    )
    assert anchored and anchored in sen["text"]
    changes = list(book["Passages"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2], r[6]) for r in changes] == [
        ("KEN", ken_passage, "Revised wording proposed by the ministry.")
    ]

    # collecting the same returns again does not count them twice
    again = json.loads(
        cli("validation", "collect", str(returns), "-o", str(tracker), "--json").output
    )
    assert again["added"] == [] and len(again["already_collected"]) == 5
    book = openpyxl.load_workbook(tracker)
    assert book["Passages"].max_row == 2 and book["Comments"].max_row == 2

    # a return re-saved by LibreOffice is still read
    if convert_optional is not None:
        late = forms / by_country["TUN"].name
        fill_form(
            late, decision="approve", authority="Ministère de l'Intérieur", signed="2029-02-02"
        )
        resaved = convert_optional(late, "docx:MS Word 2007 XML", tmp_path / "lo")
        json.loads(cli("validation", "collect", str(resaved), "-o", str(tracker), "--json").output)

    result = cli("validation", "status", str(tracker), "--json")
    assert result.exit_code == 0
    rows = {r["country"]: r["status"] for r in json.loads(result.output)}
    if convert_optional is not None:
        assert rows["TUN"] == "validated"
    text = cli("validation", "status", str(tracker)).output
    assert "validated with changes" in text and "pending" in text

    # synthesize again with the tracker: the record is filled, the draft marking stays
    final = tmp_path / "v2" / "synthesis.docx"
    final.parent.mkdir()
    inbox = tmp_path / "inbox"
    result = cli(
        "synthesize", str(inbox), "--region", "ECA", "-o", str(final), "--validation", str(tracker)
    )
    assert result.exit_code == 0, result.output
    document = docx.Document(str(final))
    text = "\n".join(p.text for p in document.paragraphs)
    validated = 3 if convert_optional is not None else 2
    assert f"Validated by {validated} of 8 Member States." in text
    assert "DRAFT" in text
    record = next(t for t in document.tables if t.cell(0, 1).text.startswith("Decision"))
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in record.rows[1:]}
    assert rows["Kenya"][0] == "Approve with changes"
    assert rows["Kenya"][1] == "Ministry of Foreign Affairs, Migration Directorate"
    assert rows["Kenya"][2] == "2029-01-30"
    assert rows["Kenya"][3] == "1 proposed change(s), 0 comment(s)"
    assert rows["Morocco"][0] == "Object"
    assert rows["Côte d'Ivoire"][0] == "Pending"


def test_all_answered_removes_the_draft_mark(cli, draft, tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    cli("validation", "packets", str(draft), "-d", str(forms))
    for form in forms.glob("*.docx"):
        fill_form(form, decision="approve", authority="Ministry", signed="2029-02-01")
    tracker = tmp_path / "t.xlsx"
    assert cli("validation", "collect", str(forms), "-o", str(tracker)).exit_code == 0
    final = tmp_path / "final.docx"
    inbox = draft.parent.parent / "inbox"
    cli("synthesize", str(inbox), "--region", "ECA", "-o", str(final), "--validation", str(tracker))
    text = "\n".join(p.text for p in docx.Document(str(final)).paragraphs)
    assert "Validated by all 8 Member States whose reports are synthesized." in text
    assert "DRAFT" not in text


def test_bad_tracker_and_missing_manifest(cli, draft, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"nope")
    result = cli("validation", "status", str(bad))
    assert result.exit_code == 2 and "Error:" in result.output
    lonely = tmp_path / "lonely.docx"
    docx.Document().save(str(lonely))  # a Word file with no manifest inside or beside it
    result = cli("validation", "packets", str(lonely), "-d", str(tmp_path))
    assert result.exit_code == 2 and "no manifest" in result.output
    result = cli("validation", "packets", str(tmp_path / "missing.docx"), "-d", str(tmp_path))
    assert result.exit_code == 2 and "does not exist" in result.output
    result = cli("validation", "packets", str(draft), "-d", str(tmp_path / "x"), "--lang", "de")
    assert result.exit_code == 2 and "unknown language" in result.output
    result = cli("validation", "packets", str(draft), "-d", str(bad))
    assert result.exit_code == 2 and "is a file" in result.output


# ---------------------------------------------------------------- the manifest inside


def manifest_beside(draft: Path) -> dict:
    return json.loads(draft.with_name(draft.stem + ".manifest.json").read_text("utf-8"))


def form_text(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def test_a_renamed_synthesis_still_makes_packets(cli, draft, tmp_path):
    """The manifest travels inside the .docx (a custom XML part, as Word stores one): a
    renamed copy without the .json beside it makes the same forms, each in the language of
    its Member State's report."""
    assert validation.embedded_manifest(draft) == manifest_beside(draft)
    with zipfile.ZipFile(draft) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        item = next(
            n
            for n in z.namelist()
            if n.startswith("customXml/item") and b"synthesis-manifest" in z.read(n)[:300]
        )
        props = item.replace("item", "itemProps")
        assert f"../{item}" in rels and props in z.namelist()
        assert (
            "customXmlProps"
            in z.read(item.replace("customXml/", "customXml/_rels/") + ".rels").decode()
        )
        assert "customXmlProperties+xml" in z.read("[Content_Types].xml").decode()
    inbox = tmp_path / "mail"
    inbox.mkdir()
    renamed = inbox / "ECA synthesis draft v2.docx"
    shutil.copy(draft, renamed)
    forms = tmp_path / "out" / "forms"  # created
    result = cli("validation", "packets", str(renamed), "-d", str(forms), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    languages = {f["country"]: f["language"] for f in data["forms"]}
    assert languages == {
        "CIV": "fr", "ETH": "en", "GHA": "en", "KEN": "en",
        "MAR": "fr", "SEN": "fr", "ZAF": "en", "TUN": "fr",
    }  # fmt: skip
    civ = forms / f"VALIDATION_ECA_CIV_{data['synthesis_id']}.docx"
    text = form_text(civ)
    assert "Validation du projet de synthèse régionale" in text and "Passages concernant" in text
    assert "Côte d’Ivoire" in text or "Côte d'Ivoire" in text
    assert "Validation of the draft regional synthesis" in form_text(
        civ.with_name(civ.name.replace("CIV", "KEN"))
    )
    # --lang writes every form in one language
    spanish = tmp_path / "es"
    result = cli("validation", "packets", str(renamed), "-d", str(spanish), "--lang", "es")
    assert result.exit_code == 0, result.output
    assert all("Validación del proyecto" in form_text(f) for f in spanish.glob("*.docx"))


def test_a_french_form_and_comments_on_a_renamed_draft_are_collected(cli, draft, tmp_path):
    forms = tmp_path / "forms"
    assert cli("validation", "packets", str(draft), "-d", str(forms)).exit_code == 0
    civ = next(forms.glob("*_CIV_*.docx"))
    document = docx.Document(str(civ))
    table = table_by_key(document, "signoff.decision")
    row = next(r for r in table.rows[2:] if r.cells[1].text == "Approbation")
    row.cells[0].paragraphs[0].add_run("X")
    table_by_key(document, "signoff.date").rows[-1].cells[0].paragraphs[0].add_run("2029-01-30")
    document.save(str(civ))
    # Senegal comments on its copy of the draft, renamed, with no manifest beside it
    manifest = manifest_beside(draft)
    sen = next(p for p in manifest["passages"] if p["country"] == "SEN" and p["kind"] == "national")
    commented = tmp_path / "returns" / "Synthèse CEA - commentaires Sénégal.docx"
    commented.parent.mkdir()
    document = docx.Document(str(draft))
    paragraphs = document.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == sen["attribution"])
    document.add_comment(paragraphs[at + 1].runs, text="À actualiser.", author="Sénégal")
    document.save(str(commented))
    shutil.copy(civ, commented.parent)
    tracker = tmp_path / "tracker.xlsx"
    result = cli("validation", "collect", str(commented.parent), "-o", str(tracker), "--json")
    assert result.exit_code == 0, result.output
    status = {s["country"]: s for s in json.loads(result.output)["status"]}
    assert status["CIV"]["status"] == "validated"
    assert status["SEN"]["comments"] == 1
    comments = list(
        openpyxl.load_workbook(tracker)["Comments"].iter_rows(min_row=2, values_only=True)
    )
    assert [(c[1], c[2]) for c in comments] == [("SEN", sen["id"])]


def test_the_manifest_inside_survives_a_libreoffice_save(draft, tmp_path, convert):
    """One LibreOffice round trip: the custom XML part is kept, so the re-saved draft,
    renamed and alone, still gives its manifest."""
    resaved = convert(draft, "docx:MS Word 2007 XML", tmp_path / "lo")
    alone = tmp_path / "alone" / "Draft (LibreOffice).docx"
    alone.parent.mkdir()
    shutil.copy(resaved, alone)
    assert validation.load_manifest(alone) == manifest_beside(draft)


def test_the_part_holds_any_text():
    """Characters XML cannot hold, markup characters and many passages come back as
    written; a damaged or foreign part is None, never an error."""
    odd = 'a < b & c > d "quoted" \ufffe \ud800 \x01 ]]> é'
    manifest = {
        "schema": manifest_xml.SCHEMA,
        "title": odd,
        "empty": [],
        "passages": [{"id": f"P{i:04d}", "text": odd * (i % 3)} for i in range(450)],
        "placement": {"q'1": odd},
    }
    data = b"".join(manifest_xml.pieces(manifest))
    assert manifest_xml.is_manifest(data)
    assert manifest_xml.read(parse_xml(data, part="item")) == manifest
    assert manifest_xml.read(parse_xml(b"<other/>", part="item")) is None
    broken = data.replace(b'"P0001"', b"P0001")
    assert manifest_xml.read(parse_xml(broken, part="item")) is None


# ---------------------------------------------------------------- calendar


def test_calendar_order_weekends_and_ics(cli, tmp_path):
    ics = tmp_path / "eca.ics"
    result = cli(
        "calendar", "--region", "ECA", "--review-date", "2029-03-14", "--ics", str(ics), "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    events = data["events"]
    starts = [e["start"] for e in events]
    assert starts == sorted(starts)
    review = next(e for e in events if e["id"] == "review")
    assert review["start"] == "2029-03-14"
    assert [e["id"] for e in events][-2:] == ["outcome", "hand-over"]
    for e in events:
        assert date.fromisoformat(e["start"]).weekday() < 5 or e["id"] == "review"
    moved = next(e for e in events if e["id"] == "civil-society")
    assert moved["moved_from"] == "2028-12-24" and moved["start"] == "2028-12-22"
    cal = Calendar.from_ical(ics.read_bytes())
    vevents = [c for c in cal.walk() if c.name == "VEVENT"]
    assert len(vevents) == len(events)
    uids = [str(v["UID"]) for v in vevents]
    assert uids[0] == "eca-imrf2030-questions@gcmreview"
    assert len(set(uids)) == len(uids)
    validation = next(v for v in vevents if "validation" in str(v["UID"]))
    assert validation.decoded("DTSTART") == date(2029, 1, 17)
    assert validation.decoded("DTEND") == date(2029, 2, 8)  # exclusive end, all-day
    # stable UIDs: the same plan gives the same file
    again = tmp_path / "again.ics"
    cli("calendar", "--region", "ECA", "--review-date", "2029-03-14", "--ics", str(again))
    assert [str(v["UID"]) for v in Calendar.from_ical(again.read_bytes()).walk("VEVENT")] == uids


def test_calendar_refuses_the_past_and_reads_a_plan(cli, tmp_path):
    result = cli("calendar", "--region", "ECA", "--review-date", "2020-01-10")
    assert result.exit_code == 2 and "in the past" in result.output
    assert (
        cli("calendar", "--region", "ECA", "--review-date", "2020-01-10", "--allow-past").exit_code
        == 0
    )
    assert cli("calendar", "--region", "ECA", "--review-date", "10/01/2030").exit_code == 2
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "schema: gcmreview/plan@1\nmilestones:\n"
        "  - id: kickoff\n    offset: -10\n    title: {en: Kick-off, fr: Lancement}\n"
        "  - id: review\n    offset: 0\n    fixed: true\n    title: {en: Review}\n",
        encoding="utf-8",
    )
    data = json.loads(
        cli(
            "calendar",
            "--region",
            "ECE",
            "--review-date",
            "2030-06-15",
            "--plan",
            str(plan),
            "--lang",
            "fr",
            "--json",
        ).output
    )
    assert [(e["id"], e["start"], e["title"]) for e in data["events"]] == [
        ("kickoff", "2030-06-05", "Lancement"),
        ("review", "2030-06-15", "Review"),
    ]
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema: gcmreview/plan@1\nmilestones:\n  - id: x\n    offset: zero\n", encoding="utf-8"
    )
    result = cli("calendar", "--region", "ECE", "--review-date", "2030-06-15", "--plan", str(bad))
    assert result.exit_code == 2 and "milestones.0.offset" in result.output


def test_weekend_rule():
    assert timeline.working_day_on_or_before(date(2029, 3, 17)) == date(2029, 3, 16)  # Sat
    assert timeline.working_day_on_or_before(date(2029, 3, 18)) == date(2029, 3, 16)  # Sun
    assert timeline.working_day_on_or_before(date(2029, 3, 19)) == date(2029, 3, 19)


def test_a_moved_calendar_updates_the_same_events(cli, tmp_path, monkeypatch):
    """The review moves by a week and the calendar is made again a day later: the same
    UIDs, the new dates and a higher SEQUENCE, which is what Outlook and Google Calendar
    need to move the events a person imported instead of adding copies."""

    def make(review: str, epoch: int, name: str, *extra: str) -> list:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
        path = tmp_path / name
        args = ["calendar", "--region", "ECE", "--review-date", review, "--ics", str(path)]
        result = cli(*args, *extra)
        assert result.exit_code == 0, result.output
        return Calendar.from_ical(path.read_bytes()).walk("VEVENT")

    first = make("2029-03-14", 1_900_000_000, "first.ics")
    moved = make("2029-03-21", 1_900_086_400, "moved.ics")
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in moved]
    assert all(str(e["UID"]).startswith("ece-imrf2030-") for e in first)
    before = {str(e["UID"]): e for e in first}
    for event in moved:
        old = before[str(event["UID"])]
        assert event.decoded("DTSTART") > old.decoded("DTSTART")
        assert int(event["SEQUENCE"]) > int(old["SEQUENCE"])
        assert event.decoded("DTSTAMP") > old.decoded("DTSTAMP")
    review = next(e for e in moved if str(e["UID"]) == "ece-imrf2030-review@gcmreview")
    assert review.decoded("DTSTART") == date(2029, 3, 21)
    # reproducible: the same SOURCE_DATE_EPOCH gives the same bytes
    make("2029-03-21", 1_900_086_400, "again.ics")
    assert (tmp_path / "again.ics").read_bytes() == (tmp_path / "moved.ics").read_bytes()
    # --sequence sets it
    fixed = make("2029-03-21", 1_900_086_400, "fixed.ics", "--sequence", "7")
    assert {int(e["SEQUENCE"]) for e in fixed} == {7}
    # the next cycle's review does not overwrite this one's events
    later = make("2033-03-14", 1_900_086_400, "later.ics")
    assert str(later[0]["UID"]).startswith("ece-imrf2034-")


def test_the_calendar_speaks_the_language_asked(cli, tmp_path):
    ics = tmp_path / "es.ics"
    args = ["calendar", "--region", "ECLAC", "--review-date", "2029-03-14", "--ics", str(ics)]
    result = cli(*args, "--lang", "es")
    assert result.exit_code == 0, result.output
    assert "Hito" in result.output and "CEPAL" in result.output
    cal = Calendar.from_ical(ics.read_bytes())
    assert (
        str(cal["X-WR-CALNAME"]) == "Examen regional del Pacto Mundial, CEPAL, 14 de marzo de 2029"
    )
    events = cal.walk("VEVENT")
    review = next(e for e in events if str(e["UID"]) == "eclac-imrf2030-review@gcmreview")
    assert str(review["SUMMARY"]) == (
        "CEPAL: Examen regional del Pacto Mundial (reunión intergubernamental)"
    )
    assert review["SUMMARY"].params["LANGUAGE"] == "es-ES"
    assert "no es un calendario oficial" in str(review["DESCRIPTION"])
    moved = next(e for e in events if "civil-society" in str(e["UID"]))
    assert "Adelantado del 24 de diciembre de 2028" in str(moved["DESCRIPTION"])
    # the UIDs do not depend on the language
    english = tmp_path / "en.ics"
    cli("calendar", "--region", "ECLAC", "--review-date", "2029-03-14", "--ics", str(english))
    assert [str(e["UID"]) for e in Calendar.from_ical(english.read_bytes()).walk("VEVENT")] == [
        str(e["UID"]) for e in events
    ]
