"""The round-trip law: export(render(x)) == x, also after a LibreOffice re-save."""

from __future__ import annotations

import json

import pytest

from gcmreview import export, scaffold
from gcmreview.bank import default_bank
from gcmreview.submission import Submission

LONG = " ".join(["Long answers survive intact."] * 800)


def rich_submission(kind: str = "national", lang: str = "en", *, long: bool = True) -> Submission:
    bank = default_bank()
    answers: dict[str, object] = {
        "cross.climate": "First paragraph.\n\nSecond paragraph after an empty line.\n"
        "- bullet one\n- bullet two with\ttab\nClosing line.",
        "cross.discourse": "العربية: مكافحة خطاب الكراهية\n中文：移民数据\n"
        "Русский: миграция\nEmoji 🌍✈️👩🏽‍🌾 and “quotes” — dashes",
        "cross.covid": LONG if long else "Short answer.",
        "obj.13.assessment" if kind == "shadow" else "obj.13.priority": "some"
        if kind == "shadow"
        else "yes",
    }
    if kind == "national":
        answers.update(
            {
                "method.lead": "Ministry of the Interior (illustrative).",
                "method.coordination": "no",
                "method.entities": 14,
                "method.consulted": ["migrants", "civil_society", "academia", "media"],
                "method.started": "2028-01-15",
                "policy.plan": "drafting",
                "obj.13.measures": "  Indented start is kept.\nA second line.",
                "obj.13.principles": ["a", "h", "j"],
                "next.steps": "Next steps.",
            }
        )
    else:
        answers.update(
            {
                "org.name": "Example coalition",
                "org.category": "diaspora",
                "org.represents": "Members in three regions.",
                "consult.consulted": "formal",
                "recs.government": "1. One\n2. Two",
                "obj.13.evidence": "Monitoring visits (illustrative).",
            }
        )
    return Submission.model_validate(
        {
            "kind": kind,
            "country": "MAR",
            "region": "ECA",
            "language": lang,
            "review_cycle": bank.review_cycle,
            "bank_id": bank.id,
            "bank_version": bank.version,
            "bank_fingerprint": bank.fingerprint,
            "organisation": "Example coalition" if kind == "shadow" else None,
            "answers": answers,
            "tables": {
                "data.stock": {
                    "reference_year": 2027,
                    "source": "Recensement (illustratif)",
                    "cells": {
                        "foreign_born": {
                            "total": 102000,
                            "female": 50000,
                            "male": 52000,
                            "age_0_17": 20000,
                            "age_18_64": 75000,
                            "age_65": 7000,
                        },
                        "refugees": {"total": 1500},
                    },
                },
                "data.sdg": {
                    "cells": {
                        "sdg_10_c_1": {"value": 6.25, "source_type": "admin"},
                        "sdg_17_3_2": {"value": 7.1},
                    }
                },
            },
        }
    )


@pytest.mark.parametrize(
    ("kind", "lang"), [("national", "en"), ("national", "fr"), ("shadow", "es")]
)
def test_export_of_render_is_identity(tmp_path, kind, lang):
    bank = default_bank()
    x = rich_submission(kind, lang)
    written = scaffold.render(bank, x, tmp_path / "report.docx")
    result = export.read_submission(written.report, bank)
    assert result.submission == x
    assert [n.code for n in result.notes] == []


def test_export_cli_writes_json(cli, tmp_path):
    bank = default_bank()
    x = rich_submission()
    scaffold.render(bank, x, tmp_path / "r.docx")
    result = cli("export", str(tmp_path / "r.docx"), "-o", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    assert Submission.model_validate(json.loads((tmp_path / "r.json").read_text())) == x
    printed = cli("export", str(tmp_path / "r.docx"))
    assert json.loads(printed.stdout) == json.loads(x.to_json())


def test_schema_command(cli):
    schema = json.loads(cli("schema").output)
    assert schema["title"] == "Submission"
    assert {"kind", "country", "answers", "tables"} <= set(schema["properties"])


@pytest.mark.libreoffice
def test_round_trip_survives_libreoffice_resave(tmp_path, convert):
    bank = default_bank()
    for kind, lang in (("national", "fr"), ("shadow", "en")):
        x = rich_submission(kind, lang)
        written = scaffold.render(bank, x, tmp_path / f"{kind}.docx")
        resaved = tmp_path / f"resaved-{kind}"
        report = convert(written.report, "docx:MS Word 2007 XML", resaved)
        annex = convert(written.annex, "xlsx:Calc MS Excel 2007 XML", resaved)
        result = export.read_submission(report, bank, annex=annex)
        assert result.submission == x


# ---------------------------------------------------------------- property: any valid text

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from gcmreview.submission import normalise_text  # noqa: E402

CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn"))
LINE = st.text(CHARS | st.sampled_from(["\t", " ", "ä", "ß", "ع", "中", "я", "🌍"]), max_size=60)
PARAGRAPHS = st.lists(st.tuples(st.booleans(), LINE), min_size=1, max_size=6).map(
    lambda items: normalise_text(
        "\n".join(("- " + t if bullet and t.strip() else t) for bullet, t in items)
    )
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    climate=PARAGRAPHS,
    women=PARAGRAPHS,
    consulted=st.lists(
        st.sampled_from(["migrants", "civil_society", "academia", "media", "unions"]), unique=True
    ),
    stock=st.integers(min_value=0, max_value=10**9),
)
def test_round_trip_holds_for_any_valid_text(tmp_path_factory, climate, women, consulted, stock):
    bank = default_bank()
    data = json.loads(rich_submission(long=False).to_json())
    for qid, text in (("cross.climate", climate), ("cross.women", women)):
        if text.strip():
            data["answers"][qid] = text
        else:
            data["answers"].pop(qid, None)
    order = bank.question("method.consulted").choice_codes()
    data["answers"]["method.consulted"] = sorted(consulted, key=order.index) or ["migrants"]
    data["tables"]["data.stock"]["cells"]["refugees"] = {"total": stock}
    x = Submission.model_validate(data)
    out = tmp_path_factory.mktemp("prop")
    written = scaffold.render(bank, x, out / "r.docx")
    assert export.read_submission(written.report, bank).submission == x


def test_control_characters_are_removed_and_said():
    """Characters no Word or Excel file can hold are removed wherever they are (answers,
    organisation, a table's source), and the submission says where."""
    data = json.loads(rich_submission(long=False).to_json())
    data["answers"]["cross.climate"] = "bad\x07bell \ud800"
    data["tables"] = {"data.stock": {"source": "Census\x0b2027", "cells": {}}}
    sub = Submission.model_validate(data)
    assert sub.answers["cross.climate"] == "badbell "
    assert sub.tables["data.stock"].source == "Census2027"
    assert sub.removed_characters() == ["answers.cross.climate", "tables.data.stock.source"]
    data["answers"]["cross.climate"] = "windows\r\nline\rends"
    assert Submission.model_validate(data).answers["cross.climate"] == "windows\nline\nends"
