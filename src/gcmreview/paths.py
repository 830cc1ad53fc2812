"""Where gcmreview's shipped files are."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def templates_dir() -> Path:
    """The shipped ``templates/`` folder: inside the installed package, or the source tree's
    top-level folder when running from a checkout."""
    packaged = resources.files("gcmreview").joinpath("templates")
    if packaged.is_dir():
        return Path(str(packaged))
    here = Path(__file__).resolve().parents[2] / "templates"
    if here.is_dir():
        return here
    raise FileNotFoundError("gcmreview's templates/ folder is missing from this installation")
