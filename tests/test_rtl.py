"""Arabic documents are right to left as Word writes them (w:bidi paragraphs, w:rtl runs,
w:bidiVisual tables, complex-script fonts and sizes, mirrored sections); quotations keep
their own direction; Chinese text has an East Asian font; the Arabic annex reads right to
left; and an Arabic report reads back as written."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from lxml import etree

from gcmreview import chart, scaffold
from gcmreview.bank import default_bank
from gcmreview.export import read_submission
from gcmreview.submission import Submission

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
ARABIC = re.compile("[\u0600-\u06ff]")

# Illustrative answers (no government's position), written for these tests.
JORDAN_LEAD = (
    "هذا التقرير مثال افتراضي لتوضيح نموذج التقرير.\n"
    "تولت وزارة العمل تنسيق إعداد التقرير بمشاركة وزارة الداخلية (توضيحي)."
)
LEBANON_LEAD = "قادت وزارة الخارجية إعداد هذا التقرير التوضيحي بمشاركة وزارة العمل."
MOROCCO_LEAD = (
    "Rapport fictif établi pour illustrer le modèle ; la préparation a été pilotée par le "
    "ministère chargé de la migration (illustratif)."
)


def xml(path: Path, part: str) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def has(el: etree._Element, path: str) -> bool:
    return el.find(path, NS) is not None


def on(el: etree._Element, path: str) -> bool:
    """The on/off property at ``path`` is present and not switched off."""
    found = el.find(path, NS)
    return found is not None and found.get(f"{{{W}}}val") not in ("0", "false", "off")


def text(el: etree._Element) -> str:
    return "".join(el.itertext())


def submission(country: str, language: str, lead: str, region: str = "ESCWA") -> dict:
    bank = default_bank()
    return {
        "schema": "gcmreview/submission@1",
        "kind": "national",
        "country": country,
        "region": region,
        "language": language,
        "review_cycle": bank.review_cycle,
        "bank_id": bank.id,
        "bank_version": bank.version,
        "bank_fingerprint": bank.fingerprint,
        "illustrative": True,
        "answers": {
            "method.lead": lead,
            "method.coordination": "yes",
            "method.entities": 12,
            "method.consulted": ["migrants", "civil_society", "local"],
        },
    }


# ---------------------------------------------------------------- templates


@pytest.fixture(scope="module")
def arabic_template(tmp_path_factory) -> Path:
    from typer.testing import CliRunner

    from gcmreview.cli import app

    folder = tmp_path_factory.mktemp("ar")
    result = CliRunner().invoke(
        app, ["init", "--country", "JOR", "--region", "ESCWA", "--lang", "ar", "-d", str(folder)]
    )
    assert result.exit_code == 0, result.output
    return folder


def test_arabic_template_is_right_to_left_as_word_writes_it(arabic_template):
    report = next(arabic_template.glob("*.docx"))
    body = xml(report, "word/document.xml").find("w:body", NS)
    paragraphs = body.findall(".//w:p", NS)
    assert paragraphs and all(on(p, "w:pPr/w:bidi") for p in paragraphs)
    tables = body.findall(".//w:tbl", NS)
    assert tables and all(has(t, "w:tblPr/w:bidiVisual") for t in tables)
    # every run of Arabic text is marked right to left, with complex-script bold and size
    arabic_runs = [r for r in body.iter(f"{{{W}}}r") if ARABIC.search(text(r))]
    assert len(arabic_runs) > 100
    assert all(has(r, "w:rPr/w:rtl") for r in arabic_runs)
    for r in arabic_runs:
        if has(r, "w:rPr/w:b"):
            assert has(r, "w:rPr/w:bCs")
        if has(r, "w:rPr/w:sz"):
            size = r.find("w:rPr/w:sz", NS).get(f"{{{W}}}val")
            assert r.find("w:rPr/w:szCs", NS).get(f"{{{W}}}val") == size
    # question IDs are Latin text: not marked right to left
    ids = [r for r in body.iter(f"{{{W}}}r") if text(r) == "method.lead"]
    assert ids and not has(ids[0], "w:rPr/w:rtl")
    # the section is right to left (page numbers, columns); the footer too
    assert has(body, "w:sectPr/w:bidi")
    footer = xml(report, "word/footer1.xml")
    assert all(on(p, "w:pPr/w:bidi") for p in footer.findall(".//w:p", NS))
    # styles: complex-script face and size, Arabic proofing language, right to left Normal
    styles = xml(report, "word/styles.xml")
    normal = styles.find("w:style[@w:styleId='Normal']", NS)
    fonts = normal.find("w:rPr/w:rFonts", NS)
    assert fonts.get(f"{{{W}}}cs") == "Arial" and fonts.get(f"{{{W}}}ascii") == "Arial"
    assert normal.find("w:rPr/w:szCs", NS).get(f"{{{W}}}val") == "20"
    assert normal.find("w:rPr/w:lang", NS).get(f"{{{W}}}bidi") == "ar-SA"
    assert on(normal, "w:pPr/w:bidi")
    for style_id in ("Heading1", "Heading2", "Title"):
        style = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
        sz = style.find("w:rPr/w:sz", NS).get(f"{{{W}}}val")
        assert style.find("w:rPr/w:szCs", NS).get(f"{{{W}}}val") == sz
        assert style.find("w:rPr/w:rFonts", NS).get(f"{{{W}}}cs") == "Arial"


def test_arabic_annex_reads_right_to_left(arabic_template):
    annex = next(arabic_template.glob("*_data.xlsx"))
    wb = openpyxl.load_workbook(annex)
    assert all(ws.sheet_view.rightToLeft for ws in wb.worksheets)
    about = wb.worksheets[0]
    assert about["A1"].font.name == "Arial"


def test_chinese_template_has_east_asian_fonts(cli, tmp_path):
    result = cli(
        "init", "--country", "CHN", "--region", "ESCAP", "--lang", "zh", "-d", str(tmp_path)
    )
    assert result.exit_code == 0, result.output
    report = next(tmp_path.glob("*.docx"))
    styles = xml(report, "word/styles.xml")
    for style_id in ("Normal", "Heading1", "Title"):
        fonts = styles.find(f"w:style[@w:styleId='{style_id}']/w:rPr/w:rFonts", NS)
        assert fonts.get(f"{{{W}}}eastAsia") == "Microsoft YaHei"
    lang = styles.find("w:style[@w:styleId='Normal']/w:rPr/w:lang", NS)
    assert lang.get(f"{{{W}}}eastAsia") == "zh-CN"
    body = xml(report, "word/document.xml").find("w:body", NS)
    assert not body.findall(".//w:bidi", NS) and not body.findall(".//w:bidiVisual", NS)
    annex = openpyxl.load_workbook(next(tmp_path.glob("*_data.xlsx")))
    assert annex.worksheets[0]["A1"].font.name == "Microsoft YaHei"
    assert not annex.worksheets[0].sheet_view.rightToLeft


def test_english_template_stays_left_to_right(cli, tmp_path):
    result = cli("init", "--country", "KEN", "--region", "ECA", "-d", str(tmp_path))
    assert result.exit_code == 0, result.output
    report = next(tmp_path.glob("*.docx"))
    with zipfile.ZipFile(report) as z:
        document = z.read("word/document.xml").decode("utf-8")
    assert "<w:bidi" not in document and "<w:rtl" not in document and "bidiVisual" not in document
    annex = openpyxl.load_workbook(next(tmp_path.glob("*_data.xlsx")))
    assert not any(ws.sheet_view.rightToLeft for ws in annex.worksheets)


def test_arabic_report_reads_back_as_written(tmp_path):
    """Right to left changes how Word shows the text, not the order it is stored in."""
    bank = default_bank()
    sub = Submission.model_validate(submission("JOR", "ar", JORDAN_LEAD))
    written = scaffold.render(bank, sub, tmp_path / f"{scaffold.file_stem(sub)}.docx")
    read = read_submission(written.report, bank).submission
    assert read.language == "ar"
    assert read.answers["method.lead"] == JORDAN_LEAD
    assert read.answers["method.coordination"] == "yes"
    assert read.answers["method.entities"] == 12
    assert sorted(read.answers["method.consulted"]) == ["civil_society", "local", "migrants"]


# ---------------------------------------------------------------- syntheses


@pytest.fixture(scope="module")
def arabic_synthesis(tmp_path_factory) -> Path:
    """An Arabic synthesis of two Arabic reports and a French one."""
    from typer.testing import CliRunner

    from gcmreview.cli import app

    folder = tmp_path_factory.mktemp("ar-synthesis")
    inbox = folder / "inbox"
    inbox.mkdir()
    for country, language, lead in (
        ("JOR", "ar", JORDAN_LEAD),
        ("LBN", "ar", LEBANON_LEAD),
        ("MAR", "fr", MOROCCO_LEAD),
    ):
        path = inbox / f"{country}_national_{language}.json"
        path.write_text(
            json.dumps(submission(country, language, lead), ensure_ascii=False), encoding="utf-8"
        )
    out = folder / "synthesis.docx"
    result = CliRunner().invoke(
        app, ["synthesize", str(inbox), "--region", "ESCWA", "--lang", "ar", "-o", str(out)]
    )
    assert result.exit_code in (0, 1) and out.exists(), result.output  # 1: answers missing
    return out


def quotation(body: etree._Element, start: str) -> etree._Element:
    return next(p for p in body.iter(f"{{{W}}}p") if text(p).startswith(start))


def test_arabic_synthesis_is_right_to_left_with_a_french_quotation_left_to_right(
    arabic_synthesis,
):
    body = xml(arabic_synthesis, "word/document.xml").find("w:body", NS)
    assert has(body, "w:sectPr/w:bidi")
    tables = body.findall(".//w:tbl", NS)
    assert tables and all(has(t, "w:tblPr/w:bidiVisual") for t in tables)
    headings = [
        p
        for p in body.iter(f"{{{W}}}p")
        if (p.find("w:pPr/w:pStyle", NS) is not None)
        and p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val").startswith("Heading")
    ]
    assert headings and all(on(h, "w:pPr/w:bidi") for h in headings)
    arabic = quotation(body, JORDAN_LEAD.split("\n")[0])
    assert on(arabic, "w:pPr/w:bidi")
    run = arabic.find("w:r", NS)
    assert has(run, "w:rPr/w:rtl")
    assert run.find("w:rPr/w:lang", NS).get(f"{{{W}}}bidi") == "ar-SA"
    french = quotation(body, MOROCCO_LEAD[:40])
    bidi = french.find("w:pPr/w:bidi", NS)
    assert bidi is not None and bidi.get(f"{{{W}}}val") == "0"  # explicitly left to right
    assert not has(french, "w:r/w:rPr/w:rtl")
    assert french.find("w:r/w:rPr/w:lang", NS).get(f"{{{W}}}val") == "fr-FR"
    # the draft marking at the top of the page is mirrored with the page
    header = xml(arabic_synthesis, "word/header1.xml")
    assert all(on(p, "w:pPr/w:bidi") for p in header.findall(".//w:p", NS) if text(p))


def test_arabic_quotation_in_an_english_synthesis_is_right_to_left(cli, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for country, language, lead in (("JOR", "ar", JORDAN_LEAD), ("MAR", "fr", MOROCCO_LEAD)):
        (inbox / f"{country}.json").write_text(
            json.dumps(submission(country, language, lead), ensure_ascii=False), encoding="utf-8"
        )
    out = tmp_path / "synthesis.docx"
    result = cli("synthesize", str(inbox), "--region", "ESCWA", "-o", str(out))
    assert result.exit_code in (0, 1) and out.exists(), result.output  # 1: answers missing
    body = xml(out, "word/document.xml").find("w:body", NS)
    assert not has(body, "w:sectPr/w:bidi")
    arabic = quotation(body, JORDAN_LEAD.split("\n")[0])
    assert on(arabic, "w:pPr/w:bidi") and has(arabic, "w:r/w:rPr/w:rtl")
    french = quotation(body, MOROCCO_LEAD[:40])
    assert not has(french, "w:pPr/w:bidi")
    assert not any(has(t, "w:tblPr/w:bidiVisual") for t in body.findall(".//w:tbl", NS))


def test_chart_labels_are_drawn_or_replaced_by_codes():
    """A name the computer cannot draw (Chinese without a Chinese face, Arabic without
    Pillow's complex layout) is shown as its ISO code, never as boxes."""
    names = [("约旦", 20.0), ("الأردن", 12.0)]
    png = chart.indicator_chart(names, "%", codes=["JOR", "LBN"])
    assert png.startswith(b"\x89PNG")
    assert chart._drawable("约旦") == ("约旦" if chart._cjk_face() else "")
    assert chart._drawable("الأردن") == ("الأردن" if chart.complex_layout() else "")
    assert chart._drawable("Jordanie") == "Jordanie"


# ---------------------------------------------------------------- LibreOffice


def test_arabic_synthesis_in_libreoffice_is_right_aligned_in_logical_order(
    arabic_synthesis, convert, tmp_path
):
    if not shutil.which("pdftotext"):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("pdftotext (poppler-utils) is required in CI but was not found")
        pytest.skip("needs pdftotext (poppler-utils)")
    pdf = convert(arabic_synthesis, "pdf", tmp_path)
    plain = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    plain = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", plain)
    # words in the order they are read (phrases without the lam-alef ligature, which
    # pdftotext gives back as two letters in the drawn order)
    assert "هذا التقرير مثال افتراضي" in plain
    assert "قادت وزارة الخارجية إعداد هذا التقرير" in plain
    assert MOROCCO_LEAD[:40] in " ".join(plain.split())
    # the cover: every line of the body ends at the right margin, and lines start anywhere
    # (pdftotext cuts a line where its direction changes: the pieces of a line are joined)
    layout = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        check=True,
    ).stdout
    page = etree.fromstring(layout, etree.HTMLParser()).find(".//page")
    width, height = float(page.get("width")), float(page.get("height"))
    right_margin = width - 2.3 / 2.54 * 72
    rows: dict[int, list[float]] = {}
    for line in page.iter("line"):
        top, bottom = float(line.get("ymin")), float(line.get("ymax"))
        left, right = float(line.get("xmin")), float(line.get("xmax"))
        # (a lone vowel sign is a "line" of no width of its own)
        if 2.8 / 2.54 * 72 < top < height - 2.5 / 2.54 * 72 and right - left > 1:
            row = rows.setdefault(round((top + bottom) / 8), [width, 0.0])
            row[0], row[1] = min(row[0], left), max(row[1], right)
    assert len(rows) >= 5
    assert all(abs(x_max - right_margin) < 3 for _, x_max in rows.values()), [
        r for r in sorted(rows.items()) if abs(r[1][1] - right_margin) >= 3
    ]
    assert any(x_min > width / 2 for x_min, _ in rows.values())
