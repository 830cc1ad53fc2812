"""GCM reference data: objectives, guiding principles, IMRF round tables, GCM para 44
stakeholders, UN regional commissions and countries.

Everything here is read from the YAML files in ``gcmreview/data/``; each file names the
primary source its texts were copied from. Nothing in this module translates anything: a
title in French or Spanish is the one recorded in the data file, or it does not exist.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from gcmreview.errors import UsageError
from gcmreview.yamlio import load_yaml_text

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
#: The six official languages of the United Nations, in which data/countries.yaml names every
#: country (the interface itself is in LANGUAGES).
UN_LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ru", "zh", "ar")


def _data(name: str) -> Any:
    text = resources.files("gcmreview.data").joinpath(name).read_text(encoding="utf-8")
    return load_yaml_text(text, source=name)


def pick(text: dict[str, str], lang: str) -> str:
    """The text in ``lang``; English when a data file has no such language (never for
    bundled data: the tests require every language)."""
    return text.get(lang) or text["en"]


OBJECTIVE_WORD = {"en": "Objective", "fr": "Objectif", "es": "Objetivo"}
ROUND_TABLE_WORD = {"en": "Round table", "fr": "Table ronde", "es": "Mesa redonda"}


@dataclass(frozen=True)
class Objective:
    number: int
    title: dict[str, str]
    label_en: str  # the Migration Network Hub's short English label
    paragraph: int
    cluster: str
    #: per language: "primary", "secondary" or "unverified" (see data/objectives.yaml)
    verified: dict[str, str]

    def heading(self, lang: str) -> str:
        colon = " :" if lang == "fr" else ":"  # French puts a space before the colon
        word = OBJECTIVE_WORD.get(lang, "Objective")
        return f"{word} {self.number}{colon} {pick(self.title, lang)}"

    def label(self, lang: str) -> str:
        """A short name for tight spaces. The Hub's short labels exist in English only, so
        French and Spanish use the objective's number rather than a home-made label."""
        if lang == "en":
            return self.label_en
        return f"{OBJECTIVE_WORD.get(lang, 'Objective')} {self.number}"


@dataclass(frozen=True)
class Principle:
    code: str  # the letter of GCM para 15, "a" … "j"
    title: dict[str, str]

    @property
    def paragraph(self) -> str:
        return f"15 ({self.code})"


@dataclass(frozen=True)
class Cluster:
    code: str  # "RT1" … "RT4"
    theme_en: str
    objectives: tuple[int, ...]

    @property
    def number(self) -> int:
        return int(self.code.removeprefix("RT"))

    def title(self, lang: str) -> str:
        """English: "Round table 1: <theme>". No official French or Spanish theme was found,
        so those languages name the round table by number and objectives."""
        word = ROUND_TABLE_WORD.get(lang, "Round table")
        if lang == "en":
            return f"{word} {self.number}: {self.theme_en}"
        listed = ", ".join(str(n) for n in self.objectives[:-1])
        joiner = {"fr": "et", "es": "y"}.get(lang, "and")
        objs = {"fr": "objectifs", "es": "objetivos"}.get(lang, "objectives")
        return f"{word} {self.number} ({objs} {listed} {joiner} {self.objectives[-1]})"


@dataclass(frozen=True)
class Stakeholder:
    code: str
    title: dict[str, str]


@dataclass(frozen=True)
class Commission:
    code: str
    name: dict[str, str]
    members: tuple[str, ...]
    associate_members: tuple[str, ...]
    #: members outside the commission's region (ECLAC's and ESCAP's non-regional members)
    non_regional_members: tuple[str, ...]
    established: str
    #: citations a reader can follow: the commission's own list of members
    sources: tuple[str, ...]
    #: whether the member list has been compared with the commission's own list
    verified: bool
    #: the commission's acronym per language: ECE, CEE, CEPE
    acronyms: dict[str, str] = field(default_factory=dict)

    def acronym(self, lang: str = "en") -> str:
        """The acronym in ``lang`` ("CEPAL" for ECLAC in Spanish); the English one for a
        language the data does not give."""
        return self.acronyms.get(lang) or self.acronyms.get("en") or self.code

    @property
    def all_members(self) -> tuple[str, ...]:
        return self.members + self.associate_members

    @property
    def regional_members(self) -> tuple[str, ...]:
        """The Member States of the region: the members less the non-regional ones."""
        return tuple(m for m in self.members if m not in self.non_regional_members)


