"""What ``check`` says, in every language: findings' messages and hints, the places they
point to, and check's terminal words, from ``templates/i18n/findings.yaml``.

A template names its values: ``{n}``, ``{text}``. Numbers are written as the language writes
them (``formats.number``: 2,482 / 2 482 / 2.482); ``{n|one|other}`` picks the word for the
number ``n`` by the language's plural rules (Babel; other CLDR forms as ``{n|one|other|many=…}``:
zero, two, few, many; ``#`` in a form is the number);
a list is joined as the language joins lists ("a, b and c", "a, b et c", "a, b y c"); a
:class:`Text` is itself rendered in the language. Adding a language is adding its text to the
YAML file (and to ``languages:`` at its top).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from gcmreview.errors import UsageError

#: ``{name}`` or ``{name|one|other|many=…}``
_FIELD = re.compile(r"\{(\w+)(?:\|([^{}]*))?\}")


@dataclass(frozen=True)
class Text:
    """A piece of text by its key in ``findings.yaml``, with its values: rendered in whatever
    language it is shown in (a word in a message, a place, a quoted value)."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: str) -> str:
        return render(self.key, lang, self.params)


@cache
def _data() -> dict:
    from gcmreview.paths import templates_dir
    from gcmreview.yamlio import load_bundled

    path = templates_dir() / "i18n" / "findings.yaml"
    data: dict = load_bundled(path.read_text(encoding="utf-8"), source="i18n/findings.yaml")
    return data


def languages() -> tuple[str, ...]:
    """The languages check speaks (``languages:`` in findings.yaml)."""
    return tuple(_data()["languages"])


def templates() -> dict[str, dict[str, str]]:
    """Every template: key → {language: text}."""
    result: dict[str, dict[str, str]] = _data()["templates"]
    return result


def has(key: str) -> bool:
    return key in templates()


def check_language(lang: str) -> str:
    """``--lang`` of check: one of :func:`languages`, in any case."""
    code = (lang or "").strip().lower()
    if code not in languages():
        raise UsageError(f"unknown language {lang!r}: use one of {', '.join(languages())}")
    return code


def render(key: str, lang: str, params: Mapping[str, object] | None = None) -> str:
    """The template ``key`` in ``lang`` (English if that language lacks it), filled in."""
    template = _template(key, lang)
    values = params or {}

    def fill(match: re.Match[str]) -> str:
        name, forms = match.group(1), match.group(2)
        value = values[name]
        if forms is not None:
            return _plural(value, lang, forms)
        return _show(value, lang)

    return _FIELD.sub(fill, template)


@cache
def _template(key: str, lang: str) -> str:
    """The template, punctuated as the language does (French spaces before ":" and ";" …)."""
    from gcmreview.punctuation import pick

    return pick(templates()[key], lang)


def _show(value: object, lang: str) -> str:
    from gcmreview import formats

    if isinstance(value, Text):
        return value.render(lang)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return formats.number(value, lang)
    if isinstance(value, list | tuple):
        from babel.lists import format_list

        return format_list([_show(v, lang) for v in value], locale=lang) if value else ""
    return str(value)


def _plural(value: object, lang: str, forms: str) -> str:
    from gcmreview import formats

    one, _, rest = forms.partition("|")
    other, *extra = rest.split("|")
    named = dict(item.split("=", 1) for item in extra if "=" in item)
    n = value if isinstance(value, int) else 0
    # "#" in a form is the number itself, for languages whose forms place it (Arabic writes
    # "ملفان", two files, with no figure, and "11 ملفًا" with one)
    return formats.plural(n, lang, one, other, **named).replace("#", formats.number(n, lang))
