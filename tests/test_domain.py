"""Domain fidelity: what a migration officer reading with the Global Compact and the Progress
Declaration open beside them would check in the bank, the synthesis and the calendar."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from gcmreview import reference, scaffold
from gcmreview.bank import default_bank
from gcmreview.submission import Submission

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "eca"
LANGS = ("en", "fr", "es")


@pytest.fixture(scope="module")
def bank():
    return default_bank()


def _texts(bank) -> list[str]:
    """Every text of the bank in every language."""
    found: list[str] = []
    for q in bank.questions.values():
        found += list(q.text.values()) + list(q.guidance.values())
        for c in q.choices:
            found += list(c.label.values())
        if q.table:
            for row in q.table.rows:
                found += list(row.label.values()) + list((row.unit or {}).values())
    for section in bank.sections:
        found += list(section.title.values()) + list((section.intro or {}).values())
    return found


def test_sdg_10_7_4_is_per_100000_of_the_country_of_origin(bank):
    table = bank.questions["data.sdg"].table
    row = next(r for r in table.rows if r.id == "sdg_10_7_4")
    assert row.max is None, "a rate per 100,000 has no upper bound of 100"
    assert "100,000" in row.unit["en"] and "country of origin" in row.unit["en"]
    assert "100 000" in row.unit["fr"] and "pays d'origine" in row.unit["fr"]
    assert "100.000" in row.unit["es"] and "país de origen" in row.unit["es"]
    assert not table.row_percent(row)


def test_sdg_10_7_2_has_its_six_policy_domains_and_four_levels(bank):
    q = bank.questions["data.sdg_10_7_2"]
    assert [r.label["en"] for r in q.table.rows] == [
        "1. Migrant rights",
        "2. Whole-of-government/evidence-based policies",
        "3. Cooperation and partnerships",
        "4. Socioeconomic well-being",
        "5. Mobility dimensions of crises",
        "6. Safe, orderly and regular migration",
    ]
    levels = q.table.choices["policy_level"]
    assert [c.label["en"] for c in levels] == [
        "Requires further progress", "Partially meets", "Meets", "Fully meets"]  # fmt: skip


def test_migration_detention_and_ending_child_detention(bank):
    assert not any("immigration detention" in text.casefold() for text in _texts(bank))
    children = bank.questions["cross.children"]
    assert "end the detention of children" in children.text["en"]
    assert "13 (h)" in children.guidance["en"]
    assert "mettre fin à la rétention des enfants" in children.text["fr"]
    assert "poner fin a la detención de niños" in children.text["es"]


def test_no_question_refers_to_an_assessment_that_is_not_there(bank):
    for n in (1, 13, 23):
        q = bank.questions[f"obj.{n:02d}.data"]
        assert "assessment" not in q.text["en"] and "évaluation" not in q.text["fr"]


def test_the_progress_declaration_and_the_seed_are_asked_about(bank):
    asked = {
        "policy.imrf_actions": "76/266",
        "policy.pledges": "pledges",
        "policy.indicators": "paragraph 70",
        "policy.champion": "Champion",
        "policy.champion_actions": "Champion",
        "cross.mixed": "Global Compact on Refugees",
        "cross.return": "voluntary",
        "moi.irregular_data": "irregular situation",
        "moi.new_partners": "mental-health professionals",
        "obj.13.hub": "Migration Network Hub",
    }
    for qid, words in asked.items():
        q = bank.questions[qid]
        assert words in q.text["en"], qid
        assert all(q.text[lang].strip() for lang in LANGS), qid
    assert bank.questions["policy.champion_actions"].required_if.question == "policy.champion"
    # The French and Spanish titles of the Progress Declaration are the UN's.
    assert (
        "Déclaration du Forum d'examen des migrations internationales sur les progrès"
        in (bank.questions["policy.imrf_actions"].text["fr"])
    )
    assert (
        "Declaración sobre los Progresos del Foro de Examen de la Migración Internacional"
        in (bank.questions["policy.imrf_actions"].text["es"])
    )


def test_every_official_text_the_bank_names_has_a_source(bank, cli):
    assert bank.sources and all(note.source for note in bank.sources)
    result = cli("reference", "sources", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    abouts = [row["about"] for row in data["sources"]]
    assert any("Progress Declaration" in about for about in abouts)
    assert any("ECLAC: members" in about for about in abouts)
    assert set(data["unverified"]) == {r["about"] for r in data["sources"] if not r["verified"]}
    assert "Objective 18 title (fr)" in data["unverified"]
    # Sources a UN reader follows: no notes on how the data was found.
    for path in (ROOT / "src" / "gcmreview" / "data").glob("*.yaml"):
        text = path.read_text(encoding="utf-8").casefold()
        for word in ("wikipedia", "stored corpora", "stored copy", "available to us"):
            assert word not in text, (path.name, word)


def test_reference_texts_in_the_six_official_languages_never_pass_a_draft_as_official():
    """Issue 15: objectives, principles, para 44 stakeholders and commissions in all six
    languages; a text that is gcmreview's own translation says so wherever it is shown."""
    items = [*reference.objectives(), *reference.principles(), *reference.stakeholders()]
    for item in items:
        assert set(item.title) == set(reference.UN_LANGUAGES), item
        assert all(item.title[lang].strip() for lang in reference.UN_LANGUAGES), item
        for lang in reference.UN_LANGUAGES:
            level = item.verified[lang]
            shown = item.display_title(lang)
            assert (shown != item.title[lang]) == (level == "draft"), (item, lang)
    for c in reference.commissions():
        assert set(c.name) == set(reference.UN_LANGUAGES), c.code
        assert "draft" not in c.name_verified.values()  # names are never home-made
        assert "draft" not in c.acronym_verified.values()
    # The trap of objective 13 in every language: migration detention, not immigration.
    o13 = reference.objective(13)
    assert "احتجاز المهاجرين" in o13.title["ar"]
    assert "задержания мигрантов" in o13.title["ru"]
    assert "移民拘留" in o13.title["zh"]
    # Russian: "legal" (легальной) migration is the GCM's "regular" in objective 23's wording.
    assert "упорядоченной и легальной миграции" in reference.objective(23).title["ru"]