@dataclass(frozen=True)
class Country:
    """A country or territory of data/countries.yaml: its UNTERM short names in the six UN
    languages (M49 names for territories outside the UNTERM list; see ``names_from``)."""

    alpha3: str
    alpha2: str
    #: en, fr, es, ru, zh, ar, copied exactly from the source
    names: dict[str, str]
    m49: int | None = None
    #: whether the entry is in the UNTERM list
    unterm: bool = True
    #: "unterm", "m49" or "ocha" (English only): where ``names`` come from
    names_from: str = "unterm"
    #: other names in use (ISO, OCHA, ReliefWeb terms; the formal English name)
    variants: tuple[str, ...] = ()
    #: the source's pattern for variants, matched against the folded query
    regex: str = ""

    def name(self, lang: str = "en") -> str:
        return pick(self.names, lang)


@cache
def objectives() -> tuple[Objective, ...]:
    raw = _data("objectives.yaml")
    cluster_of = {n: c.code for c in clusters() for n in c.objectives}
    return tuple(
        Objective(
            number=o["number"],
            title=o["title"],
            label_en=o["label_en"],
            paragraph=o["paragraph"],
            cluster=cluster_of[o["number"]],
            verified={"en": "primary", "fr": o["verified_fr"], "es": o["verified_es"]},
        )
        for o in raw["objectives"]
    )


def unverified_titles() -> list[str]:
    """Official texts in the reference data not yet checked against any copy of the official
    document, as "objective 18 (fr)" / "stakeholders (es)"; see the data files."""
    found = [
        f"objective {o.number} ({lang})"
        for o in objectives()
        for lang in LANGUAGES
        if o.verified[lang] == "unverified"
    ]
    raw = _data("stakeholders.yaml")
    found += [
        f"stakeholders ({lang})"
        for lang in ("fr", "es")
        if raw.get(f"verified_{lang}") == "unverified"
    ]
    return found


def sources() -> list[dict[str, object]]:
    """Every source of the reference data, as ``{"about", "source", "verified"}``: the
    official texts and lists, the citation a reader can follow, and whether the data has been
    checked against it. Listed by ``gcmreview reference sources``."""
    rows: list[dict[str, object]] = [
        {"about": "Objective titles (en)", "source": "A/RES/73/195, paragraph 16",
         "verified": True},
    ]  # fmt: skip
    raw = _data("objectives.yaml")
    for o in raw["objectives"]:
        for lang in ("fr", "es"):
            rows.append(
                {
                    "about": f"Objective {o['number']} title ({lang})",
                    "source": o.get(f"source_{lang}")
                    or f"A/RES/73/195 ({lang}), paragraph 16 (not yet compared)",
                    "verified": o[f"verified_{lang}"] == "primary",
                }
            )
    rows += [
        {"about": "Guiding principles (en)", "source": "A/RES/73/195, paragraph 15",
         "verified": True},
        {"about": "Guiding principles (fr, es)",
         "source": "Migration Network Hub, principle labels, https://migrationnetwork.un.org/fr/hub"
                   " and https://migrationnetwork.un.org/es/hub", "verified": True},
        {"about": "Round tables of the International Migration Review Forum and their objectives",
         "source": "A/RES/73/326; round-table concept notes, https://www.un.org/en/migration2022",
         "verified": True},
        {"about": "Stakeholders of the whole-of-society approach (en)",
         "source": "A/RES/73/195, paragraph 44", "verified": True},
    ]  # fmt: skip
    stakeholders_raw = _data("stakeholders.yaml")
    for lang in ("fr", "es"):
        rows.append(
            {
                "about": f"Stakeholders of the whole-of-society approach ({lang})",
                "source": f"A/RES/73/195 ({lang}), paragraph 44",
                "verified": stakeholders_raw.get(f"verified_{lang}") == "primary",
            }
        )
    for c in commissions():
        rows.append({"about": f"{c.code}: established by", "source": c.established,
                     "verified": c.verified})  # fmt: skip
        rows.append({"about": f"{c.code}: members, non-regional and associate members",
                     "source": "; ".join(c.sources), "verified": c.verified})  # fmt: skip
    rows.append(
        {
            "about": "Regional commission acronyms (en, fr, es)",
            "source": "UNTERM, the United Nations Terminology Database, https://unterm.un.org "
            "(entries for the five regional commissions; not yet compared)",
            "verified": False,
        }
    )
    meta = _data("countries.yaml")["source"]
    rows.append(
        {
            "about": "Country names (en, fr, es, ru, zh, ar)",
            "source": "UNTERM short names, as listed in OCHA's Countries and Territories "
            f"Taxonomy ({meta['via']}, SHA-256 {meta['sha256'][:12]}…); territories outside "
            "the UNTERM list by their UNSD M49 names from the same file. Not yet compared "
            "with https://unterm.un.org itself",
            "verified": False,
        }
    )
    return rows


