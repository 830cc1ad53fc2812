"""GCM reference data: objectives, guiding principles, IMRF round tables, GCM para 44
stakeholders, UN regional commissions and countries.

Everything here is read from the YAML files in ``gcmreview/data/``; each file names the
primary source its texts were copied from. Nothing in this module translates anything: a
title in another language is the one recorded in the data file, with its level
(:data:`LEVELS`). Where the official Arabic, Russian or Chinese wording was not found, the data
file holds gcmreview's own translation marked ``draft``; :func:`display_text` shows such a text
with "(unofficial translation)" in that language, so no document presents it as official.
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

from gcmreview import languages as _languages
from gcmreview.errors import UsageError
from gcmreview.i18n import t
from gcmreview.yamlio import load_bundled

#: Every language gcmreview writes and reads (templates/i18n/languages.yaml).
LANGUAGES: tuple[str, ...] = _languages.codes()
LANGUAGE_NAMES = {code: lang.name for code, lang in _languages.languages().items()}
#: The six official languages of the United Nations, in which data/countries.yaml names every
#: country (the interface itself is in LANGUAGES).
UN_LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ru", "zh", "ar")


def _data(name: str) -> Any:
    text = resources.files("gcmreview.data").joinpath(name).read_text(encoding="utf-8")
    return load_bundled(text, source=name)


def objective_word(number: int, lang: str) -> str:
    """ "Objective 7" in ``lang`` (``ref.objective`` in strings.yaml)."""
    return t("ref.objective", lang, n=number)


def pick(text: dict[str, str], lang: str) -> str:
    """The text in ``lang``; English when a data file has no such language (never for
    bundled data: the tests require every language)."""
    return text.get(lang) or text["en"]


#: How far a text of the reference data can be trusted, best first (see the data files):
#: copied from the official text; copied from a publication quoting it; believed to be the
#: official wording but not yet checked against it; gcmreview's own translation.
LEVELS: tuple[str, ...] = ("primary", "secondary", "unverified", "draft")


def unofficial_mark(lang: str) -> str:
    """What a document adds after a draft text in ``lang``: "(unofficial translation)", as
    UN pages mark a text that is not the official one (``ref.unofficial`` in strings.yaml)."""
    return t("ref.unofficial", lang, text="").strip()


def display_text(text: str, lang: str, level: str) -> str:
    """The text as a document shows it: as it is, or, for a ``draft`` (gcmreview's own
    translation, the official wording not being found), followed by "(unofficial
    translation)" in ``lang``, so that no document presents it as the official text."""
    return text if level != "draft" else t("ref.unofficial", lang, text=text)


def _titled(title: dict[str, str], verified: dict[str, str], lang: str) -> str:
    """The title in ``lang`` for display; English (the official text) where the data has no
    such language."""
    if not title.get(lang):
        return title["en"]
    return display_text(title[lang], lang, verified.get(lang, "primary"))


@dataclass(frozen=True)
class Objective:
    number: int
    title: dict[str, str]
    label_en: str  # the Migration Network Hub's short English label
    paragraph: int
    cluster: str
    #: per language, one of :data:`LEVELS` (see data/objectives.yaml)
    verified: dict[str, str]

    def is_draft(self, lang: str) -> bool:
        """Whether the title in ``lang`` is gcmreview's own translation, not the official
        text."""
        return self.verified.get(lang) == "draft"

    def display_title(self, lang: str) -> str:
        """The title as documents show it: a draft translation is marked as unofficial
        (:func:`display_text`)."""
        return _titled(self.title, self.verified, lang)

    def heading(self, lang: str) -> str:
        """ "Objective 1: <title>" in ``lang``, the title as :meth:`display_title` gives it."""
        return t("ref.objective_heading", lang, n=self.number, title=self.display_title(lang))

    def label(self, lang: str) -> str:
        """A short name for tight spaces. The Hub's short labels exist in English only, so
        other languages use the objective's number rather than a home-made label."""
        if lang == "en":
            return self.label_en
        return objective_word(self.number, lang)


