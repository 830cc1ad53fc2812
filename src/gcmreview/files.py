"""Writing output files safely: never over a user's file unless asked, never half-written,
and byte-for-byte reproducible when ``SOURCE_DATE_EPOCH`` is set."""

from __future__ import annotations

import contextlib
import errno
import glob
import io
import os
import re
import secrets
import shutil
import signal
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from gcmreview.errors import OutputError, said
from gcmreview.messages import Text

if TYPE_CHECKING:
    from gcmreview.workbook import Rows


def build_time() -> datetime:
    """The time written into documents: ``SOURCE_DATE_EPOCH`` when set (reproducible
    builds), otherwise now. Always UTC, whole seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except ValueError:
            raise OutputError(f"SOURCE_DATE_EPOCH must be a whole number, not {epoch!r}") from None
    return datetime.now(tz=UTC).replace(microsecond=0)


def normalise_zip(
    data: bytes, edits: dict[str, Callable[[bytes], Iterable[bytes]]] | None = None
) -> bytes:
    """Rewrite an OOXML zip with entries in a stable order and fixed timestamps, so the same
    content gives the same bytes. ``[Content_Types].xml`` stays first, as Office expects.
    The modification time in ``docProps/core.xml`` (openpyxl stamps it with the clock when
    saving) is set to :func:`build_time` too. ``edits`` maps entry names to functions that
    give their new content, in pieces, from the old."""
    stamp = build_time()
    iso_stamp = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = (
        max(stamp.year, 1980),
        stamp.month,
        stamp.day,
        stamp.hour,
        stamp.minute,
        stamp.second,
    )
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    first = [n for n in names if n == "[Content_Types].xml"]
    ordered = first + [n for n in names if n not in first]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in ordered:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            payload = src.read(name)
            if name == "docProps/core.xml":
                payload = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + iso_stamp + rb"\g<2>",
                    payload,
                )
            if edits and name in edits:
                with dst.open(info, "w") as entry:
                    for piece in edits[name](payload):
                        entry.write(piece)
                continue
            dst.writestr(info, payload)
    return out.getvalue()


def check_writable(paths: Iterable[Path], *, force: bool) -> None:
    """Refuse before anything is written: existing files (unless ``force``), missing or
    unwritable folders. Raises :class:`OutputError` with a one-line reason."""
    for path in paths:
        folder = path.parent
        if path.exists() and path.is_dir():
            raise OutputError(f"{display(path)} is a folder; give a file name")
        if path.exists() and not force:
            raise OutputError(f"{display(path)} already exists; use --force to replace it")
        if not folder.exists():
            raise OutputError(f"folder {display(folder)} does not exist")
        if not folder.is_dir():
            raise OutputError(f"{display(folder)} is not a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(f"cannot write to folder {display(folder)} (permission denied)")


def output_dir(folder: Path) -> Path:
    """The folder given with ``-d/--output-dir``, created (with its parents) if missing.
    Raises :class:`OutputError` when it is a file or cannot be made or written to."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{display(folder)} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise OutputError(f"cannot make folder {display(folder)} ({reason.lower()})") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write to folder {display(folder)} (permission denied)")
    return folder


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place, so that a
    failure never leaves a half-written file behind (see :func:`write_outputs`)."""
    write_outputs({path: data}, force=True, checked=True)


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _megabytes(n: int) -> str:
    return f"{max(n, 1) / 1e6:.1f} MB"


def _no_space(path: Path, needed: int) -> OutputError:
    free = _free_bytes(path.parent)
    room = f", {_megabytes(free)} free" if free is not None else ""
    return OutputError(
        f"cannot write {display(path)}: not enough space on the disk "
        f"({_megabytes(needed)} needed{room}); nothing was written"
    )


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl+C and SIGTERM while files are renamed into place, so that a set of outputs
    is never left half-replaced; a signal that arrives meanwhile is acted on afterwards."""
    mask = getattr(signal, "pthread_sigmask", None)
    held = {signal.SIGINT, signal.SIGTERM}
    if mask is None:
        yield
        return
    previous = mask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, previous)


def write_outputs(outputs: dict[Path, bytes], *, force: bool, checked: bool = False) -> list[Path]:
    """Write several files as one job, all or nothing:

    * every target is checked before anything is written (existing files without
      ``force``, missing or unwritable folders), and the free space too;
    * each file is written to a temporary file beside its target; any failure or
      interruption (Ctrl+C, SIGTERM) removes every temporary file;
    * the files are then moved into place together, with signals held; without ``force`` a
      target is created exclusively, so a file another run made in the meantime is never
      replaced; if any move fails, the files already moved are taken back (and, with
      ``force``, the files they replaced restored).
    """
    if not checked:
        check_writable(outputs, force=force)
    needed: dict[Path, int] = {}
    for path, data in outputs.items():
        needed[path.parent] = needed.get(path.parent, 0) + len(data)
    temporary: dict[Path, str] = {}
    # Every temporary file of this job carries one random token, so that a file whose name
    # was not yet recorded when a signal arrived (between its creation and the next
    # statement) is still found and removed.
    token = secrets.token_hex(4)
    try:
        for path, data in outputs.items():
            temporary[path] = _write_temporary(path, data, needed[path.parent], token)
        with _signals_held():
            _move_into_place(temporary, force=force)
    finally:
        leftovers = set(temporary.values())
        for path in outputs:
            with contextlib.suppress(OSError):
                pattern = glob.escape(f".{path.name}.{token}.") + "*.tmp"
                leftovers.update(str(p) for p in path.parent.glob(pattern))
        for tmp in leftovers:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return list(outputs)


