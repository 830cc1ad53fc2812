"""Read numbers and dates the way people type them, by the language of the report.

People type figures and dates into report boxes and spreadsheet cells in their own
conventions: ``1,250`` is one thousand two hundred and fifty in an English report and one and
a quarter in a French one; ``12/03/2027`` is the 12th of March in Paris and may be the 3rd of
December in an English report. The rule here is *never a wrong value silently*: a text is
either read unambiguously, or it is not read and the :class:`Reading` carries a problem code and
a one-sentence message that shows the text and says what was not assumed.

Numbers: ASCII, Arabic-Indic (٠١٢٣٤٥٦٧٨٩), Extended Arabic-Indic (Persian) and full-width
digits; spaces (also no-break, narrow no-break and thin spaces), apostrophes and the Arabic
thousands separator ٬ group thousands in every language, and the Arabic decimal separator ٫
marks decimals; ``,`` groups thousands and ``.`` marks decimals in English and Chinese (also
the full-width ``，`` and ``．``), the other way round in French, Spanish and Russian. Arabic
writes both ways (1,250.5 in the Mashreq and the Gulf, 1 250,5 in the Maghreb), so in an
Arabic report a lone ``,`` or ``.`` before three digits (``1,250``) is not read; ``1,5``,
``2,482,000`` and ``١٬٢٥٠٫٥`` are. When both ``.`` and ``,`` appear, the last one is the
decimal mark whatever the language.

Dates: ISO ``YYYY-MM-DD`` (and ``YYYY-MM``, ``YYYY``), numeric day/month/year (day first in
French, Spanish, Russian and Arabic; refused when an English date reads two ways), month names
in the report's language and in English (from Babel's locale data), and Chinese ``2027年3月12日``.

Each language's conventions (its decimal mark, whether numeric dates are day first, the
locales its month names come from) are in ``templates/i18n/languages.yaml``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache
from typing import NamedTuple

from babel.core import UnknownLocaleError

from gcmreview import languages
from gcmreview.languages import Language

#: Problem codes a :class:`Reading` can carry (they are also the checker's finding codes).
NOT_A_NUMBER = "not-a-number"
AMBIGUOUS_NUMBER = "ambiguous-number"
BAD_DATE = "bad-date"

MAX_INPUT = 100  # characters; longer texts are not read
SHOWN = 40  # characters of the text quoted in a message
FIRST_YEAR = 1950
LAST_YEAR = 2100
DATE_ADVICE = "write it as YYYY-MM-DD, for example 2028-03-15"


@cache
def _english(names: str) -> dict[int, str]:
    """English ``"months"`` by number, or ``"days"`` by ``date.weekday()`` (0 is Monday),
    for messages: Babel's (the C library's follow the process locale), loaded when a
    message needs them."""
    from babel.dates import get_day_names, get_month_names

    found = get_month_names if names == "months" else get_day_names
    return dict(found("wide", locale="en"))


#: Arabic-Indic, Extended Arabic-Indic and full-width digits as ASCII digits, and the
#: full-width comma and full stop (typed with a Chinese input method) as "," and ".".
ARABIC_DECIMAL = "\u066b"
ARABIC_GROUP = "\u066c"
DIGITS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "\uff0c": ",",
        "\uff0e": ".",
    }
)
#: Separator classes: "." and "," depend on the language; "s" (spaces) and "'" (apostrophes)
#: and "g" (Arabic thousands separator) always group; "d" (Arabic decimal) is always decimal.
SEPARATORS = {
    ".": ".",
    ",": ",",
    " ": "s",
    "\u00a0": "s",
    "\u202f": "s",
    "\u2009": "s",
    "'": "'",
    "\u2019": "'",
    ARABIC_GROUP: "g",
    ARABIC_DECIMAL: "d",
}
SIGNS = {"+": "", "-": "-", "\u2212": "-"}
PERCENT = re.compile(r"\s*[%\u066a\uff05]$")


@dataclass(frozen=True)
class Reading:
    """What was read from a typed text: a value, or a problem and the finding's message."""

    #: the number read, or the date as ISO text (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``);
    #: None when the text was not read
    value: int | float | str | None
    #: None, or "not-a-number", "ambiguous-number" or "bad-date"
    problem: str | None = None
    #: one English sentence for the finding when ``problem`` is set, quoting the text
    message: str = ""


