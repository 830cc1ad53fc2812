"""gcmreview's own interface strings in every language it writes
(``templates/i18n/strings.yaml``), and the words people type in reports besides answers
(``templates/i18n/readback.yaml``: choice marks, yes/no, placeholders)."""

from __future__ import annotations

from functools import cache

from gcmreview.paths import templates_dir
from gcmreview.yamlio import load_bundled


@cache
def strings() -> dict[str, dict[str, str]]:
    path = templates_dir() / "i18n" / "strings.yaml"
    data: dict[str, dict[str, str]] = load_bundled(
        path.read_text(encoding="utf-8"), source="i18n/strings.yaml"
    )
    return data


def t(key: str, lang: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (English if that language lacks it), formatted. The
    string is punctuated as the language does (French spaces before ":" and ";" …); the values
    put in it are left as they are."""
    text = _template(key, lang)
    return text.format(**values) if values else text


@cache
def _template(key: str, lang: str) -> str:
    from gcmreview.punctuation import pick

    return pick(strings()[key], lang)


@cache
def readback_words() -> dict:
    """``templates/i18n/readback.yaml``: marks, yes/no words and placeholders."""
    path = templates_dir() / "i18n" / "readback.yaml"
    data: dict = load_bundled(path.read_text(encoding="utf-8"), source="i18n/readback.yaml")
    return data
