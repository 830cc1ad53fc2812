"""Inboxes as they really arrive: saved e-mail messages (.eml) and .zip archives with
reports and data annexes inside, annexes renamed by people, pictures and PDFs beside the
reports, empty folders; and hostile archives (zip bombs, names that leave their folder,
archives nested too deep).

The reports are real: rendered by ``gcmreview render`` from the illustrative examples, and
the messages are built with the standard library's ``email`` package as mail programs save
them (RFC 2231 and RFC 2047 file names, inline pictures, signatures).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from email import policy
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from gcmreview import inbox
from gcmreview.attachments import SEP

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "eca"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35"
    b"\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, tuple[bytes, bytes]]:
    """{country: (report .docx, data annex .xlsx)} rendered by ``gcmreview render`` from the
    examples' JSON submissions (illustrative)."""
    from typer.testing import CliRunner

    from gcmreview.cli import app

    out = tmp_path_factory.mktemp("rendered")
    made: dict[str, tuple[bytes, bytes]] = {}
    for code, stem in [
        ("KEN", "KEN_national_2028-2029_en"),
        ("MAR", "MAR_national_2028-2029_fr"),
        ("SEN", "SEN_national_2028-2029_fr"),
        ("CIV", "CIV_national_2028-2029_fr"),
    ]:
        target = out / f"{stem}.docx"
        result = CliRunner().invoke(
            app, ["render", str(EXAMPLES / f"{stem}.json"), "-o", str(target)]
        )
        assert result.exit_code == 0, result.output
        made[code] = (target.read_bytes(), (out / f"{stem}_data.xlsx").read_bytes())
    return made


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run from ``tmp_path`` (paths are shown as given: ``inbox/…``), with the temporary
    folder of the run inside it, to see that nothing is left behind."""
    monkeypatch.chdir(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return tmp_path


def _message(subject: str, attachments: list[tuple[str, bytes, str]], inline_png=True):
    """A message as a mail program saves it: text and HTML body, an inline picture of the
    signature (image001.png), then the attachments (name, content, MIME type)."""
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = "Point focal <focal.point@example.gov>"
    msg["To"] = "gcm-review@example.org"
    msg["Subject"] = subject
    msg.set_content("Please find attached our national report.\n")
    if inline_png:
        msg.add_alternative('<p>Please find attached our report.</p><img src="cid:image001">',
                            subtype="html")  # fmt: skip
        html = msg.get_payload()[1]
        html.add_related(PNG, "image", "png", cid="<image001>", filename="image001.png")
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


def _check(cli, *paths: str) -> tuple[int, dict[str, dict]]:
    result = cli("check", *paths, "--json")
    data = json.loads(result.stdout)
    return result.exit_code, {f["path"]: f for f in data["files"]}


def _codes(entry: dict) -> list[str]:
    return [f["code"] for f in entry["findings"]]


# ---------------------------------------------------------------- messages


def test_a_message_with_report_annex_and_signature_picture(cli, in_tmp, reports):
    """A saved message: its report and data annex are read together, shown as
    inbox/KEN.eml › …; the signature's picture is listed as not a report; nothing written is
    left in the temporary folder."""
    report, annex = reports["KEN"]
    folder = in_tmp / "inbox"
    folder.mkdir()
    msg = _message(
        "GCM national report - Kenya",
        [
            ("KEN_national_2028-2029_en.docx", report, DOCX),
            ("KEN_national_2028-2029_en_data.xlsx", annex, XLSX),
        ],
    )
    (folder / "KEN.eml").write_bytes(msg.as_bytes())
    code, files = _check(cli, "inbox")
    assert code == 0, files
    shown = f"inbox/KEN.eml{SEP}KEN_national_2028-2029_en.docx"
    assert set(files) == {shown, f"inbox/KEN.eml{SEP}image001.png"}
    entry = files[shown]
    assert entry["status"] == "VALID"
    assert entry["annex"] == f"inbox/KEN.eml{SEP}KEN_national_2028-2029_en_data.xlsx"
    assert entry["annex_cells_filled"] > 0
    assert "annex-missing" not in _codes(entry)
    picture = files[f"inbox/KEN.eml{SEP}image001.png"]
    assert picture["status"] == "SKIPPED" and _codes(picture) == ["not-a-report"]
    assert "not a report" in picture["findings"][0]["message"]
    assert list((in_tmp / "scratch").iterdir()) == []


def test_names_encoded_as_mail_programs_do(in_tmp, reports):
    """RFC 2231 (name*=utf-8''…) and RFC 2047 (=?utf-8?b?…?=) file names are decoded, and
    a forwarded message attached to a message is opened too."""
    report, annex = reports["SEN"]
    msg = _message("Rapport", [("Rapport national Sénégal.docx", report, DOCX)])
    annex_part = EmailMessage()
    annex_part.set_content(annex, maintype="application", subtype="octet-stream")
    del annex_part["Content-Disposition"]
    annex_part["Content-Disposition"] = (
        'attachment; filename="=?utf-8?b?'
        + __import__("base64").b64encode("Données Sénégal.xlsx".encode()).decode()
        + '?="'
    )
    msg.attach(annex_part)
    raw = msg.as_bytes()
    assert b"filename*=utf-8''Rapport%20national%20S%C3%A9n%C3%A9gal.docx" in raw
    outer = _message("Fwd: Rapport", [], inline_png=False)
    outer.add_attachment(msg)  # forwarded as an attachment (message/rfc822)
    folder = in_tmp / "inbox"
    folder.mkdir()
    (folder / "Fwd.eml").write_bytes(outer.as_bytes())
    with inbox.opened([folder]) as items:
        shown = {i.shown: i for i in items}
        base = f"{folder}/Fwd.eml{SEP}Rapport.eml{SEP}"
        assert set(shown) == {base + "Rapport national Sénégal.docx", base + "image001.png"}
        item = shown[base + "Rapport national Sénégal.docx"]
        assert item.annex_shown == base + "Données Sénégal.xlsx"  # paired by its properties
        assert item.path.read_bytes() == report
    assert list((in_tmp / "scratch").iterdir()) == []


def test_an_inbox_with_pictures_pdfs_and_other_workbooks(cli, in_tmp, reports):
    """Files that are not reports are listed as skipped with what they are, and never change
    the exit code; every file is in the JSON."""
    folder = in_tmp / "inbox"
    folder.mkdir()
    shutil.copy(EXAMPLES / "KEN_national_2028-2029_en.json", folder)
    (folder / "image001.png").write_bytes(PNG)
    (folder / "Note verbale.pdf").write_bytes(PDF)
    (folder / "read me.txt").write_text("Reports received so far\n", encoding="utf-8")
    budget = Workbook()
    budget.active["A1"] = "Budget of the consultation"
    budget.save(folder / "budget.xlsx")
    (folder / "smime.p7s").write_bytes(b"0\x82\x01")
    code, files = _check(cli, "inbox")
    assert code == 0, files
    skipped = {p: f for p, f in files.items() if f["status"] == "SKIPPED"}
    assert set(skipped) == {
        "inbox/image001.png",
        "inbox/Note verbale.pdf",
        "inbox/read me.txt",
        "inbox/budget.xlsx",
        "inbox/smime.p7s",
    }
    assert all(_codes(f) == ["not-a-report"] for f in skipped.values())
    assert "image" in skipped["inbox/image001.png"]["findings"][0]["message"]
    assert "PDF" in skipped["inbox/Note verbale.pdf"]["findings"][0]["message"]
    assert "not a data annex" in skipped["inbox/budget.xlsx"]["findings"][0]["message"]
    assert files["inbox/KEN_national_2028-2029_en.json"]["status"] == "VALID"
    strict = cli("check", "inbox", "--strict")  # skipped files' warnings do not count
    assert strict.exit_code == 0, strict.output
    assert "not a report" in strict.stdout


def test_a_word_document_that_is_not_a_report_stays_unreadable(cli, in_tmp):
    """A .docx without questions or properties is a report that lost everything (or a
    letter): it is said, and it makes the exit code 2, as before."""
    folder = in_tmp / "inbox"
    folder.mkdir()
    letter = docx.Document()
    letter.add_paragraph("Excellency, please find our report attached.")
    letter.save(folder / "Letter.docx")
    (folder / "photo.png").write_bytes(PNG)
    code, files = _check(cli, "inbox")
    assert code == 2
    assert files["inbox/Letter.docx"]["status"] == "UNREADABLE"
    assert "not a gcmreview report" in files["inbox/Letter.docx"]["findings"][0]["message"]


# ---------------------------------------------------------------- archives


def _raw_name(data: bytes, placeholder: str, raw: bytes) -> bytes:
    """Put ``raw`` bytes (a name in cp850, or UTF-8 without the UTF-8 flag) where
    ``placeholder`` was written, as Windows and macOS archivers do."""
    assert len(placeholder.encode()) == len(raw) and data.count(placeholder.encode()) == 2
    return data.replace(placeholder.encode(), raw)


def test_a_zip_with_folders_and_names_from_windows_and_macos(cli, in_tmp, reports):
    ken, ken_annex = reports["KEN"]
    civ, civ_annex = reports["CIV"]
    sen, sen_annex = reports["SEN"]
    data = _zip(
        {
            "Reports/Kenya/KEN_national_2028-2029_en.docx": ken,
            "Reports/Kenya/KEN_national_2028-2029_en_data.xlsx": ken_annex,
            "Reports/CXte.docx": civ,  # cp850 name (Windows' "Compressed folder")
            "Reports/CXte_data.xlsx": civ_annex,
            "Reports/SXXnXXgal.docx": sen,  # UTF-8 without the flag (macOS)
            "Reports/SXXnXXgal_data.xlsx": sen_annex,
            "__MACOSX/Reports/._CXte.docx": b"\x00\x05\x16\x07",
            "Reports/.DS_Store": b"\x00\x00\x00\x01Bud1",
        }
    )
    data = _raw_name(data, "Reports/CXte.docx", "Reports/Côte.docx".encode("cp850"))
    data = _raw_name(data, "Reports/CXte_data.xlsx", "Reports/Côte_data.xlsx".encode("cp850"))
    data = data.replace(b"/._CXte.docx", "/._Côte.docx".encode("cp850"))
    data = _raw_name(data, "Reports/SXXnXXgal.docx", "Reports/Sénégal.docx".encode())
    data = _raw_name(data, "Reports/SXXnXXgal_data.xlsx", "Reports/Sénégal_data.xlsx".encode())
    folder = in_tmp / "inbox"
    folder.mkdir()
    (folder / "mail.zip").write_bytes(data)
    code, files = _check(cli, "inbox")
    assert code == 0, files
    zip_ = f"inbox/mail.zip{SEP}"
    assert set(files) == {
        zip_ + "Reports/Kenya/KEN_national_2028-2029_en.docx",
        zip_ + "Reports/Côte.docx",
        zip_ + "Reports/Sénégal.docx",
    }
    for path, entry in files.items():
        assert entry["status"] == "VALID", (path, entry["findings"])
        assert entry["annex"] and entry["annex_cells_filled"] > 0
    assert files[zip_ + "Reports/Côte.docx"]["annex"] == zip_ + "Reports/Côte_data.xlsx"
    assert list((in_tmp / "scratch").iterdir()) == []


def test_a_message_holding_a_zip(cli, in_tmp, reports):
    """A .zip attached to a message is opened (one level of nesting), and the annex in it
    pairs with the report beside it; a zip inside that zip is refused."""
    report, annex = reports["MAR"]
    inner = _zip({"x.docx": b"never read"})
    archive = _zip(
        {
            "Maroc/MAR_national_2028-2029_fr.docx": report,
            "Maroc/MAR_national_2028-2029_fr_data.xlsx": annex,
            "Maroc/older.zip": inner,
        }
    )
    msg = _message("Rapport du Maroc", [("Maroc.zip", archive, "application/zip")])
    folder = in_tmp / "inbox"
    folder.mkdir()
    (folder / "MAR.eml").write_bytes(msg.as_bytes())
    code, files = _check(cli, "inbox")
    base = f"inbox/MAR.eml{SEP}Maroc.zip{SEP}Maroc/"
    report_entry = files[base + "MAR_national_2028-2029_fr.docx"]
    assert report_entry["status"] == "VALID"
    assert report_entry["annex"] == base + "MAR_national_2028-2029_fr_data.xlsx"
    deep = files[base + "older.zip"]
    assert deep["status"] == "UNREADABLE" and "one level" in deep["findings"][0]["message"]
    assert code == 2  # the refused archive may hold a report: it is said, not dropped


def test_a_zip_bomb_and_names_that_leave_the_folder(cli, in_tmp, reports):
    report, annex = reports["KEN"]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("KEN_national_2028-2029_en.docx", report)
        z.writestr("KEN_national_2028-2029_en_data.xlsx", annex)
        z.writestr("huge.docx", b"\x00" * (40 * 1024 * 1024))  # 40 MB from about 40 kB
        z.writestr("../../evil.docx", report)
        z.writestr("/etc/evil.docx", report)
        z.writestr("C:\\Windows\\evil.docx", report)
    folder = in_tmp / "inbox"
    folder.mkdir()
    (folder / "mail.zip").write_bytes(bomb.getvalue())
    started = time.monotonic()
    code, files = _check(cli, "inbox")
    assert time.monotonic() - started < 30
    assert code == 2
    zip_ = f"inbox/mail.zip{SEP}"
    assert files[zip_ + "KEN_national_2028-2029_en.docx"]["status"] == "VALID"
    huge = files[zip_ + "huge.docx"]
    assert huge["status"] == "UNREADABLE" and "zip bomb" in huge["findings"][0]["message"]
    for name in ("../../evil.docx", "/etc/evil.docx", "C:\\Windows\\evil.docx"):
        entry = files[zip_ + name]
        assert entry["status"] == "UNREADABLE", name
        assert "not opened" in entry["findings"][0]["message"]
    assert not any(in_tmp.rglob("evil.docx")) and not (in_tmp.parent / "evil.docx").exists()
    assert list((in_tmp / "scratch").iterdir()) == []


def test_an_archive_that_lies_about_its_size_is_cut_off(in_tmp):
    """An entry whose header understates its size is refused (cut at the size it claims,
    then found damaged), and nothing of it is left."""
    data = bytearray(_zip({"report.docx": b"A" * 4096}))
    # Shrink the uncompressed size recorded in both headers to 10 bytes.
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(sig)
        data[at + offset : at + offset + 4] = (10).to_bytes(4, "little")
    folder = in_tmp / "inbox"
    folder.mkdir()
    (folder / "lying.zip").write_bytes(bytes(data))
    with inbox.opened([folder]) as items:
        (item,) = items
        assert item.refused and "damaged" in _english(item.refused)
        assert not any(p.is_file() for p in (in_tmp / "scratch").rglob("*"))


def test_the_temporary_folder_goes_on_ctrl_c(in_tmp, reports):
    folder = in_tmp / "inbox"
    folder.mkdir()
    (folder / "mail.zip").write_bytes(_zip({"KEN.docx": reports["KEN"][0]}))
    with pytest.raises(KeyboardInterrupt), inbox.opened([folder]) as items:
        assert items[0].path.is_file()
        raise KeyboardInterrupt
    assert list((in_tmp / "scratch").iterdir()) == []


def test_ctrl_c_during_a_real_run_leaves_no_temporary_files(tmp_path, reports):
    """SIGINT to a real ``gcmreview check`` while it reads the files of many archives: exit
    130 and its temporary folder removed."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    report, annex = reports["KEN"]
    for n in range(40):
        (folder / f"mail{n:02d}.zip").write_bytes(
            _zip({f"KEN{n}.docx": report, f"KEN{n}_data.xlsx": annex})
        )
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TMPDIR": str(scratch),
           "GCMREVIEW_JOBS": "1"}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "gcmreview", "check", str(folder), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(scratch.glob("gcmreview-inbox-*/*/*.docx")):
        time.sleep(0.02)
    assert any(scratch.glob("gcmreview-inbox-*/*/*.docx")), "the run never opened the zips"
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert list(scratch.iterdir()) == []