def objective(number: int) -> Objective:
    for o in objectives():
        if o.number == number:
            return o
    raise UsageError(f"there is no objective {number}: the Global Compact has objectives 1 to 23")


@cache
def principles() -> tuple[Principle, ...]:
    raw = _data("principles.yaml")
    return tuple(Principle(code=p["code"], title=p["title"]) for p in raw["principles"])


@cache
def clusters() -> tuple[Cluster, ...]:
    raw = _data("clusters.yaml")
    return tuple(
        Cluster(code=c["code"], theme_en=c["theme"]["en"], objectives=tuple(c["objectives"]))
        for c in raw["clusters"]
    )


@cache
def stakeholders() -> tuple[Stakeholder, ...]:
    raw = _data("stakeholders.yaml")
    return tuple(Stakeholder(code=s["code"], title=s["title"]) for s in raw["stakeholders"])


@cache
def commissions() -> tuple[Commission, ...]:
    raw = _data("regions.yaml")
    return tuple(
        Commission(
            code=c["code"],
            name=c["name"],
            members=tuple(c["members"]),
            associate_members=tuple(c.get("associate_members") or ()),
            non_regional_members=tuple(c.get("non_regional_members") or ()),
            established=c["established"],
            sources=tuple(c["sources"]),
            verified=bool(c["verified"]),
            acronyms=dict(c.get("acronym") or {}),
        )
        for c in raw["commissions"]
    )


