"""Reports saved in another word-processing format (.odt, .doc, .rtf), read through
LibreOffice.

A focal point working in LibreOffice may save the report as OpenDocument, and an old Word
may save it as .doc. Where LibreOffice is installed, such a file is converted to .docx in a
private temporary folder (headless, its own profile, a time limit, nothing written beside the
user's file) and read like any report; where it is not, the reason says what to do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gcmreview.messages import Text
from gcmreview.ooxml import UnreadableFile

TIMEOUT_SECONDS = 120


def soffice() -> str | None:
    """LibreOffice's command, or None: GCMREVIEW_SOFFICE, else soffice or libreoffice."""
    named = os.environ.get("GCMREVIEW_SOFFICE")
    if named:
        return named if shutil.which(named) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def kind_of(path: Path) -> str | None:
    """The format (".odt", ".doc", ".rtf") of a file that needs converting, by its first
    bytes; None for anything else."""
    try:
        with path.open("rb") as fh:
            head = fh.read(80)
    except OSError:
        return None
    if head.startswith(b"PK") and b"mimetypeapplication/vnd.oasis.opendocument.text" in head:
        return ".odt"
    if head.startswith(b"\xd0\xcf\x11\xe0") and path.suffix.lower() == ".doc":
        return ".doc"  # an OLE file named .doc (a password-protected .docx is OLE too)
    if head.lstrip().startswith((b"{\\rtf", b"{\\RTF")):
        return ".rtf"
    return None


@contextmanager
def as_docx(path: Path, suffix: str) -> Iterator[Path]:
    """``path`` converted to .docx in a temporary folder that is removed afterwards (a format
    of :func:`kind_of`, named as people know it by ``word.format.<suffix>`` of findings.yaml).
    Raises :class:`UnreadableFile` when LibreOffice is missing or the conversion fails."""
    what = Text(f"word.format{suffix}")
    command = soffice()
    if command is None:
        raise UnreadableFile(Text("unreadable.no-libreoffice", {"format": what}))
    with tempfile.TemporaryDirectory(prefix="gcmreview-convert-") as tmp:
        folder = Path(tmp)
        source = folder / f"report{suffix}"
        shutil.copyfile(path, source)
        profile = folder / "profile"
        try:
            result = subprocess.run(
                [command, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                 "--norestore", "--convert-to", "docx", "--outdir", str(folder), str(source)],
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                stdin=subprocess.DEVNULL,
                check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            reason = {"format": what, "n": TIMEOUT_SECONDS}
            raise UnreadableFile(Text("unreadable.conversion-timeout", reason)) from None
        except OSError as exc:
            reason = {"format": what, "error": str(exc)}
            raise UnreadableFile(Text("unreadable.libreoffice-failed", reason)) from None
        converted = folder / "report.docx"
        if result.returncode != 0 or not converted.exists():
            raise UnreadableFile(Text("unreadable.conversion-failed", {"format": what}))
        yield converted
