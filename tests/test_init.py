"""`gcmreview init` and `render`: the Word report and the Excel data annex."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from gcmreview import scaffold
from gcmreview.bank import default_bank
from gcmreview.ooxml import Package
from gcmreview.submission import Submission

KINDS = ("national", "shadow")
LANGS = ("en", "fr", "es")


def init_args(kind: str, lang: str, out: Path) -> list[str]:
    args = [
        "init",
        "--country",
        "KEN",
        "--region",
        "ECA",
        "--kind",
        kind,
        "--lang",
        lang,
        "-d",
        str(out),
    ]
    if kind == "shadow":
        args += ["--organisation", "Réseau d'exemple (illustrative)"]
    return args


def all_text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_and_language_renders(cli, tmp_path, kind, lang):
    result = cli(*init_args(kind, lang, tmp_path))
    assert result.exit_code == 0, result.output
    reports = list(tmp_path.glob("*.docx"))
    annexes = list(tmp_path.glob("*_data.xlsx"))
    assert len(reports) == 1 and len(annexes) == 1
    assert reports[0].name.startswith(f"KEN_{kind}_2028-2029_{lang}")
    assert str(reports[0].name) in result.output
    document = docx.Document(str(reports[0]))
    text = all_text(document)
    bank = default_bank()
    for q in bank.questions.values():
        if q.for_kind(kind) and q.kind != "table":
            assert q.id in text, q.id
            assert q.text[lang] in text, q.id
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    sections = bank.sections_for(kind)
    for number, section in enumerate(sections, start=1):
        assert f"{number}. {section.title[lang]}" in headings
    with Package(reports[0]) as pkg:
        meta = pkg.custom_properties()
    assert meta["gcmreview.kind"] == kind
    assert meta["gcmreview.country"] == "KEN"
    assert meta["gcmreview.region"] == "ECA"
    assert meta["gcmreview.language"] == lang
    assert meta["gcmreview.bank_fingerprint"] == bank.fingerprint
    wb = openpyxl.load_workbook(annexes[0])
    table_ids = {ws["A1"].value for ws in wb.worksheets if ws.sheet_state == "visible"}
    expected = {
        f"gcmreview:{q.id}"
        for q in bank.questions.values()
        if q.kind == "table" and q.for_kind(kind)
    }
    assert expected <= table_ids
    assert wb["_lists"].sheet_state == "hidden"
    with Package(annexes[0]) as pkg:
        assert pkg.custom_properties() == meta


def test_word_template_structure(cli, tmp_path):
    cli("init", "--country", "Sénégal", "--region", "ECA", "--lang", "fr", "-d", str(tmp_path))
    report = tmp_path / "SEN_national_2028-2029_fr.docx"
    document = docx.Document(str(report))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    text = all_text(document)
    assert "Rapport national volontaire" in text
    assert "Sénégal (SEN)" in text
    assert "Commission économique pour l'Afrique (ECA)" in text
    assert "Protection des données" in text
    assert "300 mots au maximum" in text
    # official French objective title as a heading
    assert (
        "Objectif 13\u00a0: Ne recourir au placement en rétention administrative des migrants "
        "qu’en dernier ressort et chercher des solutions de rechange"
    ) in text
    xml = document.element.xml
    assert "TOC \\o" in xml  # table-of-contents field
    # choice questions list their options, one row each, with an empty box to mark
    table = next(t for t in document.tables if t.cell(0, 0).text == "policy.plan")
    options = [row.cells[1].text for row in table.rows[2:]]
    assert options == [c.label["fr"] for c in default_bank().question("policy.plan").choices]
    assert all(row.cells[0].text == "" for row in table.rows[2:])
    # row properties: each once, in the order the schema gives (ECMA-376 CT_TrPr)
    order = ["cantSplit", "trHeight", "tblHeader"]
    for tr_pr in document.element.body.iter(qn("w:trPr")):
        tags = [child.tag.rsplit("}", 1)[1] for child in tr_pr]
        assert len(tags) == len(set(tags)), tags
        known = [tag for tag in tags if tag in order]
        assert known == sorted(known, key=order.index), tags


def test_excel_annex_locks_headers_and_validates_input(cli, tmp_path):
    cli("init", "--country", "KEN", "--region", "ECA", "-d", str(tmp_path))
    wb = openpyxl.load_workbook(tmp_path / "KEN_national_2028-2029_en_data.xlsx")
    ws = wb["Migrant stock"]
    assert ws.protection.sheet is True
    assert ws["B7"].protection.locked is True  # row label
    assert ws["C6"].protection.locked is True  # header
    assert ws["C7"].protection.locked is False  # input
    assert ws["C3"].protection.locked is False  # reference year
    headers = [ws.cell(row=6, column=c).value for c in range(3, 11)]
    assert headers[:3] == ["Total", "Women and girls", "Men and boys"]
    rule = next(dv for dv in ws.data_validations.dataValidation if "J9" in dv.sqref)
    assert "C7" in rule.sqref and "E8" in rule.sqref
    # counts of persons (bank: integer) are whole numbers from 0
    assert (rule.type, rule.operator, rule.formula1) == ("whole", "between", "0")
    sdg = wb["SDG indicators"]
    list_rules = [dv for dv in sdg.data_validations.dataValidation if dv.type == "list"]
    assert list_rules and list_rules[0].formula1 == "=list_source_type"
    assert "list_source_type" in wb.defined_names
    assert wb.defined_names["list_source_type"].attr_text == "'_lists'!$A$2:$A$6"


def test_country_outside_region_did_you_mean(cli, tmp_path):
    result = cli("init", "--country", "KEN", "--region", "ECE", "-d", str(tmp_path))
    assert result.exit_code == 2
    assert "Kenya (KEN) is not a member of ECE. It is listed by ECA." in result.output
    result = cli("init", "--country", "Keyna", "--region", "ECA", "-d", str(tmp_path))
    assert result.exit_code == 2
    assert "Did you mean Kenya (KEN)" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "XYZ"], "unknown region 'XYZ'"),
        (["--lang", "de"], "unknown language 'de'"),
        (["--kind", "draft"], "unknown report kind 'draft'"),
        (["--kind", "shadow"], "a shadow report needs --organisation"),
    ],
)
def test_bad_options_exit_2(cli, tmp_path, args, message):
    base = {"--country": "KEN", "--region": "ECA", "-d": str(tmp_path)}
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = value
    result = cli("init", *[x for kv in base.items() for x in kv])
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_init_refuses_to_overwrite_and_leaves_the_file_untouched(cli, tmp_path):
    existing = tmp_path / "KEN_national_2028-2029_en.docx"
    existing.write_bytes(b"my own work")
    result = cli("init", "--country", "KEN", "--region", "ECA", "-d", str(tmp_path))
    assert result.exit_code == 2
    assert "already exists; use --force" in result.output
    assert existing.read_bytes() == b"my own work"
    assert not (tmp_path / "KEN_national_2028-2029_en_data.xlsx").exists()
    result = cli("init", "--country", "KEN", "--region", "ECA", "-d", str(tmp_path), "--force")
    assert result.exit_code == 0
    assert existing.read_bytes().startswith(b"PK")


def test_annex_conflict_also_blocks_the_report(cli, tmp_path):
    annex = tmp_path / "KEN_national_2028-2029_en_data.xlsx"
    annex.write_bytes(b"figures")
    result = cli("init", "--country", "KEN", "--region", "ECA", "-d", str(tmp_path))
    assert result.exit_code == 2
    assert annex.read_bytes() == b"figures"
    assert not (tmp_path / "KEN_national_2028-2029_en.docx").exists()


def test_unwritable_folder(cli, tmp_path):
    if os.geteuid() == 0:
        locked = Path("/sys/kernel")  # not writable even for root (CI runs as root)
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    result = cli("init", "--country", "KEN", "--region", "ECA", "-d", str(locked))
    assert result.exit_code == 2
    assert "cannot write to folder" in result.output
    assert "internal error" not in result.output


def test_missing_folder_and_file_as_folder(cli, tmp_path):
    # -d makes the folder it is given, with its parents
    result = cli("init", "--country", "KEN", "--region", "ECA", "-d", str(tmp_path / "new" / "d"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "d" / "KEN_national_2028-2029_en.docx").is_file()
    afile = tmp_path / "afile"
    afile.write_text("x")
    result = cli("init", "--country", "KEN", "--region", "ECA", "-d", str(afile))
    assert result.exit_code == 2


def test_write_is_atomic_on_failure(tmp_path, monkeypatch):
    """A failure while writing leaves neither a partial file nor a temporary one."""
    from gcmreview import files

    target = tmp_path / "out.docx"

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(files.OutputError, match="No space left on device"):
        files.write_atomic(target, b"data")
    assert list(tmp_path.iterdir()) == []


def sample_submission(**changes) -> Submission:
    bank = default_bank()
    data = {
        "kind": "national",
        "country": "GHA",
        "region": "ECA",
        "language": "en",
        "review_cycle": bank.review_cycle,
        "bank_id": bank.id,
        "bank_version": bank.version,
        "bank_fingerprint": bank.fingerprint,
        "answers": {
            "method.lead": "The Ministry of the Interior led the review.\n\n"
            "- Ministry of Labour\n- Statistics office\tand regions",
            "method.coordination": "yes",
            "method.consulted": ["civil_society", "academia"],
            "method.started": "2028-02-01",
            "obj.06.priority": "yes",
            "obj.06.measures": "Bilateral labour agreements (illustrative).",
        },
        "tables": {
            "data.stock": {
                "reference_year": 2027,
                "source": "Census (illustrative)",
                "cells": {"foreign_born": {"total": 10, "female": 6, "male": 4}},
            },
            "data.sdg": {"cells": {"sdg_10_c_1": {"value": 7.5, "source_type": "survey"}}},
        },
    }
    data.update(changes)
    return Submission.model_validate(data)


def test_render_writes_the_answers(cli, tmp_path):
    sub = sample_submission()
    src = tmp_path / "gha.json"
    src.write_text(sub.to_json(), encoding="utf-8")
    out = tmp_path / "GHA.docx"
    result = cli("render", str(src), "-o", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    lead = next(t for t in document.tables if t.cell(0, 0).text == "method.lead")
    answer = lead.rows[-1].cells[0]
    assert [p.text for p in answer.paragraphs] == [
        "The Ministry of the Interior led the review.",
        "",
        "Ministry of Labour",
        "Statistics office\tand regions",
    ]
    assert answer.paragraphs[2].style.name == "List Bullet"
    consulted = next(t for t in document.tables if t.cell(0, 0).text == "method.consulted")
    marked = [row.cells[1].text for row in consulted.rows[2:] if row.cells[0].text == "X"]
    assert marked == ["Civil society", "Academia"]
    wb = openpyxl.load_workbook(tmp_path / "GHA_data.xlsx")
    assert wb["Migrant stock"]["C3"].value == 2027
    assert wb["Migrant stock"]["C7"].value == 10 and wb["Migrant stock"]["D7"].value == 6
    sdg = wb["SDG indicators"]
    assert sdg["D10"].value == 7.5 and sdg["E10"].value == "Household or labour force survey"
    assert "Wrote" in result.output


def test_render_rejects_bad_json(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = cli("render", str(bad), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2 and "is not valid JSON" in result.output
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": "world"}), encoding="utf-8")
    result = cli("render", str(other), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2 and "is not a gcmreview submission" in result.output
    wrong = tmp_path / "wrong.json"
    data = json.loads(sample_submission().to_json())
    data["country"] = "kenya"
    wrong.write_text(json.dumps(data), encoding="utf-8")
    result = cli("render", str(wrong), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2 and "country" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_deterministic_with_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    bank = default_bank()
    sub = sample_submission()
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    first = scaffold.render(bank, sub, tmp_path / "1" / "GHA.docx")
    second = scaffold.render(bank, sub, tmp_path / "2" / "GHA.docx")
    assert first.report.read_bytes() == second.report.read_bytes()
    assert first.annex.read_bytes() == second.annex.read_bytes()


@pytest.mark.libreoffice
def test_libreoffice_opens_converts_and_keeps_metadata(cli, tmp_path, convert):
    for kind, lang in (("national", "fr"), ("shadow", "es")):
        out = tmp_path / kind
        out.mkdir()
        assert cli(*init_args(kind, lang, out)).exit_code == 0
        report = next(out.glob("*.docx"))
        annex = next(out.glob("*.xlsx"))
        pdf = convert(report, "pdf", out / "pdf")
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20_000
        xpdf = convert(annex, "pdf", out / "pdf")
        assert xpdf.read_bytes().startswith(b"%PDF")
        resaved = convert(report, "docx:MS Word 2007 XML", out / "resaved")
        resaved_annex = convert(annex, "xlsx:Calc MS Excel 2007 XML", out / "resaved")
        with Package(report) as a, Package(resaved) as b, Package(resaved_annex) as c:
            original = a.custom_properties()
            assert b.custom_properties() == original
            assert c.custom_properties() == original
        assert original["gcmreview.kind"] == kind
        # the re-saved files still open in python-docx and openpyxl
        document = docx.Document(str(resaved))
        assert any(
            t.cell(0, 0).text == "obj.13.priority" or t.cell(0, 0).text == "obj.13.assessment"
            for t in document.tables
        )
        openpyxl.load_workbook(resaved_annex)
