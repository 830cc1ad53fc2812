"""The benchmark script keeps working (a smoke run on a tiny inbox; no timing asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"

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
