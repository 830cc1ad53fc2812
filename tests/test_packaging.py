"""The wheel carries the templates and data files; lint and types are clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if not (ROOT / "pyproject.toml").exists():
        pytest.skip("not running from a source checkout")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    (found,) = out.glob("gcmreview-*.whl")
    return found


def test_wheel_ships_templates_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "gcmreview/templates/bank/gcm-questions.yaml",
        "gcmreview/templates/i18n/strings.yaml",
        "gcmreview/data/objectives.yaml",
        "gcmreview/data/principles.yaml",
        "gcmreview/data/clusters.yaml",
        "gcmreview/data/stakeholders.yaml",
        "gcmreview/data/regions.yaml",
    ):
        assert expected in names, expected
    for source in (ROOT / "templates").rglob("*"):
        if source.is_file():
            rel = source.relative_to(ROOT / "templates").as_posix()
            assert f"gcmreview/templates/{rel}" in names, rel


def test_installed_wheel_works_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import gcmreview, gcmreview.bank as b; "
        "print(gcmreview.__file__); print(b.templates_dir()); "
        "print(len(b.default_bank().questions))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    module_file, templates, count = result.stdout.split("\n")[:3]
    assert module_file.startswith(str(target))
    assert templates.startswith(str(target))
    assert int(count) > 200


@pytest.mark.skipif(
    shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff").exists(),
    reason="ruff is not installed",
)
def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = subprocess.run(
        [ruff, "check", "src", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout


def test_mypy_is_clean():
    pytest.importorskip("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout
