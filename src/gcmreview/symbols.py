"""Characters typed with the Symbol and Wingdings fonts, as Unicode.

Word's Insert › Symbol writes such a character as ``<w:sym w:font="Wingdings"
w:char="F0FE"/>`` (or as a run in that font): the code is a byte of the font's own
encoding, often offset into the private-use area (U+F000). Read as it is, it would be a
private-use code point that no other font shows; mapped here, it is the character the person
saw (☑, ✓, ≥, •). Tables after the fonts' published glyph charts (Unicode 7.0 added most
Wingdings glyphs); a glyph with no Unicode equivalent becomes U+FFFD.
"""

from __future__ import annotations

# Adobe Symbol encoding: Greek letters and mathematical signs (ASCII digits and most
# punctuation are themselves).
_SYMBOL_LETTERS = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ"
_SYMBOL_LOWER = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ"
SYMBOL: dict[int, str] = {
    **{0x41 + i: ch for i, ch in enumerate(_SYMBOL_LETTERS)},
    **{0x61 + i: ch for i, ch in enumerate(_SYMBOL_LOWER)},
    0x22: "∀", 0x24: "∃", 0x27: "∋", 0x2A: "∗", 0x2D: "−", 0x40: "≅", 0x5C: "∴",
    0x5E: "⊥", 0x7E: "∼", 0xA1: "ϒ", 0xA2: "′", 0xA3: "≤", 0xA4: "⁄", 0xA5: "∞",
    0xA6: "ƒ", 0xA7: "♣", 0xA8: "♦", 0xA9: "♥", 0xAA: "♠", 0xAB: "↔", 0xAC: "←",
    0xAD: "↑", 0xAE: "→", 0xAF: "↓", 0xB0: "°", 0xB1: "±", 0xB2: "″", 0xB3: "≥",
    0xB4: "×", 0xB5: "∝", 0xB6: "∂", 0xB7: "•", 0xB8: "÷", 0xB9: "≠", 0xBA: "≡",
    0xBB: "≈", 0xBC: "…", 0xC0: "ℵ", 0xC4: "⊗", 0xC5: "⊕", 0xC6: "∅", 0xC7: "∩",
    0xC8: "∪", 0xC9: "⊃", 0xCA: "⊇", 0xCB: "⊄", 0xCC: "⊂", 0xCD: "⊆", 0xCE: "∈",
    0xCF: "∉", 0xD0: "∠", 0xD1: "∇", 0xD2: "®", 0xD3: "©", 0xD4: "™", 0xD5: "∏",
    0xD6: "√", 0xD7: "⋅", 0xD8: "¬", 0xD9: "∧", 0xDA: "∨", 0xDB: "⇔", 0xDC: "⇐",
    0xDD: "⇑", 0xDE: "⇒", 0xDF: "⇓", 0xE0: "◊", 0xE1: "〈", 0xE5: "∑", 0xF1: "〉",
    0xF2: "∫",
}  # fmt: skip

# Wingdings: the marks, boxes, bullets and arrows people use in reports.
WINGDINGS: dict[int, str] = {
    0x20: " ", 0x21: "✏", 0x22: "✂", 0x28: "☎", 0x2A: "✉", 0x36: "⌛", 0x37: "⌨",
    0x3F: "✍", 0x43: "👍", 0x44: "👎", 0x4A: "☺", 0x4B: "😐", 0x4C: "☹", 0x6C: "●",
    0x6D: "❍", 0x6E: "■", 0x6F: "□", 0x71: "❑", 0x72: "❒", 0x73: "⬧", 0x74: "⧫",
    0x75: "◆", 0x76: "❖", 0x77: "⬥", 0x78: "⌧", 0x7B: "❀", 0x7C: "✿", 0x7D: "❝",
    0x7E: "❞", 0x9E: "·", 0x9F: "•", 0xA0: "▪", 0xA1: "○", 0xA2: "⭕", 0xA4: "◉",
    0xA5: "◎", 0xA7: "▪", 0xA8: "◻", 0xAA: "✦", 0xAB: "★", 0xD5: "⌫", 0xD6: "⌦",
    0xD8: "➢", 0xDC: "➲", 0xE8: "➔", 0xEF: "⇦", 0xF0: "⇨", 0xF1: "⇧", 0xF2: "⇩",
    0xF3: "⬄", 0xF4: "⇳", 0xF9: "▭", 0xFA: "▫", 0xFB: "✗", 0xFC: "✓", 0xFD: "☒",
    0xFE: "☑",
}  # fmt: skip

# Wingdings 2: its check marks and ballot boxes.
WINGDINGS_2: dict[int, str] = {
    0x20: " ", 0x4F: "✗", 0x50: "✓", 0x51: "☒", 0x52: "☑", 0x53: "☒", 0x54: "☒",
    0x97: "●", 0x98: "○", 0xA3: "□", 0xA2: "■",
}  # fmt: skip

FONTS = {"symbol": SYMBOL, "wingdings": WINGDINGS, "wingdings 2": WINGDINGS_2}


def is_symbol_font(name: str | None) -> bool:
    return bool(name) and name.strip().casefold() in FONTS  # type: ignore[union-attr]


def symbol_char(font: str | None, code: int) -> str:
    """The Unicode character for byte ``code`` (or ``0xF0xx``) of a symbol font. Fonts
    that are not symbol fonts give the code point itself."""
    table = FONTS.get((font or "").strip().casefold())
    if table is None:
        return chr(code)
    byte = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    if byte in table:
        return table[byte]
    if table is SYMBOL and 0x20 <= byte < 0x7F:
        return chr(byte)
    return "\ufffd"


def map_text(font: str | None, text: str) -> str:
    """Text typed in a symbol font, as the characters it shows."""
    return "".join(
        symbol_char(font, ord(ch)) if 0x20 <= ord(ch) < 0x100 or 0xF000 <= ord(ch) <= 0xF0FF else ch
        for ch in text
    )


def map_private_use(text: str, font: str = "wingdings") -> str:
    """Private-use characters U+F020–U+F0FF (a symbol whose font was lost) read with
    ``font``; other text unchanged."""
    if not any("\uf020" <= ch <= "\uf0ff" for ch in text):
        return text
    return "".join(symbol_char(font, ord(ch)) if "\uf020" <= ch <= "\uf0ff" else ch for ch in text)
