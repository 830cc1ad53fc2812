"""The narrative text of the synthesis, from the Jinja2 templates in
``templates/synthesis/<lang>.j2`` (one macro per passage)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jinja2

from gcmreview import formats
from gcmreview.paths import templates_dir
from gcmreview.punctuation import punctuate

#: The layout of a template's lines: what a paragraph's text is made one line of. Only
#: ordinary spaces, tabs and line ends: a no-break space (in "2 482 000", "objectifs : ") stays.
_LAYOUT = re.compile(r"[ \t\r\n]+")


class Narrative:
    """``narrative("fr").overview(ctx)`` → the macro's text, stripped and punctuated as the
    language does (the narrative is gcmreview's own text: a French colon takes a no-break
    space before it)."""

    def __init__(self, module: Any, lang: str) -> None:
        self._module = module
        self._lang = lang

    def __getattr__(self, name: str):
        macro = getattr(self._module, name)

        def call(*args: object, **kwargs: object) -> str:
            return punctuate(str(macro(*args, **kwargs)).strip(), self._lang)

        return call

    def paragraphs(self, name: str, *args: object, **kwargs: object) -> list[str]:
        text = getattr(self, name)(*args, **kwargs)
        return [_LAYOUT.sub(" ", p).strip() for p in text.split("\n\n") if p.strip()]


@cache
def narrative(lang: str) -> Narrative:
    """The language's narrative, with the language's formats at hand in the templates:
    ``{{ n | num }}``, ``{{ x | dec }}``, ``{{ pl(n, "report", "reports") }}`` (CLDR plural
    rules; other forms as keywords: ``few=``, ``many=`` …)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir() / "synthesis")),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters["num"] = lambda n: formats.number(n, lang)
    env.filters["dec"] = lambda x: formats.decimal(x, lang)
    env.globals["pl"] = lambda n, one, other, **forms: formats.plural(n, lang, one, other, **forms)
    return Narrative(env.get_template(f"{lang}.j2").module, lang)
