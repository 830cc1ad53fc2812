"""Worker processes for large inboxes: how each starts, and waiting for what it returns
without ever waiting for ever.

``check`` and ``synthesize`` read 24 files or more with one forked worker per core (forked, so
that each has the loaded bank without copying it), and ``synthesize`` writes a large region's
analyst workbook in a worker while it writes the report. :class:`multiprocessing.pool.Pool`
terminates its workers when its ``with`` block ends, also on Ctrl+C; but a worker that is
killed (the system's out-of-memory killer, say) loses its task, and the pool would wait for
that task for ever: :func:`result` notices instead.
"""

from __future__ import annotations

import gc
import signal
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


def processes(pool: Pool) -> list[Any]:
    """The pool's worker processes, taken as soon as it is made (the pool replaces a worker
    that dies, so a death is seen on these)."""
    return list(pool._pool)  # type: ignore[attr-defined]  # no public way to see them


def result(pending: AsyncResult, workers: list[Any]) -> Any:
    """What a worker returns; :class:`Stopped` when one of ``workers`` has ended before it
    is ready (its task is lost)."""
    while not pending.ready():
        pending.wait(0.2)
        if not pending.ready() and any(w.exitcode is not None for w in workers):
            raise Stopped
    return pending.get()
