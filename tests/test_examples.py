"""The bundled examples: valid, in step with their JSON, as the issue asks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gcmreview import checks, export
from gcmreview.bank import default_bank
from gcmreview.submission import Submission

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "eca").glob("*.json"))

pytestmark = pytest.mark.skipif(not EXAMPLES, reason="not running from a source checkout")


def test_the_set_is_large_enough():
    subs = [Submission.model_validate(json.loads(p.read_text(encoding="utf-8"))) for p in EXAMPLES]
    national = [s for s in subs if s.kind == "national"]
    shadow = [s for s in subs if s.kind == "shadow"]
    assert len(national) >= 8 and len(shadow) >= 2
    assert {s.language for s in subs} >= {"en", "fr"}
    assert {s.region for s in subs} == {"ECA"}
    assert all(s.illustrative for s in subs)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_is_valid_and_its_word_file_matches(path):
    bank = default_bank()
    source = Submission.model_validate(json.loads(path.read_text(encoding="utf-8")))
    report = checks.check_file(path, bank)
    assert report.status == "VALID", [f.message for f in report.findings]
    docx_path = path.with_suffix(".docx")
    assert docx_path.exists(), "render the example: see examples/README.md"
    read = export.read_submission(docx_path, bank)
    assert read.submission == source, "the .docx is out of date: render it again"
    assert read.notes == []
