"""`gcmreview check`: every finding code, output formats, exit codes, hostile input."""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from pathlib import Path

import docx
import pytest

from gcmreview import checks, scaffold
from gcmreview.bank import default_bank
from gcmreview.submission import Submission
from test_export import rich_submission as _rich


def rich_submission(kind: str = "national", lang: str = "en") -> Submission:
    """A complete, valid submission (no answer over its word limit): a national report
    says for every objective whether it is a priority and what it achieved, so that more
    than a quarter of its questions are answered (see test_mostly_empty_report)."""
    sub = _rich(kind, lang, long=False)
    if kind == "national":
        data = json.loads(sub.to_json())
        for n in range(1, 24):
            data["answers"].setdefault(f"obj.{n:02d}.priority", "no")
            data["answers"].setdefault(f"obj.{n:02d}.results", "Results (illustrative).")
        sub = Submission.model_validate(data)
    return sub


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def base(**answers) -> Submission:
    sub = rich_submission()
    data = json.loads(sub.to_json())
    data["answers"].update(answers)
    return Submission.model_validate(data)


def codes(sub: Submission) -> list[str]:
    return [f.code for f in checks.check_submission(sub, default_bank())]


def test_a_complete_submission_is_valid():
    assert codes(rich_submission()) == []


def test_mostly_empty_report():
    """A national report with under a quarter of its questions answered is said to be so;
    the completeness is in the JSON output too."""
    sparse = _rich("national", "en", long=False)
    bank = default_bank()
    answered, asked, _ = checks.completeness(sparse, bank)
    assert answered == len(sparse.answers) and answered * 4 < asked
    assert "mostly-empty" in codes(sparse)
    assert "mostly-empty" not in [
        f.code for f in checks.check_submission(_rich("shadow", "en", long=False), bank)
    ]
    assert codes(rich_submission("shadow", "es")) == []


def test_required_missing_and_required_if():
    data = json.loads(rich_submission().to_json())
    del data["answers"]["method.lead"]
    del data["answers"]["obj.13.measures"]
    sub = Submission.model_validate(data)
    found = checks.check_submission(sub, default_bank())
    assert [(f.code, f.location.split(" › ")[-1]) for f in found] == [
        ("required-missing", "method.lead"),
        ("required-missing", "obj.13.measures"),
    ]
    assert found[0].location.startswith("Methodology and preparation of the review")
    assert "Objective 13" in found[1].location


def test_placeholder_and_guidance_left_in():
    guidance = default_bank().question("method.lead").guidance["en"]
    assert codes(base(**{"method.lead": "Ministry. " + guidance})) == ["placeholder-left"]
    assert codes(base(**{"policy.institutions": "TBD"})) == ["placeholder-left"]


def test_word_limit():
    found = checks.check_submission(base(**{"method.lead": "word " * 301}), default_bank())
    assert [f.code for f in found] == ["word-limit"]
    assert found[0].message == "301 words; the limit is 300"


def test_wrong_kinds_of_value():
    sub = base(
        **{
            "method.entities": "twelve",
            "method.started": "15/01/2028",
            "policy.plan": "maybe",
            "method.coordination": ["yes", "no"],
            "method.adopted": "2028-02-30",
        }
    )
    assert sorted(codes(sub)) == sorted(
        ["not-a-number", "bad-date", "not-a-choice", "several-choices", "bad-date"]
    )
    assert codes(base(**{"method.entities": -3})) == ["negative-value"]


