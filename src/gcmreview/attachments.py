"""What arrives by e-mail: saved messages (``.eml``) and ``.zip`` archives, opened so that
the reports and data annexes inside are read like the files of a folder.

Everything inside is treated as hostile, with the limits used for a .docx
(:mod:`gcmreview.ooxml`): at most :data:`~gcmreview.ooxml.MAX_ENTRIES` entries, each file at
most :data:`~gcmreview.ooxml.MAX_PACKAGE_BYTES`, a compression ratio of at most
:data:`~gcmreview.ooxml.MAX_RATIO` for anything above a megabyte, and
:data:`~gcmreview.ooxml.MAX_TOTAL_BYTES` written per message or archive (counted as the bytes
are copied, not as the archive claims). A name that leaves its folder (``../../evil.docx``,
``/etc/x``, ``C:\\x``), a link, an encrypted entry and a message or archive nested more than
one level deep are refused, each with a reason, and never written. Files are written only
into the temporary folder the caller gives (see :func:`gcmreview.inbox.opened`, which removes
it afterwards, also on Ctrl+C); their names there are made safe for every file system, while
people see each file as it was named in the message or archive:
``inbox/KEN.eml › KEN_report.docx``, ``inbox/mail.zip › folder/KEN.docx``.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import stat
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from gcmreview.errors import GcmError
from gcmreview.messages import Text
from gcmreview.ooxml import MAX_ENTRIES, MAX_PACKAGE_BYTES, MAX_RATIO, MAX_TOTAL_BYTES

#: Messages and archives opened; anything inside them is read like a file in a folder.
CONTAINER_SUFFIXES = (".zip", ".eml")
#: A message or archive, and one message or archive inside it; deeper ones are refused.
MAX_DEPTH = 2
#: Between a message or archive and a file inside it, as people see it.
SEP = " › "

_UNSAFE = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Member:
    """A file found inside a message or archive: where it was written (None when it was
    refused), how people see it, why it was refused (read as unreadable) or why it is not
    a report at all (an empty message)."""

    path: Path | None
    shown: str
    refused: Text | str | None = None
    skipped: Text | None = None


class _Refused(Exception):
    """One file or a whole container refused: why, as a text of findings.yaml
    (``unreadable.refused-*``), said in the language of the check or the synthesis."""

    def __init__(self, key: str, **params: object) -> None:
        self.text = Text(f"unreadable.refused-{key}", params)
        super().__init__(self.text.render("en"))


def is_container(path: Path) -> bool:
    return path.suffix.lower() in CONTAINER_SUFFIXES


class Budget:
    """Bytes written into the temporary folder: per message or archive (with what is
    nested in it) at most :data:`MAX_TOTAL_BYTES`, and for a whole inbox at most
    :data:`MAX_INBOX_BYTES`."""

    def __init__(self) -> None:
        self.inbox = 0
        self.container = 0

    def room(self) -> tuple[int, _Refused]:
        """(bytes that may still be written, why no more may)."""
        mb = 1024 * 1024
        left_here = MAX_TOTAL_BYTES - self.container
        left_inbox = MAX_INBOX_BYTES - self.inbox
        if left_inbox < left_here:
            return left_inbox, _Refused("inbox-full", mb=MAX_INBOX_BYTES // mb)
        return left_here, _Refused("container-full", mb=MAX_TOTAL_BYTES // mb)

    def spend(self, n: int) -> None:
        self.inbox += n
        self.container += n


#: All the messages and archives of one inbox, written out, at most.
MAX_INBOX_BYTES = 4 * 1024 * 1024 * 1024


def expand(
    path: Path, shown: str, workspace: Path, depth: int = 1, budget: Budget | None = None
) -> list[Member]:
    """The files inside the message or archive ``path``, written into a new folder of
    ``workspace``; a message or archive inside it is opened in turn (one level), within the
    same :class:`Budget`. Never raises for a bad file: a refusal is a :class:`Member` with a
    reason."""
    from gcmreview.files import regular_file

    try:
        regular_file(path, max_bytes=MAX_PACKAGE_BYTES)
    except GcmError as exc:
        return [Member(None, shown, exc.text or exc.message)]
    folder = Path(tempfile.mkdtemp(prefix="c", dir=workspace))
    budget = budget or Budget()
    if depth == 1:
        budget.container = 0
    writer = _Writer(folder, budget)
    members: list[Member] = []
    try:
        entries = _zip(path, writer) if path.suffix.lower() == ".zip" else _eml(path, writer)
        for name, written, refused in entries:
            inner = f"{shown}{SEP}{name}"
            if written is not None and is_container(written):
                if depth >= MAX_DEPTH:
                    written.unlink()
                    members.append(Member(None, inner, _too_deep(written)))
                else:
                    members.extend(expand(written, inner, workspace, depth + 1, budget))
                    written.unlink()
                continue
            members.append(Member(written, inner, refused))
    except _Refused as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return [Member(None, shown, exc.text)]
    if not members:
        what = "empty-archive" if path.suffix.lower() == ".zip" else "empty-message"
        return [Member(None, shown, skipped=Text(f"word.not-a-report.{what}"))]
    return members


def _quoted(name: str) -> Text:
    return Text("word.quoted", {"text": name})


def _too_deep(path: Path) -> Text:
    what = "message" if path.suffix.lower() == ".eml" else "archive"
    return _Refused(f"too-deep-{what}").text


# ---------------------------------------------------------------- writing, safely


class _Writer:
    """Writes a container's files into its own folder, under names safe on every file
    system, keeping their folders (so that a report and its ``_data.xlsx`` stay together),
    with the container's limits."""

    def __init__(self, folder: Path, budget: Budget) -> None:
        self.folder = folder
        self.budget = budget
        self.taken: set[str] = set()

    def place(self, name: str) -> Path:
        """Where the file people know as ``name`` is written; raises :class:`_Refused` for a
        name that would leave the folder."""
        parts = re.split(r"[\\/]", name)
        if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
            raise _Refused("absolute-name", name=_quoted(name))
        if any(part == ".." for part in parts):
            raise _Refused("traversal", name=_quoted(name))
        safe = [_safe_part(p) for p in parts if p not in ("", ".")]
        if not safe:
            safe = ["unnamed"]
        relative = "/".join(safe)
        n = 1
        while relative.casefold() in self.taken:  # KEN.docx and ken.docx, or two "image.png"
            n += 1
            relative = "/".join([*safe[:-1], str(n), safe[-1]])
        self.taken.add(relative.casefold())
        target = self.folder.joinpath(*relative.split("/"))
        # Belt and braces: the resolved target is inside the folder.
        if not target.resolve().is_relative_to(self.folder.resolve()):
            raise _Refused("leaves-folder", name=_quoted(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, name: str, chunks: Iterator[bytes], declared: int) -> Path:
        if declared > MAX_PACKAGE_BYTES:
            raise _Refused("would-expand", mb=round(declared / 1e6))
        room, why = self.budget.room()
        if declared > room:
            raise why
        written = 0
        target: Path | None = None
        try:
            target = self.place(name)
            with target.open("xb") as out:
                for chunk in chunks:
                    written += len(chunk)
                    if written > max(declared, 0):
                        raise _Refused("larger-than-claimed")
                    if written > room:
                        raise why
                    out.write(chunk)
        except BaseException as exc:
            if target is not None:
                with contextlib.suppress(OSError):
                    target.unlink()
            if isinstance(exc, OSError):
                raise _Refused("cannot-write", error=exc.strerror or str(exc)) from None
            raise
        self.budget.spend(written)
        return target


def _safe_part(part: str) -> str:
    """One folder or file name, safe on Windows, macOS and Linux: no reserved characters,
    no trailing dots or spaces, no device names, at most 120 characters (suffix kept)."""
    text = _UNSAFE.sub("_", unicodedata.normalize("NFC", part)).rstrip(" .") or "_"
    stem, dot, suffix = text.rpartition(".")
    if not dot or len(suffix) > 10:
        stem, suffix = text, ""
    if stem.split(".")[0].casefold() in _RESERVED:
        stem = "_" + stem
    if len(stem) > 110:
        stem = stem[:110]
    return f"{stem}.{suffix}" if suffix else stem


def _is_debris(name: str) -> bool:
    from gcmreview.inbox import is_debris

    parts = [p for p in re.split(r"[\\/]", name) if p]
    return not parts or "__MACOSX" in parts or is_debris(Path(parts[-1]))


# ---------------------------------------------------------------- .zip


def _zip_name(info: zipfile.ZipInfo) -> str:
    """The name as the sender's computer meant it: UTF-8 when flagged; otherwise UTF-8 when
    it decodes (macOS writes UTF-8 without the flag), else the Western-European DOS code
    page that Windows' "Send to › Compressed folder" uses (cp850)."""
    name = info.filename
    if not info.flag_bits & 0x800:
        raw = name.encode("cp437")  # how zipfile decoded it, undone
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            name = raw.decode("cp850")
    return unicodedata.normalize("NFC", name)


def _zip(path: Path, writer: _Writer) -> Iterator[tuple[str, Path | None, Text | None]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _Refused("zip-damaged", error=str(exc)) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise _Refused("too-many-entries", n=len(infos))
        if "[Content_Types].xml" in {i.filename for i in infos}:
            raise _Refused("renamed-office")
        for info in infos:
            name = _zip_name(info)
            if info.is_dir() or _is_debris(name):
                continue
            try:
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    raise _Refused("link")
                if info.flag_bits & 0x1:
                    raise _Refused("encrypted")
                if (
                    info.compress_size
                    and info.file_size > 1024 * 1024
                    and info.file_size / info.compress_size > MAX_RATIO
                ):
                    raise _Refused(
                        "would-expand-from",
                        mb=round(info.file_size / 1e6),
                        kb=round(info.compress_size / 1e3),
                    )
                yield name, writer.write(name, _zip_chunks(archive, info), info.file_size), None
            except _Refused as exc:
                yield name, None, exc.text


def _zip_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    try:
        with archive.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError) as exc:
        raise _Refused("damaged-entry", error=str(exc)) from None


# ---------------------------------------------------------------- .eml


def _eml(path: Path, writer: _Writer) -> Iterator[tuple[str, Path | None, Text | None]]:
    """Every attachment of a saved message (RFC 822), with its name decoded (RFC 2231 and
    2047); a forwarded message attached to it is written as a .eml and opened in turn."""
    import email
    import email.policy

    try:
        with path.open("rb") as fh:
            message = email.message_from_binary_file(fh, policy=email.policy.default)
    except (OSError, ValueError, LookupError, RecursionError) as exc:
        raise _Refused("message-unreadable", error=str(exc)) from None
    if not message.keys():
        raise _Refused("not-a-message")
    count = 0
    for part in _leaves(message):
        count += 1
        if count > MAX_ENTRIES:
            raise _Refused("too-many-parts", n=MAX_ENTRIES)
        try:
            name, data = _attachment(part, count)
        except (ValueError, LookupError, TypeError, AttributeError, RecursionError) as exc:
            yield f"attachment {count}", None, _Refused("undecodable", error=str(exc)).text
            continue
        if name is None or _is_debris(name):
            continue
        try:
            yield name, writer.write(name, iter([data]), len(data)), None
        except _Refused as exc:
            yield name, None, exc.text


def _leaves(part) -> Iterator:
    """The parts of a message that are files: attachments, inline pictures and attached
    messages (kept whole), never the containers of parts."""
    if part.get_content_type() == "message/rfc822":
        yield part
        return
    if part.is_multipart():
        for sub in part.iter_parts():
            yield from _leaves(sub)
        return
    yield part


def _attachment(part, n: int) -> tuple[str | None, bytes]:
    """(name, content) of one part; no name for the message's own text."""
    import mimetypes

    ctype = part.get_content_type()
    name = part.get_filename()
    if ctype == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) else inner
        subject = str(inner.get("subject", "") or "").strip()
        name = name or f"{subject[:60] or 'attached message'}.eml"
        if not name.lower().endswith(".eml"):
            name += ".eml"
        return name, inner.as_bytes()
    if name is None:
        if part.get_content_maintype() in ("text", "multipart") and (
            part.get_content_disposition() != "attachment"
        ):
            return None, b""
        name = f"attachment {n}{mimetypes.guess_extension(ctype) or ''}"
    data = part.get_payload(decode=True)
    if data is None:
        data = b""
    return unicodedata.normalize("NFC", str(name)), bytes(data)
