"""``gcmreview doctor``: what a support request needs to know about this installation.

The version, Python, where the templates and the bundled bank are, whether LibreOffice is
found (it reads .odt, .doc and .rtf reports), the console's encodings and the versions of
the libraries gcmreview uses. Nothing here fails: what cannot be found is said.
"""

from __future__ import annotations

import locale
import os
import platform
import subprocess
import sys
from importlib import metadata

#: The libraries whose versions matter when a document is read or written differently.
LIBRARIES = ("typer", "rich", "pydantic", "python-docx", "openpyxl", "lxml", "jinja2",
             "pyyaml", "babel", "pillow", "icalendar", "defusedxml")  # fmt: skip


def report() -> dict[str, object]:
    """Facts about this installation, as data (``--json`` prints it as it is)."""
    from gcmreview import __version__
    from gcmreview.paths import templates_dir

    templates = templates_dir()
    return {
        "gcmreview": __version__,
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "platform": platform.platform(),
        "templates": str(templates),
        "templates_found": (templates / "bank" / "gcm-questions.yaml").is_file(),
        "bank": _bank(),
        "libreoffice": _libreoffice(),
        "console": {
            "stdout_encoding": getattr(sys.stdout, "encoding", None),
            "stderr_encoding": getattr(sys.stderr, "encoding", None),
            "stdout_is_terminal": _isatty(sys.stdout),
            "locale_encoding": locale.getpreferredencoding(False),
            "PYTHONIOENCODING": os.environ.get("PYTHONIOENCODING"),
            "PYTHONUTF8": os.environ.get("PYTHONUTF8"),
        },
        "libraries": {name: _version(name) for name in LIBRARIES},
    }


def _bank() -> str:
    try:
        from gcmreview.bank import default_bank

        bank = default_bank()
    except Exception as exc:  # a broken installation is what doctor is for
        return f"cannot be read: {type(exc).__name__}: {exc}"
    return f"{bank.id} {bank.version} (review cycle {bank.review_cycle})"


def _libreoffice() -> dict[str, str | None]:
    from gcmreview.convert import soffice

    command = soffice()
    if command is None:
        return {"path": None, "version": None,
                "note": "not found: .odt, .doc and .rtf reports cannot be read "
                        "(install LibreOffice, or set GCMREVIEW_SOFFICE)"}  # fmt: skip
    try:
        done = subprocess.run(
            [command, "--version"], capture_output=True, text=True, timeout=30, check=False
        )
        version = (done.stdout or done.stderr).strip().splitlines()[0] if done.stdout else None
    except (OSError, subprocess.TimeoutExpired, IndexError) as exc:
        version = f"did not answer ({type(exc).__name__})"
    return {"path": command, "version": version, "note": None}


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def lines(facts: dict[str, object]) -> list[tuple[str, str]]:
    """The report as (label, value) rows for the terminal."""
    office = facts["libreoffice"]
    console = facts["console"]
    assert isinstance(office, dict) and isinstance(console, dict)
    libraries = facts["libraries"]
    assert isinstance(libraries, dict)
    rows = [
        ("gcmreview", str(facts["gcmreview"])),
        ("Python", f"{facts['python']} ({facts['python_executable']})"),
        ("Platform", str(facts["platform"])),
        ("Templates", str(facts["templates"])
         + ("" if facts["templates_found"] else "  (NOT FOUND: reinstall gcmreview)")),
        ("Question bank", str(facts["bank"])),
        ("LibreOffice", f"{office['path']} ({office['version'] or 'version unknown'})"
         if office["path"] else str(office["note"])),
        ("Console", f"stdout {console['stdout_encoding']}, stderr {console['stderr_encoding']}, "
                    f"locale {console['locale_encoding']}"
                    + ("" if console["stdout_is_terminal"] else ", output redirected")),
        ("Libraries", ", ".join(f"{k} {v or 'missing'}" for k, v in libraries.items())),
    ]  # fmt: skip
    return rows