def test_table_totals_negative_and_impossible_values():
    data = json.loads(rich_submission().to_json())
    stock = data["tables"]["data.stock"]["cells"]
    stock["foreign_born"]["female"] = 60000  # sex breakdown 112000 != 102000
    stock["foreign_citizens"] = {"total": 10, "male": -1}
    stock["refugees"] = {"total": 5, "age_0_17": 9}
    # 10.7.4 is per 100,000 population: 140 is a rate, not an impossible share
    data["tables"]["data.sdg"]["cells"]["sdg_10_7_4"] = {"value": 140}
    data["tables"]["data.sdg"]["cells"]["sdg_10_7_1"] = {"value": 130}  # can exceed 100
    data["tables"]["data.sdg"]["cells"]["sdg_10_c_1"]["source_type"] = "gossip"
    data["tables"]["data.sdg"]["cells"]["sdg_10_c_1"]["value"] = 140  # a share of the amount
    data["tables"]["data.flows"] = {
        "reference_year": 1800,
        "cells": {"immigration": {"total": "many"}},
    }
    found = checks.check_submission(Submission.model_validate(data), default_bank())
    got = [(f.code, f.location) for f in found]
    assert (
        "total-mismatch",
        "Data annex › data.stock (sheet “Migrant stock”, row “Foreign-born population”, "
        "column “Total”, C7)",
    ) in got
    mismatch = next(f for f in found if f.code == "total-mismatch")
    assert mismatch.message == "the total is 102,000 but the breakdown by sex adds up to 112,000"
    assert any(c == "negative-value" and "Men and boys" in loc for c, loc in got)
    assert any(c == "impossible-value" and "row “Refugees" in loc for c, loc in got)
    assert [loc for c, loc in got if c == "impossible-value" and "SDG indicators" in loc] == [
        "Data annex › data.sdg (sheet “SDG indicators”, row “10.c.1 Remittance costs as a "
        "proportion…”, column “Value”, D10)"
    ]
    assert any(c == "not-a-choice" and "Type of source" in loc for c, loc in got)
    assert any(c == "impossible-value" and "reference year" in loc for c, loc in got)
    assert any(c == "not-a-number" and "sheet “Migration flows”" in loc for c, loc in got)


def test_country_not_in_region_and_bank_versions():
    data = json.loads(rich_submission().to_json())
    data["region"] = "ECE"
    data["bank_version"] = "2025.9"
    assert codes(Submission.model_validate(data)) == ["country-not-in-region", "outdated-bank"]
    data["bank_id"] = "someone-elses-bank"
    assert "unknown-bank" in codes(Submission.model_validate(data))


def test_personal_data_is_flagged_without_echoing_it():
    text = (
        "Case worker Amina can be reached at amina.k@example.org or +254 712 345 678. "
        "Passport no. AB1234567; born 12/03/1990. Covers 2028-2029 with 12,000,000 people."
    )
    found = checks.check_submission(base(**{"cross.women": text}), default_bank())
    assert {f.code for f in found} == {"personal-data"}
    messages = " ".join(f.message for f in found)
    assert "a***@***.org" in messages
    assert "amina.k@example.org" not in messages
    assert "712 345 678" not in messages and "AB1234567" not in messages
    assert "12/03/1990" not in messages
    kinds = sorted(f.message.split(" (")[0] for f in found)
    assert kinds == [
        "a date of birth",
        "a telephone number",
        "an e-mail address",
        "an identity or passport number",
    ]
    # the focal point's contact question is where contact details belong
    assert codes(base(**{"method.focal_point": "Migration desk, desk@example.gov"})) == []


def test_not_asked_and_unknown_question():
    assert codes(base(**{"org.name": "x"})) == ["not-asked"]
    assert codes(base(**{"obj.99.measures": "x"})) == ["unknown-question"]


def test_every_code_is_documented():
    assert all(sev in ("error", "warning") and text for sev, text in checks.CODES.values())


# ---------------------------------------------------------------- files and CLI


@pytest.fixture
def rendered(tmp_path) -> Path:
    written = scaffold.render(default_bank(), rich_submission(), tmp_path / "MAR.docx")
    return written.report


def edit_document_xml(path: Path, change) -> None:
    """Rewrite word/document.xml of a .docx with ``change(xml_text) -> xml_text``."""
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            dst.writestr(item, data)
    src.close()
    path.write_bytes(out.getvalue())


