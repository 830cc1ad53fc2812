"""Terminal output shared by the commands: Rich consoles, JSON, error messages.

Only the CLI layer imports this module.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape

out = Console(highlight=False, soft_wrap=False)
err = Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    """Machine-readable output: plain JSON on stdout, never wrapped or coloured."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
    sys.stdout.flush()


def error(message: str, details: list[str] | None = None) -> None:
    """One line on stderr, then any details indented below it."""
    err.print(f"[bold red]Error:[/] {escape(message)}", soft_wrap=True)
    for line in details or []:
        err.print(f"  - {escape(line)}", soft_wrap=True)


def wrote(*paths: object) -> None:
    """Say which files were written; paths are never wrapped, so they can be copied."""
    for path in paths:
        out.print(f"Wrote [bold]{escape(str(path))}[/]", soft_wrap=True)
