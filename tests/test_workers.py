"""The worker processes that read large inboxes: results in order, a task's exception raised
where its result is asked for, a killed worker's tasks reported lost (never waited for), and
no worker left behind however the command ends. Real forked processes throughout."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from gcmreview import workers

pytestmark = pytest.mark.skipif(not workers.available(), reason="no fork on this system")


def _square(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _fails(n: int) -> int:
    if n == 3:
        raise ValueError(f"task {n} fails")
    return n


def _kills_itself(n: int) -> int:
    if n == 5:
        os.kill(os.getpid(), signal.SIGKILL)  # what the out-of-memory killer sends
    return n


def _unpicklable(n: int) -> object:
    return lambda: n


def _gone(pid: int) -> bool:
    """Whether the process has ended (a zombie waiting for its parent counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


def test_results_come_in_order_from_every_worker():
    with workers.forked(2) as pool:
        tickets = [pool.run(_square, n) for n in range(40)]
        results = [pool.result(t) for t in tickets]
    assert [value for value, _ in results] == [n * n for n in range(40)]
    pids = {pid for _, pid in results}
    assert len(pids) == 2 and os.getpid() not in pids
    assert all(_gone(pid) for pid in pids)


def test_a_tasks_exception_is_raised_where_its_result_is_asked_for():
    with workers.forked(2) as pool:
        tickets = [pool.run(_fails, n) for n in range(6)]
        outcomes = []
        for ticket in tickets:
            try:
                outcomes.append(pool.result(ticket))
            except ValueError as exc:
                outcomes.append(str(exc))
    assert outcomes == [0, 1, 2, "task 3 fails", 4, 5]


def test_a_result_that_cannot_be_sent_back_is_a_failure_not_a_hang():
    with workers.forked(1) as pool:
        ticket = pool.run(_unpicklable, 1)
        with pytest.raises(workers.Failed):
            pool.result(ticket)
        assert pool.result(pool.run(_square, 3))[0] == 9  # the worker goes on


def test_a_killed_workers_tasks_are_lost_and_the_others_done():
    """The task that kills its worker, and the one given to that worker ahead, raise
    Stopped; a new worker takes the rest, so every other task gives its result."""
    signal.alarm(60)  # a hang fails the test instead of the suite
    try:
        with workers.forked(2) as pool:
            tickets = [pool.run(_kills_itself, n) for n in range(20)]
            outcomes: list[object] = []
            for ticket in tickets:
                try:
                    outcomes.append(pool.result(ticket))
                except workers.Stopped:
                    outcomes.append("stopped")
    finally:
        signal.alarm(0)
    assert outcomes[5] == "stopped"
    stopped = [n for n, o in enumerate(outcomes) if o == "stopped"]
    assert len(stopped) <= workers.AHEAD
    assert all(outcomes[n] == n for n in range(20) if n not in stopped)


def test_workers_end_with_the_block_also_on_an_error():
    pids = []
    with pytest.raises(RuntimeError), workers.forked(2) as pool:
        pids = [pool.result(pool.run(_square, n))[1] for n in range(4)]
        pool.run(time.sleep, 30)  # still busy when the block ends
        raise RuntimeError("the caller fails")
    deadline = time.monotonic() + 10
    while not all(_gone(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pids and all(_gone(pid) for pid in pids)


def test_workers_end_when_the_command_is_killed(tmp_path):
    """SIGKILL leaves no clean-up to the command: each worker sees its pipe close and ends,
    so none is left holding the caller's terminal or pipes."""
    script = tmp_path / "killed.py"
    script.write_text(
        textwrap.dedent(
            """
            import os, signal, sys, time
            from gcmreview import workers
            with workers.forked(3) as pool:
                pool.run(time.sleep, 0)
                print(" ".join(str(w.process.pid) for w in pool._workers), flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
            """
        )
    )
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    pids = [int(p) for p in proc.stdout.split()]
    assert len(pids) == 3
    deadline = time.monotonic() + 10
    while not all(_gone(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_gone(pid) for pid in pids), "a worker outlived the command"


def test_a_signal_while_a_worker_starts_waits_for_its_own_handlers(tmp_path):
    """A worker is forked with the main process's signal handlers (the CLI's raise on SIGTERM).
    A SIGTERM that reaches it before it has set its own (the main process stopping it at
    once, as on Ctrl+C right after the workers start) must end it quietly, not raise the
    main process's exception in it with a traceback."""
    script = tmp_path / "starting.py"
    script.write_text(
        textwrap.dedent(
            """
            import os, signal, time
            from gcmreview import workers

            class Stop(Exception):
                pass

            def handler(*args):
                raise Stop()

            signal.signal(signal.SIGTERM, handler)
            real = workers.start

            def slow_start():
                time.sleep(0.5)  # the window between the fork and the worker's own handlers
                real()

            workers.start = slow_start
            with workers.forked(1) as pool:
                worker = pool._workers[0].process
                os.kill(worker.pid, signal.SIGTERM)
                worker.join()
                print(worker.exitcode, flush=True)
            """
        )
    )
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [str(-signal.SIGTERM)]
    assert "Traceback" not in proc.stderr


def _cannot_fork() -> int:
    raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")


def test_no_process_can_be_made_is_said_not_crashed(monkeypatch):
    """Where the system allows no more processes (fork fails with EAGAIN), making workers
    raises CannotFork, for the caller to do the work itself, and leaves no pipe open."""
    open_before = set(workers._OURS)
    monkeypatch.setattr(os, "fork", _cannot_fork)
    with pytest.raises(workers.CannotFork, match="temporarily unavailable"), workers.forked(2):
        pass
    assert open_before == workers._OURS
