"""GCM reference data: objectives, guiding principles, IMRF round tables, GCM para 44
stakeholders, UN regional commissions and countries.

Everything here is read from the YAML files in ``gcmreview/data/``; each file names the
primary source its texts were copied from. Nothing in this module translates anything: a
title in French or Spanish is the one recorded in the data file, or it does not exist.
"""

from __future__ import annotations

import difflib
import gettext
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from gcmreview.errors import UsageError
from gcmreview.yamlio import load_yaml_text

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}


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

    @property
    def all_members(self) -> tuple[str, ...]:
        return self.members + self.associate_members

    @property
    def regional_members(self) -> tuple[str, ...]:
        """The Member States of the region: the members less the non-regional ones."""
        return tuple(m for m in self.members if m not in self.non_regional_members)


@dataclass(frozen=True)
class Country:
    alpha3: str
    alpha2: str
    names: dict[str, str]

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
            "about": "Country names",
            "source": "ISO 3166-1 names and their French and Spanish translations "
            "(Debian iso-codes, through pycountry), not the UN Terminology Database's names",
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
        )
        for c in raw["commissions"]
    )


def _did_you_mean(query: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(query, list(candidates), n=2, cutoff=0.6)
    return f" Did you mean {' or '.join(close)}?" if close else ""


def commission(code: str) -> Commission:
    wanted = code.strip().upper()
    # "UNECE", "UN-ESCAP" and "CEPAL" are what people type too.
    aliases = {"CEPAL": "ECLAC", "CEPALC": "ECLAC", "CESAO": "ESCWA", "CEA": "ECA", "CEE": "ECE"}
    wanted = aliases.get(wanted, wanted.removeprefix("UN-").removeprefix("UN"))
    for c in commissions():
        if c.code == wanted:
            return c
    codes = [c.code for c in commissions()]
    raise UsageError(
        f"unknown region {code!r}: use one of {', '.join(codes)}."
        + _did_you_mean(code.upper(), codes)
    )


def _fold(text: str) -> str:
    """Lower case without accents or punctuation, for matching names as people type them."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(ch for ch in decomposed if ch.isalnum() or ch == " ")
    return " ".join(kept.split())


@cache
def _country_index() -> tuple[dict[str, Country], dict[str, str]]:
    """(countries by alpha-3, alpha-3 by every folded code and name in three languages)."""
    import pycountry

    translations = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in ("fr", "es")
    }
    by_code: dict[str, Country] = {}
    lookup: dict[str, str] = {}
    for c in pycountry.countries:
        names = {"en": c.name}
        for lang, tr in translations.items():
            names[lang] = tr.gettext(c.name)
        country = Country(alpha3=c.alpha_3, alpha2=c.alpha_2, names=names)
        by_code[c.alpha_3] = country
        keys = [c.alpha_3, c.alpha_2, *names.values()]
        for attr in ("common_name", "official_name"):
            if getattr(c, attr, None):
                keys.append(getattr(c, attr))
        for key in keys:
            lookup.setdefault(_fold(key), c.alpha_3)
    # Names in use at the UN that ISO 3166-1 spells differently.
    for alias, code in {
        "turkey": "TUR",
        "state of palestine": "PSE",
        "united kingdom": "GBR",
        "united states": "USA",
        "russia": "RUS",
        "czech republic": "CZE",
        "ivory coast": "CIV",
        "cape verde": "CPV",
        "swaziland": "SWZ",
        "macedonia": "MKD",
        "tanzania": "TZA",
        "bolivia": "BOL",
        "venezuela": "VEN",
        "iran": "IRN",
        "syria": "SYR",
        "laos": "LAO",
        "moldova": "MDA",
        "south korea": "KOR",
        "north korea": "PRK",
        "vietnam": "VNM",
        "micronesia": "FSM",
        "hong kong": "HKG",
        "macao": "MAC",
        "macau": "MAC",
    }.items():
        lookup.setdefault(alias, code)
    return by_code, lookup


def country(query: str) -> Country:
    """Resolve an ISO 3166-1 alpha-3 or alpha-2 code, or a name in English, French or
    Spanish, case- and accent-insensitively."""
    by_code, lookup = _country_index()
    key = _fold(query)
    if key and key in lookup:
        return by_code[lookup[key]]
    close = difflib.get_close_matches(key, list(lookup), n=6, cutoff=0.75)
    names = list(dict.fromkeys(f"{by_code[lookup[k]].name()} ({lookup[k]})" for k in close))[:2]
    hint = f" Did you mean {' or '.join(names)}?" if names else ""
    raise UsageError(f"unknown country {query!r}.{hint}")


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