def _show(text: str) -> str:
    """The text as quoted in a message, shortened to 40 characters."""
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def _language(lang: str) -> str:
    """``fr-CA`` → ``fr``; the base language code in lower case."""
    return re.split(r"[-_]", (lang or "en").strip().lower(), maxsplit=1)[0] or "en"


def _conventions(lang: str) -> Language:
    """How a report in ``lang`` writes figures and dates (``templates/i18n/languages.yaml``;
    a language gcmreview does not know is read as English is)."""
    return languages.get(lang)


def _report(lang: str) -> str:
    """The phrase "an English report" or "a French report" (unknown languages: English)."""
    name = _conventions(lang).english_name
    return ("an " if name[0] in "AEIOU" else "a ") + name + " report"


# ------------------------------------------------------------------------------- numbers


class _Parsed(NamedTuple):
    """One reading of a number: its digits before and after the decimal mark."""

    whole: str  # digits before the decimal mark, without grouping ("" for ".5")
    fraction: str | None  # digits after the decimal mark; None when there is none
    decimal: str | None  # the separator class used as the decimal mark

    def value(self, sign: str) -> int | float:
        if self.fraction is None:
            return int(sign + self.whole)
        return float(f"{sign}{self.whole or '0'}.{self.fraction}")

    def shown(self, sign: str) -> str:
        """The reading written plainly in English notation: ``1250``, ``1.25``."""
        whole = self.whole.lstrip("0") or "0"
        fraction = (self.fraction or "").rstrip("0")
        return sign + whole + ("." + fraction if fraction else "")


def _tokens(body: str) -> tuple[list[str], list[str]] | None:
    """Split ``1 234,5`` into digit runs and the separator classes between them; None when
    the text holds anything else or two separators in a row. A leading separator (``,5``)
    gives an empty first run."""
    runs = [""]
    seps: list[str] = []
    for ch in body:
        if "0" <= ch <= "9":
            runs[-1] += ch
        elif ch in SEPARATORS:
            if not runs[-1] and (seps or len(runs) > 1):
                return None
            seps.append(SEPARATORS[ch])
            runs.append("")
        else:
            return None
    if not runs[-1]:
        return None
    return runs, seps


def _parse(runs: list[str], seps: list[str], decimal_mark: str) -> _Parsed | None:
    """Read digit runs under one convention (``decimal_mark`` is "." or ","), or None when
    the text is not a number in that convention."""
    decimals = [i for i, sep in enumerate(seps) if sep in (decimal_mark, "d")]
    if len(decimals) > 1 or (decimals and decimals[0] != len(seps) - 1):
        return None
    groups = seps[: decimals[0]] if decimals else seps
    whole_runs = runs[: len(groups) + 1]
    fraction = runs[-1] if decimals else None
    if groups:
        if len(set(groups)) > 1:
            return None  # "1.234 567": two kinds of grouping
        first = whole_runs[0]
        if not 1 <= len(first) <= 3 or first.startswith("0"):
            return None
        if any(len(run) != 3 for run in whole_runs[1:]):
            return None
    elif not whole_runs[0] and fraction is None:
        return None
    return _Parsed("".join(whole_runs), fraction, seps[decimals[0]] if decimals else None)


def _grouped(digits: str, lang: str) -> str:
    """``1250`` with thousands grouped as the report's language writes them."""
    sep = _conventions(lang).advice_group
    head = len(digits) % 3 or 3
    return sep.join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


#: The units Chinese writes large numbers in, traditional forms too: 1.2万 is 12,000, 3亿
#: 300,000,000; compounds multiply: 3千万 (thousands of ten thousands) is 30,000,000.
CHINESE_UNITS = {"十": 10, "百": 10**2, "千": 10**3, "万": 10**4, "萬": 10**4, "亿": 10**8,
                 "億": 10**8}  # fmt: skip
