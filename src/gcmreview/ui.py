"""Terminal output shared by the commands: Rich consoles, JSON, error messages.

Only the CLI layer imports this module.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)

#: Characters that must never reach a terminal as they are: C0 and C1 controls (ESC starts
#: the sequences that retitle windows or clear screens), and bidirectional overrides.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """Text from a file or a file name, safe to print: control characters shown as
    ``\\x1b``-style escapes, undecodable file-name bytes as U+FFFD."""
    from gcmreview.files import display

    shown = display(str(text))
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", shown)


def safe(text: object) -> str:
    """Text from a file, made printable and escaped for Rich markup."""
    return escape(printable(text))


def print_json(data: Any) -> None:
    """Machine-readable output: plain JSON on stdout, never wrapped or coloured. On a
    stream that cannot hold every character (a Windows console or file in cp1252), non-ASCII
    characters are written as JSON escapes: the same JSON, nothing lost."""
    from gcmreview.files import display
    from gcmreview.streams import unicode_stream

    ascii_only = not unicode_stream(sys.stdout)
    text = json.dumps(data, ensure_ascii=ascii_only, indent=2, sort_keys=False)
    sys.stdout.write(display(text) + "\n")  # valid UTF-8 even with odd file names
    sys.stdout.flush()


def error(message: str, details: list[str] | None = None) -> None:
    """One line on stderr, then any details indented below it."""
    err.print(f"[bold red]Error:[/] {safe(message)}", soft_wrap=True)
    for line in details or []:
        err.print(f"  - {safe(line)}", soft_wrap=True)


def wrote(*paths: object) -> None:
    """Say which files were written; paths are never wrapped, so they can be copied."""
    for path in paths:
        out.print(f"Wrote [bold]{safe(path)}[/]", soft_wrap=True)
