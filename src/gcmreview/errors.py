"""The exceptions gcmreview raises, and the exit codes they map to.

Exit codes mean one thing each:

* 0: everything is fine;
* 1: the input was read, but its content has problems (invalid submission, excluded inputs);
* 2: the input could not be used at all, or the command line was wrong;
* 3: gcmreview itself failed (a bug: please report it).

Only :class:`GcmError` and its subclasses are shown to users as a one-line ``Error: …``;
anything else is a bug.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # messages imports this module: no import at run time
    from gcmreview.messages import Text

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNUSABLE = 2
EXIT_INTERNAL = 3
#: Exit codes of a run stopped by a signal, as shells report them (128 + signal number).
EXIT_SIGINT = 130
EXIT_SIGTERM = 143


class Terminated(BaseException):
    """The process was asked to stop (SIGTERM). Raised by gcmreview's signal handler so that
    every ``finally`` runs: temporary files are removed and worker processes stopped."""


class GcmError(Exception):
    """An error whose message is written for the user. The CLI prints it without a traceback.

    ``text`` is the message as a text of ``findings.yaml`` (key and values), where it says why
    a file cannot be read: ``check`` and the synthesis say it in their language, while
    :attr:`message` stays the English one line the CLI prints."""

    exit_code = EXIT_UNUSABLE

    def __init__(
        self, message: str, *, details: list[str] | None = None, text: Text | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details or [])
        self.text = text

    def __reduce__(self) -> tuple[object, ...]:
        # whole when a worker process sends it back: its details and text too, whatever
        # arguments a subclass takes
        return (_restored, (type(self), dict(self.__dict__)))


def said(reason: Text, *, details: list[str] | None = None) -> GcmError:
    """A :class:`GcmError` whose message is a text of ``findings.yaml`` (why a file cannot be
    read): the English one line, and the text for other languages."""
    return GcmError(reason.render("en"), details=details, text=reason)


def _restored(cls: type[GcmError], state: dict[str, object]) -> GcmError:
    error = cls.__new__(cls)
    Exception.__init__(error, state["message"])
    error.__dict__.update(state)
    return error


class UsageError(GcmError):
    """A wrong option value: unknown country, region, language, kind …"""


class BankError(GcmError):
    """A question bank that cannot be used; ``details`` lists every problem found."""


class OutputError(GcmError):
    """An output file that cannot or must not be written."""