# ---------------------------------------------------------------- annexes by their properties


def test_a_renamed_annex_pairs_by_its_properties(cli, in_tmp, reports):
    """« Annexe statistique Maroc.xlsx » belongs to « Rapport GCM Maroc - version
    finale.docx »: its properties say the same country, kind and review cycle. Another
    country's renamed annex in the same folder goes to its own report."""
    folder = in_tmp / "inbox"
    folder.mkdir()
    (folder / "Rapport GCM Maroc - version finale.docx").write_bytes(reports["MAR"][0])
    (folder / "Annexe statistique Maroc.xlsx").write_bytes(reports["MAR"][1])
    (folder / "Rapport Sénégal.docx").write_bytes(reports["SEN"][0])
    (folder / "Données statistiques.xlsx").write_bytes(reports["SEN"][1])
    code, files = _check(cli, "inbox")
    assert code == 0, files
    assert set(files) == {"inbox/Rapport GCM Maroc - version finale.docx",
                          "inbox/Rapport Sénégal.docx"}  # fmt: skip
    morocco = files["inbox/Rapport GCM Maroc - version finale.docx"]
    assert morocco["annex"] == "inbox/Annexe statistique Maroc.xlsx"
    assert morocco["annex_cells_filled"] > 0 and "annex-missing" not in _codes(morocco)
    assert files["inbox/Rapport Sénégal.docx"]["annex"] == "inbox/Données statistiques.xlsx"


