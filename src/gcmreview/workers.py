"""Worker processes for large inboxes: how each starts, and waiting for what it returns
without ever waiting for ever.

``check`` and ``synthesize`` read 24 files or more with one forked worker per core (forked, so
that each has the loaded bank without copying it), and ``synthesize`` writes a large region's
analyst workbook in a worker while it writes the report.

Each worker has a pipe of its own and is given its next task when it is ready for it: nothing
in this process polls or spins while the workers work (:class:`multiprocessing.pool.Pool`'s
worker-handler thread wakes on every result waiting in its queue and took a tenth of a core),
and a worker that dies (the system's out-of-memory killer, say) is seen at once, with the
tasks it held: :meth:`Workers.result` raises :class:`Stopped` for those, a new worker takes
the others. Where no process can be forked (a limit on processes), :class:`CannotFork` lets
the caller do the work itself. The workers are stopped when the :func:`forked` block ends,
also on Ctrl+C, SIGTERM or an error: none outlives the command or holds the caller's pipes.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

#: How many tasks a worker is given ahead: the next one is waiting when it finishes one.
AHEAD = 2


class Stopped(Exception):
    """A worker process ended before giving its result (killed, most likely for memory)."""


class Failed(Exception):
    """A task raised an exception that cannot be sent back as it is; its text."""


class CannotFork(Exception):
    """No worker process could be made (the system's limit on processes, say): the caller
    does the work itself."""


#: The signals a worker is forked with blocked, until it has set its own handlers: until then
#: it has the main process's, and Ctrl+C or the SIGTERM that stops it would raise in it.
STOPPING = {signal.SIGINT, signal.SIGTERM}


def start() -> None:
    """Each worker's start: Ctrl+C is left to the main process (which stops the workers), and
    SIGTERM (how the main process stops them) ends a worker quietly; then the signals blocked
    for the fork are let through. A report makes tens of thousands of short-lived objects,
    none of them in a cycle: the cycle collector runs less often."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
    gc.set_threshold(20000, 20, 20)


def available() -> bool:
    """Whether workers can be forked here (not on Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


#: This process's ends of its workers' pipes. A worker closes its copies (of its own pipe's
#: and of those forked before it): each then sees its pipe close when this process ends,
#: however it ends.
_OURS: set[Connection] = set()


def _serve(tasks: Connection) -> None:
    """A worker: does the tasks it is sent, one after the other, and sends back each
    result, until it is sent None or its pipe closes."""
    for other in _OURS:
        other.close()
    _OURS.clear()
    start()
    while True:
        try:
            task = tasks.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        function, args = task
        try:
            outcome: tuple[bool, Any] = (True, function(*args))
        except Exception as exc:
            outcome = (False, exc)
        try:
            tasks.send(outcome)
        except (EOFError, OSError):
            return
        except Exception as exc:  # the result or exception cannot be pickled
            tasks.send((False, Failed(f"{type(exc).__name__}: {exc}")))


class _Worker:
    """One worker process, its end of the pipe, and the tasks it holds, oldest first."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self.pipe, theirs = context.Pipe()
        _OURS.add(self.pipe)
        self.process = context.Process(target=_serve, args=(theirs,), daemon=True)
        # A signal that comes while the worker starts waits until it has its own handlers
        # (here, it is handled as soon as the fork is done).
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
        try:
            self.process.start()
        except OSError as exc:
            _OURS.discard(self.pipe)
            self.pipe.close()
            theirs.close()
            raise CannotFork(str(exc)) from None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        theirs.close()
        self.held: deque[int] = deque()

    def close(self) -> None:
        self.process.join()
        _OURS.discard(self.pipe)
        self.pipe.close()


class Workers:
    """Forked workers, each given tasks in turn; results are kept until asked for."""

    def __init__(self, jobs: int) -> None:
        self._workers: list[_Worker] = []
        self._queued: deque[tuple[int, Callable[..., Any], tuple[Any, ...]]] = deque()
        self._results: dict[int, tuple[bool, Any]] = {}
        self._lost: set[int] = set()
        self._next = 0
        try:
            for _ in range(jobs):
                self._workers.append(_Worker())
        except BaseException:  # CannotFork, or Ctrl+C while forking: none is left running
            self.stop()
            raise

    def run(self, function: Callable[..., Any], *args: Any) -> int:
        """Queue ``function(*args)`` (``function`` importable by name); its ticket."""
        ticket = self._next
        self._next += 1
        self._queued.append((ticket, function, args))
        self._dispatch()
        return ticket

    def result(self, ticket: int) -> Any:
        """What the task returns (or the exception it raised, raised here); :class:`Stopped`
        when the worker doing it ended before giving it."""
        while ticket not in self._results:
            if ticket in self._lost:
                self._lost.discard(ticket)
                raise Stopped
            self._receive()
        ok, value = self._results.pop(ticket)
        if not ok:
            raise value
        return value

    def _dispatch(self) -> None:
        for worker in list(self._workers):
            while self._queued and len(worker.held) < AHEAD:
                ticket, function, args = self._queued.popleft()
                worker.held.append(ticket)
                try:
                    worker.pipe.send((function, args))
                except (EOFError, OSError):  # it has ended: the task is lost with it
                    self._replace(worker)
                    break

    def _receive(self) -> None:
        """Wait for a result or a worker's end, and take it in."""
        busy = [w for w in self._workers if w.held]
        if busy:
            ready = wait([w.pipe for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                if worker.pipe in ready:
                    try:
                        self._results[worker.held[0]] = worker.pipe.recv()
                    except (EOFError, OSError):  # it ended while sending
                        self._replace(worker)
                    else:
                        worker.held.popleft()
                elif worker.process.sentinel in ready:
                    self._replace(worker)
        self._dispatch()

    def _replace(self, worker: _Worker) -> None:
        """A worker has ended: the tasks it held are lost, a new worker takes its place
        (:class:`CannotFork` when none can be made)."""
        self._lost.update(worker.held)
        self._workers.remove(worker)
        worker.close()
        self._workers.append(_Worker())

    def stop(self) -> None:
        """End every worker: those with nothing to do are told to, the others terminated."""
        for worker in self._workers:
            if worker.held:
                worker.process.terminate()
            else:
                with contextlib.suppress(OSError):
                    worker.pipe.send(None)
        for worker in self._workers:
            worker.close()
        self._workers = []


@contextlib.contextmanager
def forked(jobs: int) -> Iterator[Workers]:
    """``jobs`` forked workers (they have what this process holds without copying it),
    stopped when the block ends, also on Ctrl+C, SIGTERM or an error: none outlives the
    command or holds the caller's pipes."""
    pool = Workers(jobs)
    try:
        yield pool
    finally:
        pool.stop()
