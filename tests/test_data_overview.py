"""The synthesis's regional overview of the data (charts per SDG indicator, a sentence where
one Member State alone gave one, SDG indicator 10.7.2's levels counted) and the manifest's
placement of every question of the bank."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from gcmreview.bank import QuestionBank, default_bank, load_bank
from gcmreview.i18n import t
from test_synthesize import EXAMPLES, ROOT, example, headings_of, table_after, text_of

pytestmark = pytest.mark.skipif(not EXAMPLES.exists(), reason="needs the bundled examples")


def _write(folder: Path, reports: dict[str, dict]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, data in reports.items():
        (folder / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def _charts(path: Path) -> dict[str, str]:
    """The indicator charts: caption → alt text (descr). A chart is followed by its caption."""
    document = docx.Document(str(path))
    found: dict[str, str] = {}
    paragraphs = document.paragraphs
    for p, after in itertools.pairwise(paragraphs):
        pr = p._p.find(f".//{qn('wp:docPr')}")
        if pr is not None and after.style.name == "Caption":
            found[after.text] = pr.get("descr")
    return found


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_one_member_state_alone_gets_a_sentence_not_a_chart(cli, tmp_path):
    """Kenya alone gives SDG indicator 10.c.1: no chart of one bar, but a sentence naming
    Kenya, its figure with the unit and the reference year, in the report's language; an
    indicator nobody gave has neither; indicators two Member States gave keep their chart."""
    ken = example("KEN_national_2028-2029_en.json")
    gha = example("GHA_national_2028-2029_en.json")
    del gha["tables"]["data.sdg"]["cells"]["sdg_10_c_1"]
    folder = _write(tmp_path / "in", {"KEN": ken, "GHA": gha})
    sentences = {
        "en": "10.c.1 Remittance costs as a proportion of the amount remitted: only one "
        "Member State, Kenya, reported this indicator for 2027 (6.1 % of amount remitted), "
        "so no comparison between Member States is drawn.",
        "fr": "10.c.1 Coûts des envois de fonds en proportion du montant transféré\xa0: un "
        "seul État Membre a communiqué cet indicateur pour 2027 (Kenya, 6,1 % du montant "
        "transféré)\u202f; aucune comparaison entre États Membres n'est donc présentée.",
        "es": "solo un Estado Miembro, Kenya, comunicó este indicador para 2027 (6,1 % de la "
        "suma remitida)",
        "ru": "за 2027 год представило только одно государство-член — Кения (6,1 % от "
        "переводимой суммы)",
        "zh": "只有一个会员国即肯尼亚报告了2027年的这一指标（6.1，单位：占汇款额的百分比）",
    }
    for lang, sentence in sentences.items():
        out = tmp_path / f"{lang}.docx"
        result = cli("synthesize", str(folder), "--lang", lang, "-o", str(out))
        assert result.exit_code == 0, result.output
        said = [p for p in _paragraphs(out) if sentence in p]
        assert len(said) == 1, (lang, [p for p in _paragraphs(out) if "10.c.1" in p])
        charts = _charts(out)
        assert not any(c.startswith("10.c.1") for c in charts), charts
        assert any(c.startswith("17.3.2") for c in charts), charts  # Kenya and Ghana
        assert "10.7.4" not in text_of(out)  # nobody gave it: no sentence, no chart


def test_the_sentence_without_a_reference_year(cli, tmp_path):
    ken = example("KEN_national_2028-2029_en.json")
    ken["tables"]["data.sdg"]["reference_year"] = None
    folder = _write(tmp_path / "in", {"KEN": ken})
    out = tmp_path / "s.docx"
    assert cli("synthesize", str(folder), "-o", str(out)).exit_code in (0, 1)
    said = [p for p in _paragraphs(out) if "only one Member State, Kenya" in p]
    assert any(
        p.startswith("10.7.1 ") and "without a reference year (112 % of monthly income)" in p
        for p in said
    ), said
    assert set(_charts(out)) == {"Number of Member States reporting measures, by objective"}


def test_chart_alt_text_gives_every_member_state_and_figure_ranked(cli, tmp_path):
    """The alt text of a chart says the indicator with its unit, the reference year and
    each Member State's figure from the highest to the lowest, in the report's language."""
    out = tmp_path / "en.docx"
    docxs = [str(p) for p in sorted(EXAMPLES.glob("*.docx"))]
    assert cli("synthesize", *docxs, "--region", "ECA", "-o", str(out)).exit_code == 0
    alt = next(a for c, a in _charts(out).items() if c.startswith("17.3.2"))
    assert alt == (
        "Bar chart: 17.3.2 Volume of remittances (in United States dollars) as a proportion "
        "of total GDP (% of GDP), reference year 2027. Member States from the highest figure "
        "to the lowest: Senegal: 10.1; Morocco: 7.6; Ghana: 5.9; Tunisia: 5.7; Kenya: 3.6; "
        "Ethiopia: 1.1; Côte d'Ivoire: 0.6; South Africa: 0.3."
    )
    out = tmp_path / "fr.docx"
    assert (
        cli("synthesize", *docxs, "--region", "ECA", "--lang", "fr", "-o", str(out)).exit_code == 0
    )
    alt = next(a for c, a in _charts(out).items() if c.startswith("10.c.1"))
    assert alt.startswith("Graphique à barres\xa0: 10.c.1 Coûts des envois de fonds")
    assert "(% du montant transféré), année de référence 2027." in alt
    assert alt.endswith(
        "Afrique du Sud\xa0: 8,4\u202f; Côte d'Ivoire\xa0: 7,2\u202f; Ghana\xa0: 6,8\u202f; "
        "Kenya\xa0: 6,1\u202f; Tunisie\xa0: 5,8\u202f; Sénégal\xa0: 5,4\u202f; Maroc\xa0: 4,9."
    )


def test_alt_text_of_a_large_region_stays_readable(cli, tmp_path):
    """Eighteen Member States: the alt text names the fifteen highest and counts the rest
    (their figures are in annex A); the chart itself has every bar."""
    ken = example("KEN_national_2028-2029_en.json")
    countries = ["KEN", "GHA", "ETH", "ZAF", "SEN", "MAR", "TUN", "CIV", "NGA", "EGY",
                 "UGA", "RWA", "TZA", "ZMB", "BWA", "NAM", "MLI", "BEN"]  # fmt: skip
    reports = {}
    for i, country in enumerate(countries):
        data = json.loads(json.dumps(ken))
        data["country"] = country
        data["tables"]["data.sdg"]["cells"]["sdg_17_3_2"]["value"] = 20 - i
        reports[country] = data
    out = tmp_path / "s.docx"
    folder = _write(tmp_path / "in", reports)
    assert cli("synthesize", str(folder), "-o", str(out)).exit_code in (0, 1)
    alt = next(a for c, a in _charts(out).items() if c.startswith("17.3.2"))
    assert "lowest: Kenya: 20; Ghana: 19; Ethiopia: 18;" in alt
    assert alt.endswith("; Zambia: 7; Botswana: 6; 3 more (annex A).")
    assert "Namibia" not in alt and len(alt) < 700


def test_sdg_10_7_2_levels_are_counted_not_charted(cli, tmp_path):
    """SDG indicator 10.7.2 is a level per policy domain (categories, not figures): the
    overview counts the Member States at each level by domain, draws no chart, and the
    manifest places it there."""
    out = tmp_path / "s.docx"
    docxs = [str(p) for p in sorted(EXAMPLES.glob("*.docx"))]
    assert cli("synthesize", *docxs, "--region", "ECA", "-o", str(out)).exit_code == 0
    headings = headings_of(out)
    overview = next(h for h in headings if h.endswith("Regional overview of the data reported"))
    at = headings.index(overview)
    assert "SDG indicator 10.7.2" in headings[at:]
    table = table_after(out, "SDG indicator 10.7.2")
    rows = [
        ["".join(w.text or "" for w in c.iter(qn("w:t"))) for c in r.findall(qn("w:tc"))]
        for r in table.findall(qn("w:tr"))
    ]
    assert rows[0] == ["Row", "Reference year", "Requires further progress",
                       "Partially meets", "Meets", "Fully meets"]  # fmt: skip
    # Kenya and Senegal (examples/eca): cooperation fully meets / meets; crises further
    # progress / partially meets
    assert ["3. Cooperation and partnerships", "2027", "0", "0", "1", "1"] in rows
    assert ["5. Mobility dimensions of crises", "2027", "1", "1", "0", "0"] in rows
    assert len(rows) == 7
    assert "The number of Member States that gave each answer under “Level”" in text_of(out)
    assert not any("10.7.2" in c for c in _charts(out))
    placement = json.loads(out.with_name("s.manifest.json").read_text())["placement"]
    assert placement["data.sdg_10_7_2"] == overview


# ---------------------------------------------------------------- placement


def _every_answer(bank: QuestionBank, kind: str) -> tuple[dict, dict]:
    """An answer to every question of the bank for this kind of report (the data tables
    with a figure or a level in every row)."""
    answers: dict[str, object] = {}
    tables: dict[str, dict] = {}
    for q in bank.questions.values():
        if not q.for_kind(kind):
            continue
        if q.kind == "text":
            answers[q.id] = f"An illustrative answer to {q.id}, written for the test."
        elif q.kind in ("choice", "multichoice"):
            code = q.choices[0].code
            answers[q.id] = code if q.kind == "choice" else [code]
        elif q.kind == "number":
            answers[q.id] = 3
        elif q.kind == "date":
            answers[q.id] = "2028-03-01"
        else:
            assert q.table is not None
            cells = {
                row.id: {
                    c.id: q.table.choices[c.choices][0].code if c.role == "code" else 2
                    for c in q.table.columns
                    if c.role in ("total", "value") or (c.role == "code" and c.choices)
                }
                for row in q.table.rows
            }
            tables[q.id] = {"reference_year": 2027, "cells": cells}
    return answers, tables


@pytest.mark.parametrize("bank_file", [None, "examples/banks/ece-regional.yaml"])
def test_every_question_of_the_bank_is_placed_or_has_a_reason(cli, tmp_path, bank_file):
    """Walk the bank: a national and a shadow report answering every question they are
    asked; the manifest places every question, national and shadow, in a chapter of the
    report, except contact details, which are never printed (personal data)."""
    bank = load_bank(ROOT / bank_file) if bank_file else default_bank()
    country, region = ("KAZ", "ECE") if bank_file else ("KEN", "ECA")
    reports = {}
    for kind in ("national", "shadow"):
        data = example(f"KEN_{kind}_2028-2029_en.json")
        data.update(country=country, region=region, bank_id=bank.id)
        data.update(bank_version=bank.version, bank_fingerprint=bank.fingerprint)
        data["answers"], data["tables"] = _every_answer(bank, kind)
        reports[kind] = data
    folder = _write(tmp_path / "in", reports)
    out = tmp_path / "s.docx"
    args = ["--bank", str(ROOT / bank_file)] if bank_file else []
    result = cli("synthesize", str(folder), *args, "-o", str(out))
    assert result.exit_code in (0, 1), result.output
    placement = json.loads(out.with_name("s.manifest.json").read_text())["placement"]
    chapters = {h for h in headings_of(out) if h == h.lstrip() and not h.startswith(" ")}
    contact = t("synth.placement.contact", "en")
    unplaced = {}
    for qid, q in bank.questions.items():
        where = placement.get(qid)
        if q.contact:
            assert where == contact, (qid, where)
        elif where is None or not set(where.split("; ")) <= chapters:
            unplaced[qid] = where
    assert unplaced == {}
    assert set(placement) == set(bank.questions)
    # the shadow report's own questions are in its chapter, its category is printed
    shadow = next(h for h in chapters if h.endswith("Civil society shadow reports"))
    for qid in ("org.name", "org.category", "consult.consulted", "obj.13.assessment",
                "obj.13.evidence", "recs.regional"):  # fmt: skip
        assert placement[qid] == shadow, qid
    assert "Stakeholder category: " in text_of(out)
    # asked of both: the national report's chapter, then the shadow reports'
    assert placement["cross.women"].endswith("; " + shadow)
    assert "organisation e-mail" not in json.dumps(placement)


def test_questions_nobody_answered_say_so(cli, tmp_path):
    """The examples leave some questions unanswered: the manifest says so for each, and
    says why contact details are not in the report."""
    out = tmp_path / "s.docx"
    docxs = [str(p) for p in sorted(EXAMPLES.glob("*.docx"))]
    assert cli("synthesize", *docxs, "--region", "ECA", "-o", str(out)).exit_code == 0
    placement = json.loads(out.with_name("s.manifest.json").read_text())["placement"]
    assert set(placement) == set(default_bank().questions)
    assert placement["policy.pledges"] == "Not in the report: no report included answered it"
    assert placement["obj.01.assessment"] == placement["policy.pledges"]
    assert placement["org.contact"].startswith("Not in the report: a contact detail")
    assert placement["org.contact"] == placement["method.focal_point"]
    out = tmp_path / "fr.docx"
    assert (
        cli("synthesize", *docxs, "--region", "ECA", "--lang", "fr", "-o", str(out)).exit_code == 0
    )
    placement = json.loads(out.with_name("fr.manifest.json").read_text())["placement"]
    assert placement["org.contact"].startswith("Absente du rapport\xa0: coordonnées de contact")
    assert placement["org.category"].endswith("Rapports parallèles de la société civile")


def test_shadow_reports_figures_are_in_annex_a_marked_as_theirs(cli, tmp_path):
    """Figures civil society gave in a shadow report are not lost: annex A gives them after
    the Member States', marked with the organisation and "shadow report"; the regional
    figures of the data overview stay the Member States'."""
    national = example("KEN_national_2028-2029_en.json")
    shadow = example("KEN_shadow_2028-2029_en.json")
    flows = national["tables"]["data.flows"]
    shadow["tables"] = {"data.flows": {**flows, "source": "Forum survey of returnees, 2027"}}
    folder = _write(tmp_path / "in", {"national": national, "shadow": shadow})
    out = tmp_path / "s.docx"
    assert cli("synthesize", str(folder), "-o", str(out)).exit_code in (0, 1)
    document = docx.Document(str(out))
    names = [
        row.cells[0].text
        for table in document.tables
        if table.rows[0].cells[0].text == "Member State" and len(table.columns) > 4
        for row in table.rows[1:]
        if "Forum survey of returnees" in row.cells[-1].text or row.cells[0].text == "Kenya"
    ]
    organisation = f"{shadow['organisation']} (shadow report, Kenya)"
    assert organisation in names and names.index(organisation) > names.index("Kenya")
    placement = json.loads(out.with_name("s.manifest.json").read_text())["placement"]
    annex = "Annex A. Data reported by Member States and civil society organizations"
    assert placement["data.flows"].endswith(f"{t('synth.ch.data_overview', 'en')}; {annex}")
    before = _paragraphs(out)[: _paragraphs(out).index(annex)]
    assert before.count(annex) == 0 and "shadow report, Kenya" not in " ".join(before)


def test_a_row_a_member_state_added_to_a_table_is_in_annex_a(cli, tmp_path):
    """A row the person added to a data table ("of which: transit migrants") is not lost:
    annex A gives it after the template's rows, under the label typed, marked as added, and
    the manifest holds it for the validation packets."""
    national = example("KEN_national_2028-2029_en.json")
    national["tables"]["data.flows"]["extra_rows"] = [
        {"label": "of which: transit migrants", "cells": {"total": 1234}}
    ]
    folder = _write(tmp_path / "in", {"KEN": national})
    out = tmp_path / "s.docx"
    assert cli("synthesize", str(folder), "-o", str(out)).exit_code in (0, 1)
    cells = [
        [c.text for c in row.cells]
        for table in docx.Document(str(out)).tables
        for row in table.rows
        if row.cells[0].text == "Kenya"
    ]
    added = [r for r in cells if r[1] == "of which: transit migrants (row added to the table)"]
    assert added and added[0][2] == "1,234"
    manifest = json.loads(out.with_name("s.manifest.json").read_text(encoding="utf-8"))
    assert any(p["question"] == "data.flows.added.1" for p in manifest["passages"])
