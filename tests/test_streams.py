"""Output that survives consoles and pipes: a Windows console or redirected file in cp1252,
and a reader that goes away (``| head -1``, a pager that quits). The command's own exit code
stays; never an internal error. Run as real processes: the streams are the point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "eca"


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONIOENCODING", None)
    env.update(extra)
    return env


def gcmreview(*args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "gcmreview", *args],
        capture_output=True,
        env=_env(**env),
        timeout=120,
        check=False,
    )


def _invalid_report(tmp_path: Path) -> Path:
    """An illustrative report with an error (its country is not a Member State of ECA)."""
    data = json.loads((EXAMPLES / "KEN_national_2028-2029_en.json").read_text("utf-8"))
    data["country"] = "FRA"
    path = tmp_path / "FRA_national.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


COMMANDS = [
    (("reference", "country", "Côte d'Ivoire"), 0),
    (("reference", "regions", "ECA", "--lang", "fr"), 0),
    (("questions", "list", "--lang", "es"), 0),
    (("questions", "show", "obj.01.measures", "--lang", "fr"), 0),
    (("reference", "objectives", "--lang", "fr"), 0),
]


@pytest.mark.parametrize(("args", "code"), COMMANDS, ids=lambda a: " ".join(a) if a else "")
def test_cp1252_redirected_output(args: tuple[str, ...], code: int) -> None:
    result = gcmreview(*args, PYTHONIOENCODING="cp1252")
    assert result.returncode == code, result.stderr.decode("utf-8", "replace")
    assert b"internal error" not in result.stderr
    assert result.stdout  # something was written, in cp1252
    result.stdout.decode("cp1252")


def test_cp1252_check_keeps_exit_codes(tmp_path: Path) -> None:
    valid = gcmreview("check", str(EXAMPLES), PYTHONIOENCODING="cp1252")
    assert valid.returncode == 0, valid.stderr
    invalid = gcmreview("check", str(_invalid_report(tmp_path)), PYTHONIOENCODING="cp1252")
    assert invalid.returncode == 1, invalid.stderr
    assert b"internal error" not in invalid.stdout + invalid.stderr


def test_cp1252_json_loses_nothing() -> None:
    result = gcmreview("reference", "country", "CIV", "--json", PYTHONIOENCODING="cp1252")
    assert result.returncode == 0
    data = json.loads(result.stdout.decode("cp1252"))
    assert data["names"]["ru"] == "Кот-д’Ивуар"  # escaped in the stream, exact in the JSON
    assert data["names"]["zh"] == "科特迪瓦"


def test_cp1252_french_spaces_are_spaces(tmp_path: Path) -> None:
    """French messages set a narrow no-break space before ";" (which cp1252 lacks): a console
    in cp1252 shows a space there, not a "?"."""
    result = gcmreview(
        "check", str(_invalid_report(tmp_path)), "--lang", "fr", PYTHONIOENCODING="cp1252"
    )
    assert result.returncode == 1, result.stderr
    out = result.stdout.decode("cp1252")
    assert " ; " in out or " : " in out, out
    assert "?;" not in out and "?:" not in out


def _closed_reader(*args: str) -> tuple[int, bytes]:
    """Run with a reader that has gone before the first line is written."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "gcmreview", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head -0`: the consumer exits at once
    err = proc.stderr.read()
    proc.stderr.close()
    return proc.wait(timeout=120), err


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("reference", "objectives"), 0),
        (("questions", "list"), 0),
        (("reference", "country", "KEN", "--json"), 0),
        (("check", str(EXAMPLES)), 0),
        (("check", str(EXAMPLES), "--json"), 0),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, tuple) else str(a),
)
def test_closed_pipe_keeps_exit_code(args: tuple[str, ...], code: int) -> None:
    returncode, err = _closed_reader(*args)
    assert returncode == code, err.decode("utf-8", "replace")
    assert b"internal error" not in err
    assert b"BrokenPipeError" not in err
    assert b"Exception ignored" not in err


def test_closed_pipe_keeps_invalid_exit_code(tmp_path: Path) -> None:
    returncode, err = _closed_reader("check", str(_invalid_report(tmp_path)))
    assert returncode == 1, err.decode("utf-8", "replace")
    assert b"Traceback" not in err


def test_reader_that_reads_one_line() -> None:
    """`gcmreview questions list | head -1`: the reader takes a line, then goes."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "gcmreview", "questions", "list", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert first.strip()
    assert proc.wait(timeout=120) == 0, err
    assert b"Exception ignored" not in err and b"internal error" not in err
