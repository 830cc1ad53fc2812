"""Personal data in answers: one detector, used both to report it (``check`` → finding
``personal-data``) and to hide it in everything gcmreview writes from answers (the synthesis,
its workbook and manifest, the validation packets), so that what is reported is exactly what
is hidden, the same way everywhere.

Four kinds are found: e-mail addresses, telephone numbers, passport or identity-document
numbers and dates of birth, in English, French and Spanish wording. Only the value is hidden:
"passport no. AB1234567" becomes "passport no. […]", "born on 12/03/1990" becomes
"born on […]".

This runs over every answer of every report, so each kind has a cheap test first (an "@", a
run of digits, a word about birth) and the patterns run only where it passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Kind = Literal["email", "telephone", "document number", "date of birth"]

#: What replaces personal data in every output.
MARKER = "[…]"

#: A space inside a number or a date: also the no-break spaces Word puts there.
_SP = "[ \u00a0\u202f]"
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
PHONE = re.compile(r"(?<![\w/-])\+?\(?\d[\d \u00a0\u202f()./-]{7,}\d(?![\w/-])")
#: Years, however many and however separated (2019 2020 2021, 2019/2020-2021/2022): never a
#: telephone number.
YEARS = re.compile(r"(?:19|20)\d\d(?:[\s./()–-]+(?:19|20)\d\d)*")
#: Where a run too long for one telephone number (more than 15 digits) is several: at a
#: slash with a space (not the slash of a date) or before a parenthesis:
#: "0722 123 456 / 0733 987 654", "+254 20 555 0101 (2027-2028)".
PHONE_SPLIT = re.compile(r"\s+/\s*|\s*/\s+|\s+(?=\()")
#: Words that introduce a number: "no.", "n°", "nº", "N.º", "núm.", "number", "numéro" …
#: (Longest first: an alternative that matches is kept even if a longer one would.)
_NUMBER_WORD = r"number|numéro|número|núm\.?|num\.?|n\.\s?[°º]|n[°oº]\.?"
#: A bare number word (no document named) before a legal reference: "Loi n° 2015-036",
#: "Decree No. 2019-1234" are laws, not identity documents.
_BARE = re.compile(_NUMBER_WORD, re.IGNORECASE)
LEGAL_REFERENCE = re.compile(r"(?:19|20)\d\d[-/][\d-]*\d|\d[\d-]*[-/](?:19|20)\d\d")
DOCUMENT_NO = re.compile(
    r"\b(passport|passeport|pasaporte|"
    r"id card|identity card|id number|identity number|national id(?:entity)?(?: card)?|"
    r"carte (?:nationale )?d['’]identité|pièce d['’]identité|"
    r"documento (?:nacional )?de identidad|cédula(?: de identidad)?|dni|"
    r"n\.\s?[°º]|n[°oº]\.?)"
    rf"(?:\s*(?:{_NUMBER_WORD}))?"
    r"\s*[:#]?\s*([A-Z]{0,3}\d[A-Z\d-]{5,})\b",
    re.IGNORECASE,
)
#: Month names and their usual abbreviations in English, French and Spanish.
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|"
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|"
    r"d[ée]cembre|janv|f[ée]vr|avr|juil|d[ée]c|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|se?ptiembre|octubre|noviembre|"
    r"diciembre|ene|ago|dic)(?!\w)\.?"
)
BIRTH = re.compile(
    r"\b(born|date of birth|birth ?date|d\.?o\.?b\b\.?|né(?:e|\(e\))? le|date de naissance|"
    r"nacid[oa](?:\(a\))? el|fecha de nacimiento)(?!\w)[^.\n]{0,20}?\b("
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[-./]\d{2}[-./]\d{2}|"
    rf"\d{{1,2}}(?:er|º|°)?{_SP}(?:de{_SP})?\w+\.?{_SP}(?:de{_SP})?\d{{4}}|"
    rf"{_MONTH}{_SP}\d{{1,2}}(?:st|nd|rd|th)?,?{_SP}\d{{4}})",
    re.IGNORECASE,
)
#: Cheap tests before the patterns. NUMBERS, one scan of the text, is what both a telephone
#: number (a run of digits) and a document number (a digit followed by five letters, digits
#: or hyphens) need; a date of birth is introduced by one of BIRTH_WORDS (case-folded).
NUMBERS = re.compile(r"\d(?:[\d \u00a0\u202f./()-]{4,}\d|[A-Z\d-]{5})", re.IGNORECASE)
BIRTH_WORDS = (
    "born",
    "birth",
    "dob",
    "d.o.b",
    "naissance",
    "né le",
    "née le",
    "né(e) le",
    "nacid",
    "nacimiento",
)


@dataclass(frozen=True, slots=True)
class Match:
    """Personal data found in a text: ``text[start:end]`` is the value to hide."""

    kind: Kind
    start: int
    end: int
    text: str


def find(text: str, folded: str | None = None) -> list[Match]:
    """The personal data in ``text``, in the order ``check`` reports it: e-mail addresses,
    dates of birth, document numbers, telephone numbers, each in text order. Spans may
    overlap (a 9-digit identity number is also telephone-shaped). ``folded``: the text
    case-folded, when the caller has it."""
    found: list[Match] = []
    if "@" in text:
        found.extend(Match("email", m.start(), m.end(), m.group(0)) for m in EMAIL.finditer(text))
    folded = text.casefold() if folded is None else folded
    if any(map(folded.__contains__, BIRTH_WORDS)):
        found.extend(
            Match("date of birth", m.start(2), m.end(2), m.group(2)) for m in BIRTH.finditer(text)
        )
    if NUMBERS.search(text) is not None:
        for m in DOCUMENT_NO.finditer(text):
            number = m.group(2)
            if _BARE.fullmatch(m.group(1)) and LEGAL_REFERENCE.fullmatch(number):
                continue
            found.append(Match("document number", m.start(2), m.end(2), number))
        found.extend(_telephones(text))
    return found


def _telephones(text: str) -> list[Match]:
    found = []
    for m in PHONE.finditer(text):
        candidate = m.group(0)
        digits = sum(c.isdigit() for c in candidate)
        if digits < 9 or YEARS.fullmatch(candidate):
            continue
        if digits <= 15:
            found.append(Match("telephone", m.start(), m.end(), candidate))
        else:  # several numbers run together: each part that is one
            found.extend(_split_telephones(candidate, m.start()))
    return found


def _split_telephones(run: str, offset: int) -> list[Match]:
    bounds = [0]
    for sep in PHONE_SPLIT.finditer(run):
        bounds += [sep.start(), sep.end()]
    bounds.append(len(run))
    found = []
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        for m in PHONE.finditer(run[start:end]):
            candidate = m.group(0)
            if 9 <= sum(c.isdigit() for c in candidate) <= 15 and not YEARS.fullmatch(candidate):
                at = offset + start
                found.append(Match("telephone", at + m.start(), at + m.end(), candidate))
    return found


@lru_cache(maxsize=1 << 17)
def redact(text: str) -> str:
    """``text`` with every value :func:`find` reports replaced by :data:`MARKER`.

    Cached: the synthesis quotes an answer in the report, its workbook and its manifest."""
    found = find(text)
    if not found:
        return text
    spans = sorted((m.start, m.end) for m in found)
    out: list[str] = []
    done = 0  # text before this is written
    start, end = spans[0]
    for next_start, next_end in spans[1:]:
        if next_start <= end:  # overlaps or touches the span being built: widen it
            end = max(end, next_end)
            continue
        out += [text[done:start], MARKER]
        done, start, end = end, next_start, next_end
    out += [text[done:start], MARKER, text[end:]]
    return "".join(out)


def mask(text: str) -> str:
    """Show where personal data is without repeating it: keep its shape, hide its content."""
    if "@" in text:
        user, _, domain = text.partition("@")
        return f"{user[:1]}***@***{domain[domain.rfind('.') :] if '.' in domain else ''}"
    digits = [c for c in text if c.isalnum()]
    return f"{''.join(digits[:2])}{'*' * max(3, len(digits) - 2)}"