#: The spaces a number may hold (:data:`SEPARATORS`), and the ideographic space.
_UNIT_SPACES = "".join(ch for ch, kind in SEPARATORS.items() if kind == "s") + "\u3000"
#: One number and its unit (digits already made ASCII): 1.2万, 12 万, 3千万, 1万亿. The number
#: is written as Chinese writes it: digits, and a dot for decimals (no grouping marks, which
#: would read differently by the report's language).
_UNIT_TERM = re.compile(
    rf"[{_UNIT_SPACES}]*([0-9]+)(?:\.([0-9]+))?[{_UNIT_SPACES}]*"
    r"([十百千](?:[万萬][亿億]?|[亿億])?|[万萬][亿億]?|[亿億])"
)


def _with_units(body: str) -> int | float | None:
    """A number written with Chinese units, largest first: 1.2万, 1亿2000万, 1亿2千万,
    12万3456 (the digits after the last unit fill all its places), 3千5百; None for anything
    else: units out of order, a term as large as the unit before it, digits after a unit
    that could mean two things (1万5: 10,005 or 15,000?)."""
    total = Fraction(0)
    pos = 0
    bound: int | None = None  # what the next term must stay below: the last unit
    decimal = False
    for match in _UNIT_TERM.finditer(body):
        if match.start() != pos or decimal:  # nothing between terms; 1.5万3千 is no number
            return None
        whole, fraction, unit = match.groups()
        factor = math.prod(CHINESE_UNITS[ch] for ch in unit)
        term = Fraction(int(whole + (fraction or "")), 10 ** len(fraction or "")) * factor
        if bound is not None and (factor >= bound or term >= bound):
            return None
        total += term
        bound, pos, decimal = factor, match.end(), fraction is not None
    if bound is None:
        return None
    rest = body[pos:].strip(_UNIT_SPACES)
    if rest:
        places = len(str(bound)) - 1
        if decimal or not (rest.isascii() and rest.isdigit()) or len(rest) != places:
            return None
        total += int(rest)
    return int(total) if total.denominator == 1 else float(total)


def _not_a_number(text: str, *, whole: bool = False) -> Reading:
    if whole:
        return Reading(
            None,
            NOT_A_NUMBER,
            f"“{_show(text)}” is not a whole number; a whole number is expected here",
        )
    return Reading(None, NOT_A_NUMBER, f"“{_show(text)}” is not a number")


