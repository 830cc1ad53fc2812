"""Faults and hostile input beyond single report files: interrupts, full disks, races, odd
files in an inbox, hostile JSON and XML, text that must not reach a terminal or a document.

Interrupts are sent to a real ``gcmreview`` subprocess at the moment its temporary file
appears (or while it reads with worker processes); the other faults are made for real where
the machine allows (pipes, devices, undecodable names) and injected at the one system call
that fails otherwise (a full disk).
"""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from gcmreview import checks, files, inbox
from gcmreview.bank import default_bank
from gcmreview.errors import OutputError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "eca"
GCMREVIEW = [sys.executable, "-m", "gcmreview"]


def _inbox(folder: Path, copies: int = 1) -> Path:
    """The examples' Word reports with their annexes, ``copies`` times under other names."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for path in sorted(EXAMPLES.glob("*.docx")):
            stem = path.stem if n == 0 else f"{path.stem}-copy{n}"
            shutil.copy(path, folder / f"{stem}.docx")
            shutil.copy(path.with_name(path.stem + "_data.xlsx"), folder / f"{stem}_data.xlsx")
    return folder


def _start(*args: str, cwd: Path) -> subprocess.Popen:
    """gcmreview in its own process group, so that what it leaves running can be found."""
    return subprocess.Popen(
        [*GCMREVIEW, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


def _group_gone(pgid: int, wait: float = 5.0) -> bool:
    """Whether no process of the group is left (workers included)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def _temporary(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp") or ".tmp." in p.name]


# ---------------------------------------------------------------- interrupts


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_while_writing_leaves_no_temporary_file_and_no_half_set(tmp_path, sig, code):
    """The signal arrives the moment a temporary output appears: the exit code is the
    signal's, no temporary file is left, and the outputs are all there or none is."""
    source = _inbox(tmp_path / "inbox")
    for attempt in range(8):
        out = tmp_path / f"out{attempt}"
        out.mkdir()
        proc = _start("synthesize", str(source), "--region", "ECA", "-o", str(out / "s.docx"),
                      cwd=tmp_path)  # fmt: skip
        caught = False
        while proc.poll() is None:
            if _temporary(out):
                proc.send_signal(sig)
                caught = True
                break
        _, stderr = proc.communicate(timeout=60)
        if not caught:
            continue  # finished before a temporary file was seen; try again
        assert proc.returncode == code, stderr
        assert _temporary(out) == []
        written = sorted(p.name for p in out.iterdir())
        assert written in ([], ["s.docx", "s.manifest.json", "s.xlsx"])
        assert _group_gone(proc.pid)
        assert b"Traceback" not in stderr
        return
    pytest.fail("never caught the moment a temporary output file existed")


def _workers_of(pgid: int) -> list[int]:
    """The processes of the group other than its leader (the command's worker processes)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == pgid:
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] not in ("Z", "X"):
            found.append(int(entry.name))
    return found


@pytest.mark.parametrize(
    ("sig", "code", "twice"),
    [(signal.SIGINT, 130, False), (signal.SIGTERM, 143, False), (signal.SIGINT, 130, True),
     (signal.SIGTERM, 143, True)],
)  # fmt: skip
def test_interrupt_while_reading_stops_every_worker(tmp_path, sig, code, twice):
    """60 reports are read by worker processes; a signal to the command while they read
    stops them all: nothing is left running to hold the caller's pipes, and nothing is
    written. ``twice``: the signal goes to the whole process group, as a terminal's Ctrl+C
    does, then to the command again while it cleans up (a key pressed twice): the second is
    ignored, the clean-up and the exit are the same."""
    source = _inbox(tmp_path / "inbox", copies=6)
    out = tmp_path / "out"
    out.mkdir()
    proc = _start("synthesize", str(source), "--region", "ECA", "-o", str(out / "s.docx"),
                  cwd=tmp_path)  # fmt: skip
    deadline = time.monotonic() + 60
    while proc.poll() is None and not _workers_of(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.01)  # until the workers are reading
    assert proc.poll() is None, "the run ended before it could be interrupted"
    assert _workers_of(proc.pid), "no worker process was started"
    if twice:
        os.killpg(proc.pid, sig)
        time.sleep(0.02)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code, stderr
    assert _group_gone(proc.pid), "a worker process outlived the run"
    assert list(out.iterdir()) == []
    assert b"Traceback" not in stderr


def test_a_file_that_kills_its_worker_is_unreadable_and_the_rest_are_read(tmp_path, monkeypatch):
    """A worker process killed while it reads (the system's out-of-memory killer, say) loses
    its file: the run does not wait for it for ever. The files that worker held are read
    again one worker each, so the one that kills its worker is UNREADABLE with the reason,
    and every other file is read as usual."""
    source = _inbox(tmp_path / "inbox")
    victim = source / "ZZZ_national_2028-2029_en.docx"
    shutil.copy(next(source.glob("KEN_*.docx")), victim)
    real = checks.check_file

    def check_file(path, *args, **kwargs):
        if Path(getattr(path, "path", path)).name == victim.name:
            os.kill(os.getpid(), signal.SIGKILL)  # in a worker process: it never returns
        return real(path, *args, **kwargs)

    monkeypatch.setattr(checks, "check_file", check_file)
    monkeypatch.setattr(checks, "PARALLEL_MIN", 1)
    paths = inbox.collect_paths([source])
    signal.alarm(120)  # a hang fails the test instead of the suite
    try:
        reports = checks.check_files(paths, default_bank(), jobs=2)
    finally:
        signal.alarm(0)
    assert [r.path for r in reports] == [files.display(p) for p in paths]
    killed = [r for r in reports if r.path.endswith(victim.name)]
    assert [r.status for r in killed] == [checks.UNREADABLE]
    assert "stopped the process that read it" in killed[0].findings[0].message
    others = [r for r in reports if r not in killed]
    assert others and all(r.status != checks.UNREADABLE for r in others)
    assert all(r.submission is not None for r in others)


# ---------------------------------------------------------------- writing a set of files


def test_a_full_disk_leaves_none_of_the_set(tmp_path, monkeypatch):
    """The manifest cannot be written: the report and the workbook already written to
    temporary files are removed too, and the error names the file and the space needed."""
    real = os.fsync

    def fsync(fd: int) -> None:
        if "manifest" in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(files.os, "fsync", fsync)
    outputs = {tmp_path / "s.docx": b"d" * 1000, tmp_path / "s.xlsx": b"x" * 1000,
               tmp_path / "s.manifest.json": b"{}" * 1000}  # fmt: skip
    with pytest.raises(OutputError) as info:
        files.write_outputs(outputs, force=False)
    assert "s.manifest.json" in info.value.message
    assert "not enough space" in info.value.message and "MB needed" in info.value.message
    assert list(tmp_path.iterdir()) == []


def test_too_little_free_space_is_said_before_writing(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "_free_bytes", lambda folder: 10)
    with pytest.raises(OutputError, match=r"report\.docx: not enough space .*MB needed"):
        files.write_outputs({tmp_path / "report.docx": b"x" * 5000}, force=False)
    assert list(tmp_path.iterdir()) == []


def test_a_file_made_meanwhile_by_another_run_is_never_replaced(tmp_path):
    """The "already exists" check passed, then another run wrote the file: without --force
    the output is created exclusively, so the other run's file stays as it was, and the
    rest of the set is taken back."""
    first, second = tmp_path / "s.docx", tmp_path / "s.xlsx"
    files.check_writable([first, second], force=False)
    second.write_bytes(b"the other run's workbook")
    with pytest.raises(OutputError, match="appeared while gcmreview was working"):
        files.write_outputs({first: b"mine", second: b"mine"}, force=False, checked=True)
    assert second.read_bytes() == b"the other run's workbook"
    assert not first.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.xlsx"]


def test_force_replaces_the_whole_set(tmp_path):
    for name in ("a.docx", "a.xlsx"):
        (tmp_path / name).write_bytes(b"old")
    files.write_outputs({tmp_path / "a.docx": b"new", tmp_path / "a.xlsx": b"new"}, force=True)
    assert {p.read_bytes() for p in tmp_path.iterdir()} == {b"new"}


# ---------------------------------------------------------------- inboxes


def test_a_second_run_does_not_read_its_own_outputs(cli, tmp_path):
    folder = _inbox(tmp_path / "inbox")
    first = cli("synthesize", str(folder), "--region", "ECA", "-o", str(folder / "s.docx"),
                "--json")  # fmt: skip
    assert first.exit_code == 0, first.output
    again = cli("synthesize", str(folder), "--region", "ECA", "-o", str(folder / "s2.docx"),
                "--json")  # fmt: skip
    assert again.exit_code == 0, again.output
    assert json.loads(again.output)["received"] == json.loads(first.output)["received"] == 10
    result = cli("check", str(folder), "--json")
    assert result.exit_code == 0, result.output
    statuses = {Path(f["path"]).name: f["status"] for f in json.loads(result.output)["files"]}
    assert statuses["s.docx"] == statuses["s.xlsx"] == statuses["s.manifest.json"] == "SKIPPED"


def test_office_and_system_files_never_change_the_exit_code(cli, tmp_path):
    folder = _inbox(tmp_path / "inbox")
    for name in ("~$KEN_report.docx", ".~lock.KEN_report.docx#", ".DS_Store", "Thumbs.db"):
        (folder / name).write_bytes(b"\x00lock")
    result = cli("check", str(folder), "--json")
    assert result.exit_code == 0, result.output
    names = {Path(f["path"]).name for f in json.loads(result.output)["files"]}
    assert not names & {"~$KEN_report.docx", ".~lock.KEN_report.docx#", ".DS_Store", "Thumbs.db"}


def test_an_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    """A subfolder that cannot be listed (no permission on a shared drive) is a file-level
    UNREADABLE line, never skipped in silence. (Root reads every folder, so the refusal is
    made at the system call.)"""
    folder = _inbox(tmp_path / "inbox")
    locked = folder / "from-ministry"
    locked.mkdir()
    real_scandir, real_listdir = os.scandir, os.listdir

    def refuse(path="."):
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    def refuse_listing(path="."):
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    monkeypatch.setattr(os, "listdir", refuse_listing)
    found = inbox.collect_paths([folder])
    assert locked in found
    report = checks.check_file(locked, default_bank())
    assert report.status == "UNREADABLE"
    assert "folder cannot be read" in report.findings[0].message


# ---------------------------------------------------------------- files that are not files


def _limited_run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """gcmreview with 1.5 GB of address space at most and 60 seconds: reading /dev/zero or
    waiting on a pipe would fail or time out."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))

    return subprocess.run(
        [*GCMREVIEW, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        preexec_fn=limit,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


def test_pipes_and_devices_are_refused_quickly(tmp_path):
    fifo = tmp_path / "report.docx"
    os.mkfifo(fifo)
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    (tmp_path / "random.docx").symlink_to("/dev/urandom")
    started = time.monotonic()
    result = _limited_run("check", str(fifo), str(tmp_path / "zero.json"),
                          str(tmp_path / "random.docx"), "--json", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 2, result.stderr
    reasons = [f["findings"][0]["message"] for f in json.loads(result.stdout)["files"]]
    assert "is a pipe, not a file" in reasons[0]
    assert all("not a file" in r for r in reasons)
    folder = _inbox(tmp_path / "inbox")
    os.mkfifo(folder / "pending.docx")
    result = _limited_run("synthesize", str(folder), "--region", "ECA", "-o",
                          str(tmp_path / "s.docx"), "--json", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1, result.stderr  # written, with the pipe excluded
    excluded = json.loads(result.stdout)["excluded"]
    assert any("pipe" in e["reason"] for e in excluded)
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("option", ["--bank", "--reference-doc", "extends"])
def test_devices_as_side_inputs_are_refused(tmp_path, option):
    zero = tmp_path / "styles.docx"
    zero.symlink_to("/dev/zero")
    if option == "extends":
        bank = tmp_path / "regional.yaml"
        bank.write_text(
            "schema: gcmreview/bank@1\nextends: zero.yaml\nnamespace: ece\nversion: '1'\n"
        )
        (tmp_path / "zero.yaml").symlink_to("/dev/zero")
        args = ["questions", "list", "--bank", str(bank)]
    elif option == "--bank":
        (tmp_path / "bank.yaml").symlink_to("/dev/zero")
        args = ["questions", "list", "--bank", str(tmp_path / "bank.yaml")]
    else:
        args = ["synthesize", str(_inbox(tmp_path / "inbox")), "--region", "ECA",
                "-o", str(tmp_path / "s.docx"), "--reference-doc", str(zero)]  # fmt: skip
    result = _limited_run(*args, cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert re.search("not a (regular )?file", result.stderr)
    assert "Traceback" not in result.stderr


def test_file_names_that_are_not_utf8(tmp_path):
    """Names from other systems' zips and shared drives: shown with U+FFFD, valid UTF-8 in
    --json, and the synthesis is written."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/rapport-s\xe9n\xe9gal.json"
    shutil.copy(EXAMPLES / "SEN_national_2028-2029_fr.json", raw)
    result = subprocess.run([*GCMREVIEW, "check", str(folder), "--json"], capture_output=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})  # fmt: skip
    assert result.returncode == 0, result.stderr
    paths = [f["path"] for f in json.loads(result.stdout.decode("utf-8"))["files"]]
    assert paths == [str(folder / "rapport-s\ufffdn\ufffdgal.json")]
    result = subprocess.run(
        [*GCMREVIEW, "synthesize", str(folder), "--region", "ECA", "-o", str(tmp_path / "s.docx")],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- hostile content


def _submission(**changes) -> dict:
    data = json.loads((EXAMPLES / "KEN_national_2028-2029_en.json").read_text(encoding="utf-8"))
    data.update(changes)
    return data


def test_control_characters_in_metadata_are_removed_reported_and_never_crash(cli, tmp_path):
    data = json.loads((EXAMPLES / "KEN_shadow_2028-2029_en.json").read_text(encoding="utf-8"))
    data["organisation"] = "Coalition\x0b for\x01 migrants"
    data["tables"].setdefault("data.flows", {"cells": {}})["source"] = "Census\x07 2027"
    path = tmp_path / "in" / "KEN_shadow.json"
    path.parent.mkdir()
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = cli("check", str(path), "--json")
    findings = json.loads(result.output)["files"][0]["findings"]
    where = {f["location"] for f in findings if f["code"] == "control-characters"}
    assert where == {"organisation", "tables.data.flows.source"}
    out = tmp_path / "s.docx"
    result = cli("synthesize", str(path.parent), "--region", "ECA", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert b"\x0b" not in zipfile.ZipFile(out).read("word/document.xml")


def test_a_lone_surrogate_in_json_is_a_finding(cli, tmp_path):
    path = tmp_path / "KEN.json"
    text = json.dumps(_submission(), ensure_ascii=True)
    path.write_text(text.replace('"cross.women": "', '"cross.women": "\\ud800 '), "utf-8")
    result = cli("check", str(path), "--json")
    assert result.exit_code == 0, result.output
    codes = [f["code"] for f in json.loads(result.output)["files"][0]["findings"]]
    assert "control-characters" in codes


@pytest.mark.parametrize("number", ["1e400", "NaN", "Infinity", "-Infinity", "9" * 400,
                                    "9" * 5000])  # fmt: skip
def test_json_numbers_that_are_not_numbers(cli, tmp_path, number):
    data = _submission()
    data["answers"]["method.entities"] = 0
    data["tables"]["data.flows"]["cells"]["immigration"]["total"] = 0
    text = json.dumps(data)
    text = text.replace('"method.entities": 0', f'"method.entities": {number}')
    text = text.replace('"total": 0', f'"total": {number}', 1)
    path = tmp_path / "KEN.json"
    path.write_text(text, encoding="utf-8")
    result = cli("check", str(path), "--json")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.output)["files"][0]["findings"]
    located = {f["location"].split(" › ")[-1].split(" (")[0] for f in findings
               if f["code"] == "not-a-number"}  # fmt: skip
    assert {"method.entities", "data.flows"} <= located
    assert "inf" not in result.output.replace("Infinity", "").split("not-a-number")[0][-5:]


def test_duplicate_keys_are_a_finding(cli, tmp_path):
    text = json.dumps(_submission())
    text = text.replace('"method.lead": ', '"method.lead": "first", "method.lead": ', 1)
    path = tmp_path / "KEN.json"
    path.write_text(text, encoding="utf-8")
    result = cli("check", str(path), "--json")
    assert result.exit_code == 1
    findings = json.loads(result.output)["files"][0]["findings"]
    assert any(f["code"] == "duplicate-key" and "method.lead" in f["location"] for f in findings)


def test_a_large_json_submission_is_refused_or_read_in_little_memory(tmp_path):
    """Just under the cap, the worst shape (a list of a million tiny strings) is read and
    checked in less than 400 MB; over the cap, it is refused with a reason."""
    data = _submission()
    data["answers"]["method.consulted"] = ["a"] * 1_500_000
    path = tmp_path / "big.json"
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    assert path.stat().st_size < 8 * 1024 * 1024
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = _limited_run("check", str(path), "--json", cwd=tmp_path)
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert result.returncode == 1, result.stderr
    assert max(peak_kb, before) < 400 * 1024 or peak_kb == before
    data["answers"]["method.consulted"] = ["a"] * 2_500_000
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    result = _limited_run("check", str(path), "--json", cwd=tmp_path)
    assert result.returncode == 2
    assert "at most 8 MB" in json.loads(result.stdout)["files"][0]["findings"][0]["message"]


ESC = "\x1b"


def test_terminal_escapes_never_reach_the_terminal(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    data = _submission()
    data["answers"]["method.entities"] = "\x1b]0;pwned\x07\x1b[2J twelve"
    (folder / "KEN\x1b[2J.json").write_text(json.dumps(data), encoding="utf-8")
    result = subprocess.run([*GCMREVIEW, "check", str(folder)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src"),
                                 "COLUMNS": "200"})  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert ESC not in result.stdout and ESC not in result.stderr
    assert "\\x1b" in result.stdout


def _docx_with(tmp_path: Path, part: str, data: bytes) -> Path:
    source = EXAMPLES / "KEN_national_2028-2029_en.docx"
    target = tmp_path / "KEN.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, data if item.filename == part else src.read(item.filename))
    return target


@pytest.mark.parametrize("how", ["utf-16", "after-a-long-comment"])
def test_a_hidden_dtd_is_refused(tmp_path, how):
    dtd = '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    xml = (EXAMPLES / "KEN_national_2028-2029_en.docx").read_bytes()
    body = zipfile.ZipFile(EXAMPLES / "KEN_national_2028-2029_en.docx").read("word/document.xml")
    text = body.decode("utf-8").split("?>", 1)[1]
    if how == "utf-16":
        data = ('<?xml version="1.0" encoding="UTF-16"?>' + dtd + text).encode("utf-16")
    else:
        data = ('<?xml version="1.0" encoding="UTF-8"?><!--' + "x" * 70_000 + "-->" + dtd
                + text).encode("utf-8")  # fmt: skip
    assert xml
    report = checks.check_file(_docx_with(tmp_path, "word/document.xml", data), default_bank())
    assert report.status == "UNREADABLE"
    assert "DTD" in report.findings[0].message


def test_an_inbox_is_read_in_one_process_when_no_worker_can_be_made(tmp_path, monkeypatch):
    """Where the system allows no more processes (fork fails: a limit on processes in a
    container or on a shared server), a large inbox is read in the command's own process:
    the same reports, none lost, no internal error."""
    source = _inbox(tmp_path / "inbox", copies=3)
    paths = inbox.collect_paths([source])
    assert len(paths) >= checks.PARALLEL_MIN
    expected = checks.check_files(paths, default_bank(), jobs=1)

    def cannot_fork() -> int:
        raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", cannot_fork)
    reports = checks.check_files(paths, default_bank(), jobs=2)
    assert [(r.path, r.status) for r in reports] == [(r.path, r.status) for r in expected]
    assert [r.to_json() for r in reports] == [r.to_json() for r in expected]
