"""Participatory drafting: consult, collect, apply, then init with the new bank; XLSForm."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from gcmreview import bank as bank_mod
from gcmreview.bank import default_bank


def sheet(wb, marker: str):
    return next(ws for ws in wb.worksheets if ws["A1"].value == f"gcmreview:{marker}")


def row_of(ws, key: str) -> int:
    return next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == key)


def col_of(ws, key: str) -> int:
    """The column whose hidden key (row 1) is ``key``, e.g. text_fr."""
    return next(c for c in range(2, ws.max_column + 1) if ws.cell(row=1, column=c).value == key)


#: An amended method.lead and a new question, in the bank's six languages (illustrative; the
#: ar/ru/zh wording is a working group's draft).
LEAD = {
    "en": "Which institution led the review, and who took part?",
    "fr": "Quelle institution a dirigé l'examen, et qui y a participé ?",
    "es": "¿Qué institución dirigió el examen y quién participó?",
    "ar": "ما المؤسسة التي قادت الاستعراض، ومن شارك فيه؟",
    "ru": "Какое учреждение руководило обзором и кто в нем участвовал?",
    "zh": "哪个机构牵头开展了审查，有哪些方面参与？",
}
SERVICES = {
    "en": "How do migrants in irregular situations reach public services?",
    "fr": "Comment les migrants en situation irrégulière accèdent-ils aux services publics ?",
    "es": "¿Cómo acceden a los servicios públicos los migrantes en situación irregular?",
    "ar": "كيف يصل المهاجرون في أوضاع غير نظامية إلى الخدمات العامة؟",
    "ru": "Как мигранты с неурегулированным статусом получают доступ к государственным услугам?",
    "zh": "非正常状况移民如何获得公共服务？",
}
SERVICES_GUIDANCE = {
    "en": "Firewalls between services and immigration enforcement.",
    "fr": "Séparation entre les services et le contrôle de l'immigration.",
    "es": "Separación entre los servicios y el control migratorio.",
    "ar": "الفصل بين الخدمات وإنفاذ قوانين الهجرة.",
    "ru": "Разграничение между услугами и иммиграционным контролем.",
    "zh": "公共服务与移民执法之间的隔离。",
}


def respond(
    template: Path,
    target: Path,
    *,
    organisation: str,
    category: str,
    country: str,
    views: dict[str, tuple[str, str]],
    new: list[tuple[str, str]],
):
    """A respondent fills the workbook in Excel (here: openpyxl) and saves it."""
    wb = openpyxl.load_workbook(template)
    qs = sheet(wb, "questions")
    for qid, (view, wording) in views.items():
        r = row_of(qs, qid)
        qs.cell(row=r, column=5, value=view)
        qs.cell(row=r, column=6, value=wording or None)
    new_ws = sheet(wb, "new")
    for i, (section, text) in enumerate(new, start=3):
        new_ws.cell(row=i, column=1, value=section)
        new_ws.cell(row=i, column=3, value=text)
    who = sheet(wb, "respondent")
    who["A3"], who["B3"], who["C3"] = organisation, category, country
    wb.save(target)


@pytest.fixture
def round_trip(cli, tmp_path):
    template = tmp_path / "consultation.xlsx"
    assert cli("questions", "consult", "-o", str(template)).exit_code == 0
    returns = tmp_path / "returns"
    returns.mkdir()
    respond(
        template,
        returns / "ngo.xlsx",
        organisation="Migrant Rights Network (illustrative)",
        category="Civil society",
        country="Kenya",
        views={
            "method.lead": ("Amend", "Which institution led the review?"),
            "obj.*.practices": ("Keep", ""),
            "policy.sdg": ("Delete", ""),
        },
        new=[
            (
                "Cross-cutting issues",
                "How are migrants in irregular situations reached by public services?",
            )
        ],
    )
    respond(
        template,
        returns / "union.xlsx",
        organisation="Regional Trade Union Council",
        category="Trade unions",
        country="GHA",
        views={
            "method.lead": ("Amend", "Who led the review, and who took part?"),
            "policy.sdg": ("Keep", ""),
        },
        new=[],
    )
    respond(
        template,
        returns / "academia.xlsx",
        organisation="University migration centre",
        category="Academia",
        country="Sénégal",
        views={"method.lead": ("Keep", ""), "obj.*.practices": ("Amend", "What worked?")},
        new=[],
    )
    return template, returns


def test_consultation_workbook(cli, tmp_path):
    out = tmp_path / "c.xlsx"
    assert cli("questions", "consult", "-o", str(out), "--lang", "es").exit_code == 0
    wb = openpyxl.load_workbook(out)
    qs = sheet(wb, "questions")
    ids = [qs.cell(row=r, column=1).value for r in range(3, qs.max_row + 1)]
    assert "obj.*.measures" in ids and "obj.13.measures" not in ids
    assert len(ids) == len(set(ids))
    assert qs.cell(row=2, column=5).value == "Su opinión"
    assert qs.protection.sheet and qs["C3"].protection.locked and not qs["E3"].protection.locked
    rule = next(dv for dv in qs.data_validations.dataValidation if dv.type == "list")
    assert rule.formula1 == "=list_views"
    assert wb["_lists"].sheet_state == "hidden"
    assert "list_stakeholders" in wb.defined_names
    who = sheet(wb, "respondent")
    assert not who["B3"].protection.locked


def test_full_round(cli, round_trip, tmp_path, convert_optional):
    _template, returns = round_trip
    shutil.copy(returns / "ngo.xlsx", returns / "ngo-copy.xlsx")  # sent twice
    (returns / "notes.xlsx").write_bytes(b"not a workbook")
    if convert_optional is not None:  # a return re-saved by LibreOffice Calc
        resaved = convert_optional(
            returns / "union.xlsx", "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo"
        )
        (returns / "union.xlsx").unlink()
        shutil.copy(resaved, returns / "union.xlsx")
    consolidated = tmp_path / "consolidated.xlsx"
    result = cli("questions", "collect", str(returns), "-o", str(consolidated), "--json")
    assert result.exit_code == 1  # one malformed return, listed
    data = {Path(r["path"]).name: r for r in json.loads(result.output)}
    assert data["notes.xlsx"]["status"] == "unreadable"
    assert {data["ngo.xlsx"]["status"], data["ngo-copy.xlsx"]["status"]} == {"read", "duplicate"}
    assert data["union.xlsx"]["status"] == "read" and data["union.xlsx"]["country"] == "GHA"
    assert data["academia.xlsx"]["country"] == "SEN"
    wb = openpyxl.load_workbook(consolidated)
    summary = {r[0]: r[2:] for r in wb["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["method.lead"] == (1, 2, 0)  # keep, amend, delete: counted once each
    assert summary["policy.sdg"] == (1, 0, 1)
    by_cat = [
        r
        for r in wb["By stakeholder category"].iter_rows(min_row=2, values_only=True)
        if r[0] == "method.lead"
    ]
    assert ("method.lead", "Trade unions", 0, 1, 0) in by_cat
    proposals = [r for r in wb["Proposed wording"].iter_rows(min_row=2, values_only=True)]
    assert (
        "method.lead",
        "amend",
        "Which institution led the review?",
        None,
        "Migrant Rights Network (illustrative)",
        "Civil society",
        "KEN",
    ) in proposals
    new = list(wb["New questions"].iter_rows(min_row=2, values_only=True))
    assert new[0][0] == "cross" and new[0][2].startswith("How are migrants")

    # the working group decides: amend method.lead in the bank's six languages, delete
    # policy.sdg, add the proposed cross-cutting question
    decisions = sheet(wb, "decisions")
    r = row_of(decisions, "method.lead")
    decisions.cell(row=r, column=3, value="amend")
    for code, text in LEAD.items():
        decisions.cell(row=r, column=col_of(decisions, f"text_{code}"), value=text)
    decisions.cell(row=row_of(decisions, "policy.sdg"), column=3, value="delete")
    additions = sheet(wb, "additions")
    additions["A3"], additions["B3"] = "add", "cross.services"
    for code in LEAD:
        additions.cell(row=3, column=col_of(additions, f"text_{code}"), value=SERVICES[code])
        additions.cell(
            row=3, column=col_of(additions, f"guidance_{code}"), value=SERVICES_GUIDANCE[code]
        )
    wb.save(consolidated)
    new_bank = tmp_path / "bank-new.yaml"
    result = cli("questions", "apply", str(consolidated), "-o", str(new_bank))
    assert result.exit_code == 0, result.output
    assert "Bank version 2026.5" in result.output
    qb = bank_mod.load_bank(new_bank)
    assert qb.version == "2026.5"
    assert qb.question("method.lead").text["fr"].startswith("Quelle institution")
    assert qb.question("cross.services").text["zh"] == SERVICES["zh"]
    assert qb.translation("ar") == "draft"  # amending a question reviews no translation
    assert "policy.sdg" not in qb.questions
    assert qb.question("cross.services").kind == "text"
    raw = __import__("yaml").safe_load(new_bank.read_text(encoding="utf-8"))
    assert raw["changelog"][-1]["changes"] == [
        "amended method.lead",
        "deleted policy.sdg",
        "added cross.services",
    ]
    # init with the new bank shows the amended question
    out = tmp_path / "init"
    out.mkdir()
    assert (
        cli(
            "init", "--country", "KEN", "--region", "ECA", "--bank", str(new_bank), "-d", str(out)
        ).exit_code
        == 0
    )
    text = "\n".join(
        c.text
        for t in docx.Document(str(next(out.glob("*.docx")))).tables
        for row in t.rows
        for c in row.cells
    )
    assert "Which institution led the review, and who took part?" in text
    assert "cross.services" in text and "policy.sdg" not in text


def test_apply_refuses_unknown_ids_and_missing_translations(cli, round_trip, tmp_path):
    _template, returns = round_trip
    consolidated = tmp_path / "c.xlsx"
    cli("questions", "collect", str(returns), "-o", str(consolidated))
    wb = openpyxl.load_workbook(consolidated)
    decisions = sheet(wb, "decisions")
    r = row_of(decisions, "method.lead")
    decisions.cell(row=r, column=3, value="amend")
    decisions.cell(row=r, column=4, value="English only")
    decisions.cell(row=decisions.max_row + 1, column=1, value="method.nothing")
    decisions.cell(row=decisions.max_row, column=3, value="delete")
    wb.save(consolidated)
    result = cli("questions", "apply", str(consolidated), "-o", str(tmp_path / "b.yaml"))
    assert result.exit_code == 2
    assert "method.lead: the amended wording lacks the fr, es, ar, ru, zh translation" in (
        result.output
    )
    assert f"method.nothing: no such question in bank {default_bank().version}" in result.output
    assert not (tmp_path / "b.yaml").exists()


def test_xlsform_export_converts_with_pyxform(cli, tmp_path):
    pyxform = pytest.importorskip("pyxform.xls2xform")
    for kind in ("national", "shadow"):
        out = tmp_path / f"{kind}.xlsx"
        assert cli("questions", "xlsform", "-o", str(out), "--kind", kind).exit_code == 0
        wb = openpyxl.load_workbook(out)
        assert wb.sheetnames == ["survey", "choices", "settings"]
        header = [c.value for c in wb["survey"][1]]
        assert "label::English (en)" in header and "label::Français (fr)" in header
        types = [r[0] for r in wb["survey"].iter_rows(min_row=2, values_only=True)]
        assert types.count("begin_group") == types.count("end_group") > 0
        warnings: list[str] = []
        result = pyxform.convert(str(out), warnings=warnings, validate=False)
        assert "<h:title>" in result.xform
        assert warnings == []
    survey = openpyxl.load_workbook(tmp_path / "national.xlsx")["survey"]
    required = [c.value for c in survey[1]].index("required")
    rows = {r[1]: r for r in survey.iter_rows(min_row=2, values_only=True)}
    assert rows["method_lead"][required] == "yes"
    assert rows["obj_13_measures"][required] == "selected(${obj_13_priority}, 'yes')"
    assert rows["method_consulted"][0] == "select_multiple stakeholders"


def test_default_bank_version_unchanged():
    assert default_bank().version == "2026.4"


# ---------------------------------------------------------------- regional additions

ROOT = Path(__file__).resolve().parents[1]
REGIONAL = ROOT / "examples" / "banks" / "ece-regional.yaml"


@pytest.mark.skipif(not REGIONAL.exists(), reason="needs the bundled examples")
def test_regional_bank_extends_the_global_one(cli, tmp_path):
    qb = bank_mod.load_bank(REGIONAL)
    base = default_bank()
    assert qb.id == "gcm-regional-review-ece" and qb.based_on == base.id
    assert set(base.questions) < set(qb.questions)
    assert {"cross.ece_mobility", "ece_statistics.recommendations"} <= set(qb.questions)
    assert [s.id for s in qb.sections][:3] == ["method", "policy", "ece_statistics"]
    assert base.question("method.lead").required is True
    assert not any(q.required for q in qb.questions.values() if q.section == "moi")
    # init, check and synthesize use the merged bank
    out = tmp_path / "init"
    out.mkdir()
    assert (
        cli(
            "init", "--country", "DEU", "--region", "ECE", "--bank", str(REGIONAL), "-d", str(out)
        ).exit_code
        == 0
    )
    report = next(out.glob("*.docx"))
    keys = [t.cell(0, 0).text for t in docx.Document(str(report)).tables]
    assert "ece_statistics.recommendations" in keys and "cross.ece_mobility" in keys
    # a report made from the global bank is still read, with a warning
    example = ROOT / "examples" / "eca" / "KEN_national_2028-2029_en.docx"
    result = json.loads(cli("check", str(example), "--bank", str(REGIONAL), "--json").output)
    entry = result["files"][0]
    codes = {f["code"] for f in entry["findings"]}
    assert "outdated-bank" in codes and "unknown-bank" not in codes
    assert "question-missing" in codes  # the regional questions are not in it


def test_regional_bank_errors_name_the_problem(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema: gcmreview/bank@1\nextends: default\nnamespace: ece\nversion: '1'\n"
        "add_questions:\n  cross:\n    - {id: cross.housing, kind: text, text: {en: x}, "
        "guidance: {en: y}}\n  nowhere: []\nsection_order: [method]\nnonsense: 1\n",
        encoding="utf-8",
    )
    result = cli("questions", "list", "--bank", str(bad))
    assert result.exit_code == 2
    for expected in (
        "nonsense: unknown field",
        "add_questions.cross[cross.housing]: a regional question ID starts with cross.ece_",
        "add_questions.nowhere: no such section in the base bank",
        "section_order: list every section once",
    ):
        assert expected in result.output


# ---------------------------------------------------------------- draft translations


def title_page(report: Path) -> str:
    """The paragraphs before the first question table: the title page and instructions."""
    return "\n".join(p.text for p in docx.Document(str(report)).paragraphs[:12])


DRAFT_NOTICE = {
    "ar": "ترجمة أولية، يتعين مراجعتها",
    "ru": "Проект перевода, подлежит проверке",
    "zh": "翻译初稿，有待审校",
}


def init_report(cli, tmp_path: Path, lang: str, bank: Path | None = None) -> Path:
    out = tmp_path / f"init-{lang}-{bank.stem if bank else 'default'}"
    out.mkdir()
    args = ["init", "--country", "JOR", "--region", "ESCWA", "--lang", lang, "-d", str(out)]
    result = cli(*args, *(["--bank", str(bank)] if bank else []))
    assert result.exit_code == 0, result.output
    return next(out.glob("*.docx"))


def test_draft_translation_notice_until_the_working_group_reviews_it(cli, round_trip, tmp_path):
    for lang, notice in DRAFT_NOTICE.items():
        assert notice in title_page(init_report(cli, tmp_path, lang)), lang
    for lang in ("en", "fr"):  # the bank's own drafting: no notice
        text = title_page(init_report(cli, tmp_path, lang))
        assert "Draft translation" not in text and "Traduction provisoire" not in text
    # the working group reviewed the Arabic texts: every decision is keep, plus --reviewed ar
    _template, returns = round_trip
    consolidated = tmp_path / "consolidated.xlsx"
    cli("questions", "collect", str(returns), "-o", str(consolidated))
    new_bank = tmp_path / "bank-reviewed.yaml"
    result = cli("questions", "apply", str(consolidated), "-o", str(new_bank), "--reviewed", "AR")
    assert result.exit_code == 0, result.output
    assert "ar translation reviewed by the working group" in result.output
    qb = bank_mod.load_bank(new_bank)
    assert qb.version == "2026.5" and qb.translations["ar"] == "reviewed"
    assert qb.translation("ru") == "draft" and qb.translation("en") == "original"
    assert qb.fingerprint != default_bank().fingerprint
    raw = __import__("yaml").safe_load(new_bank.read_text(encoding="utf-8"))
    assert raw["changelog"][-1]["changes"] == ["ar translation reviewed by the working group"]
    assert DRAFT_NOTICE["ar"] not in title_page(init_report(cli, tmp_path, "ar", new_bank))
    assert DRAFT_NOTICE["ru"] in title_page(init_report(cli, tmp_path, "ru", new_bank))
    # only a draft translation of the bank can be marked reviewed
    for code, message in (
        ("en", "the en text of bank 2026.4 is original, not a draft translation"),
        ("de", "--reviewed de: the bank has no 'de' texts"),
    ):
        result = cli(
            "questions", "apply", str(consolidated), "-o", str(tmp_path / "x.yaml"),
            "--reviewed", code,
        )  # fmt: skip
        assert result.exit_code == 2 and message in result.output, result.output
    result = cli(
        "questions", "apply", str(consolidated), "-o", str(tmp_path / "x.yaml"),
        "--bank", str(new_bank), "--reviewed", "ar",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "the ar text of bank 2026.5 is reviewed, not a draft translation" in result.output
    assert not (tmp_path / "x.yaml").exists()


def test_questions_list_and_show_in_arabic_russian_and_chinese(cli):
    qb = default_bank()
    for lang in ("ar", "ru", "zh"):
        result = cli("questions", "show", "method.lead", "--lang", lang, "--json")
        shown = json.loads(result.output)
        assert shown["text"] == qb.question("method.lead").text[lang]
        assert shown["text"] != qb.question("method.lead").text["en"]
        listed = json.loads(cli("questions", "list", "--lang", lang, "--json").output)
        assert listed["translation"] == "draft"
        assert listed["questions"][0]["text"] == qb.question("method.lead").text[lang]
        plain = cli("questions", "list", "--lang", lang, "--section", "next").output
        assert DRAFT_NOTICE[lang] in plain and qb.question("next.steps").text[lang][:10] in plain
    assert json.loads(cli("questions", "list", "--json").output)["translation"] == "original"
