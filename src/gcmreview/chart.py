"""The charts of the synthesis, drawn with Pillow (imported only when a synthesis is written):
bars, axes and labels in the report's plain style, deterministic PNG bytes.

Laying out a chart's labels one by one as objects, as a plotting library does, took about a
second per chart; these take a few milliseconds. The face is DejaVu Sans, in
``templates/fonts`` with its licence: it has Latin, Cyrillic and Arabic letters. Arabic is
laid out (joined, right to left) only where Pillow has its complex text layout (libraqm with
FriBiDi); Chinese needs a Chinese face found on the computer (:func:`_cjk_face`). A label
that cannot be drawn properly is drawn as the Member State's ISO code (or left out, for an
axis title: the caption under the chart says it) rather than as boxes or unjoined letters."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path


def measures_chart(
    counts: dict[int, int], n_states: int, labels: dict[int, str], ylabel: str
) -> bytes:
    """A bar chart of how many Member States reported measures per objective, as PNG bytes
    (deterministic: no timestamp or software version in the file). ``labels[0]`` names the
    horizontal axis."""
    from PIL import Image, ImageDraw

    numbers = sorted(counts)
    width, height = _px(7.0), _px(3.4)
    xlabel, ylabel = _drawable(labels.get(0, "")), _drawable(ylabel)
    tick_font, value_font = _font(7), _font(6)
    title_font = _font(8, xlabel + ylabel)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    ticks = _ticks(0, max(n_states, 1), whole=True)
    left = int(max(draw.textlength(f"{t:g}", font=tick_font) for t in ticks)) + _px(0.45)
    right, top, bottom = width - _px(0.1), _px(0.25), height - _px(0.55)
    top_value = ticks[-1] or 1

    def y(v: float) -> float:
        return bottom - v / top_value * (bottom - top)

    for tick in ticks:
        at = y(tick)
        draw.line([(left - 6, at), (left, at)], fill=AXIS, width=2)
        draw.text((left - 9, at), f"{tick:g}", font=tick_font, fill="black", anchor="rm")
    draw.line([(left, top), (left, bottom)], fill=AXIS, width=2)
    draw.line([(left, bottom), (right, bottom)], fill=AXIS, width=2)
    slot = (right - left) / max(len(numbers), 1)
    for index, n in enumerate(numbers):
        middle = left + slot * (index + 0.5)
        value = counts[n]
        if value:
            draw.rectangle([middle - slot * 0.4, y(value), middle + slot * 0.4, bottom], fill=BAR)
            draw.text((middle, y(value) - 3), str(value), font=value_font, fill="black",
                      anchor="mb")  # fmt: skip
        draw.line([(middle, bottom), (middle, bottom + 6)], fill=AXIS, width=2)
        draw.text((middle, bottom + 9), str(n), font=tick_font, fill="black", anchor="mt")
    draw.text(((left + right) / 2, height - _px(0.08)), xlabel, font=title_font,
              fill="black", anchor="mb")  # fmt: skip
    # the vertical axis title, written across and turned a quarter
    across = Image.new("RGB", (round(bottom - top), _px(0.2)), "white")
    ImageDraw.Draw(across).text(((bottom - top) / 2, _px(0.1)), ylabel, font=title_font,
                                fill="black", anchor="mm")  # fmt: skip
    image.paste(across.rotate(90, expand=True), (_px(0.05), top))
    return _png_bytes(image)


def indicator_chart(
    values: list[tuple[str, float]],
    unit: str,
    number: Callable[[float], str] = "{:g}".format,
    codes: list[str] | None = None,
) -> bytes:
    """Member States compared on one indicator: a horizontal bar per Member State, in the
    order given, as PNG bytes (deterministic). ``number`` writes a figure in the report's
    language; ``codes`` (the Member States' ISO codes, in the same order) are shown where a
    name cannot be drawn (see the module's docstring).

    Drawn with Pillow rather than matplotlib: a region's chart has up to 62 bars, each with a
    name and a value, and matplotlib lays out every label as an object of its own (about a
    second per chart, for five charts in a synthesis)."""
    from PIL import Image, ImageDraw

    n = len(values)
    small = n > 30
    # A page holds the chart: the 62 members of the largest commission fit in 9.5 inches.
    width, height = _px(6.4), _px(min(9.5, 0.3 * n + 0.9))
    shown = [_drawable(name) or (codes[i] if codes else "") for i, (name, _) in enumerate(values)]
    unit = _drawable(unit)
    label_fonts = [_font(4.5 if small else 7, name) for name in shown]
    tick_font, value_font = _font(7), _font(6)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    names = [
        _fit(draw, name, font, width * 0.45) for name, font in zip(shown, label_fonts, strict=True)
    ]
    left = (
        int(
            max(
                (draw.textlength(n, font=f) for n, f in zip(names, label_fonts, strict=True)),
                default=0,
            )
        )
        + 16
    )
    top, bottom = _px(0.1), height - _px(0.5)
    right = width - _px(0.55)
    low = min([0.0] + [v for _, v in values])
    ticks = _ticks(low, max([0.0] + [v for _, v in values]))
    span = (ticks[-1] - ticks[0]) or 1.0

    def x(v: float) -> float:
        return left + (v - ticks[0]) / span * (right - left)

    for tick in ticks:
        at = x(tick)
        if small or tick == ticks[0]:
            draw.line([(at, top), (at, bottom)], fill=GRID if tick != ticks[0] else AXIS)
        draw.line([(at, bottom), (at, bottom + 6)], fill=AXIS, width=2)
        draw.text((at, bottom + 9), number(tick), font=tick_font, fill="black", anchor="mt")
    draw.line([(left, bottom), (right, bottom)], fill=AXIS, width=2)
    draw.line([(left, top), (left, bottom)], fill=AXIS, width=2)
    draw.text(((left + right) / 2, height - _px(0.2)), unit, font=_font(8, unit), fill="black",
              anchor="mm")  # fmt: skip
    slot = (bottom - top) / max(n, 1)
    for index, ((_, value), name, label_font) in enumerate(
        zip(values, names, label_fonts, strict=True)
    ):
        middle = top + slot * (index + 0.5)
        start, end = sorted((x(0), x(value)))
        draw.rectangle([start, middle - slot * 0.4, end, middle + slot * 0.4], fill=BAR)
        draw.text((left - 8, middle), name, font=label_font, fill="black", anchor="rm")
        if not small:
            draw.text((end + 5, middle), number(value), font=value_font, fill="black", anchor="lm")
    return _png_bytes(image)


def _png_bytes(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


DPI = 150
BAR = "#005D9E"
AXIS = "#404040"
GRID = "#BFBFBF"


def _px(inches: float) -> int:
    return round(inches * DPI)


def _font(points: float, text: str = ""):
    """DejaVu Sans (``templates/fonts``, with its licence) at ``points``; a Chinese face
    for ``text`` with Chinese characters (:func:`_drawable` has checked there is one)."""
    return _face(points, _CJK.search(text) is not None)


@cache
def _face(points: float, chinese: bool):
    from PIL import ImageFont

    from gcmreview.paths import templates_dir

    size = round(points * DPI / 72)
    found = _cjk_face() if chinese else None
    if found is not None:
        return ImageFont.truetype(found[0], size=size, index=found[1])
    path = templates_dir() / "fonts" / "DejaVuSans.ttf"
    return ImageFont.truetype(str(path), size=size)


#: Arabic (and Hebrew) letters: joined and laid out right to left only with libraqm.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
#: Han, kana and hangul: not in DejaVu Sans.
_CJK = re.compile("[\u2e80-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def _drawable(text: str) -> str:
    """``text`` if it can be drawn properly here, else ""."""
    if _RTL.search(text) and not complex_layout():
        return ""
    if _CJK.search(text) and _cjk_face() is None:
        return ""
    return text


@cache
def complex_layout() -> bool:
    """Whether Pillow lays out complex text here (libraqm, and FriBiDi for the direction):
    Pillow's wheels for Windows and macOS do not always find FriBiDi."""
    from PIL import features

    try:
        return bool(features.check_feature("raqm")) and (
            "fribidi" not in features.features or bool(features.check_feature("fribidi"))
        )
    except (ValueError, OSError):  # an older or unusual build
        return False


#: Faces with Chinese characters, where Windows, macOS and Linux distributions put them
#: (Microsoft YaHei and SimSun come with Windows; PingFang with macOS; Noto Sans CJK and
#: WenQuanYi on Linux).
CJK_FACES = (
    "Fonts/msyh.ttc",
    "Fonts/simsun.ttc",
    "Fonts/simhei.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
)


@cache
def _cjk_face() -> tuple[str, int] | None:
    """(file, index in a collection) of a face with Chinese characters on this computer:
    what fontconfig picks for Simplified Chinese, else a known file; None if there is none."""
    fc_match = shutil.which("fc-match")
    if fc_match:
        try:
            out = subprocess.run(
                [fc_match, "-f", "%{file}\t%{index}", ":lang=zh-cn"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout
            file, _, index = out.partition("\t")
            if file and Path(file).is_file() and _has_han(file, int(index or 0)):
                return file, int(index or 0)
        except (OSError, ValueError, subprocess.SubprocessError):
            pass
    windows = Path(os.environ.get("WINDIR", "C:/Windows"))
    for name in CJK_FACES:
        path = windows / name if name.startswith("Fonts/") else Path(name)
        if path.is_file() and _has_han(str(path), 0):
            return str(path), 0
    return None


def _has_han(file: str, index: int) -> bool:
    """Whether the face draws 中 (fontconfig's best match for Chinese may be a face
    without Chinese when none is installed)."""
    from PIL import ImageFont

    try:
        font = ImageFont.truetype(file, size=20, index=index)
    except OSError:
        return False
    # a face without it draws the same "missing" box as for a character no face has
    return font.getmask("中").getbbox() != font.getmask("\U000e01ef").getbbox()


def _fit(draw, text: str, font, room: float) -> str:
    """``text``, cut with "…" to fit ``room`` pixels."""
    if draw.textlength(text, font=font) <= room:
        return text
    while text and draw.textlength(text + "…", font=font) > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _ticks(low: float, high: float, whole: bool = False) -> list[float]:
    """Round axis ticks from ``low`` to at least ``high`` (about five of them); ``whole``:
    whole numbers only (counts)."""
    import math

    if high <= low:
        high = low + 1
    raw = (high - low) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if whole:
        step = max(1, round(step))
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - 1e-9:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks
