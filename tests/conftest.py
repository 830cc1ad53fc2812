"""Shared fixtures. Tests build their inputs in code; nothing here fakes a library."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gcmreview.cli import app

ROOT = Path(__file__).resolve().parents[1]

#: The cache of bundled data (gcmreview.datacache) of this test session: a folder of its own,
#: never the cache folder of the person running the tests.
_CACHE = None if "GCMREVIEW_CACHE" in os.environ else tempfile.mkdtemp(prefix="gcmreview-cache-")
if _CACHE is not None:
    os.environ["GCMREVIEW_CACHE"] = _CACHE


def pytest_unconfigure(config):
    if _CACHE is not None:
        shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.fixture
def cli():
    """Run ``gcmreview`` in-process: ``cli("questions", "list")`` → click Result."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="session")
def soffice(tmp_path_factory) -> str:
    """Headless LibreOffice. Skips where it is missing, except in CI (CI=true), where a
    missing LibreOffice is a failure: the round-trip tests must run there."""
    path = soffice_path()
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is required in CI but was not found")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


@pytest.fixture
def convert(soffice, tmp_path_factory):
    """``convert(src, fmt, outdir)``: headless LibreOffice conversion, returns the new file."""
    profile = tmp_path_factory.mktemp("lo-profile")

    def run(src: Path, fmt: str, outdir: Path) -> Path:
        return libreoffice_convert(soffice, src, fmt, outdir, profile)

    return run


def libreoffice_convert(soffice: str, src: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """``soffice --headless --convert-to FMT``; returns the converted file."""
    result = libreoffice_convert_many(soffice, [src], fmt, outdir, profile, timeout=180)
    target = outdir / (src.stem + "." + fmt.split(":")[0])
    assert result.returncode == 0 and target.exists(), (result.stdout, result.stderr)
    return target


def libreoffice_convert_many(
    soffice: str, files: list[Path], fmt: str, outdir: Path, profile: Path, timeout: int = 600
) -> subprocess.CompletedProcess:
    """One ``soffice`` run converting many files into ``outdir`` (much faster than one run
    per file); a file that failed shows up as a missing output."""
    outdir.mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def convert_optional(tmp_path_factory):
    """Like ``convert`` where LibreOffice is installed (always in CI), else None."""
    path = soffice_path()
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is required in CI but was not found")
        return None
    profile = tmp_path_factory.mktemp("lo-profile")

    def run(src: Path, fmt: str, outdir: Path) -> Path:
        return libreoffice_convert(path, src, fmt, outdir, profile)

    return run