def test_two_annexes_for_one_report_is_said_never_a_silent_pick(cli, in_tmp, reports):
    folder = in_tmp / "inbox"
    folder.mkdir()
    (folder / "Rapport Maroc.docx").write_bytes(reports["MAR"][0])
    (folder / "Annexe Maroc.xlsx").write_bytes(reports["MAR"][1])
    (folder / "Annexe Maroc (copie).xlsx").write_bytes(reports["MAR"][1])
    code, files = _check(cli, "inbox")
    assert code == 1
    (entry,) = files.values()
    assert entry["status"] == "INVALID" and entry["annex"] is None
    (found,) = [f for f in entry["findings"] if f["code"] == "annex-ambiguous"]
    assert found["severity"] == "error"
    assert "inbox/Annexe Maroc.xlsx" in found["message"]
    assert "inbox/Annexe Maroc (copie).xlsx" in found["message"]
    assert "annex-missing" not in _codes(entry)


def test_the_annex_named_after_the_report_wins_and_the_other_is_said(cli, in_tmp, reports):
    folder = in_tmp / "inbox"
    folder.mkdir()
    (folder / "MAR.docx").write_bytes(reports["MAR"][0])
    (folder / "MAR_data.xlsx").write_bytes(reports["MAR"][1])
    (folder / "Annexe Maroc ancienne.xlsx").write_bytes(reports["MAR"][1])
    code, files = _check(cli, "inbox")
    (entry,) = files.values()
    assert entry["annex"] == "inbox/MAR_data.xlsx"
    (found,) = [f for f in entry["findings"] if f["code"] == "annex-ambiguous"]
    assert found["severity"] == "warning" and "Annexe Maroc ancienne.xlsx" in found["message"]
    assert code == 0


def test_file_name_pairing_remains_when_properties_are_gone(cli, in_tmp, reports):
    """An annex re-saved by a program that drops custom properties pairs by its file name;
    renamed as well, it is no longer recognisable as an annex."""
    src = zipfile.ZipFile(io.BytesIO(reports["KEN"][1]))
    stripped = _zip({n: src.read(n) for n in src.namelist() if n != "docProps/custom.xml"})
    folder = in_tmp / "inbox"
    (folder / "named").mkdir(parents=True)
    (folder / "renamed").mkdir()
    (folder / "named" / "KEN.docx").write_bytes(reports["KEN"][0])
    (folder / "named" / "KEN_data.xlsx").write_bytes(stripped)
    (folder / "renamed" / "KEN.docx").write_bytes(reports["KEN"][0])
    (folder / "renamed" / "Kenya figures.xlsx").write_bytes(stripped)
    code, files = _check(cli, "inbox")
    assert code == 0  # a missing annex is a warning; the workbook is skipped
    named = files["inbox/named/KEN.docx"]
    assert named["annex"] == "inbox/named/KEN_data.xlsx"
    assert "properties-missing" in _codes(named)
    renamed = files["inbox/renamed/KEN.docx"]
    assert renamed["annex"] is None and "annex-missing" in _codes(renamed)
    assert files["inbox/renamed/Kenya figures.xlsx"]["status"] == "SKIPPED"