def test_360_degree_vision_in_un_wording():
    for lang, words in (("en", "360-degree vision"), ("fr", "vision à 360 degrés"),
                        ("es", "visión de 360 grados")):  # fmt: skip
        text = (ROOT / "templates" / "synthesis" / f"{lang}.j2").read_text(encoding="utf-8")
        assert words in text
        assert "vision globale" not in text and "visión integral" not in text
        assert "Annual Meeting" not in text and "réunion annuelle" not in text


def test_the_calendar_follows_the_reviews_after_the_forum(cli):
    result = cli("calendar", "--region", "ECE", "--review-date", "2029-03-14", "--json")
    assert result.exit_code == 0, result.output
    events = {e["id"]: e for e in json.loads(result.output)["events"]}
    assert events["hearing"]["start"] < events["review"]["start"] < events["outcome"]["start"]
    assert "chair's summary" in events["outcome"]["title"]
    assert "biennial report" in events["hand-over"]["title"]
    plan = (ROOT / "templates" / "calendar" / "plan.yaml").read_text(encoding="utf-8")
    assert "2020-2021 regional reviews ran" not in plan


def _synthesize(cli, tmp_path: Path, subs: list[dict], region: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for i, data in enumerate(subs):
        (folder / f"{i}.json").write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "s.docx"
    result = cli("synthesize", str(folder), "--region", region, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_participation_counts_the_region_and_names_the_others_apart(cli, tmp_path):
    """ECLAC: Mexico is a Member State of the region; France a non-regional member; Puerto
    Rico an associate member. The denominator is the region's 33 Member States."""
    base = json.loads((EXAMPLES / "KEN_national_2028-2029_en.json").read_text(encoding="utf-8"))
    subs = [dict(base, country=code, region="ECLAC") for code in ("MEX", "FRA", "PRI")]
    eclac = reference.commission("ECLAC")
    assert len(eclac.regional_members) == 33
    out = _synthesize(cli, tmp_path, subs, "ECLAC")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "1 of the 33 Member States of the region" in text
    assert "France" in text and "outside the region" in text
    assert "Puerto Rico" in text and "associate member" in text


def test_good_practices_are_listed_for_the_migration_network_hub(cli, tmp_path):
    bank = default_bank()
    data = json.loads((EXAMPLES / "KEN_national_2028-2029_en.json").read_text(encoding="utf-8"))
    practice = next(k for k in data["answers"] if k.endswith(".practices"))
    data["answers"][practice.replace(".practices", ".hub")] = "yes"
    folder = tmp_path / "in"
    folder.mkdir()
    scaffold.render(bank, Submission.model_validate(data), folder / "KEN.docx")
    out = tmp_path / "s.docx"
    assert cli("synthesize", str(folder), "--region", "ECA", "-o", str(out)).exit_code == 0
    headings = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Annex D. Good practices reported, for the Migration Network Hub" in headings
    sheet = openpyxl.load_workbook(out.with_suffix(".xlsx"))["Good practices"]
    rows = list(sheet.values)[1:]
    assert rows and rows[0][0] == "KEN" and rows[0][4] == "yes"
    assert rows[0][3] == data["answers"][practice]


def test_the_examples_pass_a_strict_check(cli, tmp_path):
    """The bundled examples are made from the current bank: no outdated-bank warning, and a
    strict check exits 0."""
    folder = tmp_path / "examples"
    shutil.copytree(EXAMPLES, folder)
    result = cli("check", str(folder), "--strict", "--json")
    assert result.exit_code == 0, result.output
    for entry in json.loads(result.output)["files"]:
        assert entry["identity"]["bank_version"] == default_bank().version
