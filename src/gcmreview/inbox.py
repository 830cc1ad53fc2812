"""What an inbox holds: the files to read, and those that are not reports.

Folders are walked (sorted, without following links to folders). What people's computers
leave beside reports is skipped silently: operating-system files (``.DS_Store``,
``Thumbs.db``, ``desktop.ini``) and office lock files (``~$report.docx``,
``.~lock.report.docx#``). Everything else is listed, so that nothing is dropped without a word:
a folder that cannot be read, a pipe or a device is listed too, and reported as unreadable by
the command that reads it. gcmreview's own outputs (a synthesis, its workbook and manifest, a
validation form, a tracker) are recognised by their content by :func:`own_output`.

Inboxes as they arrive (:func:`opened`): saved e-mail messages (.eml) and .zip archives are
opened (:mod:`gcmreview.attachments`), each report is paired with its data annex by the
annex's properties, whatever its file name (:func:`pair`), and files that are not reports
(pictures, PDFs, text, other workbooks) are told apart by :func:`not_a_report`, so that
they are listed as skipped rather than unreadable.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from gcmreview.messages import Text

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
    cannot be read is listed itself, so that the command reports it. (``check`` and
    ``synthesize`` read inboxes through :func:`opened`, which also opens messages and
    archives and pairs annexes by their properties.)"""
    unique = _gather(paths)
    reports = {
        p.with_name(p.stem + "_data.xlsx") for p in unique if p.suffix.lower() in WORD_SUFFIXES
    }
    return [p for p in unique if p not in reports]


