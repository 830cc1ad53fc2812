"""The languages gcmreview writes and reads, from ``templates/i18n/languages.yaml``: their
codes, writing direction, the tag Word marks their text with, the fonts documents name, and
how figures and dates typed in a report are read. Adding a language is adding an entry there
(and its texts); nothing here lists languages."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache


@dataclass(frozen=True)
class Fonts:
    latin: str
    complex: str
    east_asian: str


@dataclass(frozen=True)
class LongDate:
    """How documents write a date in full (see languages.yaml)."""

    #: the Babel locale whose format is used (default: the language's)
    locale: str | None = None
    #: a CLDR date pattern, or "long" for the locale's long format
    pattern: str = "long"
    #: a template of {day}, {month} and {year}, with these month names, instead of Babel's
    template: str | None = None
    months: tuple[str, ...] = ()
    #: how a date written day first writes the first day of a month (French: "1er")
    first_day: str | None = None


@dataclass(frozen=True)
class Punctuation:
    """How the language's own texts separate items and labels (see languages.yaml)."""

    comma: str = ", "
    semicolon: str = "; "
    colon: str = ": "
    full_stop: str = "."
    #: what an aside is put between, with the space before it: " (" and ")"; "（" and "）"
    brackets: tuple[str, str] = (" (", ")")
    #: mark → the space set before it (French: a no-break space before ":")
    space_before: dict[str, str] = field(default_factory=dict)
    #: mark → the space set after it (French: after "«")
    space_after: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    rtl: bool
    #: latin, cyrillic, arabic or han
    script: str
    word_tag: str
    fonts: Fonts
    #: the language's name in English messages ("French")
    english_name: str
    #: the decimal mark figures are read with: "." (1,234.5) or "," (1.234,5)
    decimal: str
    #: the other convention is as common: a lone "," or "." before three digits is not read
    either_decimal: bool
    #: how a finding's advice groups thousands
    advice_group: str
    #: numeric dates are written day first
    day_first: bool
    #: the Babel locales whose month and day names are read (English's are read besides)
    name_locales: tuple[str, ...]
    #: how documents write a date in full
    long_date: LongDate
    #: letter → the letter it sorts right after, as a letter of its own (Spanish ñ → n)
    letters_after: dict[str, str]
    punctuation: Punctuation


@cache
def languages() -> dict[str, Language]:
    from gcmreview.paths import templates_dir
    from gcmreview.yamlio import load_bundled

    path = templates_dir() / "i18n" / "languages.yaml"
    data = load_bundled(path.read_text(encoding="utf-8"), source="i18n/languages.yaml")
    return {
        code: Language(
            code=code,
            name=entry["name"],
            rtl=entry["direction"] == "rtl",
            script=entry["script"],
            word_tag=entry["word_tag"],
            fonts=Fonts(**entry["fonts"]),
            english_name=entry["english_name"],
            decimal=entry["numbers"]["decimal"],
            either_decimal=bool(entry["numbers"]["either"]),
            advice_group=entry["numbers"]["advice_group"],
            day_first=bool(entry["dates"]["day_first"]),
            name_locales=tuple(entry["dates"].get("name_locales") or (code,)),
            long_date=_long_date(entry["dates"].get("long") or {}),
            letters_after=dict(entry.get("letters_after") or {}),
            punctuation=_punctuation(entry.get("punctuation") or {}),
        )
        for code, entry in data["languages"].items()
    }


def _punctuation(entry: dict) -> Punctuation:
    if "brackets" in entry:
        entry = {**entry, "brackets": tuple(entry["brackets"])}
    return Punctuation(**entry)


def _long_date(entry: dict) -> LongDate:
    return LongDate(
        locale=entry.get("locale"),
        pattern=entry.get("pattern", "long"),
        template=entry.get("template"),
        months=tuple(entry.get("months", ())),
        first_day=entry.get("first_day"),
    )


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