@dataclass(frozen=True)
class _Titled:
    """A text of the reference data in every language, with its level per language."""

    title: dict[str, str]
    #: per language, one of :data:`LEVELS`
    verified: dict[str, str]

    def is_draft(self, lang: str) -> bool:
        return self.verified.get(lang) == "draft"

    def display_title(self, lang: str) -> str:
        """The title as documents show it: a draft translation is marked as unofficial."""
        return _titled(self.title, self.verified, lang)

    @property
    def display_titles(self) -> dict[str, str]:
        """:meth:`display_title` in every language, e.g. for a question's choices."""
        return {lang: self.display_title(lang) for lang in self.title}


@dataclass(frozen=True)
class Principle(_Titled):
    code: str  # the letter of GCM para 15, "a" … "j"

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
        """English: "Round table 1: <theme>". No official theme was found in any other
        language, so the others name the round table by number and objectives: "Table ronde
        1 (objectifs 2, 5, 6, 12 et 18)"."""
        from gcmreview.formats import listed

        if lang == "en":
            return t("ref.round_table_theme", lang, n=self.number, theme=self.theme_en)
        objectives = listed([str(n) for n in self.objectives], lang)
        return t("ref.round_table", lang, n=self.number, objectives=objectives)


@dataclass(frozen=True)
class Stakeholder(_Titled):
    code: str


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
    #: the level (:data:`LEVELS`, or "missing" for an acronym) of the name and of the acronym
    #: per language, where data/regions.yaml records it (Arabic, Russian, Chinese)
    name_verified: dict[str, str] = field(default_factory=dict)
    acronym_verified: dict[str, str] = field(default_factory=dict)
    #: where the Arabic, Russian and Chinese names and acronyms come from, per language
    name_sources: dict[str, str] = field(default_factory=dict)
    acronym_sources: dict[str, str] = field(default_factory=dict)

    def acronym(self, lang: str = "en") -> str:
        """The acronym in ``lang`` ("CEPAL" for ECLAC in Spanish); the English one for a
        language that has none (UN Arabic texts spell most commissions' names out)."""
        return self.acronyms.get(lang) or self.acronyms.get("en") or self.code

    def display_name(self, lang: str) -> str:
        """The name as documents show it (:func:`display_text`)."""
        return _titled(self.name, self.name_verified, lang)

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
            verified=_levels(o, o["title"]),
        )
        for o in raw["objectives"]
    )


def _levels(entry: dict[str, Any], title: dict[str, str], **default: str) -> dict[str, str]:
    """The level of each language's text: ``verified_<lang>`` of the entry, else the
    ``default`` given for that language; English, the text the others are compared with, is
    primary. A language without a recorded level is ``unverified``."""
    levels = {"en": "primary", **default}
    for lang in title:
        levels[lang] = entry.get(f"verified_{lang}") or levels.get(lang) or "unverified"
    return levels


def text_levels() -> list[tuple[str, str, str]]:
    """``(what, language, level)`` for every text of the reference data that has a level: the
    objective titles, the guiding principles, the para 44 stakeholders ("objective 3",
    "principle a", "stakeholder media") in every language, and the commissions' names and
    acronyms ("ECE name", "ECE acronym") where data/regions.yaml records a level. A
    commission's acronym may be "missing" in a language (the English one is shown)."""
    found = [
        (f"objective {o.number}", lang, o.verified[lang])
        for o in objectives()
        for lang in LANGUAGES
    ]
    found += [(f"principle {p.code}", lang, p.verified[lang]) for p in principles()
              for lang in LANGUAGES]  # fmt: skip
    found += [(f"stakeholder {s.code}", lang, s.verified[lang]) for s in stakeholders()
              for lang in LANGUAGES]  # fmt: skip
    for c in commissions():
        found += [(f"{c.code} name", lang, level) for lang, level in c.name_verified.items()]
        found += [(f"{c.code} acronym", lang, level) for lang, level in c.acronym_verified.items()]
    return found


def _listed(level: str) -> list[str]:
    """The texts at ``level`` as "objective 18 (fr)"; the stakeholders as one list where the
    data file gives the whole list one level (French and Spanish: "stakeholders (fr)")."""
    whole = _data("stakeholders.yaml")
    found: list[str] = []
    for what, lang, at in text_levels():
        if at != level:
            continue
        if what.startswith("stakeholder ") and f"verified_{lang}" in whole:
            what = "stakeholders"
        label = f"{what} ({lang})"
        if label not in found:
            found.append(label)
    return found


