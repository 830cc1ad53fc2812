"""The languages gcmreview writes and reads, from ``templates/i18n/languages.yaml``: their
codes, writing direction, the tag Word marks their text with and the fonts documents name.
Adding a language is adding an entry there (and its texts); nothing here lists languages."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Fonts:
    latin: str
    complex: str
    east_asian: str


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    rtl: bool
    #: latin, cyrillic, arabic or han
    script: str
    word_tag: str
    fonts: Fonts


@cache
def languages() -> dict[str, Language]:
    from gcmreview.paths import templates_dir
    from gcmreview.yamlio import load_yaml_text

    path = templates_dir() / "i18n" / "languages.yaml"
    data = load_yaml_text(path.read_text(encoding="utf-8"), source="i18n/languages.yaml")
    return {
        code: Language(
            code=code,
            name=entry["name"],
            rtl=entry["direction"] == "rtl",
            script=entry["script"],
            word_tag=entry["word_tag"],
            fonts=Fonts(**entry["fonts"]),
        )
        for code, entry in data["languages"].items()
    }


def codes() -> tuple[str, ...]:
    """Every language code, in the file's order (en, fr, es, ar, ru, zh)."""
    return tuple(languages())


def get(code: str) -> Language:
    """The language ``code``, or English for a code gcmreview does not know."""
    found = languages()
    return found.get(code) or found["en"]


def is_rtl(code: str) -> bool:
    """Whether ``code`` is written right to left (Arabic)."""
    return get(code).rtl


def is_east_asian(code: str) -> bool:
    """Whether ``code`` is written in Han characters (Chinese): set in its East Asian font."""
    return get(code).script == "han"


def word_tag(code: str) -> str:
    return get(code).word_tag


def fonts(code: str) -> Fonts:
    return get(code).fonts


def known(code: str) -> str:
    """``code`` if gcmreview knows the language, else ValueError (a model's validator)."""
    if code not in languages():
        raise ValueError(f"unknown language {code!r}: use one of {', '.join(codes())}")
    return code
