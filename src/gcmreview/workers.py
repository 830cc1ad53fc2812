"""Worker processes for large inboxes: how each starts, and waiting for what it returns
without ever waiting for ever.

``check`` and ``synthesize`` read 24 files or more with one forked worker per core (forked, so
that each has the loaded bank without copying it), and ``synthesize`` writes a large region's
analyst workbook in a worker while it writes the report. :class:`multiprocessing.pool.Pool`
terminates its workers when its ``with`` block ends, also on Ctrl+C; but a worker that is
killed (the system's out-of-memory killer, say) loses its task, and the pool would wait for
that task for ever: :meth:`Workers.result` notices instead.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from typing import Any


class Stopped(Exception):
    """A worker process ended before giving its result (killed, most likely for memory)."""


def start() -> None:
    """Each worker's start: Ctrl+C is left to the main process (which stops the workers), and
    SIGTERM (how the main process stops them) ends a worker quietly. A report makes tens of
    thousands of short-lived objects, none of them in a cycle: the cycle collector runs
    less often."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.set_threshold(20000, 20, 20)


def available() -> bool:
    """Whether workers can be forked here (not on Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


@dataclass
class Workers:
    """A pool of forked workers, and its processes as made (the pool replaces a worker that
    dies, so a death is seen on these)."""

    pool: Pool
    processes: list[Any]

    def run(self, function: Callable[..., Any], *args: Any) -> AsyncResult:
        return self.pool.apply_async(function, args)

    def result(self, pending: AsyncResult) -> Any:
        """What a worker returns; :class:`Stopped` when one of the workers has ended before
        it is ready (its task is lost)."""
        while not pending.ready():
            pending.wait(0.2)
            if not pending.ready() and any(w.exitcode is not None for w in self.processes):
                raise Stopped
        return pending.get()


@contextlib.contextmanager
def forked(jobs: int) -> Iterator[Workers]:
    """``jobs`` forked workers (they have what this process holds without copying it),
    terminated when the block ends, also on Ctrl+C, SIGTERM or an error: none outlives the
    command or holds the caller's pipes."""
    with multiprocessing.get_context("fork").Pool(jobs, initializer=start) as pool:
        yield Workers(pool, list(pool._pool))  # type: ignore[attr-defined]  # no public way
