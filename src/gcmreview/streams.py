"""Standard output and error that never fail a command (imported at start-up: no Rich here).

Users redirect output to files on Windows consoles in cp1252, and pipe it into ``head`` or a
pager that quits early; neither may turn into an internal error or change the exit code.
"""

from __future__ import annotations

import sys
from typing import Any


def unicode_stream(stream: Any) -> bool:
    """Whether ``stream`` can write every character (a UTF encoding)."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")


#: The no-break and narrow spaces of French numbers and punctuation, written as spaces where
#: the console's encoding lacks them.
_SPACES = {0x00A0: " ", 0x202F: " ", 0x2009: " "}


class _SafeStream:
    """A text stream (stdout, stderr) whose writes never fail the command:

    * characters the stream's encoding cannot hold (cp1252 on Windows, when output is
      redirected) are replaced, not an ``UnicodeEncodeError`` (no-break spaces by spaces);
    * once the reader has gone (``| head -1``, a pager that quits), the rest of the output is
      dropped, not a ``BrokenPipeError``: the command finishes and exits with its own code.
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._closed_reader = False
        self._unicode = unicode_stream(stream)
        if not self._unicode and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")

    def write(self, text: str) -> int:
        if self._closed_reader:
            return len(text)
        if not self._unicode:  # "2 482 000", "Remarque : ": a space, not a "?"
            text = text.translate(_SPACES)
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            self._reader_gone()
            return len(text)

    def flush(self) -> None:
        if self._closed_reader:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._reader_gone()

    def _reader_gone(self) -> None:
        """Point the file descriptor at the null device, so that the flush at exit (of what
        is still buffered) does not fail again."""
        import os

        self._closed_reader = True
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self._stream.fileno())
            os.close(null)
        except (OSError, ValueError):
            pass

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def protect_streams() -> None:
    """Make stdout and stderr :class:`_SafeStream` (once, at the start of the command)."""
    if not isinstance(sys.stdout, _SafeStream) and sys.stdout is not None:
        sys.stdout = _SafeStream(sys.stdout)  # type: ignore[assignment]
    if not isinstance(sys.stderr, _SafeStream) and sys.stderr is not None:
        sys.stderr = _SafeStream(sys.stderr)  # type: ignore[assignment]
