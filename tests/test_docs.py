"""The README cannot drift from the code: commands, set-up lines and CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_cli import all_commands

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8") if (ROOT / "README.md").exists() else ""

pytestmark = pytest.mark.skipif(not README, reason="not running from a source checkout")


def setup_commands() -> list[str]:
    block = README.split("```sh", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.strip().splitlines()]


def test_readme_starts_with_two_setup_commands():
    install_and_run, install_and_test = setup_commands()
    assert install_and_run.startswith("python3.11 -m venv .venv && .venv/bin/pip install . &&")
    assert install_and_test == (
        "python3.11 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/python -m pytest"
    )
    # the main job synthesizes the bundled examples
    assert ".venv/bin/gcmreview synthesize examples/eca/*.docx --region ECA" in install_and_run
    assert len(list((ROOT / "examples" / "eca").glob("*.docx"))) >= 10


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci


@pytest.mark.parametrize("path", all_commands(), ids=" ".join)
def test_every_command_is_documented(path):
    assert f"gcmreview {' '.join(path)}" in README
