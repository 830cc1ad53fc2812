"""Personal data in answers: one detector, used both to report it (``check`` → finding
``personal-data``) and to hide it in everything gcmreview writes from answers (the synthesis,
its workbook and manifest, the validation packets), so that what is reported is exactly what
is hidden, the same way everywhere.

Four kinds are found: e-mail addresses, telephone numbers, passport or identity-document
numbers and dates of birth. The words that introduce the last two, in every language
gcmreview reads, are data (``templates/i18n/personal_data.yaml``); month names are Babel's.
Only the value is hidden: "passport no. AB1234567" becomes "passport no. […]", "born on
12/03/1990" becomes "born on […]".

This runs over every answer of every report, so each kind has a cheap test first (an "@", a
run of digits, a word about birth) and the patterns run only where it passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

Kind = Literal["email", "telephone", "document number", "date of birth"]

#: What replaces personal data in every output.
MARKER = "[…]"

#: A space inside a number or a date: also the no-break spaces Word puts there.
_SP = "[ \u00a0\u202f]"
#: Chinese characters and full-width punctuation: Chinese writes a number right after a word
#: ("电话13800138000"), so a number may touch them where it may not touch a Latin letter.
_HAN = "[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
#: Digits dialled: "+254 20 555 0101", "(+240) 222 123 456", "0722-123-456"; {n}: how many
#: more characters at least between the first digit and the last.
_DIALLED = r"\(?\+?\(?\d[\d \u00a0\u202f()./-]{{{n},}}\d"
PHONE = re.compile(rf"(?:(?<={_HAN})|(?<![\w/(+-])){_DIALLED.format(n=7)}(?:(?={_HAN})|(?![\w/-]))")
#: A figure grouped in thousands ("2 500 000 000", "150.000.000"): an amount, not a telephone
#: number, unless a word such as "tel." introduces it.
THOUSANDS = re.compile(r"[1-9]\d{0,2}([ .,\u00a0\u202f])\d{3}(?:\1\d{3})*")
#: Years, however many and however separated (2019 2020 2021, 2019/2020-2021/2022): never a
#: telephone number, nor a document number.
YEARS = re.compile(r"(?:19|20)\d\d(?:[\s./()–-]+(?:19|20)\d\d)*")
#: Where a run too long for one telephone number (more than 15 digits) is several: at a
#: slash with a space (not the slash of a date) or before a parenthesis:
#: "0722 123 456 / 0733 987 654", "+254 20 555 0101 (2027-2028)".
PHONE_SPLIT = re.compile(r"\s+/\s*|\s*/\s+|\s+(?=\()")
#: A legal reference after a bare number word: "Loi n° 2015-036", "Decree No. 2019-1234".
LEGAL_REFERENCE = re.compile(r"(?:19|20)\d\d[-/][\d-]*\d|\d[\d-]*[-/](?:19|20)\d\d")
#: Cheap tests before the patterns. NUMBERS, one scan of the text, is what both a telephone
#: number (a run of digits) and a document number (a digit followed by five letters, digits
#: or hyphens) need. A date of birth is introduced (or followed) by a word of
#: personal_data.yaml: see _Patterns.birth_words.
NUMBERS = re.compile(r"\d(?:[\d \u00a0\u202f./()-]{4,}\d|[A-Z\d-]{5})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Match:
    """Personal data found in a text: ``text[start:end]`` is the value to hide."""

    kind: Kind
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Patterns:
    document: re.Pattern[str]
    bare: re.Pattern[str]
    birth: re.Pattern[str]
    birth_after: re.Pattern[str] | None
    #: a telephone number after a word that introduces one ("Tél. : 71 123 456")
    telephone: re.Pattern[str]
    #: the cheap test for a date of birth, run over the case-folded text
    birth_words: re.Pattern[str]


def _unit(ch: str) -> str:
    """One character of a word of personal_data.yaml as a pattern (see that file's rules)."""
    if ch == " ":
        return f"{_SP}+"
    return "['’]" if ch == "'" else re.escape(ch)


def _whole_word(ch: str) -> bool:
    """Whether a word starting or ending with ``ch`` is matched as a whole word: Latin and
    Cyrillic letters (Arabic and Chinese words are matched wherever they are written)."""
    return ch.isalpha() and ord(ch) < 0x0590


def _words(words: list[str]) -> str:
    """Any of ``words`` (matched case-insensitively), the longest that fits, as a pattern.
    The words of personal_data.yaml are many, so they are put in a tree by their letters
    ("pas(?:sport|aporte)"), which a regular expression runs through much faster than a
    list. Words in Latin or Cyrillic letters must be whole words."""
    whole = [w for w in words if _whole_word(w[0])]
    anywhere = [w for w in words if not _whole_word(w[0])]
    parts = [r"(?<!\w)" + _branch(_tree(whole), " ")] if whole else []
    return "|".join(parts + ([_branch(_tree(anywhere), " ")] if anywhere else []))


def _tree(words: list[str]) -> dict[str, dict]:
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word.lower().replace("’", "'"):
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return tree


def _branch(node: dict[str, dict], last: str) -> str:
    longer = [_unit(ch) + _branch(child, ch) for ch, child in node.items() if ch]
    if "" in node:  # after the longer words: they are tried first
        longer.append(r"(?![^\W\d_])" if _whole_word(last) else "")
    return longer[0] if len(longer) == 1 else f"(?:{'|'.join(longer)})"


def _telltale(phrase: str) -> str:
    """What the cheap test looks for of a phrase about birth: its longest word if that is
    telling ("naissance" of "date de naissance"), else the whole phrase ("né le", not "né",
    which "année" holds)."""
    longest = max(phrase.casefold().split(), key=len)
    return longest if len(longest) >= 5 or len(longest) == len(phrase) else phrase.casefold()


def _every(entry: dict[str, list[str]]) -> list[str]:
    return [word for words in entry.values() for word in words]


@cache
def _patterns() -> _Patterns:
    from gcmreview.paths import templates_dir
    from gcmreview.yamlio import load_bundled

    path = templates_dir() / "i18n" / "personal_data.yaml"
    data = load_bundled(path.read_text(encoding="utf-8"), source="i18n/personal_data.yaml")
    number_words = _words(_every(data["number_words"]))
    # a document's number: up to three letters, then a digit and five more letters, digits or
    # hyphens; a space (or a number word) may part groups of digits ("A 123 4567", "4510 №
    # 123456")
    number = (
        rf"[A-Z]{{0,3}}[ \u00a0\u202f-]?\d"
        rf"(?:[A-Z\d-]|\.(?=\d)|{_SP}+(?:(?:{number_words}){_SP}*)?(?=\d)){{5,}}"
        r"(?![A-Za-z\d])"
    )
    document = re.compile(
        rf"({_words(_every(data['documents']) + data['bare'])})"
        rf"(?:{_SP}*(?:{number_words}))*{_SP}*[:#：]?{_SP}*({number})",
        re.IGNORECASE,
    )
    ordinal = "|".join(re.escape(o) for o in data["ordinals"])
    connector = rf"(?:(?:{'|'.join(map(re.escape, data['connectors']))}){_SP}+)?"
    forms = "".join(f"|{form}" for form in _every(data.get("date_forms") or {}))
    date = (
        r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[-./]\d{2}[-./]\d{2}|"
        rf"\d{{1,2}}(?:{ordinal})?{_SP}+{connector}(?P<month>[^\W\d_]+)\.?{_SP}+{connector}\d{{4}}|"
        rf"(?<!\w)(?P<month_first>[^\W\d_]+)\.?{_SP}+\d{{1,2}}(?:{ordinal})?,?{_SP}+\d{{4}}"
        f"{forms}"
    )
    after = _every(data.get("birth_after") or {})
    birth_after = (
        re.compile(rf"({date}){_SP}*(?:{_words(after)})",
                   re.IGNORECASE)
        if after else None
    )  # fmt: skip
    birth = _every(data["birth"])
    return _Patterns(
        document=document,
        bare=re.compile(_words(data["bare"]), re.IGNORECASE),
        birth=re.compile(rf"({_words(birth)})[^.\n]{{0,20}}?({date})", re.IGNORECASE),
        birth_after=birth_after,
        telephone=re.compile(
            rf"(?:{_words(_every(data['telephone']))})[^\d\n+(]{{0,12}}?"
            rf"({_DIALLED.format(n=5)})(?![\w/-])",
            re.IGNORECASE,
        ),
        birth_words=re.compile(_branch(_tree([_telltale(w) for w in birth + after]), "")),
    )


def prepare() -> None:
    """Load the words and compile the patterns now (some 50 ms): before worker processes are
    forked, so that each has them without doing it again."""
    _patterns()


def find(text: str, folded: str | None = None) -> list[Match]:
    """The personal data in ``text``, in the order ``check`` reports it: e-mail addresses,
    dates of birth, document numbers, telephone numbers, each in text order. Spans may
    overlap (a 9-digit identity number is also telephone-shaped). ``folded``: the text
    case-folded, when the caller has it."""
    found: list[Match] = []
    if "@" in text:
        found.extend(Match("email", m.start(), m.end(), m.group(0)) for m in EMAIL.finditer(text))
    p = _patterns()
    folded = text.casefold() if folded is None else folded
    if p.birth_words.search(folded) is not None:
        found.extend(_births(text, p))
    if NUMBERS.search(text) is not None:
        for m in p.document.finditer(text):
            number = m.group(2)
            if YEARS.fullmatch(number) or (
                p.bare.fullmatch(m.group(1)) and LEGAL_REFERENCE.fullmatch(number)
            ):
                continue
            found.append(Match("document number", m.start(2), m.end(2), number))
        found.extend(_telephones(text, p))
    return found


def _births(text: str, p: _Patterns) -> list[Match]:
    from gcmreview.values import is_month_name

    found = []
    spans = [(m, 2) for m in p.birth.finditer(text)]
    if p.birth_after is not None:
        spans += [(m, 1) for m in p.birth_after.finditer(text)]
    seen = set()
    for m, group in sorted(spans, key=lambda mg: mg[0].start(mg[1])):
        month = m.group("month") or m.group("month_first")
        if month is not None and not is_month_name(month):
            continue  # "born in 12 regions 2027": not a month
        if m.span(group) not in seen:  # a date both after and before a word about birth
            seen.add(m.span(group))
            found.append(Match("date of birth", m.start(group), m.end(group), m.group(group)))
    return found


def _telephones(text: str, p: _Patterns) -> list[Match]:
    found = []
    labelled = set()
    for m in p.telephone.finditer(text):
        candidate = m.group(1)
        if 7 <= sum(c.isdigit() for c in candidate) <= 15 and not YEARS.fullmatch(candidate):
            labelled.add(m.start(1))
            found.append(Match("telephone", m.start(1), m.end(1), candidate))
    for m in PHONE.finditer(text):
        candidate = m.group(0)
        digits = sum(c.isdigit() for c in candidate)
        if digits < 9 or YEARS.fullmatch(candidate) or m.start() in labelled:
            continue
        if THOUSANDS.fullmatch(candidate):
            continue  # "2 500 000 000 FCFA": an amount
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