def _gather(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(_walk(path))
        elif not is_debris(path):
            found.append(path)
    return list(dict.fromkeys(found))


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
    if suffix == ".xlsx" and creator == "gcmreview" and kind not in ("national", "shadow"):
        return "a workbook made by gcmreview"
    return own_document(kind)


def own_document(kind: str | None) -> str | None:
    """What a Word document whose gcmreview ``kind`` property is ``kind`` is, when
    gcmreview made it as an output (see :func:`own_output`)."""
    if kind == "synthesis":
        return "a regional synthesis made by gcmreview"
    if kind == "validation-form":
        return "a validation form made by gcmreview"
    return None


def _creator(pkg) -> str | None:
    if not pkg.has("docProps/core.xml"):
        return None
    root = pkg.xml("docProps/core.xml")
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.endswith("}creator"):
            return (el.text or "").strip()
    return None


# ---------------------------------------------------------------- inboxes as they arrive


@dataclass(frozen=True)
class Item:
    """One file of an inbox, as ``check`` and ``synthesize`` read it.

    ``path`` is the file to read (a temporary copy for a file inside a message or archive);
    ``shown`` is where people find it (``inbox/KEN.eml › KEN_report.docx``). For a report,
    ``paired`` says the inbox has decided its data annex: ``annex`` (None when there is
    none) and ``rivals``, the other annexes that could equally be its own. ``refused`` is
    why a file inside a message or archive was not opened (it is unreadable); ``skipped``
    why it is not a report at all (a message without attachments)."""

    path: Path
    shown: str
    annex: Path | None = None
    annex_shown: str | None = None
    paired: bool = False
    rivals: tuple[str, ...] = ()
    refused: Text | str | None = None
    skipped: Text | None = None


@contextmanager
def opened(paths: Iterable[Path]) -> Iterator[list[Item]]:
    """The files of an inbox to read: folders walked as :func:`collect_paths` does, saved
    messages (.eml) and .zip archives opened into a temporary folder (removed when the
    block ends, also on Ctrl+C or SIGTERM), and each report paired with its data annex
    (:func:`pair`). Paired annexes are not listed on their own."""
    with contextlib.ExitStack() as stack:
        workspace: list[Path] = []

        def folder() -> Path:
            if not workspace:
                made = tempfile.TemporaryDirectory(
                    prefix="gcmreview-inbox-", ignore_cleanup_errors=True
                )
                workspace.append(Path(stack.enter_context(made)))
            return workspace[0]

        yield _items(paths, folder)


@dataclass
class _Entry:
    path: Path
    shown: str
    group: str
    refused: Text | str | None = None
    skipped: Text | None = None


def _items(paths: Iterable[Path], workspace: Callable[[], Path]) -> list[Item]:
    from gcmreview import attachments
    from gcmreview.files import display

    entries: list[_Entry] = []
    budget = attachments.Budget()  # what all the messages and archives may write, together
    for path in _gather(paths):
        shown = display(path)
        if attachments.is_container(path) and not path.is_dir():
            for m in attachments.expand(path, shown, workspace(), budget=budget):
                entries.append(_Entry(m.path or path, m.shown, shown, m.refused, m.skipped))
        else:
            entries.append(_Entry(path, shown, display(path.parent)))
    return pair(entries)


#: The properties that tie a data annex to its report.
_KEY = ("country", "kind", "review_cycle")


def _properties(path: Path) -> dict[str, str]:
    """gcmreview's custom properties of a .docx or .xlsx ({} when it has none or cannot be
    read: the reader says why later)."""
    from gcmreview.layout import META_PREFIX
    from gcmreview.ooxml import Package, UnreadableFile

    try:
        with Package(path) as pkg:
            props = pkg.custom_properties()
    except (UnreadableFile, OSError):
        return {}
    return {k.removeprefix(META_PREFIX): v for k, v in props.items() if k.startswith(META_PREFIX)}


def _key(props: dict[str, str]) -> tuple[str, ...] | None:
    if props.get("kind") not in ("national", "shadow") or not props.get("country"):
        return None
    org = props.get("organisation", "").casefold() if props["kind"] == "shadow" else ""
    return (*(props.get(k, "") for k in _KEY), org)


def pair(entries: list[_Entry]) -> list[Item]:
    """Pair each report with its data annex, within its folder (or the message or archive
    it came in): ``X_data.xlsx`` beside ``X.docx`` first; otherwise the workbook whose
    properties name the same country, kind and review cycle (and organisation, for shadow
    reports), whatever its file name. Two such workbooks for one report are its ``rivals``:
    none is read, and ``check`` says so. An annex without properties pairs by file name
    only; a report without properties (a Google Docs export) takes the one annex left in
    its folder, if there is exactly one (the annex's properties are then compared with the
    report's identity, so a wrong pairing is reported)."""
    from gcmreview.files import display
    from gcmreview.layout import annex_path_for

    annex_of: dict[int, tuple[Path, str] | None] = {}
    rivals_of: dict[int, tuple[str, ...]] = {}
    consumed: set[int] = set()
    groups: dict[str, list[int]] = {}
    for i, e in enumerate(entries):
        groups.setdefault(e.group, []).append(i)
    for members in groups.values():
        usable = [i for i in members if entries[i].refused is None and entries[i].skipped is None]
        reports = [i for i in usable if entries[i].path.suffix.lower() in WORD_SUFFIXES]
        books = {entries[i].path: i for i in usable if entries[i].path.suffix.lower() == ".xlsx"}
        for r in reports:
            beside = annex_path_for(entries[r].path)
            if beside in books:
                annex_of[r] = (beside, entries[books[beside]].shown)
                consumed.add(books[beside])
            elif beside.is_file():
                annex_of[r] = (beside, display(beside))
            else:
                annex_of[r] = None
        free: dict[int, tuple[tuple[str, ...], str]] = {}
        for path, b in books.items():
            if b not in consumed:
                props = _properties(path)
                key = _key(props)
                if key is not None:
                    free[b] = (key, props.get("language", ""))
        if not free:
            continue
        used: set[int] = set()
        unkeyed: list[int] = []
        for r in reports:
            word = entries[r].path
            props = _properties(word) if word.suffix.lower() == ".docx" else {}
            key = _key(props)
            if key is None:
                if annex_of[r] is None:
                    unkeyed.append(r)
                continue
            same = [b for b, (k, _) in free.items() if k == key and b not in used]
            if annex_of[r] is not None:
                if same:  # X_data.xlsx is read; another annex claims the same report
                    rivals_of[r] = tuple(entries[b].shown for b in same)
                    used.update(same)
                continue
            if len(same) > 1:
                lang = props.get("language", "")
                by_lang = [b for b in same if free[b][1] == lang]
                same = by_lang if len(by_lang) == 1 else same
            if len(same) == 1:
                annex_of[r] = (entries[same[0]].path, entries[same[0]].shown)
            elif same:
                rivals_of[r] = tuple(entries[b].shown for b in same)
            used.update(same)
        left = [b for b in free if b not in used]
        if len(unkeyed) == 1 and len(left) == 1:
            annex_of[unkeyed[0]] = (entries[left[0]].path, entries[left[0]].shown)
            used.add(left[0])
        consumed.update(used)
    items: list[Item] = []
    for i, e in enumerate(entries):
        if i in consumed:
            continue
        if i in annex_of:
            chosen = annex_of[i]
            items.append(
                Item(
                    e.path,
                    e.shown,
                    annex=chosen[0] if chosen else None,
                    annex_shown=chosen[1] if chosen else None,
                    paired=True,
                    rivals=rivals_of.get(i, ()),
                )
            )
        else:
            items.append(Item(e.path, e.shown, refused=e.refused, skipped=e.skipped))
    return items


def annex_identity(path: Path) -> str | None:
    """ "KEN, national, 2028-2029" for a workbook whose properties make it a data annex;
    None for any other file."""
    if path.suffix.lower() != ".xlsx":
        return None
    props = _properties(path)
    if _key(props) is None:
        return None
    return ", ".join(props.get(k, "") for k in _KEY if props.get(k))


#: Files that may hold reports but that gcmreview cannot open: unreadable, with what to do
#: (the message ``unreadable.<value>`` of findings.yaml).
UNOPENED = {".msg": "msg", ".rar": "rar", ".7z": "7z", "winmail.dat": "winmail"}

#: What files that are not reports are, by suffix (``word.not-a-report.<kind>`` of
#: findings.yaml: "an image", "a text file" …).
_NOT_REPORTS = {
    "image": (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".svg", ".webp",
              ".heic", ".emf", ".wmf", ".ico"),
    "pdf": (".pdf",),
    "text": (".txt", ".csv", ".tsv", ".md", ".html", ".htm", ".xml", ".log"),
    "signature": (".p7s", ".p7m", ".asc", ".sig", ".cer", ".crt"),
    "calendar": (".ics", ".vcs"),
    "contact": (".vcf",),
    "presentation": (".pptx", ".ppt", ".odp", ".key"),
    "spreadsheet": (".xls", ".xlsm", ".ods", ".numbers"),
    "media": (".mp3", ".mp4", ".m4a", ".wav", ".mov", ".avi"),
}  # fmt: skip
#: What people send as reports: never "not a report", always read (or said unreadable).
REPORT_LIKE = (".docx", ".docm", ".dotx", ".json", ".odt", ".doc", ".rtf")


def not_a_report(path: Path) -> Text | None:
    """What a file that is not a report is ("an image"), so that it is listed as skipped;
    None for what may be a report or a data annex (read, or said unreadable) and for files
    that may hold reports gcmreview cannot open (:data:`UNOPENED`)."""
    suffix = path.suffix.lower()
    if suffix in REPORT_LIKE or suffix in UNOPENED or path.name.casefold() in UNOPENED:
        return None
    if suffix == ".xlsx":
        if path.stem.endswith("_data") or annex_identity(path) is not None:
            return None
        return Text("word.not-a-report.workbook")
    for what, suffixes in _NOT_REPORTS.items():
        if suffix in suffixes:
            return Text(f"word.not-a-report.{what}")
    if suffix:
        return Text("word.not-a-report.suffix", {"suffix": suffix})
    return Text("word.not-a-report.no-suffix")


def received_name(shown: str) -> str:
    """A file's name as received, for lists of submissions: ``KEN.docx`` for
    ``inbox/KEN.docx``, ``KEN.eml › KEN_report.docx`` for a file in a message."""
    from gcmreview.attachments import SEP

    outer, sep, inner = shown.partition(SEP)
    return Path(outer).name + sep + inner


def annex_beside(report: Path) -> Path | None:
    """The data annex of a report read on its own (``export``), among the workbooks of its
    folder, as :func:`pair` finds it; None when there is none, or more than one."""
    from gcmreview.files import display

    try:
        books = sorted(
            p for p in report.parent.iterdir()
            if p.suffix.lower() == ".xlsx" and not is_debris(p) and p.is_file()
        )  # fmt: skip
    except OSError:
        return None
    group = display(report.parent)
    entries = [_Entry(report, display(report), group)]
    entries += [_Entry(book, display(book), group) for book in books]
    first = pair(entries)[0]
    return first.annex if not first.rivals else None