def test_an_annex_without_its_report_is_still_said(cli, in_tmp, reports):
    folder = in_tmp / "inbox"
    folder.mkdir()
    (folder / "KEN.docx").write_bytes(reports["KEN"][0])
    (folder / "Annexe Maroc.xlsx").write_bytes(reports["MAR"][1])
    code, files = _check(cli, "inbox")
    assert code == 2
    alone = files["inbox/Annexe Maroc.xlsx"]
    assert alone["status"] == "UNREADABLE" and "MAR" in alone["findings"][0]["message"]


# ---------------------------------------------------------------- nothing to read


@pytest.mark.parametrize("command", ["check", "synthesize"])
def test_no_reports_found(cli, in_tmp, command):
    empty = in_tmp / "empty"
    empty.mkdir()
    pictures = in_tmp / "pictures"
    pictures.mkdir()
    (pictures / "image001.png").write_bytes(PNG)
    (pictures / "scan.pdf").write_bytes(PDF)
    (pictures / ".DS_Store").write_bytes(b"\x00")
    for folder in ("empty", "pictures"):
        result = (
            cli(command, folder, "-o", "s.docx")
            if command == "synthesize"
            else cli(command, folder)
        )
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and f"no reports found in {folder}" in lines[0], lines
        assert "Traceback" not in result.output
    assert not (in_tmp / "s.docx").exists()


