"""The question bank: structure, translations, fingerprint and error reporting."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from gcmreview import bank as bank_mod
from gcmreview import languages, reference
from gcmreview.errors import BankError

BANK_FILE = bank_mod.templates_dir() / "bank" / bank_mod.DEFAULT_BANK


@pytest.fixture(scope="module")
def qb():
    return bank_mod.default_bank()


@pytest.fixture
def raw():
    return yaml.safe_load(BANK_FILE.read_text(encoding="utf-8"))


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


#: The fingerprint of every released version of the bundled bank. A change of wording,
#: order or structure changes the fingerprint: it needs a new version, a changelog entry
#: and a line here, so that a report made from one version is never mistaken for another.
RELEASED = {
    "2026.2": "sha256:08e4275bf4e2c2ed",
    "2026.3": "sha256:0048d4bc51cf012c",
    "2026.4": "sha256:ac54a58f30d0ead6",
}


def test_bank_content_cannot_change_without_a_new_version(qb):
    assert RELEASED.get(qb.version) == qb.fingerprint, (
        f"the bank's content changed but its version is still {qb.version}: give it a new "
        "version with a changelog entry, and add its fingerprint to RELEASED"
    )
    raw = yaml.safe_load((bank_mod.templates_dir() / "bank" / "gcm-questions.yaml").read_text())
    assert raw["changelog"][-1]["version"] == qb.version


def test_bank_has_version_cycle_and_fingerprint(qb):
    assert qb.version == "2026.4"
    assert qb.review_cycle == "2028-2029"
    assert qb.languages == ("en", "fr", "es", "ar", "ru", "zh") == languages.codes()
    assert qb.fingerprint.startswith("sha256:") and len(qb.fingerprint) == 7 + 16


def test_national_sections_follow_the_vnr_frame(qb):
    national = [s.id for s in qb.sections_for("national")]
    assert national == ["method", "policy", "obj", "moi", "cross", "next", "data"]
    shadow = [s.id for s in qb.sections_for("shadow")]
    assert shadow == ["obj", "cross", "org", "consult", "recs", "data"]


def test_every_objective_has_the_per_objective_questions(qb):
    for n in range(1, 24):
        for suffix in (
            "priority",
            "measures",
            "results",
            "challenges",
            "practices",
            "principles",
            "data",
            "assessment",
            "evidence",
        ):
            q = qb.question(f"obj.{n:02d}.{suffix}")
            assert q.objective == n and n in q.objectives
    assert qb.question("obj.13.measures").required_if.question == "obj.13.priority"
    assert qb.question("obj.13.evidence").audience == "shadow"
    assert qb.question("obj.13.measures").audience == "national"


def test_question_fields(qb):
    q = qb.question("method.consulted")
    assert q.kind == "multichoice"
    assert [c.code for c in q.choices] == [s.code for s in reference.stakeholders()]
    assert q.principles == ("j",)
    assert qb.question("obj.05.principles").choice_codes() == list("abcdefghij")
    assert qb.question("method.lead").word_limit == 300
    assert qb.question("method.started").kind == "date"
    assert qb.question("method.focal_point").contact is True


def test_cross_cutting_issues_of_the_seed(qb):
    cross = [q.id for q in qb.questions_in(qb.section("cross"))]
    assert cross == [
        "cross.climate",
        "cross.discourse",
        "cross.children",
        "cross.women",
        "cross.covid",
        "cross.mixed",
        "cross.return",
    ]


def test_data_annex_tables_are_disaggregated_by_sex_and_age(qb):
    stock = qb.question("data.stock")
    assert stock.kind == "table"
    roles = [c.role for c in stock.table.columns]
    assert roles.count("total") == 1 and roles.count("sex") >= 2 and roles.count("age") >= 3
    assert stock.table.unit["en"] == "persons"
    sdg = qb.question("data.sdg")
    assert [r.id for r in sdg.table.rows] == [
        "sdg_10_7_1",
        "sdg_10_7_3",
        "sdg_10_7_4",
        "sdg_10_c_1",
        "sdg_17_3_2",
    ]
    assert all(r.unit for r in sdg.table.rows)


def test_shadow_report_never_asks_for_personal_data_of_migrants(qb):
    for q in qb.questions.values():
        if q.for_kind("shadow") and q.kind == "text":
            en = (q.text["en"] + " " + q.guidance["en"]).lower()
            for word in ("passport", "date of birth", "name of the migrant"):
                assert word not in en, q.id


def test_every_text_is_translated(qb):
    def walk(node, path="bank"):
        if isinstance(node, dict):
            if "en" in node and isinstance(node["en"], str):
                for lang in qb.languages:
                    assert node.get(lang, "").strip(), f"{path}: no {lang}"
            for k, v in node.items():
                walk(v, f"{path}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{path}[{i}]")

    walk(yaml.safe_load(BANK_FILE.read_text(encoding="utf-8")))


def test_every_text_is_in_all_six_languages(raw):
    """Titles, questions, guidance, options, columns, rows and units: 282 texts, each in
    the six languages (ar, ru and zh are draft translations)."""
    texts = bank_mod._bank_texts(raw)
    assert len(texts) >= 282
    for where, text in texts:
        assert list(text) == ["en", "fr", "es", "ar", "ru", "zh"], where
        assert all(value.strip() for value in text.values()), where
    qb = bank_mod.default_bank()
    assert qb.question("obj.13.measures").text["ru"].startswith("Какие меры")
    assert qb.question("method.coordination").choices[0].label["zh"] == "是"


def test_draft_translations_are_marked(qb, raw):
    assert qb.translations == {
        "en": "original",
        "fr": "original",
        "es": "original",
        "ar": "draft",
        "ru": "draft",
        "zh": "draft",
    }
    assert [lang for lang in qb.languages if qb.draft_translation(lang)] == ["ar", "ru", "zh"]
    # a bank without `translations` (made before 2026.4) is its own text in every language
    # and keeps its fingerprint
    del raw["translations"]
    plain = bank_mod.resolve(raw, source="plain")
    assert set(plain.translations.values()) == {"original"}
    raw["translations"] = {}
    assert bank_mod.resolve(raw, source="empty").fingerprint == plain.fingerprint


@pytest.mark.parametrize(
    ("translations", "required", "problem"),
    [
        ({"ar": "checked"}, [], "translations.ar: Input should be 'original', 'draft' or"),
        ({"de": "draft"}, [], "translations.de: Value error, unknown language 'de'"),
        ({"en": "draft", "fr": "draft", "es": "draft"}, [], "translations: at least one"),
        ({}, ["en", "xx"], "required_languages[1]: Value error, unknown language 'xx'"),
    ],
)
def test_translation_marks_are_checked(tmp_path, raw, translations, required, problem):
    raw["languages"] = ["en", "fr", "es"]
    for _, text in bank_mod._bank_texts(raw):
        for lang in ("ar", "ru", "zh"):
            del text[lang]
    raw["translations"] = translations
    if required:
        raw["required_languages"] = required
    with pytest.raises(BankError) as exc:
        bank_mod.load_bank(write(tmp_path, raw))
    assert any(d.startswith(problem) for d in exc.value.details), exc.value.details


def test_required_language_not_offered(tmp_path, raw):
    raw["required_languages"] = ["en", "ru"]
    raw["languages"] = ["en", "fr", "es"]
    for _, text in bank_mod._bank_texts(raw):
        for lang in ("ar", "ru", "zh"):
            del text[lang]
    raw["translations"] = {}
    with pytest.raises(BankError) as exc:
        bank_mod.load_bank(write(tmp_path, raw))
    assert exc.value.details == ["required_languages: 'ru' is not in the bank's languages"]


REGIONAL = """schema: gcmreview/bank@1
extends: {extends}
namespace: ece
id: gcm-regional-review-ece
version: "2026.1-ece.1"
{extra}add_questions:
  cross:
    - id: cross.ece_mobility
      kind: text
      text: {text}
      guidance: {guidance}