def read_number(text: str, lang: str, *, whole: bool = False, percent: bool = False) -> Reading:
    """Read a number typed in a report written in ``lang``.

    ``whole``: a count (of persons, of bodies) is expected; a text that reads as a fraction
    in the report's language but as a whole number in the other convention is not read.
    ``percent``: a trailing ``%`` is allowed and dropped (``6,1 %`` → 6.1).
    The value is an int when no decimal mark was typed (or when ``whole`` and the fraction is
    zero), else a float. A number written with Chinese units (1.2万, 1亿2000万) is an int
    when it comes to a whole number. A number already stored as a number is returned as it is.
    """
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        return _not_a_number(str(text), whole=whole)
    if not isinstance(text, str):
        if not math.isfinite(text):
            return _not_a_number(str(text), whole=whole)
        if whole and not float(text).is_integer():
            return _not_a_number(str(text), whole=True)
        return Reading(int(text) if whole else text)
    shown = text.strip()
    if len(text) > MAX_INPUT or not shown:
        return _not_a_number(shown)
    lang = _language(lang)
    body = shown
    unit = ""  # "%" in the advice when the text had one
    if percent and PERCENT.search(body):
        body = PERCENT.sub("", body)
        unit = "%"
    sign = ""
    if body[:1] in SIGNS:
        sign = SIGNS[body[0]]
        body = body[1:]
    if any(ch in CHINESE_UNITS for ch in body):  # 1.2万: in a report in any language
        counted = None if unit else _with_units(body.translate(DIGITS))  # no 1.2万 %
        if counted is None or (whole and isinstance(counted, float)):
            return _not_a_number(shown, whole=whole)
        return Reading(-counted if sign == "-" else counted)
    tokens = _tokens(body.translate(DIGITS))
    if tokens is None:
        return _not_a_number(shown, whole=whole)
    runs, seps = tokens
    conventions = _conventions(lang)
    own_mark, other_mark = (",", ".") if conventions.decimal == "," else (".", ",")
    own = _parse(runs, seps, own_mark)
    other = _parse(runs, seps, other_mark)
    name = conventions.english_name

    if own is None and other is None:
        return _not_a_number(shown, whole=whole)
    if conventions.either_decimal and own is not None and other is not None:
        grouped, decimal = (own, other) if own.fraction is None else (other, own)
        if decimal.fraction is not None and grouped.value(sign) != decimal.value(sign):
            what = "comma" if decimal.decimal == "," else "dot"
            meant = decimal.shown(sign)
            return Reading(
                None,
                AMBIGUOUS_NUMBER,
                f"“{_show(shown)}” reads two ways in {_report(lang)} (the {what} may separate "
                f"thousands or decimals); if you meant {grouped.shown(sign)}, write "
                f"{grouped.shown(sign)}{unit}; if you meant {meant}, write "
                f"{meant.replace('.', ARABIC_DECIMAL)}{unit}",
            )
    if own is None:
        assert other is not None
        both_marks = "." in seps and "," in seps
        if other.decimal == other_mark and not both_marks:
            # The other convention's decimal mark, with nothing else to show it is one.
            short_decimal = other_mark == "." and (
                len(other.fraction or "") <= 2 or not other.whole.lstrip("0")
            )
            if not short_decimal:
                meant = other.shown(sign)
                own_written = meant.replace(".", own_mark)
                what = "comma" if other_mark == "," else "dot"
                return Reading(
                    None,
                    AMBIGUOUS_NUMBER,
                    f"“{_show(shown)}” is not a number as written in {name} (the {what} "
                    f"separates thousands); if you meant {meant}, write {own_written}{unit}",
                )
        chosen = other
    else:
        chosen = own
        if (
            whole
            and other is not None
            and own.fraction is not None
            and other.fraction is None
            and own.value(sign) != other.value(sign)
        ):
            meant = other.shown(sign)
            advice = f"{meant}{unit} (or {sign}{_grouped(other.whole, lang)}{unit})"
            if float(own.value(sign)).is_integer():
                reads = own.shown(sign)
                return Reading(
                    None,
                    AMBIGUOUS_NUMBER,
                    f"“{_show(shown)}” reads as {reads} in {_report(lang)}, but it could also "
                    f"mean {meant}; write {reads}{unit} or {advice}",
                )
            return Reading(
                None,
                AMBIGUOUS_NUMBER,
                f"“{_show(shown)}” reads as {own.shown(sign)} in {_report(lang)}, but a whole "
                f"number is expected here; if you meant {meant}, write {advice}",
            )
    value = chosen.value(sign)
    if isinstance(value, float):
        if not math.isfinite(value):
            return _not_a_number(shown, whole=whole)
        if whole:
            if not value.is_integer():
                return _not_a_number(shown, whole=True)
            value = int(value)
    return Reading(value)


# --------------------------------------------------------------------------------- dates


