"""Writing output files safely: never over a user's file unless asked, never half-written,
and byte-for-byte reproducible when ``SOURCE_DATE_EPOCH`` is set."""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from gcmreview.errors import OutputError


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


def normalise_zip(data: bytes) -> bytes:
    """Rewrite an OOXML zip with entries in a stable order and fixed timestamps, so the same
    content gives the same bytes. ``[Content_Types].xml`` stays first, as Office expects.
    The modification time in ``docProps/core.xml`` (openpyxl stamps it with the clock when
    saving) is set to :func:`build_time` too."""
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
            dst.writestr(info, payload)
    return out.getvalue()


def check_writable(paths: Iterable[Path], *, force: bool) -> None:
    """Refuse before anything is written: existing files (unless ``force``), missing or
    unwritable folders. Raises :class:`OutputError` with a one-line reason."""
    for path in paths:
        folder = path.parent
        if path.exists() and path.is_dir():
            raise OutputError(f"{path} is a folder; give a file name")
        if path.exists() and not force:
            raise OutputError(f"{path} already exists; use --force to replace it")
        if not folder.exists():
            raise OutputError(f"folder {folder} does not exist")
        if not folder.is_dir():
            raise OutputError(f"{folder} is not a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(f"cannot write to folder {folder} (permission denied)")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place, so that a
    failure never leaves a half-written file behind."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write to folder {path.parent} ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_outputs(outputs: dict[Path, bytes], *, force: bool) -> list[Path]:
    """Write several files as one job: every target is checked before the first is written."""
    check_writable(outputs, force=force)
    for path, data in outputs.items():
        write_atomic(path, data)
    return list(outputs)


def slug(text: str, limit: int = 40) -> str:
    """A file-name-safe version of free text (organisation names)."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = "".join(ch if ch.isalnum() else "-" for ch in ascii_text)
    parts = [p for p in cleaned.split("-") if p]
    return "-".join(parts)[:limit].strip("-") or "organisation"


def read_user_text(path: Path, *, max_bytes: int) -> str:
    """A UTF-8 text file a user gave us (YAML, JSON), with one-line errors for a missing,
    oversized, unreadable or non-text file."""
    from gcmreview.errors import GcmError

    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise GcmError(
                f"{path} is {size / 1e6:.1f} MB; files of this kind are at most "
                f"{max_bytes // (1024 * 1024)} MB"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise GcmError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise GcmError(f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise GcmError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GcmError(f"{path} is not a UTF-8 text file") from None


def workbook_bytes(wb, **properties: str) -> bytes:
    """Save an openpyxl workbook as reproducible bytes: gcmreview as its creator, the build
    time (SOURCE_DATE_EPOCH) as its dates, stable zip entries."""
    stamp = build_time().replace(tzinfo=None)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "gcmreview"
    wb.properties.lastModifiedBy = "gcmreview"
    for name, value in properties.items():
        setattr(wb.properties, name, value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return normalise_zip(buffer.getvalue())
