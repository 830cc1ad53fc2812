"""A cache of the data files shipped with gcmreview (the question bank, country names,
interface strings), kept as JSON in the user's cache folder.

Reading YAML is slow (a tenth of a second for the bank, the country names and the strings
together, at every start); JSON is read twenty times faster. An entry is named by the SHA-256
of the YAML text it stands for, so an edited file is never shadowed by an old entry: it is
read from YAML again and cached under its new name. Only data that JSON holds exactly is
cached (no dates, no keys that are not text).

The cache is a convenience and never an error: a folder that cannot be made or written (a
read-only or full disk), an entry that is damaged, or anything that is not a regular file
where an entry should be, is passed over, and the YAML is read. ``GCMREVIEW_CACHE`` names
another folder, or ``off`` to use none.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

#: The layout of an entry; a new layout is a new name, never a misread.
FORMAT = "1"
#: No bundled data file comes near this.
MAX_ENTRY_BYTES = 32 * 1024 * 1024


def folder() -> Path | None:
    """Where entries are kept: ``GCMREVIEW_CACHE``, else the platform's cache folder; None
    when the cache is off or no home folder is known."""
    chosen = os.environ.get("GCMREVIEW_CACHE")
    if chosen is not None:
        if chosen.strip().lower() in ("", "off", "0", "no", "none"):
            return None
        return Path(chosen)
    try:
        if sys.platform == "win32":
            base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
            return base / "gcmreview" / "Cache"
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "gcmreview"
        xdg = os.environ.get("XDG_CACHE_HOME")
        return (Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "gcmreview"
    except (RuntimeError, KeyError, OSError):  # no home folder (a service account)
        return None


def entry_name(text: str, source: str) -> str:
    digest = hashlib.sha256(f"{FORMAT}\0{source}\0{text}".encode("utf-8", "surrogatepass"))
    return f"data-{digest.hexdigest()[:40]}.json"


def read(name: str) -> Any | None:
    """The data of entry ``name``, or None (no such entry, or one that cannot be used)."""
    where = folder()
    if where is None:
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(where / name, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        try:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
                return None  # a pipe or a device would never end, or block
            return json.loads(fh.read(MAX_ENTRY_BYTES + 1))
        except (OSError, ValueError, RecursionError):
            return None


def write(name: str, data: Any) -> None:
    """Keep ``data`` as entry ``name`` when JSON holds it exactly; never raises for the
    disk or the folder (the entry is simply not kept)."""
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return  # dates, keys that are not text, NaN: JSON would not give the same data back
    if json.loads(text) != data:
        return  # keys that are numbers would come back as text
    where = folder()
    if where is None:
        return
    temporary: Path | None = None
    try:
        where.mkdir(parents=True, exist_ok=True)
        temporary = where / f".{name}.{os.getpid()}.tmp"
        with open(temporary, "x", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(temporary, where / name)
        temporary = None
    except OSError:
        pass
    finally:
        if temporary is not None:  # not moved into place (full disk, interrupted …)
            with contextlib.suppress(OSError):
                temporary.unlink()
