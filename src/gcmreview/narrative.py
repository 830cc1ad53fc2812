"""The narrative text of the synthesis, from the Jinja2 templates in
``templates/synthesis/<lang>.j2`` (one macro per passage)."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from gcmreview.bank import templates_dir


class Narrative:
    """``narrative("fr").overview(ctx)`` → the macro's text, stripped."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def __getattr__(self, name: str):
        macro = getattr(self._module, name)

        def call(*args: object, **kwargs: object) -> str:
            return str(macro(*args, **kwargs)).strip()

        return call

    def paragraphs(self, name: str, *args: object, **kwargs: object) -> list[str]:
        text = getattr(self, name)(*args, **kwargs)
        return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


@cache
def narrative(lang: str) -> Narrative:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir() / "synthesis")),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
    )
    return Narrative(env.get_template(f"{lang}.j2").module)
