"""What an inbox holds: the files to read, and those that are not reports.

Folders are walked (sorted, without following links to folders). What people's computers
leave beside reports is skipped silently: operating-system files (``.DS_Store``,
``Thumbs.db``, ``desktop.ini``) and office lock files (``~$report.docx``,
``.~lock.report.docx#``). Everything else is listed, so that nothing is dropped without a word:
a folder that cannot be read, a pipe or a device is listed too, and reported as unreadable by
the command that reads it. gcmreview's own outputs (a synthesis, its workbook and manifest, a
validation form, a tracker) are recognised by their content by :func:`own_output`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

#: Files that operating systems and office programs leave in folders.
DEBRIS_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "ehthumbs.db", ".directory"})
LOCK_FILE = re.compile(r"^(~\$.*|\.~lock\..*#|~.*\.tmp|\._.*)$")
WORD_SUFFIXES = (".docx", ".odt", ".doc", ".rtf")


def is_debris(path: Path) -> bool:
    """An operating-system or office lock file, never a report."""
    name = path.name
    return name.casefold() in DEBRIS_NAMES or bool(LOCK_FILE.match(name))


def collect_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to read: given files as they are; folders walked (sorted). Data annexes
    (``*_data.xlsx``) are read with their report and not listed on their own, unless their
    report is missing (then they are reported as unreadable, never dropped). A folder that
    cannot be read is listed itself, so that the command reports it."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_walk(path))
        elif not is_debris(path):
            found.append(path)
    unique = list(dict.fromkeys(found))
    reports = {
        p.with_name(p.stem + "_data.xlsx") for p in unique if p.suffix.lower() in WORD_SUFFIXES
    }
    return [p for p in unique if p not in reports]


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    unreadable: list[Path] = []

    def failed(exc: OSError) -> None:
        unreadable.append(Path(exc.filename) if exc.filename else folder)

    for root, dirs, files in os.walk(folder, onerror=failed):
        dirs.sort()
        here = Path(root)
        for name in sorted(files):
            path = here / name
            if not is_debris(path):
                found.append(path)
    return sorted(found) + unreadable


def own_output(path: Path) -> str | None:
    """What a file is if gcmreview made it as an output (not a report to read): "a
    synthesis made by gcmreview" …; None for anything else, including unreadable files."""
    suffix = path.suffix.lower()
    try:
        if not path.is_file():
            return None
        if suffix == ".json":
            with path.open("rb") as fh:
                head = fh.read(4096)
            match = re.search(rb'"schema"\s*:\s*"gcmreview/([a-z-]+)@', head)
            if match and match.group(1) != b"submission":
                return f"a gcmreview {match.group(1).decode()} file"
            return None
        if suffix not in (".docx", ".xlsx"):
            return None
        from gcmreview.layout import META_PREFIX
        from gcmreview.ooxml import Package, UnreadableFile

        try:
            with Package(path) as pkg:
                kind = pkg.custom_properties().get(f"{META_PREFIX}kind")
                creator = _creator(pkg) if suffix == ".xlsx" else None
        except UnreadableFile:
            return None
    except OSError:
        return None
    if kind == "synthesis":
        return "a regional synthesis made by gcmreview"
    if kind == "validation-form":
        return "a validation form made by gcmreview"
    if suffix == ".xlsx" and creator == "gcmreview" and kind not in ("national", "shadow"):
        return "a workbook made by gcmreview"
    return None


def _creator(pkg) -> str | None:
    if not pkg.has("docProps/core.xml"):
        return None
    root = pkg.xml("docProps/core.xml")
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.endswith("}creator"):
            return (el.text or "").strip()
    return None