def unverified_titles() -> list[str]:
    """Official texts in the reference data not yet checked against any copy of the official
    document, as "objective 18 (fr)" / "stakeholders (es)" / "principle b (ar)" /
    "ECE name (ru)"; see the data files."""
    return _listed("unverified")


def draft_titles() -> list[str]:
    """Texts that are gcmreview's own translation, the official wording not having been found
    ("objective 2 (ar)"); documents mark them (:func:`display_text`)."""
    return _listed("draft")


def level_counts() -> dict[str, dict[str, int]]:
    """Per language, how many texts of :func:`text_levels` are at each level (primary,
    secondary, unverified, draft, missing), for ``gcmreview reference sources``."""
    counts: dict[str, dict[str, int]] = {
        lang: dict.fromkeys((*LEVELS, "missing"), 0) for lang in LANGUAGES
    }
    for _what, lang, level in text_levels():
        counts.setdefault(lang, dict.fromkeys((*LEVELS, "missing"), 0))
        counts[lang][level] = counts[lang].get(level, 0) + 1
    return counts


#: The languages whose texts carry a level per text (the others: see each data file).
_LEVELLED = tuple(lang for lang in LANGUAGES if lang not in ("en", "fr", "es"))


def _level_rows(
    about: tuple[str, str], official: str, lang: str, items: list[tuple[str, str, str | None]]
) -> list[dict[str, object]]:
    """Rows of :func:`sources` for the texts of one kind in one language: ``items`` are
    ``(key, level, source)``. Texts with a source are listed by source; the others are counted
    by level in one row naming the official text they are to be checked against. ``about``:
    how a row names some of the texts (with a ``{keys}`` slot), and all of them."""
    rows: list[dict[str, object]] = []
    by_source: dict[tuple[str, str], list[str]] = {}
    rest: dict[str, list[str]] = {}
    for key, level, source in items:
        if source:
            by_source.setdefault((source, level), []).append(key)
        else:
            rest.setdefault(level, []).append(key)
    for (source, level), keys in by_source.items():
        rows.append({"about": about[0].format(keys=", ".join(keys)) + f" ({lang})",
                     "source": f"{source} ({level})", "verified": level == "primary"})  # fmt: skip
    said = {
        "unverified": "believed to be the official wording, not yet checked against it "
        "(unverified)",
        "draft": "gcmreview's own translation, shown as an unofficial translation (draft)",
        "missing": "no acronym in this language: the English one is shown",
    }
    parts = [f"{', '.join(keys)}: {said.get(level, level)}" for level, keys in rest.items()]
    if parts:
        rows.append({"about": f"{about[1]} ({lang})",
                     "source": f"{official}, not yet consulted. " + "; ".join(parts),
                     "verified": False})  # fmt: skip
    return rows


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
    for lang in _LEVELLED:
        rows += _level_rows(
            ("Objective {keys} title", "Objective titles"),
            f"A/RES/73/195 ({lang}), paragraph 16",
            lang,
            [(str(o["number"]), o[f"verified_{lang}"], o.get(f"source_{lang}"))
             for o in raw["objectives"]],
        )  # fmt: skip
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
    principles_raw = {p["code"]: p for p in _data("principles.yaml")["principles"]}
    for lang in _LEVELLED:
        rows += _level_rows(
            ("Guiding principles {keys}", "Guiding principles"),
            f"A/RES/73/195 ({lang}), paragraph 15",
            lang,
            [(p.code, p.verified[lang], principles_raw[p.code].get(f"source_{lang}"))
             for p in principles()],
        )  # fmt: skip
        rows += _level_rows(
            (
                "Stakeholders of the whole-of-society approach: {keys}",
                "Stakeholders of the whole-of-society approach",
            ),
            f"A/RES/73/195 ({lang}), paragraph 44",
            lang,
            [(s.code, s.verified[lang], None) for s in stakeholders()],
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
    for lang in _LEVELLED:
        rows += _level_rows(
            ("Regional commission names: {keys}", "Regional commission names"),
            "UNTERM, https://unterm.un.org",
            lang,
            [(c.code, c.name_verified.get(lang, "unverified"), c.name_sources.get(lang))
             for c in commissions()],
        )  # fmt: skip
        rows += _level_rows(
            ("Regional commission acronyms: {keys}", "Regional commission acronyms"),
            "UNTERM, https://unterm.un.org",
            lang,
            [(c.code, c.acronym_verified.get(lang, "unverified"), c.acronym_sources.get(lang))
             for c in commissions()],
        )  # fmt: skip
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
    # French and Spanish: the Migration Network Hub's labels (see data/principles.yaml).
    return tuple(
        Principle(
            code=p["code"],
            title=p["title"],
            verified=_levels(p, p["title"], fr="primary", es="primary"),
        )
        for p in raw["principles"]
    )


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
    # French and Spanish: one level for the whole list (see data/stakeholders.yaml).
    whole = {lang: raw[f"verified_{lang}"] for lang in ("fr", "es") if f"verified_{lang}" in raw}
    return tuple(
        Stakeholder(code=s["code"], title=s["title"], verified=_levels(s, s["title"], **whole))
        for s in raw["stakeholders"]
    )


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
            name_verified=dict(c.get("name_verified") or {}),
            acronym_verified=dict(c.get("acronym_verified") or {}),
            name_sources=dict(c.get("name_sources") or {}),
            acronym_sources=dict(c.get("acronym_sources") or {}),
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


_COMMISSION_INDEX: tuple[tuple[Commission, ...], dict[str, Commission]] | None = None


def _commission_index() -> dict[str, Commission]:
    """Every way of naming a commission -> the commission (the first listed, for a name two
    would share), made once for the list :func:`commissions` gives."""
    global _COMMISSION_INDEX
    listed = commissions()
    if _COMMISSION_INDEX is None or _COMMISSION_INDEX[0] is not listed:
        index: dict[str, Commission] = {}
        for c in listed:
            for key in _commission_keys(c):
                index.setdefault(key, c)
        _COMMISSION_INDEX = (listed, index)
    return _COMMISSION_INDEX[1]


def commission(code: str) -> Commission:
    """Resolve a regional commission from its code, its acronym in any language (ECE, CEE,
    CEPE; "UNECE" and "UN-ESCAP" too) or its name in any language, ignoring case, accents
    and punctuation."""
    wanted = _key(code)
    found = _commission_index().get(wanted) if wanted else None
    if found is not None:
        return found
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


# Common names that are not UN names (English, then a few in the other languages), for
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
    "Turquie": "TUR",
    "Turquía": "TUR",
    "Holanda": "NLD",
    "Hollande": "NLD",
    "Syrie": "SYR",
    "Siria": "SYR",
    "Bolivie": "BOL",
    "Tanzanie": "TZA",
    # ... and in Russian, Arabic and Chinese
    "Россия": "RUS",
    "Турция": "TUR",
    "Голландия": "NLD",
    "Южная Корея": "KOR",
    "Иран": "IRN",
    "روسيا": "RUS",
    "هولندا": "NLD",
    "كوريا الجنوبية": "KOR",
    "韩国": "KOR",
    "南韩": "KOR",
    "朝鲜": "PRK",
    "北韩": "PRK",
    "荷兰": "NLD",
    "土耳其": "TUR",
    "俄国": "RUS",
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
def _countries_by_code() -> dict[str, Country]:
    return {c.alpha3: c for c in all_countries()}


@cache
def _country_index() -> _CountryIndex:
    countries = all_countries()
    by_code = _countries_by_code()
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
        *((name, c.alpha3) for c in countries for name in (*c.names.values(), *c.variants)),
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
    by_iso = _countries_by_code().get(query)
    if by_iso is not None:  # the usual case: a submission's ISO code (no index needed)
        return by_iso
    index = _country_index()
    by_code, lookup = index.by_code, index.lookup
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

    Language rules on top of that (``letters_after`` in templates/i18n/languages.yaml):

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
    known = _languages.languages().get(lang)
    for letter, base in (known.letters_after if known else {}).items():
        # U+10FFFF after the base letter puts "ñ" after every "n…" and before "o"
        text = text.replace(letter, base + "\U0010ffff")
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