# ---------------------------------------------------------------- the synthesis


def test_synthesize_lists_reports_where_they_arrived(cli, in_tmp, reports):
    folder = in_tmp / "inbox"
    folder.mkdir()
    for code in ("KEN", "MAR"):
        report, annex = reports[code]
        msg = _message(
            f"GCM report {code}",
            [(f"{code}_report.docx", report, DOCX), (f"{code}_report_data.xlsx", annex, XLSX)],
        )
        (folder / f"{code}.eml").write_bytes(msg.as_bytes())
    shutil.copy(EXAMPLES / "SEN_national_2028-2029_fr.json", folder)
    result = cli("synthesize", "inbox", "-o", "synthesis.docx", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["received"] == 3
    included = {e["path"] for e in summary["included"]}
    assert included == {f"inbox/KEN.eml{SEP}KEN_report.docx",
                        f"inbox/MAR.eml{SEP}MAR_report.docx",
                        "inbox/SEN_national_2028-2029_fr.json"}  # fmt: skip
    text = "\n".join(
        cell.text
        for table in docx.Document(str(in_tmp / "synthesis.docx")).tables
        for row in table.rows
        for cell in row.cells
    )
    assert f"KEN.eml{SEP}KEN_report.docx" in text
    assert list((in_tmp / "scratch").iterdir()) == []


def test_export_finds_a_renamed_annex_by_its_properties(cli, in_tmp, reports):
    folder = in_tmp / "Maroc"
    folder.mkdir()
    (folder / "Rapport GCM Maroc - version finale.docx").write_bytes(reports["MAR"][0])
    (folder / "Annexe statistique Maroc.xlsx").write_bytes(reports["MAR"][1])
    (folder / "Budget.xlsx").write_bytes(reports["KEN"][1])  # another country's annex
    result = cli("export", "Maroc/Rapport GCM Maroc - version finale.docx", "-o", "mar.json")
    assert result.exit_code == 0, result.output
    exported = json.loads((in_tmp / "mar.json").read_text(encoding="utf-8"))
    expected = json.loads((EXAMPLES / "MAR_national_2028-2029_fr.json").read_text("utf-8"))
    assert exported["tables"] and {k: t["cells"] for k, t in exported["tables"].items()} == {
        k: t["cells"] for k, t in expected["tables"].items()
    }


def test_messages_without_reports_and_mail_gcmreview_cannot_open(cli, in_tmp):
    """A message without attachments is not a report (skipped); an Outlook .msg or a
    winmail.dat may hold one that gcmreview cannot open: unreadable, saying what to do."""
    folder = in_tmp / "inbox"
    folder.mkdir()
    shutil.copy(EXAMPLES / "KEN_national_2028-2029_en.json", folder)
    thanks = _message("Thank you", [], inline_png=False)
    (folder / "thanks.eml").write_bytes(thanks.as_bytes())
    (folder / "Report from Ghana.msg").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" * 64)
    wrapped = _message("Report", [("winmail.dat", b"\x78\x9f\x3e\x22", "application/ms-tnef")])
    (folder / "GHA.eml").write_bytes(wrapped.as_bytes())
    code, files = _check(cli, "inbox")
    assert code == 2
    assert files["inbox/thanks.eml"]["status"] == "SKIPPED"
    assert "without attachments" in files["inbox/thanks.eml"]["findings"][0]["message"]
    msg = files["inbox/Report from Ghana.msg"]
    assert msg["status"] == "UNREADABLE" and "Save Attachments" in msg["findings"][0]["message"]
    tnef = files[f"inbox/GHA.eml{SEP}winmail.dat"]
    assert tnef["status"] == "UNREADABLE" and "winmail.dat" in tnef["findings"][0]["message"]


def test_what_messages_and_archives_may_write_is_limited(in_tmp, reports, monkeypatch):
    """A message and the zip inside it share one limit (so nesting cannot multiply it), and
    a whole inbox has one too; what goes beyond is refused with the reason, not written."""
    from gcmreview import attachments

    report = reports["KEN"][0]
    size = len(report)
    monkeypatch.setattr(attachments, "MAX_TOTAL_BYTES", int(size * 2.5))
    monkeypatch.setattr(attachments, "MAX_INBOX_BYTES", int(size * 2.5))
    folder = in_tmp / "inbox"
    folder.mkdir()
    archive = _zip({"one.docx": report, "two.docx": report})
    attached = [("first.docx", report, DOCX), ("more.zip", archive, "application/zip")]
    msg = _message("Reports", attached, inline_png=False)
    (folder / "a.eml").write_bytes(msg.as_bytes())
    (folder / "b.zip").write_bytes(_zip({"three.docx": report, "four.docx": report}))
    with inbox.opened([folder]) as items:
        refused = {Path(i.shown).name: _english(i.refused) for i in items if i.refused}
        read = sorted(Path(i.shown).name for i in items if not i.refused)
    # a.eml: more.zip does not fit beside first.docx; b.zip: four.docx not in the inbox's share
    assert read == ["a.eml › first.docx", "b.zip › three.docx"], (read, refused)
    assert "read up to" in refused["a.eml › more.zip"]
    assert "smaller batches" in refused["b.zip › four.docx"]
    assert list((in_tmp / "scratch").iterdir()) == []


def _english(reason) -> str:
    """Why a file was refused, in English (a text of findings.yaml, or a line)."""
    return reason if isinstance(reason, str) else reason.render("en")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "not opened: its name “../escape.docx” leaves its folder (path traversal)"),
        ("fr", "sort de son dossier (traversée de répertoire)"),
        ("es", "sale de su carpeta (salto de directorio)"),
        ("zh", "指向所在文件夹之外（路径穿越）"),
    ],
)
def test_why_a_file_in_an_archive_is_refused_is_said_in_the_language_asked_for(
    cli, in_tmp, lang, said
):
    folder = in_tmp / "inbox"
    folder.mkdir()
    (folder / "sent.zip").write_bytes(_zip({"../escape.docx": b"PK"}))
    result = cli("check", "inbox", "--json", "--lang", lang)
    messages = [f["message"] for r in json.loads(result.output)["files"] for f in r["findings"]]
    assert any(said in m for m in messages), messages
