"""Numbers, percentages, dates and plural forms as each language writes them (Babel, CLDR).

"2 482 000" and "7,9" in French, "2.482.000" and "7,9" in Spanish, "14 octobre 2028"
rather than "2028-10-14", "1 contribución" but "10 contribuciones": the synthesis, the
workbook headings and the terminal use these instead of Python's English-only formats.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, format_percent, parse_pattern

from gcmreview import languages


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@cache
def _pattern(pattern: str | None, lang: str) -> NumberPattern:
    """A number pattern, parsed once (a data annex chapter formats thousands of figures);
    None: the language's own decimal pattern."""
    return parse_pattern(pattern or _locale(lang).decimal_formats[None])


def number(value: float, lang: str) -> str:
    """A count or figure with the language's grouping: 2,482,000 / 2 482 000 / 2.482.000."""
    if isinstance(value, float) and not value.is_integer():
        return _pattern("#,##0.###", lang).apply(value, _locale(lang))
    return _pattern(None, lang).apply(int(value), _locale(lang))


def decimal(value: float, lang: str, digits: int = 1) -> str:
    """A decimal such as an average: 7.9 / 7,9."""
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return _pattern(pattern, lang).apply(round(value, digits), _locale(lang))


def percent(part: float, whole: float, lang: str) -> str:
    """A share as the language writes it: 15% / 15 % / 15 %."""
    share = part / whole if whole else 0
    return format_percent(round(share, 2), locale=_locale(lang))


def long_date(day: date, lang: str) -> str:
    """14 October 2028 / 14 octobre 2028 / 14 de octubre de 2028 (UN English writes the day
    first, as British English does); 14 تشرين الأول/أكتوبر 2028, 14 октября 2028 года and
    2028年10月14日, as UN documents in Arabic, Russian and Chinese write dates."""
    known = languages.languages().get(lang)
    style = known.long_date if known else languages.LongDate()
    if style.template is not None:
        return style.template.format(day=day.day, month=style.months[day.month - 1], year=day.year)
    text = format_date(day, format=style.pattern, locale=_locale(style.locale or lang))
    if day.day == 1 and style.first_day and text.startswith("1 "):
        text = style.first_day + text[1:]  # "1er décembre 2028"
    return text


def listed(items: list[str], lang: str) -> str:
    """Items joined as the language lists them (CLDR): "2, 5, 6, 12 et 18", "2、5、6、12和18",
    "2 و5 و6 و12 و18"."""
    from babel.lists import format_list

    # the regional variant documents are written in: British English lists "a, b and c"
    return format_list(items, locale=_document_locale(lang))


@cache
def _document_locale(lang: str) -> Locale:
    return Locale.parse(languages.word_tag(lang), sep="-")


def language_name(code: str, lang: str) -> str:
    """The language ``code`` named in ``lang`` (CLDR): "anglais" in French, "inglés" in
    Spanish."""
    return _locale(lang).languages.get(code) or languages.get(code).name


def plural(n: int, lang: str, one: str, other: str, **forms: str) -> str:
    """The word for ``n`` by the language's plural rules (CLDR categories: zero, one, two,
    few, many, other): ``plural(10, "es", "contribución", "contribuciones")``. Forms not given
    fall back to ``other``."""
    category = _locale(lang).plural_form(abs(n))
    return {"one": one, "other": other, **forms}.get(category, other)


def count(n: int, lang: str, one: str, other: str, **forms: str) -> str:
    """``n`` and its word: "1 report", "10 contribuciones"."""
    return f"{number(n, lang)} {plural(n, lang, one, other, **forms)}"