def _did_you_mean(query: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(query, list(candidates), n=2, cutoff=0.6)
    return f" Did you mean {' or '.join(close)}?" if close else ""


def _commission_keys(c: Commission) -> set[str]:
    acronyms = {_key(a) for a in (c.code, *c.acronyms.values())}
    # "UNECE" and "UN-ESCAP" are what people type too.
    return acronyms | {"un" + a for a in acronyms} | {_key(n) for n in c.name.values()}


def commission(code: str) -> Commission:
    """Resolve a regional commission from its code, its acronym in any language (ECE, CEE,
    CEPE; "UNECE" and "UN-ESCAP" too) or its name in any language, ignoring case, accents
    and punctuation."""
    wanted = _key(code)
    for c in commissions():
        if wanted and wanted in _commission_keys(c):
            return c
    codes = [c.code for c in commissions()]
    shown = {a.upper(): c.code for c in commissions() for a in (c.code, *c.acronyms.values())}
    close = difflib.get_close_matches(code.strip().upper(), list(shown), n=2, cutoff=0.6)
    hints = list(dict.fromkeys(a if a == shown[a] else f"{a} ({shown[a]})" for a in close))
    hint = f" Did you mean {' or '.join(hints)}?" if hints else ""
    raise UsageError(f"unknown region {code!r}: use one of {', '.join(codes)}.{hint}")


def _fold(text: str) -> str:
    """Lower case without accents, with punctuation as spaces, for matching names as people
    type them: "Côte d’Ivoire" → "cote d ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(
        ch if ch.isalnum() else " "
        for ch in decomposed
        if not unicodedata.category(ch).startswith("M") and ch != "\u0640"  # Arabic tatweel
    )
    return " ".join(kept.split())


def _key(text: str) -> str:
    """:func:`_fold` without spaces: "Guinea Bissau", "Guinea-Bissau" and "guineabissau" are
    one key."""
    return _fold(text).replace(" ", "")


# Common names that are not UN names (English, then a few French and Spanish ones), for
# `reference country` and submissions. The source's regular expressions catch most of these
# too; this table says plainly what is meant, and wins over them.
COUNTRY_ALIASES: dict[str, str] = {
    "Holland": "NLD",
    "The Netherlands": "NLD",
    "Ivory Coast": "CIV",
    "Turkey": "TUR",
    "Turkiye": "TUR",
    "South Korea": "KOR",
    "Korea, South": "KOR",
    "North Korea": "PRK",
    "Korea, North": "PRK",
    "Russia": "RUS",
    "Iran": "IRN",
    "Syria": "SYR",
    "Laos": "LAO",
    "Vietnam": "VNM",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Tanzania": "TZA",
    "Moldova": "MDA",
    "Czech Republic": "CZE",
    "Swaziland": "SWZ",
    "Macedonia": "MKD",
    "Cape Verde": "CPV",
    "UK": "GBR",
    "Great Britain": "GBR",
    "Britain": "GBR",
    "United Kingdom": "GBR",
    "USA": "USA",
    "US": "USA",
    "United States": "USA",
    "Palestine": "PSE",
    "Micronesia": "FSM",
    "Brunei": "BRN",
    "Burma": "MMR",
    "East Timor": "TLS",
    "The Gambia": "GMB",
    "The Bahamas": "BHS",
    "Vatican": "VAT",
    "Hong Kong": "HKG",
    "Macau": "MAC",
    # Short forms people write in French and Spanish
    "Kenia": "KEN",  # UNTERM Spanish is "Kenya"
    "Costa de Marfil": "CIV",
    "États-Unis": "USA",
    "Estados Unidos": "USA",
    "Royaume-Uni": "GBR",
    "Reino Unido": "GBR",
    "Pays-Bas": "NLD",
    "Países Bajos": "NLD",
    "Corée du Sud": "KOR",
    "Corea del Sur": "KOR",
    "Russie": "RUS",
    "Rusia": "RUS",
}


@dataclass(frozen=True)
class _CountryIndex:
    by_code: dict[str, Country]
    #: alpha-3 by every _key of a code, name, variant and alias
    lookup: dict[str, str]
    #: (alpha-3, compiled "Regex" of the source, the folded words the country is known by)
    patterns: tuple[tuple[str, re.Pattern[str], frozenset[str]], ...]


@cache
def all_countries() -> tuple[Country, ...]:
    """Every country and territory of data/countries.yaml, by alpha-3 code."""
    raw = _data("countries.yaml")
    return tuple(
        Country(
            alpha3=c["alpha3"],
            alpha2=c["alpha2"],
            names=dict(c["names"]),
            m49=c.get("m49"),
            unterm=bool(c["unterm"]),
            names_from=c["names_from"],
            variants=tuple(c["variants"].get("terms") or ()),
            regex=c["variants"].get("regex") or "",
        )
        for c in raw["countries"]
    )


@cache
def _country_index() -> _CountryIndex:
    countries = all_countries()
    by_code = {c.alpha3: c for c in countries}
    lookup: dict[str, str] = {}
    # First come, first kept: codes, then UN names, then aliases, then the source's terms.
    for c in countries:
        lookup.setdefault(c.alpha3.casefold(), c.alpha3)
    for c in countries:
        if c.alpha2:
            lookup.setdefault(c.alpha2.casefold(), c.alpha3)
    for c in countries:
        for name in c.names.values():
            lookup.setdefault(_key(name), c.alpha3)
    for alias, code in COUNTRY_ALIASES.items():
        lookup.setdefault(_key(alias), code)
    for c in countries:
        for term in c.variants:
            lookup.setdefault(_key(term), c.alpha3)
            lookup.setdefault(_key(re.sub(r"(?i)^the\s+", "", term)), c.alpha3)
    lookup.pop("", None)
    known: dict[str, set[str]] = {c.alpha3: set() for c in countries}
    for text, code in [
        *((t, c.alpha3) for c in countries for t in (*c.names.values(), *c.variants)),
        *COUNTRY_ALIASES.items(),
    ]:
        known[code].update(_fold(text).split())
    patterns = tuple(
        (c.alpha3, re.compile(c.regex, re.IGNORECASE), frozenset(known[c.alpha3]))
        for c in countries
        if c.regex
    )
    return _CountryIndex(by_code=by_code, lookup=lookup, patterns=patterns)


def _regex_matches(folded: str, pattern: re.Pattern[str], words: frozenset[str]) -> bool:
    """Whether the source's pattern finds the country in the folded query. A match must begin
    a word and end one, or end inside a word the country is known by: the patterns are stems
    ("moldov" for "Moldova"), and "Kenyaa" is a typo to point out, not a way to write Kenya."""
    for m in pattern.finditer(folded):
        start, end = m.span()
        if end == start or (start > 0 and folded[start - 1] != " "):
            continue
        if end == len(folded) or folded[end] == " " or folded[end - 1] == " ":
            return True
        word_start = folded.rfind(" ", 0, end) + 1
        word_end = folded.find(" ", end)
        word = folded[word_start : word_end if word_end >= 0 else len(folded)]
        if word in words:
            return True
    return False


def country(query: str) -> Country:
    """Resolve a country from its ISO 3166-1 alpha-3 or alpha-2 code, its UN name in any of
    the six UN languages, or a variant in common use ("Holland", "Ivory Coast", "Turkey",
    "South Korea"), ignoring case, accents and punctuation. Variants are the source's terms,
    :data:`COUNTRY_ALIASES`, and the source's regular expressions applied to the folded
    query. An unknown name gets a did-you-mean."""
    index = _country_index()
    by_code, lookup = index.by_code, index.lookup
    if query in by_code:  # the usual case: a submission's ISO code
        return by_code[query]
    key = _key(query)
    if key and key in lookup:
        return by_code[lookup[key]]
    folded = _fold(query)
    if folded:
        found = [code for code, pattern, words in index.patterns
                 if _regex_matches(folded, pattern, words)]  # fmt: skip
        if len(found) == 1:
            return by_code[found[0]]
        if len(found) > 1:
            either = " or ".join(f"{by_code[c].name()} ({c})" for c in found)
            raise UsageError(f"{query!r} could be {either}: give the name or the ISO code.")
    close = difflib.get_close_matches(key, list(lookup), n=6, cutoff=0.75)
    names = list(dict.fromkeys(f"{by_code[lookup[k]].name()} ({lookup[k]})" for k in close))[:2]
    hint = f" Did you mean {' or '.join(names)}?" if names else ""
    raise UsageError(f"unknown country {query!r}.{hint}")


# Letters that a language sorts as letters of their own, after the one they are written on.
# U+10FFFF after the base letter puts "ñ" after every "n…" and before "o".
_OWN_LETTERS: dict[str, dict[str, str]] = {
    "es": {"ñ": "n\U0010ffff"},
    "ru": {"й": "и\U0010ffff"},
}
# Letters NFKD does not decompose, and the Arabic letters CLDR sorts with another.
_SORT_AS = str.maketrans(
    {"œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "ة": "ت", "ى": "ي"}
)


def sort_key(name: str, lang: str) -> tuple[str, str]:
    """A key that sorts country names as a reader of ``lang`` expects, without ICU.

    The primary order compares the name folded: Unicode NFKD with the combining marks
    (accents) dropped, case-folded, and punctuation (apostrophes, hyphens, commas,
    parentheses) read as a space, a space sorting before any letter. So "Égypte" sorts among
    the E's in French, "Côte d'Ivoire" among the C's, and "Guinée-Bissau" with "Guinée
    Bissau". Nothing is skipped: a leading article or word counts ("Democratic Republic of
    the Congo" sorts under D, "République de Corée" under R), as in UN lists. Names equal at
    that level are ordered by their full text, so the order is total and stable.

    Language rules on top of that:

    * Spanish: "ñ" is a letter of its own, after "n" (España after Espana, before Espo).
    * Russian: "й" is a letter of its own, after "и"; "ё" sorts as "е".
    * Arabic: the hamza seats sort as their bare letters (أ إ آ as ا, ؤ as و, ئ as ي),
      "ة" as "ت" and "ى" as "ي" (as in CLDR's Arabic order), tatweel is ignored; the article
      "ال" counts.
    * Chinese: by code point, which in the CJK Unified Ideographs block is the radical and
      stroke order of the Kangxi dictionary; pinyin order would need a pronunciation table
      (ICU), which gcmreview does not carry.
    * English, French and others: the primary order above.
    """
    text = unicodedata.normalize("NFC", name).casefold()
    for letter, replacement in _OWN_LETTERS.get(lang, {}).items():
        text = text.replace(letter, replacement)
    decomposed = unicodedata.normalize("NFKD", text.translate(_SORT_AS))
    kept = "".join(
        ch if ch.isalnum() or ch == "\U0010ffff" else " "
        for ch in decomposed
        if not unicodedata.category(ch).startswith("M") and ch != "\u0640"
    )
    return " ".join(kept.split()), name


def sorted_names(codes: Iterable[str], lang: str) -> list[tuple[str, str]]:
    """``(alpha-3, name in lang)`` for each country, in ``lang``'s order (:func:`sort_key`).
    Codes, or anything :func:`country` resolves, are accepted."""
    pairs = [(c.alpha3, c.name(lang)) for c in (country(code) for code in codes)]
    return sorted(pairs, key=lambda pair: sort_key(pair[1], lang))


def country_in_region(query: str, region: str) -> tuple[Country, Commission]:
    """Resolve a country and check that the regional commission lists it as a member or
    associate member."""
    comm = commission(region)
    found = country(query)
    if found.alpha3 not in comm.all_members:
        members = {country(code).name(): code for code in comm.all_members}
        close = difflib.get_close_matches(found.name(), list(members), n=1, cutoff=0.6)
        hint = f" Did you mean {close[0]} ({members[close[0]]})?" if close else ""
        elsewhere = [c.code for c in commissions() if found.alpha3 in c.all_members]
        where = f" It is listed by {', '.join(elsewhere)}." if elsewhere else ""
        raise UsageError(
            f"{found.name()} ({found.alpha3}) is not a member of {comm.code}.{where}{hint}"
        )
    return found, comm


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang
