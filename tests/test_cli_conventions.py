"""Conventions every command keeps: help with examples and value names people understand, one
meaning per option (``-o`` a file, ``-d`` a folder), codes in any case, suggestions for near
misses, outputs checked before any work, and ``gcmreview doctor``."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
import typer.main

from gcmreview.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "eca"


def _commands() -> list[tuple[str, object]]:
    """Every leaf command, with its path after ``gcmreview``."""
    found = []

    def walk(group, path: str) -> None:
        for name in group.list_commands(None):
            command = group.commands[name]
            full = f"{path} {name}".strip()
            if hasattr(command, "commands"):
                walk(command, full)
            else:
                found.append((full, command))

    walk(typer.main.get_command(app), "")
    return found


COMMANDS = [path for path, _ in _commands()]


@pytest.mark.parametrize("path", COMMANDS)
def test_help_has_examples_and_plain_value_names(cli, path: str) -> None:
    result = cli(*path.split(), "--help")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Examples:" in text, f"{path}: no examples"
    examples = text.split("Examples:", 1)[1]
    shown = [line.strip() for line in examples.splitlines() if line.strip()]
    assert 1 <= len(shown) <= 3 and all(line.startswith(f"gcmreview {path}") for line in shown)
    for internal in ("<list[", "<str>", "<int>", "<path>", "<file>", "<dir>", "{"):
        assert internal not in text, f"{path}: {internal!r} in its help"


def test_root_help_offers_completion(cli) -> None:
    result = cli("--help")
    assert "--install-completion" in result.output and "--show-completion" in result.output


@pytest.mark.parametrize("path", COMMANDS)
def test_o_is_always_an_output_file_and_d_a_folder(path: str) -> None:
    command = dict(_commands())[path]
    for param in command.params:  # type: ignore[attr-defined]
        opts = getattr(param, "opts", [])
        if "-o" in opts:
            assert "--output" in opts, f"{path}: -o is {opts}"
            info = param.type_descriptor.parameter_info
            assert info.dir_okay is False, f"{path}: -o must be a file"
        if "-d" in opts:
            assert "--output-dir" in opts, f"{path}: -d is {opts}"
            assert param.type_descriptor.parameter_info.file_okay is False


def test_codes_in_any_case(cli, tmp_path: Path) -> None:
    result = cli(
        "init", "--country", "holland", "--region", "ece", "--lang", "FR",
        "--kind", "National", "-d", str(tmp_path / "new" / "folder"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "folder" / "NLD_national_2028-2029_fr.docx").is_file()
    listed = cli("questions", "list", "--lang", "ES", "--objective", "13", "--json")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)


def test_question_ids_as_people_type_them(cli) -> None:
    for typed in ("obj.1.measures", "OBJ.01.Measures"):
        result = cli("questions", "show", typed, "--json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["id"] == "obj.01.measures"
    near = cli("questions", "show", "obj.01.mesures")
    assert near.exit_code == 2
    assert "Did you mean obj.01.measures" in near.output


def test_country_suggestion(cli, tmp_path: Path) -> None:
    result = cli("init", "--country", "Holand", "--region", "ECE", "-d", str(tmp_path))
    assert result.exit_code == 2
    assert "Did you mean Netherlands" in result.output


def test_outputs_checked_before_any_work(cli, tmp_path: Path) -> None:
    """An existing output fails in the first second, before the inbox is read (here the
    inbox does not even exist: the output is what is reported)."""
    existing = tmp_path / "synthesis.docx"
    existing.write_bytes(b"the secretariat's own draft")
    started = time.perf_counter()
    result = cli("synthesize", str(tmp_path / "no-such-inbox"), "-o", str(existing))
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert time.perf_counter() - started < 5
    assert existing.read_bytes() == b"the secretariat's own draft"
    missing = cli("export", str(EXAMPLES / "KEN_national_2028-2029_en.docx"), "-o",
                  str(tmp_path / "no" / "folder" / "KEN.json"))  # fmt: skip
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_d_refuses_a_file(cli, tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    result = cli("init", "--country", "KEN", "--region", "ECA", "-d", str(afile))
    assert result.exit_code == 2
    assert re.search(r"is a file", result.output)


def test_doctor(cli) -> None:
    result = cli("doctor", "--json")
    assert result.exit_code == 0, result.output
    facts = json.loads(result.output)
    assert facts["templates_found"] is True
    assert facts["bank"].startswith("gcm-regional-review")
    assert set(facts["console"]) >= {"stdout_encoding", "locale_encoding"}
    assert facts["libraries"]["python-docx"]
    text = cli("doctor")
    assert text.exit_code == 0 and "LibreOffice" in text.output and "Templates" in text.output


def test_writing_a_synthesis_advances_its_progress(tmp_path: Path) -> None:
    """The progress bar shown while a synthesis is written has one step per part of the
    report, the workbook and the files: as many as WRITE_STEPS says."""
    from gcmreview import synthesis, synthesize
    from gcmreview.bank import default_bank
    from gcmreview.synthesis_docx import CHAPTERS, Writer

    s = synthesis.build([EXAMPLES], default_bank(), region="ECA")
    assert len(Writer(s).chapters()) == CHAPTERS
    steps: list[int] = []
    synthesize.write(s, tmp_path / "synthesis.docx", advance=lambda: steps.append(1))
    assert len(steps) == synthesize.WRITE_STEPS


@pytest.mark.parametrize("path", COMMANDS)
def test_help_examples_use_real_options(path: str) -> None:
    from gcmreview.help_text import EXAMPLES

    command = dict(_commands())[path]
    known = {opt for p in command.params for opt in getattr(p, "opts", [])}  # type: ignore[attr-defined]
    for line in EXAMPLES.get(path, []):
        for token in line.split():
            if token.startswith("-") and token not in (">",):
                assert token in known, f"{path}: example uses {token}, not an option"