def _write_temporary(path: Path, data: bytes, needed: int, token: str) -> str:
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{token}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(
            f"cannot write to folder {display(path.parent)} ({exc.strerror or exc})"
        ) from None
    try:
        free = _free_bytes(path.parent)
        if free is not None and needed > free:
            raise OSError(errno.ENOSPC, "No space left on device")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.close(fd)  # when the failure came before the file object owned it
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise _no_space(path, needed) from None
            raise OutputError(f"cannot write {display(path)}: {exc.strerror or exc}") from None
        raise
    return tmp


def _move_into_place(temporary: dict[Path, str], *, force: bool) -> None:
    moved: list[tuple[Path, str | None]] = []  # (target, backup of the file it replaced)
    try:
        for path, tmp in temporary.items():
            backup = None
            if force and path.exists():
                backup = f"{tmp}.previous"
                try:
                    os.link(path, backup)
                except OSError:
                    backup = None  # no hard links here: the old file cannot be restored
            if force:
                os.replace(tmp, path)
            else:
                _create_exclusively(tmp, path)
            moved.append((path, backup))
    except BaseException as exc:
        for path, backup in reversed(moved):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, path)
                else:
                    os.unlink(path)
        if isinstance(exc, FileExistsError):
            raise OutputError(
                f"{display(Path(exc.filename or ''))} appeared while gcmreview was working "
                "(another run?); use --force to replace it; nothing was written"
            ) from None
        if isinstance(exc, OSError):
            raise OutputError(
                f"cannot write {display(Path(exc.filename or ''))}: {exc.strerror or exc}; "
                "nothing was written"
            ) from None
        raise
    for _, backup in moved:
        if backup is not None:
            with contextlib.suppress(OSError):
                os.unlink(backup)


def _create_exclusively(tmp: str, path: Path) -> None:
    """Move ``tmp`` to ``path`` only if ``path`` does not exist (atomically where the file
    system has hard links). Raises FileExistsError otherwise."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
    except OSError:
        # No hard links (some network and FAT file systems): claim the name, then replace.
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        os.close(fd)
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def display(path: Path | str) -> str:
    """A path as people can read it: undecodable bytes of a file name (common on shared
    drives and in zips from other systems) shown as U+FFFD, never a crash."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:  # a lone surrogate that is not an undecodable byte
            text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe version of free text (organisation names)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in ascii_text)
    parts = [p for p in cleaned.split("-") if p]
    return "-".join(parts)[:limit].strip("-") or "organisation"


def regular_file(path: Path, *, max_bytes: int) -> int:
    """The size of ``path`` if it is a regular file of at most ``max_bytes`` (links are
    followed). Anything else is refused before it is opened: a pipe would block and a device
    such as /dev/zero would never end. Raises :class:`GcmError` with a one-line reason."""
    import stat

    file = display(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise said(Text("unreadable.no-such-file", {"file": file})) from None
    except OSError as exc:
        raise said(_cannot_read(file, exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise said(Text("unreadable.is-folder", {"file": file}))
    if not stat.S_ISREG(st.st_mode):
        kind = "pipe" if stat.S_ISFIFO(st.st_mode) else "device"
        raise said(Text(f"unreadable.not-regular.{kind}", {"file": file}))
    if st.st_size > max_bytes:
        size = {"file": file, "mb": round(st.st_size / 1e6, 1), "max": max_bytes // (1024 * 1024)}
        raise said(Text("unreadable.too-big", size))
    return st.st_size


def _cannot_read(file: str, exc: OSError) -> Text:
    return Text("unreadable.cannot-read", {"file": file, "error": exc.strerror or str(exc)})


def read_user_text(path: Path, *, max_bytes: int) -> str:
    """A UTF-8 text file a user gave us (YAML, JSON), with one-line errors for a missing,
    oversized, unreadable or non-text file."""
    regular_file(path, max_bytes=max_bytes)
    file = display(path)
    try:
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise said(_cannot_read(file, exc)) from None
    if len(raw) > max_bytes:
        raise said(Text("unreadable.grew", {"file": file}))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise said(Text("unreadable.not-utf8", {"file": file})) from None


def workbook_bytes(wb, rows: Sequence[Rows] = (), **properties: str) -> bytes:
    """Save an openpyxl workbook as reproducible bytes: gcmreview as its creator, the build
    time (SOURCE_DATE_EPOCH) as its dates, stable zip entries. ``rows`` are the rows of
    large sheets written by :class:`gcmreview.workbook.Rows`, put after their header rows."""
    stamp = build_time().replace(tzinfo=None)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "gcmreview"
    wb.properties.lastModifiedBy = "gcmreview"
    for name, value in properties.items():
        setattr(wb.properties, name, value)
    buffer = io.BytesIO()
    wb.save(buffer)
    data = buffer.getvalue()
    if not rows:
        return normalise_zip(data)
    parts = sheet_parts(data)

    def put_rows(rows: Rows) -> Callable[[bytes], Iterator[bytes]]:
        def edit(payload: bytes) -> Iterator[bytes]:
            head, end, tail = payload.rpartition(b"</sheetData>")
            if not end:  # a sheet without rows: openpyxl writes <sheetData/>
                head, end, tail = payload.partition(b"<sheetData/>")
                head, end = head + b"<sheetData>", b"</sheetData>"
            yield head
            yield from rows.chunks()
            yield end + tail

        return edit

    return normalise_zip(data, {parts[r.title]: put_rows(r) for r in rows})


def sheet_parts(data: bytes) -> dict[str, str]:
    """The zip entry of each worksheet of a saved workbook, by sheet name."""
    from lxml import etree

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        book = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    found = {}
    for sheet in book.iter(f"{main}sheet"):
        target = targets[sheet.get(rel)]
        found[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return found
