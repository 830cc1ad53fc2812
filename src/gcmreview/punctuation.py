"""How each language punctuates its own text (gcmreview's strings and narrative, never a
quotation): its separators between items and after a label, and the spaces its marks take
(``punctuation`` in ``templates/i18n/languages.yaml``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from gcmreview import languages


def join(items: Iterable[str], lang: str, mark: str = "semicolon") -> str:
    """Items of the language's own text joined by its ``semicolon`` or ``comma`` (templates/i18n/
    languages.yaml): "a; b" in English, "a ; b" in French (narrow no-break space), "a؛ b"
    in Arabic, "a；b" in Chinese."""
    return getattr(languages.get(lang).punctuation, mark).join(items)


def full_stop(lang: str) -> str:
    """The mark that ends a sentence: "." ("。" in Chinese)."""
    return languages.get(lang).punctuation.full_stop


def bracketed(text: str, lang: str) -> str:
    """An aside after what it explains: " (CEA)"; in Chinese "（非洲经委会）"."""
    opening, closing = languages.get(lang).punctuation.brackets
    return f"{opening}{text}{closing}"


def label(text: str, lang: str) -> str:
    """A label before what it introduces: "Consulted: ", "Consultées : ", "咨询："."""
    return text + languages.get(lang).punctuation.colon


def pick(text: dict[str, str], lang: str) -> str:
    """gcmreview's own text (a string, a finding's template, the question bank's and the
    reference data's texts) in ``lang``, punctuated as the language does; English, as
    written, where the language lacks it."""
    own = text.get(lang)
    return _punctuated(own, lang) if own else text["en"]


@lru_cache(maxsize=4096)
def _punctuated(text: str, lang: str) -> str:
    return punctuate(text, lang)


def punctuate(text: str, lang: str) -> str:
    """The language's own text (gcmreview's strings and narrative, never a quotation) with
    the spaces its punctuation takes: in French a no-break space before ":" and "»" and after
    "«", a narrow one before ";", "!" and "?" (whether the text had an ordinary space there
    or none). A colon not followed by a space ("10:30", "https://") is left alone."""
    rule = _spacing(lang)
    return text if rule is None else rule(text)


@cache
def _spacing(lang: str) -> Callable[[str], str] | None:
    marks = languages.get(lang).punctuation
    before, after = marks.space_before, marks.space_after
    if not before and not after:
        return None
    spaces = "[ \u00a0\u202f]*"
    rules = []
    if before:
        marks_before = "".join(map(re.escape, before))
        # a mark ends a word: space or the end after it; a closing mark or a template's
        # field may follow ("»{cell}"), except after a colon ("{n:,}", "10:30" are no
        # colons of a sentence)
        pattern = re.compile(rf"(?<=[^\s({{]){spaces}([{marks_before}])(?=\s|$|(?<!:)[).,»\]{{}}])")
        rules.append((pattern, lambda m: before[m.group(1)] + m.group(1)))
    if after:
        marks_after = "".join(map(re.escape, after))
        pattern = re.compile(rf"([{marks_after}]){spaces}(?=\S)")
        rules.append((pattern, lambda m: m.group(1) + after[m.group(1)]))

    def apply(text: str) -> str:
        for pattern, replace in rules:
            text = pattern.sub(replace, text)
        return text

    return apply
