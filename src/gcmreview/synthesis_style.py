"""What the synthesis's Word chapters share: colours, figures as each language writes them,
page orientation, and how long excerpts may be."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.shared import Cm, RGBColor

from gcmreview import formats
from gcmreview.synthesis import EXCERPT_WORDS, scrub

RED = RGBColor(0xB0, 0x00, 0x20)
BLUE_HEX = "005D9E"
GREY_HEX = "595959"
HEAD_FILL = "DCE6F1"
PRIORITY_FILL = "005D9E"
REPORTED_FILL = "9DC3E6"


def excerpt_limit(count: int) -> int:
    """Words per excerpt: 150 when few Member States answered, fewer (down to 40) when many
    did, so that an objective's section stays readable. The workbook has every answer in
    full."""
    return max(40, min(EXCERPT_WORDS, 1200 // max(count, 1)))


def average(values: list[int], lang: str) -> str:
    return formats.decimal(sum(values) / len(values), lang) if values else formats.number(0, lang)


def figure(v: object, lang: str) -> str:
    if v is None:
        return ""
    if isinstance(v, int | float) and not isinstance(v, bool):
        return formats.number(v, lang)
    return scrub(str(v))  # a cell typed as text: shown as typed, personal data hidden


def landscape(section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)


def portrait(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
