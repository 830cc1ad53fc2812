"""The benchmark script keeps working (a smoke run on a tiny inbox; no timing asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SCRIPT = BENCHMARKS / "bench.py"

pytestmark = pytest.mark.skipif(not SCRIPT.exists(), reason="not running from a checkout")


def test_benchmark_runs_on_a_small_inbox():
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--reports", "4", "--words", "1500", "--repeat", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "generated 4 reports" in out
    assert "best of 2 runs each" in out
    rows = ("floor (unzip + lxml parse)", "check", "synthesize", "gcmreview --help", "init")
    for row in rows:
        assert row in out


def test_paired_runs_compare_two_versions(tmp_path):
    """benchmarks/paired.py: this checkout against itself, on a tiny inbox (made in a
    process of its own: the benchmark adds a synthetic commission to the reference data)."""
    make = f"import bench; bench.generate(__import__('pathlib').Path({str(tmp_path)!r}), 4, 1500)"
    made = subprocess.run(
        [sys.executable, "-c", make], cwd=BENCHMARKS, capture_output=True, text=True, timeout=600
    )
    assert made.returncode == 0, made.stderr
    other_src, inbox = BENCHMARKS.parent / "src", tmp_path / "inbox"
    command = [str(BENCHMARKS / "paired.py"), str(other_src), str(inbox), "--rounds", "2"]
    result = subprocess.run(
        [sys.executable, *command, "--chunk", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "here / other:" in result.stdout and "2 pairs a pass" in result.stdout