def test_check_json_output_and_exit_codes(cli, rendered, tmp_path):
    result = cli("check", str(rendered), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (entry,) = data["files"]
    assert entry["status"] == "VALID"
    assert entry["identity"] == {
        "kind": "national",
        "country": "MAR",
        "region": "ECA",
        "language": "en",
        "bank_version": "2026.4",
    }
    assert entry["findings"] == []
    assert entry["annex"].endswith("MAR_data.xlsx")
    assert data["summary"]["exit_code"] == 0


def test_warnings_fail_only_with_strict(cli, rendered):
    (rendered.parent / "MAR_data.xlsx").unlink()
    result = cli("check", str(rendered))
    assert result.exit_code == 0
    assert "annex-missing" in result.output
    assert cli("check", str(rendered), "--strict").exit_code == 1


def test_tracked_changes_comments_content_controls_nested_tables(cli, rendered):
    def change(xml: str) -> str:
        # inside the answer to method.lead: a tracked insertion, a tracked deletion, a
        # content control, a comment anchor and a nested table.
        old = "<w:t>Ministry of the Interior (illustrative).</w:t>"
        assert old in xml
        new = (
            "<w:t>Ministry of the Interior (illustrative).</w:t></w:r>"
            '<w:ins w:id="90" w:author="A" w:date="2028-01-01T00:00:00Z"><w:r>'
            '<w:t xml:space="preserve"> Inserted.</w:t></w:r></w:ins>'
            '<w:del w:id="91" w:author="A" w:date="2028-01-01T00:00:00Z"><w:r>'
            "<w:delText> Deleted.</w:delText></w:r></w:del>"
            '<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space="preserve"> In a control.'
            "</w:t></w:r></w:sdtContent></w:sdt>"
            '<w:commentRangeStart w:id="1"/><w:r><w:t xml:space="preserve"> Commented.</w:t>'
            '</w:r><w:commentRangeEnd w:id="1"/><w:r><w:commentReference w:id="1"/>'
        )
        xml = xml.replace(old, new, 1)
        nested = (
            "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>"
            "<w:tc><w:p><w:r><w:t>Cell A</w:t></w:r></w:p></w:tc>"
            '<w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>Merged'
            "</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>Cell B</w:t>"
            "</w:r></w:p></w:tc><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>"
            "</w:tbl><w:p/>"
        )
        marker = "Closing line.</w:t></w:r></w:p>"
        assert marker in xml
        return xml.replace(marker, marker + nested, 1)

    edit_document_xml(rendered, change)
    result = cli("export", str(rendered))
    data = json.loads(result.stdout)
    assert data["answers"]["method.lead"] == (
        "Ministry of the Interior (illustrative). Inserted. In a control. Commented."
    )
    assert data["answers"]["cross.climate"].endswith("Closing line.\nCell A\nMerged\nCell B")
    assert "tracked change" in result.stderr
    report = json.loads(cli("check", str(rendered), "--json").output)["files"][0]
    assert {f["code"] for f in report["findings"]} == {"tracked-changes"}


def test_comments_are_reported(cli, rendered):
    document = docx.Document(str(rendered))
    table = next(t for t in document.tables if t.cell(0, 0).text == "method.lead")
    para = table.rows[-1].cells[0].paragraphs[0]
    document.add_comment(para.runs, text="Please confirm with the ministry", author="Reviewer")
    document.save(str(rendered))
    report = json.loads(cli("check", str(rendered), "--json").output)["files"][0]
    assert [f["code"] for f in report["findings"]] == ["comments-present"]
    exported = json.loads(cli("export", str(rendered)).stdout)
    assert "Please confirm" not in json.dumps(exported)


def test_annex_metadata_mismatch(cli, tmp_path):
    bank = default_bank()
    one = scaffold.render(bank, rich_submission(), tmp_path / "MAR.docx")
    data = json.loads(rich_submission().to_json())
    data["country"] = "TUN"
    other = scaffold.render(
        bank,
        Submission.model_validate(data),
        tmp_path / "x" / "TUN.docx" if (tmp_path / "x").mkdir() is None else None,
    )
    other.annex.replace(one.annex)
    report = json.loads(cli("check", str(one.report), "--json").output)["files"][0]
    assert report["status"] == "INVALID"
    assert [f["code"] for f in report["findings"]] == ["annex-metadata-mismatch"]
    assert "country = TUN but the report says MAR" in report["findings"][0]["message"]


# ---------------------------------------------------------------- hostile and foreign input


def make_hostile(folder: Path) -> dict[str, str]:
    """Build every class of bad input; returns {file name: expected words in the reason}."""
    expected: dict[str, str] = {}

    def put(name: str, data: bytes, reason: str) -> None:
        (folder / name).write_bytes(data)
        expected[name] = reason

    put("empty.docx", b"", "empty")
    put("notzip.docx", b"hello, this is plain text\n" * 10, "not a Word or Excel file")
    good = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Just a letter, not a report.")
    document.save(good)
    put("truncated.docx", good.getvalue()[: len(good.getvalue()) // 2], "damaged or truncated")
    put("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, "old binary Office")
    put(
        "odt.docx",
        _zip(
            {
                "mimetype": b"application/vnd.oasis.opendocument.text",
                "content.xml": b"<office:document-content/>",
            }
        ),
        "OpenDocument",
    )
    put("pdf.docx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF")
    put("letter.docx", good.getvalue(), "not a gcmreview report")
    docm = _patched(
        good.getvalue(),
        {
            "[Content_Types].xml": lambda x: x.replace(
                b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
            )
        },
        extra={"word/vbaProject.bin": b"\x00" * 100},
    )
    put("macro.docx", docm, "macro-enabled")
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "&lol{i - 1};&lol{i - 1};&lol{i - 1};">'.encode()
            for i in range(1, 10)
        ).replace(b"&lol0;", b"&lol;")
        + b']><w:document xmlns:w="'
        + W.encode()
        + b'"><w:body><w:p><w:r><w:t>&lol9;'
        + b"</w:t></w:r></w:p></w:body></w:document>"
    )
    put(
        "xmlbomb.docx",
        _patched(good.getvalue(), {"word/document.xml": lambda x: bomb}),
        "DTD or entities",
    )
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="' + W.encode() + b'"><w:body><w:p><w:r><w:t>&x;</w:t>'
        b"</w:r></w:p></w:body></w:document>"
    )
    put(
        "xxe.docx",
        _patched(good.getvalue(), {"word/document.xml": lambda x: xxe}),
        "DTD or entities",
    )
    zbomb = io.BytesIO()
    with zipfile.ZipFile(zbomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", good_types(good.getvalue()))
        z.writestr("word/document.xml", b"<" + b" " * (300 * 1024 * 1024) + b"/>")
    put("zipbomb.docx", zbomb.getvalue(), "zip bomb")
    external = _patched(
        good.getvalue(),
        {
            "word/_rels/document.xml.rels": lambda x: x.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/'
                b'2006/relationships/hyperlink" Target="http://198.51.100.7/track" '
                b'TargetMode="External"/></Relationships>',
            )
        },
    )
    put("external.docx", external, "not a gcmreview report")
    put("encrypted.docx", _encrypted_zip(), "encrypted")
    # (a PDF or a .txt beside the reports is skipped as not a report: tests/test_inbox_mail.py)
    put("report.doc", b"\xd0\xcf\x11\xe0", "old Word file")
    put("orphan_data.xlsx", b"PK", "without its report")
    put("bad.json", b'{"schema": "gcmreview/submission@1", "kind": 7}', "not a valid submission")
    return expected


def good_types(docx_bytes: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(docx_bytes)).read("[Content_Types].xml")


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _patched(docx_bytes: bytes, changes, extra: dict[str, bytes] | None = None) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(docx_bytes))
    parts = {n: src.read(n) for n in src.namelist()}
    for name, change in changes.items():
        parts[name] = change(parts[name])
    parts.update(extra or {})
    return _zip(parts)


def _encrypted_zip() -> bytes:
    """A zip whose entries claim to be encrypted (flag bit 0), as a password tool makes."""
    data = bytearray(_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<x/>"}))
    offset = 0
    while (offset := data.find(b"PK\x03\x04", offset)) != -1:
        data[offset + 6] |= 1
        offset += 4
    offset = 0
    while (offset := data.find(b"PK\x01\x02", offset)) != -1:
        data[offset + 8] |= 1
        offset += 4
    return bytes(data)


def test_hostile_and_foreign_files_are_unreadable_with_a_reason(cli, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    expected = make_hostile(inbox)
    started = time.monotonic()
    result = cli("check", str(inbox), "--json")
    elapsed = time.monotonic() - started
    assert result.exit_code == 2
    data = json.loads(result.output)
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    assert set(by_name) == set(expected), "every file is accounted for"
    for name, reason in expected.items():
        entry = by_name[name]
        assert entry["status"] == "UNREADABLE", name
        (only,) = entry["findings"]
        assert only["code"] == "unreadable"
        assert reason.lower() in only["message"].lower(), (name, only["message"])
        assert "\n" not in only["message"]
    assert elapsed < 30


def test_why_a_file_is_unreadable_is_said_in_the_language_asked_for(cli, tmp_path):
    """Every reason check gives for a file it cannot read is said in the language asked for,
    never the English reason inside another language's sentence: in Chinese no English word
    is left but the names of programs and formats (Word, Excel, LibreOffice …) and of
    files and parts (word/document.xml)."""
    make_hostile(tmp_path)

    def reasons(*lang: str) -> dict[str, str]:
        data = json.loads(cli("check", str(tmp_path), "--json", *lang).output)
        return {Path(f["path"]).name: f["findings"][0]["message"] for f in data["files"]}

    english, spanish, chinese = reasons(), reasons("--lang", "es"), reasons("--lang", "zh")
    names = {"Word", "Excel", "Office", "PDF", "LibreOffice", "OpenDocument", "gcmreview", "zip",
             "DTD", "MB"}  # fmt: skip
    for name, reason in english.items():
        assert reason not in spanish[name] and reason not in chinese[name], name
        assert "\n" not in spanish[name] + chinese[name]
        words = re.sub(r"[\w/\[\]-]*\.\w+", "", chinese[name].replace(str(tmp_path), ""))
        assert set(re.findall(r"[A-Za-z]{2,}", words)) <= names, (name, chinese[name])
    assert spanish["pdf.docx"] == "es un PDF, no un documento de Word; envíe el archivo .docx"
    assert chinese["empty.docx"] == "该文件为空"


def test_unreadable_output_has_no_traceback(cli, tmp_path):
    make_hostile(tmp_path)
    result = cli("check", str(tmp_path), "--format", "table")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "UNREADABLE" in result.output


def test_thousands_of_files(cli, tmp_path):
    inbox = tmp_path / "many"
    inbox.mkdir()
    for i in range(2000):
        (inbox / f"f{i:04d}.docx").write_bytes(b"not a zip")
    result = cli("check", str(inbox), "--json")
    data = json.loads(result.output)
    assert data["summary"] == {
        "files": 2000,
        "valid": 0,
        "invalid": 0,
        "unreadable": 2000,
        "skipped": 0,
        "exit_code": 2,
    }


def test_mixed_folder_exit_code_and_table(cli, rendered, tmp_path):
    (tmp_path / "junk.docx").write_bytes(b"")
    result = cli("check", str(tmp_path), "--format", "table")
    assert result.exit_code == 2
    assert "VALID" in result.output and "UNREADABLE" in result.output


@pytest.mark.libreoffice
def test_check_after_libreoffice_resave(cli, rendered, convert, tmp_path):
    out = tmp_path / "resaved"
    report = convert(rendered, "docx:MS Word 2007 XML", out)
    convert(rendered.parent / "MAR_data.xlsx", "xlsx:Calc MS Excel 2007 XML", out)
    result = json.loads(cli("check", str(report), "--json").output)["files"][0]
    assert result["status"] == "VALID", result
    assert result["findings"] == []


@pytest.mark.libreoffice
def test_odt_and_doc_reports_are_read_through_libreoffice(cli, tmp_path, convert, monkeypatch):
    """A report saved as OpenDocument or old Word is converted and read, with a warning;
    without LibreOffice the reason says what to do."""
    sub = rich_submission()
    report = tmp_path / "KEN.docx"
    scaffold.render(default_bank(), sub, report)
    inbox = tmp_path / "inbox"
    odt = convert(report, "odt", inbox)
    doc = convert(report, "doc", inbox)
    for path in (odt, doc):
        result = checks.check_file(path, default_bank())
        assert result.status == "VALID", [f.message for f in result.findings]
        assert result.submission is not None and result.submission.answers == sub.answers
        assert "converted" in [f.code for f in result.findings]
    monkeypatch.setenv("GCMREVIEW_SOFFICE", "no-such-libreoffice")
    result = checks.check_file(odt, default_bank())
    assert result.status == "UNREADABLE"
    assert "save it as .docx" in result.findings[0].message
    assert "LibreOffice" in result.findings[0].message


def test_word_limits_count_chinese_characters() -> None:
    """A Chinese limit ("最多300个字") counts characters: Chinese has no spaces, so an
    800-character answer is not one word."""
    from gcmreview.checks import _words

    assert _words("Data from the survey (2026).") == 5
    assert _words("我国于2026年通过了国家行动计划。") == 13 + 1  # 13 characters and "2026"
    assert _words("移民" * 400) == 800
    assert _words("文件，见附件 A") == 5 + 1