def _fold(text: str) -> str:
    """Lower case without accents or other combining marks (``Février`` → ``fevrier``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def _locales(lang: str) -> tuple[str, ...]:
    known = languages.languages().get(lang)
    return (*(known.name_locales if known else (lang,)), "en")


@cache
def _month_names(lang: str) -> dict[str, int]:
    """Folded month name (wide and abbreviated, format and stand-alone, without a trailing
    dot) → month number, in the report's language and in English. A name that means two
    different months in the locales read is left out."""
    from babel.dates import get_month_names

    names: dict[str, int] = {"sept": 9}
    conflicts: set[str] = set()
    for locale in _locales(lang):
        try:
            tables = [
                get_month_names(width, context, locale=locale)
                for width in ("wide", "abbreviated")
                for context in ("format", "stand-alone")
            ]
        except (UnknownLocaleError, ValueError):
            continue
        for table in tables:
            for month, name in table.items():
                key = _fold(name).rstrip(".").strip()
                if not key:
                    continue
                if names.setdefault(key, month) != month:
                    conflicts.add(key)
    for key in conflicts:
        del names[key]
    return names


def is_month_name(word: str) -> bool:
    """Whether ``word`` is a month's name (or its abbreviation) in any language gcmreview
    reads, in any case and with or without accents."""
    return _fold(word).rstrip(".") in _all_month_names()


@cache
def _all_month_names() -> frozenset[str]:
    return frozenset(name for code in languages.codes() for name in _month_names(code))


@cache
def _weekday_names(lang: str) -> dict[str, int]:
    """Folded full weekday name → ``date.weekday()`` number (abbreviations are left out:
    ``mar.`` is Tuesday in French and March in English)."""
    from babel.dates import get_day_names

    months = _month_names(lang)
    names: dict[str, int] = {}
    for locale in _locales(lang):
        try:
            table = get_day_names("wide", "format", locale=locale)
        except (UnknownLocaleError, ValueError):
            continue
        for day, name in table.items():
            key = _fold(name)
            if key and key not in months:
                names.setdefault(key, day)
    return names


@cache
def _month_pattern(lang: str) -> re.Pattern[str]:
    """Any month name of the language, as a whole word, optionally followed by a dot."""
    names = sorted(_month_names(lang), key=len, reverse=True)
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<!\w)({alternatives})\.?(?!\w)")


NUMERIC_DATE = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d+)$")
YEAR_FIRST = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
ISO_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
YEAR_ONLY = re.compile(r"^\d{4}$")
CHINESE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?$")
ISO_STRICT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: A number with the letters that follow it (an ordinal: "1er", "12th"; a year mark: "г", "م"),
#: a word, a gap (spaces and punctuation a date may hold), or anything else.
DATE_TOKEN = re.compile(r"(\d+)([^\W\d_]*)|([^\W\d_]+)|([\s,./\-–—]+)|(.)")
ORDINALS = frozenset({"", "er", "re", "st", "nd", "rd", "th"})
YEAR_MARKS = frozenset({"", "г", "م"})
FILLERS = frozenset({"de", "del", "le", "el", "the", "of", "on", "г", "года", "год", "م"})


def _bad_date(text: str, why: str = "is not a date", advice: str = DATE_ADVICE) -> Reading:
    return Reading(None, BAD_DATE, f"“{_show(text)}” {why}; {advice}")


def _two_digit_year(text: str) -> Reading:
    return _bad_date(
        text,
        "has a two-digit year",
        "write the date with its four-digit year as YYYY-MM-DD, for example 2028-03-15",
    )


def _spoken(day: int, month: int, year: int) -> str:
    return f"{day} {_english('months')[month]} {year}"


def _make(text: str, year: int, month: int | None = None, day: int | None = None) -> Reading:
    """The ISO reading of a year, month and day, checked against the calendar."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return _bad_date(text, f"has a year outside {FIRST_YEAR}–{LAST_YEAR}")
    if month is None:
        return Reading(f"{year:04d}")
    if not 1 <= month <= 12:
        return _bad_date(text, f"is not a date (there is no month {month})")
    if day is None:
        return Reading(f"{year:04d}-{month:02d}")
    if not _real(year, month, day):
        return _bad_date(
            text, f"is not a date ({_english('months')[month]} {year} has no day {day})"
        )
    return Reading(f"{year:04d}-{month:02d}-{day:02d}")


