"""The command line: every command, its help, errors and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gcmreview import __version__
from gcmreview.bank import DEFAULT_BANK, templates_dir
from gcmreview.cli import app

ROOT = Path(__file__).resolve().parents[1]


def all_commands():
    """Every command path, e.g. ("questions", "list"), walked from the Typer app."""
    import typer.main

    group = typer.main.get_command(app)
    found = []

    def walk(cmd, path):
        sub = getattr(cmd, "commands", None)
        if sub:
            for name, child in sub.items():
                walk(child, (*path, name))
        else:
            found.append(path)

    walk(group, ())
    return found


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"gcmreview {__version__}"


def test_help_lists_every_top_level_command_with_a_description(cli):
    result = cli("--help")
    assert result.exit_code == 0
    for name in ("questions", "reference"):
        line = next(line for line in result.output.splitlines() if line.strip().startswith(name))
        assert len(line.split()) > 1, f"{name} has no description"


@pytest.mark.parametrize("path", all_commands(), ids=" ".join)
def test_every_command_has_help(cli, path):
    result = cli(*path, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(result.output.strip().splitlines()) > 3


def test_questions_list_in_french_for_objective_13(cli):
    result = cli("questions", "list", "--lang", "fr", "--objective", "13")
    assert result.exit_code == 0
    flat = " ".join(result.output.split())
    assert (
        "Objectif 13 : Ne recourir au placement en rétention administrative des migrants "
        "qu’en dernier ressort et chercher des solutions de rechange"
    ) in flat
    assert "obj.13.measures" in flat
    assert "Quelles mesures ont été" in flat


def test_questions_list_json(cli):
    result = cli(
        "questions", "list", "--objective", "13", "--audience", "shadow", "--json", "--lang", "es"
    )
    assert result.exit_code == 0
    data = json.loads(result.output)
    ids = [q["id"] for q in data["questions"]]
    assert ids == ["obj.13.assessment", "obj.13.evidence", "cross.children", "data.detention"]
    assert data["language"] == "es"
    assert data["questions"][0]["text"] == "¿Cómo valora la aplicación de este objetivo?"
    assert data["bank"]["version"] == "2026.4"


def test_questions_list_by_section(cli):
    result = cli("questions", "list", "--section", "recs", "--json")
    assert [q["id"] for q in json.loads(result.output)["questions"]] == [
        "recs.government",
        "recs.regional",
    ]


def test_questions_show(cli):
    result = cli("questions", "show", "policy.plan", "--lang", "es")
    assert result.exit_code == 0
    assert "Aprobado" in result.output or "adopted" in result.output
    data = json.loads(cli("questions", "show", "data.stock", "--json").output)
    assert data["kind"] == "table"
    assert data["table"]["columns"][0] == {"id": "total", "role": "total", "label": "Total"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["questions", "show", "nope.nope"], "no question 'nope.nope'"),
        (["questions", "list", "--lang", "de"], "unknown language 'de'"),
        (["questions", "list", "--section", "zzz"], "no section 'zzz'"),
        (["questions", "list", "--audience", "all"], "unknown audience 'all'"),
        (["reference", "regions", "XYZ"], "unknown region 'XYZ'"),
        (["reference", "country", "Atlantis"], "unknown country 'Atlantis'"),
    ],
)
def test_usage_errors_are_one_line_exit_2(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_malformed_bank_lists_problems_exit_2(cli, tmp_path):
    raw = yaml.safe_load((templates_dir() / "bank" / DEFAULT_BANK).read_text(encoding="utf-8"))
    raw["sections"][0]["questions"][0]["kind"] = "essay"
    del raw["sections"][1]["questions"][0]["text"]["es"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    result = cli("questions", "list", "--bank", str(bad))
    assert result.exit_code == 2
    assert "Error:" in result.output and "problem(s)" in result.output
    assert "sections[method].questions[method.lead].kind" in result.output
    assert "pydantic" not in result.output.lower() and "Traceback" not in result.output


def test_custom_bank_is_used(cli, tmp_path):
    raw = yaml.safe_load((templates_dir() / "bank" / DEFAULT_BANK).read_text(encoding="utf-8"))
    raw["version"] = "2027.1-ece"
    raw["sections"][0]["questions"][0]["text"]["en"] = "Who led the review?"
    custom = tmp_path / "custom.yaml"
    custom.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    data = json.loads(
        cli("questions", "list", "--section", "method", "--json", "--bank", str(custom)).output
    )
    assert data["bank"]["version"] == "2027.1-ece"
    assert data["questions"][0]["text"] == "Who led the review?"


def test_reference_commands(cli):
    data = json.loads(cli("reference", "objectives", "--json", "--lang", "es").output)
    assert len(data) == 23 and data[12]["title"].startswith("Utilizar la detención")
    assert len(json.loads(cli("reference", "principles", "--json").output)) == 10
    assert len(json.loads(cli("reference", "round-tables", "--json").output)) == 4
    assert len(json.loads(cli("reference", "stakeholders", "--json").output)) == 13
    regions = json.loads(cli("reference", "regions", "--json").output)
    assert {r["code"]: r["members"] for r in regions} == {
        "ECE": 56,
        "ESCAP": 53,
        "ECA": 54,
        "ECLAC": 46,
        "ESCWA": 21,
    }
    eclac = json.loads(cli("reference", "regions", "ECLAC", "--json").output)
    assert len(eclac["associate_members"]) == 14
    kenya = json.loads(cli("reference", "country", "Kenia", "--json").output)
    assert kenya["alpha3"] == "KEN" and kenya["commissions"] == ["ECA"]


def test_python_dash_m(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gcmreview", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"gcmreview {__version__}"


def _installed_script() -> Path:
    return Path(sys.executable).with_name("gcmreview")


@pytest.mark.skipif(not _installed_script().exists(), reason="gcmreview is not installed here")
def test_installed_entry_point_runs_from_another_directory(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [
            str(_installed_script()),
            "questions",
            "list",
            "--lang",
            "fr",
            "--objective",
            "13",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["questions"][0]["id"] == "obj.13.priority"
    bad = subprocess.run(
        [str(_installed_script()), "questions", "show", "x.y"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("Error: no question 'x.y'")
    assert "Traceback" not in bad.stderr