"""
EN_FR_RU = (
    '{en: "Labour mobility?", fr: "Mobilité de la main-d\'œuvre ?", ru: "Трудовая мобильность?"}'
)
EN_FR = '{en: "Labour mobility?", fr: "Mobilité de la main-d\'œuvre ?"}'


def regional(tmp_path: Path, *, text=EN_FR_RU, guidance=EN_FR_RU, extra="", extends="default"):
    path = tmp_path / "regional.yaml"
    path.write_text(
        REGIONAL.format(text=text, guidance=guidance, extra=extra, extends=extends),
        encoding="utf-8",
    )
    return path


def test_regional_bank_requires_its_working_languages(tmp_path, cli):
    required = "required_languages: [en, fr, ru]\ntranslations: {ru: draft}\n"
    qb = bank_mod.load_bank(regional(tmp_path, extra=required))
    # the languages every regional text has; the base bank's other languages are left out
    assert qb.languages == ("en", "fr", "ru")
    assert qb.translations == {"en": "original", "fr": "original", "ru": "draft"}
    assert set(qb.question("method.lead").text) == {"en", "fr", "ru"}
    assert qb.question("cross.ece_mobility").text["ru"] == "Трудовая мобильность?"
    # a regional text without Russian: one line naming it
    path = regional(tmp_path, guidance=EN_FR, extra=required)
    with pytest.raises(BankError) as exc:
        bank_mod.load_bank(path)
    assert exc.value.message == (
        f"{path}: required language(s): ru is missing from 1 text(s) of this bank, "
        "e.g. add_questions.cross[cross.ece_mobility].guidance"
    )
    assert not exc.value.details
    result = cli("questions", "list", "--bank", str(path))
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "ru is missing" in result.output
    # the base bank's texts count too
    base = yaml.safe_load(BANK_FILE.read_text(encoding="utf-8"))
    del base["sections"][0]["questions"][0]["guidance"]["ru"]
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(base, allow_unicode=True), "utf-8")
    with pytest.raises(BankError) as exc:
        bank_mod.load_bank(regional(tmp_path, extra=required, extends="base.yaml"))
    assert exc.value.message.endswith(
        "ru is missing from 1 text(s) of the bank it extends (gcm-regional-review), "
        "e.g. sections[method].questions[method.lead].guidance"
    )
    with pytest.raises(BankError, match="required_languages: give a list of language codes"):
        bank_mod.load_bank(regional(tmp_path, extra="required_languages: [en, klingon]\n"))


def test_regional_bank_languages(tmp_path):
    # without required_languages or languages: those every regional text has
    qb = bank_mod.load_bank(regional(tmp_path, text=EN_FR, guidance=EN_FR))
    assert qb.languages == ("en", "fr")
    # languages given: the base bank's texts are cut to them; regional texts must have them
    qb = bank_mod.load_bank(regional(tmp_path, extra="languages: [en, ru]\n"))
    assert qb.languages == ("en", "ru") and set(qb.title) == {"en", "ru"}
    with pytest.raises(BankError) as exc:
        bank_mod.load_bank(regional(tmp_path, text=EN_FR, extra="languages: [en, ru]\n"))
    assert "question cross.ece_mobility.text: missing ru translation" in exc.value.details
    # the bundled example: ECE's English, French and Russian, with Spanish where given
    example = Path(__file__).resolve().parents[1] / "examples" / "banks" / "ece-regional.yaml"
    qb = bank_mod.load_bank(example)
    assert qb.languages == ("en", "fr", "es", "ru") and qb.draft_translation("ru")


def test_fingerprint_ignores_formatting_but_not_wording(tmp_path, raw):
    as_json = tmp_path / "bank.json"
    as_json.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    assert bank_mod.load_bank(as_json).fingerprint == bank_mod.default_bank().fingerprint
    changed = copy.deepcopy(raw)
    changed["sections"][0]["questions"][0]["text"]["en"] += " (revised)"
    assert bank_mod.load_bank(write(tmp_path, changed)).fingerprint != (
        bank_mod.default_bank().fingerprint
    )


def test_missing_translation_is_reported_with_the_question_id(tmp_path, raw):
    del raw["sections"][0]["questions"][1]["guidance"]["fr"]
    with pytest.raises(BankError) as exc:
        bank_mod.load_bank(write(tmp_path, raw))
    assert exc.value.details == ["question method.coordination.guidance: missing fr translation"]


def test_every_problem_is_listed_by_question_id_or_path(tmp_path, raw):
    qs = {q["id"]: q for q in raw["sections"][0]["questions"]}
    qs["method.lead"]["kind"] = "essay"
    qs["method.consulted"]["choices"] = "no_such_list"
    qs["method.consultation"]["principles"] = ["z"]
    qs["method.started"]["objectives"] = [24]
    raw["sections"][1]["questions"][0]["colour"] = "red"
    with pytest.raises(BankError) as exc:
        bank_mod.load_bank(write(tmp_path, raw))
    details = exc.value.details
    assert any(d.startswith("sections[method].questions[method.lead].kind:") for d in details)
    assert any("questions[policy.plan].colour: unknown field" in d for d in details)
    # The shape problems are reported first; fix them and the cross-references follow.
    qs["method.lead"]["kind"] = "text"
    del raw["sections"][1]["questions"][0]["colour"]
    with pytest.raises(BankError) as exc:
        bank_mod.load_bank(write(tmp_path, raw))
    assert exc.value.details == [
        "question method.consulted.choices: no choice list named 'no_such_list'",
        "question method.consultation.principles: unknown guiding principle 'z' "
        "(use the letters a–j of GCM para 15)",
        "question method.started.objectives: there is no objective 24 (1–23)",
    ]


def test_duplicate_ids_and_bad_references(tmp_path, raw):
    qs = raw["sections"][0]["questions"]
    qs[1]["id"] = "method.lead"
    raw["sections"][2]["questions"][1]["required_if"]["question"] = "nothing"
    with pytest.raises(BankError) as exc:
        bank_mod.load_bank(write(tmp_path, raw))
    assert "question method.lead: duplicate question ID" in exc.value.details
    assert "question measures.required_if: no question 'nothing' in section 'obj'" in (
        exc.value.details
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("sections: [\n  - id: x\n   bad", "is not valid YAML at line"),
        ("- just\n- a list\n", "is not a question bank"),
        ("a: &x [1]\nb: *x\n", "aliases"),
        ("", "is not a question bank"),
    ],
)
def test_unusable_bank_files_give_one_line(tmp_path, content, message):
    path = tmp_path / "bank.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BankError, match=message):
        bank_mod.load_bank(path)


def test_missing_and_binary_bank_files(tmp_path):
    with pytest.raises(BankError, match="does not exist"):
        bank_mod.load_bank(tmp_path / "nope.yaml")
    binary = tmp_path / "bank.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage\x80")
    with pytest.raises(BankError, match="not a UTF-8 text file"):
        bank_mod.load_bank(binary)
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as fh:
        fh.truncate(6 * 1024 * 1024)
    with pytest.raises(BankError, match="at most 5 MB"):
        bank_mod.load_bank(huge)


def test_select_filters(qb):
    obj13 = bank_mod.select(qb, objective=13)
    assert {q.id for q in obj13} >= {"obj.13.measures", "cross.children", "data.detention"}
    shadow = bank_mod.select(qb, audience="shadow")
    assert all(q.for_kind("shadow") for q in shadow)
    assert "org.name" in {q.id for q in shadow}
    assert "method.lead" not in {q.id for q in shadow}
    assert [q.id for q in bank_mod.select(qb, section="recs")] == [
        "recs.government",
        "recs.regional",
    ]