def _real(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _numeric(text: str, first: int, second: int, year_text: str, lang: str) -> Reading:
    """``first/second/year`` in the report's convention (day first, or either way)."""
    if len(year_text) == 2:
        return _two_digit_year(text)
    if len(year_text) != 4:
        return _bad_date(text)
    year = int(year_text)
    day_month = 1 <= second <= 12 and _real(year, second, first)
    month_day = 1 <= first <= 12 and _real(year, first, second)
    if day_month and month_day and first != second and not _conventions(lang).day_first:
        one, two = _spoken(first, second, year), _spoken(second, first, year)
        return Reading(
            None,
            BAD_DATE,
            f"“{_show(text)}” could be {one} or {two}; write it as YYYY-MM-DD "
            f"({year:04d}-{second:02d}-{first:02d} or {year:04d}-{first:02d}-{second:02d})",
        )
    if day_month:
        return _make(text, year, second, first)
    if month_day:
        return _make(text, year, first, second)
    return _make(text, year, second, first)  # says what is wrong with the date


def _named(text: str, folded: str, lang: str) -> Reading | None:
    """A date written with a month name (``12 mars 2027``, ``March 12, 2027``, ``marzo de
    2027``), or None when the text holds no month name."""
    matches = list(_month_pattern(lang).finditer(folded))
    if not matches:
        return None
    if len(matches) > 1:
        return _bad_date(text)
    found = matches[0]
    month = _month_names(lang)[found.group(1)]
    weekdays = _weekday_names(lang)
    sides: list[list[tuple[str, str]]] = [[], []]
    weekday: int | None = None
    for side, part in enumerate((folded[: found.start()], folded[found.end() :])):
        for token in DATE_TOKEN.finditer(part):
            digits, suffix, word, _gap, other = token.groups()
            if other is not None:
                return _bad_date(text)
            if digits is not None:
                sides[side].append((digits, suffix))
            elif word is not None:
                if word in weekdays and weekday is None and side == 0:
                    weekday = weekdays[word]
                elif word not in FILLERS:
                    return _bad_date(text)
    before, after = sides
    day_token: tuple[str, str] | None = None
    if len(before) == 1 and len(after) == 1:
        day_token, year_token = before[0], after[0]  # 12 mars 2027
    elif not before and len(after) == 2:
        day_token, year_token = after  # March 12, 2027
    elif not before and len(after) == 1 and len(after[0][0]) > 2:
        year_token = after[0]  # mars 2027
    elif len(before) + len(after) == 1:
        return _bad_date(text, "has no year")  # 12 March, March 12
    else:
        return _bad_date(text)
    year_digits, year_mark = year_token
    if year_mark not in YEAR_MARKS:
        return _bad_date(text)
    if len(year_digits) == 2:
        return _two_digit_year(text)
    if len(year_digits) != 4:
        return _bad_date(text)
    year = int(year_digits)
    if day_token is None:
        if weekday is not None:
            return _bad_date(text)
        return _make(text, year, month)
    day_digits, ordinal = day_token
    if len(day_digits) > 2 or ordinal not in ORDINALS:
        return _bad_date(text)
    day = int(day_digits)
    reading = _make(text, year, month, day)
    if reading.problem is None and weekday is not None:
        actual = date(year, month, day).weekday()
        if actual != weekday:
            return _bad_date(
                text,
                f"names a {_english('days')[weekday]}, but {_spoken(day, month, year)} is a "
                f"{_english('days')[actual]}",
            )
    return reading


def read_date(text: str, lang: str) -> Reading:
    """Read a date typed in a report written in ``lang``; the value is ISO text:
    ``YYYY-MM-DD``, or ``YYYY-MM`` for a month and year, or ``YYYY`` for a year alone."""
    if not isinstance(text, str):
        return _bad_date(str(text))
    shown = text.strip()
    if len(text) > MAX_INPUT or not shown:
        return _bad_date(shown)
    lang = _language(lang)
    plain = re.sub(r"(\d)\.?[º°ª]", r"\1", shown)  # "1º", "1.º", "1°" de marzo
    plain = unicodedata.normalize("NFKC", plain.translate(DIGITS))
    plain = re.sub(r"(?<=\d)\s*(?:г\.?|года|م)\s*$", "", plain)  # "2027 г.", "2027م"
    numeric = re.sub(r"\s*([-/.])\s*", r"\1", plain)
    if YEAR_ONLY.match(numeric):
        return _make(shown, int(numeric))
    if match := ISO_DATETIME.match(numeric):
        return _make(shown, int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := YEAR_FIRST.match(numeric):
        return _make(shown, int(match.group(1)), int(match.group(3)), int(match.group(4)))
    if match := YEAR_MONTH.match(numeric):
        return _make(shown, int(match.group(1)), int(match.group(2)))
    if match := MONTH_YEAR.match(numeric):
        return _make(shown, int(match.group(2)), int(match.group(1)))
    if match := NUMERIC_DATE.match(numeric):
        return _numeric(shown, int(match.group(1)), int(match.group(3)), match.group(4), lang)
    if match := CHINESE.match(plain):
        day = match.group(3)
        return _make(shown, int(match.group(1)), int(match.group(2)), int(day) if day else None)
    named = _named(shown, _fold(plain), lang)
    return named if named is not None else _bad_date(shown)


def is_iso_date(text: str) -> bool:
    """Whether ``text`` is an ISO date as :func:`read_date` writes it: ``YYYY-MM-DD`` (a real
    calendar date), ``YYYY-MM`` or ``YYYY``, with a year in 1950–2100."""
    match = ISO_STRICT.match(text) if isinstance(text, str) else None
    if match is None:
        return False
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return False
    if month is None:
        return True
    if not 1 <= month <= 12:
        return False
    return day is None or _real(year, month, day)
