"""What ``gcmreview check`` prints and in which language: ``--format table|lines|json``,
``-q``, whole file names on narrow terminals, findings in English, French and Spanish from
``templates/i18n/findings.yaml``.

The reports are blank templates made with ``gcmreview init`` (illustrative: nothing is
answered, so required questions are reported missing).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gcmreview import checks, messages
from gcmreview.bank import default_bank
from gcmreview.reference import pick

GCMREVIEW = [sys.executable, "-m", "gcmreview"]


@pytest.fixture
def french_report(cli, tmp_path) -> Path:
    """A blank French national report for Senegal (illustrative)."""
    result = cli("init", "-c", "SEN", "-r", "ECA", "-l", "fr", "-d", str(tmp_path / "fr"))
    assert result.exit_code == 0, result.output
    (report,) = (tmp_path / "fr").glob("*.docx")
    return report


@pytest.fixture
def english_report(cli, tmp_path) -> Path:
    """A blank English national report for Kenya (illustrative)."""
    result = cli("init", "-c", "KEN", "-r", "ECA", "-d", str(tmp_path / "en"))
    assert result.exit_code == 0, result.output
    (report,) = (tmp_path / "en").glob("*.docx")
    return report


def _lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line]


# ---------------------------------------------------------------- formats


def test_lines_format_is_one_finding_per_line(cli, english_report):
    result = cli("check", str(english_report), "--format", "lines")
    assert result.exit_code == 1
    *findings, summary = _lines(result.output)
    bank = default_bank()
    question = bank.question("method.lead")
    section = pick(bank.section(question.section).title, "en")
    assert (
        f"{english_report}:{section} › method.lead: error required-missing no answer → "
        f"answer: {pick(question.text, 'en')}"
    ) in findings
    shape = re.compile(
        rf"^{re.escape(str(english_report))}:[^:]+(?::[^:]+)*: (error|warning) [a-z-]+ \S.*$"
    )
    for line in findings:
        assert shape.match(line), line
        assert line.split(": ", 1)[1].split(" ", 2)[1] in checks.CODES
    report = json.loads(cli("check", str(english_report), "--json").output)
    errors = sum(f["severity"] == "error" for f in report["files"][0]["findings"])
    warnings = len(findings) - errors
    assert len(findings) == len(report["files"][0]["findings"])
    assert summary == (
        f"1 file checked: 1 invalid; {errors} errors and {warnings} "
        f"warning{'s' if warnings != 1 else ''}."
    )


def test_lines_is_the_default_when_output_is_not_a_terminal(cli, english_report):
    # CliRunner's stdout is not a terminal, as when piped into grep or redirected to a file
    piped = cli("check", str(english_report))
    assert piped.output == cli("check", str(english_report), "--format", "lines").output
    assert "┏" not in piped.output
    table = cli("check", str(english_report), "--format", "TABLE")
    assert "INVALID" in table.output and table.output != piped.output


def test_quiet_prints_only_the_summary(cli, english_report, french_report):
    result = cli("check", str(english_report), str(french_report), "-q")
    assert result.exit_code == 1
    (line,) = _lines(result.output)
    assert re.fullmatch(r"2 files checked: 2 invalid; \d+ errors and \d+ warnings\.", line)
    quiet_table = cli("check", str(english_report), "--quiet", "--format", "table")
    assert len(_lines(quiet_table.output)) == 1


def test_json_alias_and_unknown_format(cli, english_report):
    assert json.loads(cli("check", str(english_report), "--json").output) == json.loads(
        cli("check", str(english_report), "--format", "json").output
    )
    bad = cli("check", str(english_report), "--format", "xml")
    assert bad.exit_code == 2
    assert "unknown format 'xml'" in bad.output


def test_narrow_terminal_never_cuts_a_file_name(english_report, tmp_path):
    name = "Republique_du_Kenya_rapport_national_examen_regional_2028_version_finale"
    name = name[:65] + ".docx"
    assert len(name) == 70
    folder = tmp_path / "narrow"
    folder.mkdir()
    (folder / name).write_bytes(english_report.read_bytes())
    annex = english_report.with_name(english_report.stem + "_data.xlsx")
    (folder / (name[:-5] + "_data.xlsx")).write_bytes(annex.read_bytes())
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    for args in (["--format", "table"], ["--format", "lines"]):
        result = subprocess.run(
            [*GCMREVIEW, "check", name, *args],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        assert result.returncode == 1, result.stderr
        lines = result.stdout.splitlines()
        assert any(name in line for line in lines), result.stdout
        assert "…" not in "".join(line for line in lines if name[:20] in line)
    # a short name stays in the table's File column, whole
    (folder / "KEN.docx").write_bytes(english_report.read_bytes())
    result = subprocess.run(
        [*GCMREVIEW, "check", "KEN.docx", "--format", "table"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert any(line.startswith("│ KEN.docx") for line in result.stdout.splitlines()), result.stdout


# ---------------------------------------------------------------- languages


def test_a_french_report_is_checked_in_french(cli, french_report):
    result = cli("check", str(french_report))
    assert result.exit_code == 1
    text = result.output
    bank = default_bank()
    question = bank.question("method.lead")
    section = pick(bank.section(question.section).title, "fr")
    assert (
        f"{french_report}:{section} › method.lead: error required-missing aucune réponse → "
        f"répondez à\u00a0: {pick(question.text, 'fr')}"
    ) in text
    assert "seulement 0 question a reçu une réponse sur " in text
    assert re.search(
        r"^1 fichier vérifié\u00a0: 1 non valide\u202f; \d+ erreurs et 1 avertissement\.$",
        text,
        re.M,
    )
    table = cli("check", str(french_report), "--format", "table").output
    assert "NON VALIDE" in table and "aucune réponse" in table
    assert "  erreur required-missing " in table


def test_lang_option_spanish_and_any_case(cli, french_report, english_report):
    result = cli("check", str(french_report), "--lang", "ES")
    text = result.output
    question = default_bank().question("method.lead")
    section = pick(default_bank().section(question.section).title, "es")
    assert f"{section} › method.lead: error required-missing sin respuesta" in text
    assert "responda a: " + pick(question.text, "es") in text
    assert re.search(r"^1 archivo revisado: 1 no válido; \d+ errores y 1 advertencia\.$",
                     text, re.M)  # fmt: skip
    # several reports without --lang: English, whatever their languages
    both = cli("check", str(french_report), str(english_report))
    assert "aucune réponse" not in both.output and "no answer" in both.output
    assert cli("check", str(english_report), "--lang", "de").exit_code == 2


def test_json_messages_follow_lang_and_codes_stay_english(cli, english_report):
    data = json.loads(cli("check", str(english_report), "--lang", "fr", "--format", "json").output)
    assert data["language"] == "fr"
    findings = data["files"][0]["findings"]
    missing = next(f for f in findings if f["code"] == "required-missing")
    assert set(missing) == {"code", "severity", "location", "message", "hint"}
    assert missing["severity"] == "error"
    assert missing["message"] == "aucune réponse"
    assert missing["hint"].startswith("répondez à\u00a0: ")
    empty = next(f for f in findings if f["code"] == "mostly-empty")
    assert empty["location"] == "document"
    assert empty["message"].startswith("seulement 0 question a reçu une réponse sur ")
    english = json.loads(cli("check", str(english_report), "--json").output)
    assert [f["code"] for f in english["files"][0]["findings"]] == [f["code"] for f in findings]


def test_counts_take_the_languages_plural_forms():
    def said(key: str, lang: str, **params: object) -> str:
        return messages.render(key, lang, params)

    assert said("tracked-changes", "en", n=1) == (
        "1 tracked change was left in the document; it was read as accepted"
    )
    assert said("tracked-changes", "fr", n=2) == (
        "2 modifications suivies ont été laissées dans le document\u202f; elles ont été lues "
        "comme acceptées"
    )
    assert said("tracked-changes", "es", n=1) == (
        "1 cambio controlado quedó en el documento; se leyó como aceptado"
    )
    assert said("word-limit", "fr", words=1234, limit=300) == (
        "1\u202f234 mots\u202f; la limite est de 300"
    )
    assert said("word-limit", "es", words=301, limit=300) == "301 palabras; el límite es de 300"
    quoted = [messages.Text("word.quoted", {"text": t}) for t in ("oui", "peut-être")]
    assert said("not-a-choice", "fr", values=quoted, n=2) == (
        "«\u00a0oui\u00a0» et «\u00a0peut-être\u00a0» ne font pas partie des options"
    )


# ---------------------------------------------------------------- the templates


def test_every_finding_code_has_a_message_in_every_language():
    languages = messages.languages()
    assert {"en", "fr", "es"} <= set(languages)
    templates = messages.templates()
    for code in checks.CODES:
        keys = [k for k in templates if k == code or k.startswith(code + ".")]
        assert keys, f"no message for the finding code {code}"
    field = re.compile(r"\{(\w+)(?:\|[^{}]*)?\}")
    for key, texts in templates.items():
        assert set(texts) == set(languages), (key, sorted(texts))
        for lang, text in texts.items():
            assert text.strip(), (key, lang)
            # every brace is a field this renderer fills: no stray { or }
            assert "{" not in field.sub("", text) and "}" not in field.sub("", text), (key, lang)
        names = {lang: set(field.findall(text)) for lang, text in texts.items()}
        # plural fields and named values exist in every language's wording
        for lang in languages:
            assert names[lang] <= set().union(*names.values()), (key, lang)
    message_keys = [k for k in templates if "." not in k or k.split(".")[0] in checks.CODES]
    for key in message_keys:
        assert key.split(".")[0] in checks.CODES, f"{key}: not a finding code"


def test_adding_a_language_is_adding_text():
    # the languages check speaks are those of findings.yaml: --lang is checked against them
    assert messages.check_language("Fr") == "fr"
    assert messages.check_language("ZH") == "zh"
    with pytest.raises(Exception, match="use one of en, fr, es, ar, ru, zh"):
        messages.check_language("pt")


@pytest.mark.parametrize(
    ("lang", "place"),
    [
        ("en", "sheet “Migrant stock”, row “Foreign-born population”, column “Total”, C7"),
        ("zh", "，C7"),
        ("ar", "، C7"),
    ],
)
def test_a_cell_is_placed_with_the_languages_comma(cli, tmp_path, lang, place):
    """A figure's place ends with its cell, after the language's comma ("，C7" in Chinese)."""
    root = Path(__file__).resolve().parents[1]
    data = json.loads((root / "examples/eca/GHA_national_2028-2029_en.json").read_text("utf-8"))
    data["tables"]["data.stock"]["cells"]["foreign_born"]["female"] = 999999
    report = tmp_path / "GHA.json"
    report.write_text(json.dumps(data), encoding="utf-8")
    result = cli("check", str(report), "--lang", lang, "--json")
    findings = json.loads(result.output)["files"][0]["findings"]
    totals = [f["location"] for f in findings if f["code"] == "total-mismatch"]
    assert totals and all(place in where for where in totals), totals
    if lang != "en":
        assert all(", C7" not in where for where in totals)
