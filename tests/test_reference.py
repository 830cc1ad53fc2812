"""The reference data: counts, exact official titles, translations, countries, regions."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
import yaml

from gcmreview import reference
from gcmreview.errors import UsageError

# A/RES/73/195 para 16, copied from shared/domain/gcm-reference.md.
ENGLISH_TITLES = {
    1: "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
    2: "Minimize the adverse drivers and structural factors that compel people to leave their "
    "country of origin",
    3: "Provide accurate and timely information at all stages of migration",
    4: "Ensure that all migrants have proof of legal identity and adequate documentation",
    5: "Enhance availability and flexibility of pathways for regular migration",
    6: "Facilitate fair and ethical recruitment and safeguard conditions that ensure decent work",
    7: "Address and reduce vulnerabilities in migration",
    8: "Save lives and establish coordinated international efforts on missing migrants",
    9: "Strengthen the transnational response to smuggling of migrants",
    10: "Prevent, combat and eradicate trafficking in persons in the context of international "
    "migration",
    11: "Manage borders in an integrated, secure and coordinated manner",
    12: "Strengthen certainty and predictability in migration procedures for appropriate "
    "screening, assessment and referral",
    13: "Use migration detention only as a measure of last resort and work towards alternatives",
    14: "Enhance consular protection, assistance and cooperation throughout the migration cycle",
    15: "Provide access to basic services for migrants",
    16: "Empower migrants and societies to realize full inclusion and social cohesion",
    17: "Eliminate all forms of discrimination and promote evidence-based public discourse to "
    "shape perceptions of migration",
    18: "Invest in skills development and facilitate mutual recognition of skills, "
    "qualifications and competences",
    19: "Create conditions for migrants and diasporas to fully contribute to sustainable "
    "development in all countries",
    20: "Promote faster, safer and cheaper transfer of remittances and foster financial "
    "inclusion of migrants",
    21: "Cooperate in facilitating safe and dignified return and readmission, as well as "
    "sustainable reintegration",
    22: "Establish mechanisms for the portability of social security entitlements and earned "
    "benefits",
    23: "Strengthen international cooperation and global partnerships for safe, orderly and "
    "regular migration",
}


def test_23_objectives_with_exact_english_titles_and_paragraphs():
    objs = reference.objectives()
    assert [o.number for o in objs] == list(range(1, 24))
    for o in objs:
        assert o.title["en"] == ENGLISH_TITLES[o.number]
        assert o.paragraph == o.number + 16


def test_objective_13_says_migration_detention_in_all_languages():
    o = reference.objective(13)
    assert "immigration" not in o.title["en"]
    assert o.title["fr"] == (
        "Ne recourir au placement en rétention administrative des migrants qu’en dernier "
        "ressort et chercher des solutions de rechange"
    )
    assert o.title["es"] == (
        "Utilizar la detención de migrantes solo como último recurso y buscar otras alternativas"
    )


@pytest.mark.parametrize("lang", reference.LANGUAGES)
def test_every_objective_has_an_official_title_in_every_language(lang):
    for o in reference.objectives():
        assert o.title.get(lang, "").strip(), f"objective {o.number} has no {lang} title"


def _pinned(table: dict[str, dict[str, str]]) -> set[str]:
    """{"ar": {"objective": "1 2", "ECE": "name acronym"}} → {"objective 1 (ar)", …}."""
    found = set()
    for lang, kinds in table.items():
        for kind, keys in kinds.items():
            for key in keys.split():
                if kind in ("objective", "principle", "stakeholder"):
                    found.add(f"{kind} {key} ({lang})")
                elif kind == "stakeholders":  # French and Spanish: the list as a whole
                    found.add(f"stakeholders ({lang})")
                else:  # a commission: "name", "acronym"
                    found.add(f"{kind} {key} ({lang})")
    return found


# Texts believed to be the official wording but not yet checked against any copy of the
# official text (see the data files). This list may only shrink (or a text move up a level).
UNVERIFIED = _pinned(
    {
        "fr": {"objective": "18", "stakeholders": "all"},
        "es": {"objective": "3 15 16 17 19 21 22", "stakeholders": "all"},
        "ar": {
            "objective": "10 11 18 23",
            "principle": "b c e f",
            "stakeholder": "migrants civil_society private parliament nhri redcross",
            "ECLAC": "name",
            "ESCAP": "acronym",
        },
        "ru": {
            "objective": "3 9 10 11 14 15 18 21 23",
            "principle": "b c e f",
            "stakeholder": "migrants civil_society private parliament nhri redcross",
            "ECE": "name acronym",
            "ESCAP": "name",
            "ECA": "name acronym",
            "ECLAC": "name acronym",
            "ESCWA": "name acronym",
        },
        "zh": {
            "objective": "1 2 3 4 5 6 8 10 11 12 13 14 15 16 17 18 19 20 22 23",
            "stakeholder": "migrants civil_society diaspora local private unions parliament nhri "
            "redcross academia media other",
            "ECE": "name acronym",
            "ESCAP": "name",
            "ECA": "name acronym",
            "ECLAC": "name",
            "ESCWA": "name acronym",
        },
    }
)
# gcmreview's own translations, the official wording not having been found: shown in documents
# as "(unofficial translation)". This list may only shrink; a text leaving it becomes
# unverified or better.
DRAFT = _pinned(
    {
        "ar": {
            "objective": "1 2 3 4 5 6 7 8 9 12 13 14 15 16 17 19 20 21 22",
            "principle": "a d g h i j",
            "stakeholder": "diaspora faith local unions academia media other",
        },
        "ru": {
            "objective": "2 4 5 6 7 8 12 13 16 17 19 20 22",
            "principle": "a d g h i j",
            "stakeholder": "diaspora faith local unions academia media other",
        },
        "zh": {"objective": "7 9 21", "stakeholder": "faith"},
    }
)


def test_unverified_official_texts_are_known_and_only_shrink():
    assert set(reference.unverified_titles()) <= UNVERIFIED | DRAFT
    assert set(reference.draft_titles()) <= DRAFT
    for o in reference.objectives():
        for lang in reference.LANGUAGES:
            assert o.verified[lang] in reference.LEVELS
    for item in (*reference.principles(), *reference.stakeholders()):
        assert set(item.verified) == set(reference.LANGUAGES)
        assert set(item.verified.values()) <= set(reference.LEVELS)
    # English is the text the others are compared with; French and Spanish have no drafts.
    levels = reference.level_counts()
    assert levels["en"]["primary"] == 23 + 10 + 13
    assert sum(levels[lang]["draft"] for lang in ("en", "fr", "es")) == 0
    for lang in reference.LANGUAGES:
        assert sum(levels[lang].values()) >= 23 + 10 + 13, lang


def test_the_levels_the_sources_give():
    assert reference.objective(1).verified["ru"] == "secondary"
    assert reference.objective(2).verified["ar"] == "draft"
    assert all(p.verified["zh"] == "primary" for p in reference.principles())
    raw = yaml.safe_load(resources.files("gcmreview.data").joinpath("objectives.yaml").read_text())
    for o in raw["objectives"]:
        for lang in ("ar", "ru", "zh"):
            # a primary or secondary text names its source; a draft or unverified one does not
            sourced = o[f"verified_{lang}"] in ("primary", "secondary")
            assert bool(o.get(f"source_{lang}")) == sourced, (o["number"], lang)


def test_drafts_are_shown_as_unofficial_translations():
    o2 = reference.objective(2)
    assert o2.is_draft("ar") and not o2.is_draft("en") and not o2.is_draft("zh")
    assert o2.display_title("ar") == o2.title["ar"] + " (ترجمة غير رسمية)"
    assert o2.heading("ar") == "الهدف 2: " + o2.title["ar"] + " (ترجمة غير رسمية)"
    assert o2.heading("ru") == "Цель 2: " + o2.title["ru"] + " (неофициальный перевод)"
    assert o2.heading("zh") == "目标2：" + o2.title["zh"]  # unverified: shown as it is
    assert reference.objective(21).heading("zh").endswith("（非正式译文）")
    assert (
        reference.objective(10).heading("ar") == "الهدف 10: " + reference.objective(10).title["ar"]
    )
    assert o2.heading("fr").startswith("Objectif 2\u00a0: ") and o2.heading("en") == (
        "Objective 2: " + o2.title["en"]
    )
    assert reference.objective(13).label("zh") == "目标13"
    assert reference.objective(13).label("ru") == "Цель 13"
    faith = next(s for s in reference.stakeholders() if s.code == "faith")
    assert faith.display_titles["zh"] == "信仰组织（非正式译文）"
    assert faith.display_titles["fr"] == "Les organisations confessionnelles"
    assert reference.principles()[0].display_title("ru") == (
        "Ориентированность на интересы людей (неофициальный перевод)"
    )
    # every draft is marked wherever it is shown, and nothing else is
    for o in reference.objectives():
        for lang in reference.LANGUAGES:
            marked = o.heading(lang).endswith(reference.unofficial_mark(lang))
            assert marked == o.is_draft(lang), (o.number, lang)
    assert reference.display_text("x", "ar", "unverified") == "x"
    assert reference.display_text("x", "xx", "draft") == "x (unofficial translation)"


def test_short_labels_are_the_hub_labels():
    assert reference.objective(1).label("en") == "Data"
    assert reference.objective(23).label("en") == "International cooperation"
    assert reference.objective(13).label("fr") == "Objectif 13"
    assert reference.objective(13).label("ar") == "الهدف 13"


def test_ten_guiding_principles():
    ps = reference.principles()
    assert [p.code for p in ps] == list("abcdefghij")
    assert [p.title["en"] for p in ps] == [
        "People-centred",
        "International cooperation",
        "National sovereignty",
        "Rule of law and due process",
        "Sustainable development",
        "Human rights",
        "Gender-responsive",
        "Child-sensitive",
        "Whole-of-government approach",
        "Whole-of-society approach",
    ]
    for p in ps:
        assert set(p.title) >= set(reference.LANGUAGES)
    assert ps[0].paragraph == "15 (a)"


def test_round_tables_cover_every_objective_once():
    cs = reference.clusters()
    assert [c.code for c in cs] == ["RT1", "RT2", "RT3", "RT4"]
    assert cs[0].objectives == (2, 5, 6, 12, 18)
    assert cs[1].objectives == (4, 8, 9, 10, 11, 13, 21)
    assert cs[2].objectives == (14, 15, 16, 19, 20, 22)
    assert cs[3].objectives == (1, 3, 7, 17, 23)
    covered = sorted(n for c in cs for n in c.objectives)
    assert covered == list(range(1, 24))
    assert cs[0].title("en") == (
        "Round table 1: Ensuring that migration is voluntary, orderly and regular"
    )
    assert cs[0].title("fr") == "Table ronde 1 (objectifs 2, 5, 6, 12 et 18)"
    # No official theme wording in Arabic, Russian or Chinese either: number and objectives.
    assert cs[0].title("ar") == "المائدة المستديرة 1 (الأهداف 2 و5 و6 و12 و18)"
    assert cs[0].title("ru") == "Круглый стол 1 (цели 2, 5, 6, 12 и 18)"
    assert cs[0].title("zh") == "圆桌会议1（目标2、5、6、12和18）"
    for c in cs:
        for lang in reference.LANGUAGES[1:]:  # English names the theme
            assert all(str(n) in c.title(lang) for n in c.objectives), (c.code, lang)
    assert reference.objective(13).cluster == "RT2"


def test_stakeholders_of_para_44():
    st = reference.stakeholders()
    assert len(st) == 13
    assert st[0].title["en"] == "Migrants"
    assert st[9].title["en"] == "The International Red Cross and Red Crescent Movement"
    assert st[-1].title["en"] == "Other relevant stakeholders"
    for s in st:
        assert set(s.title) >= set(reference.LANGUAGES), s.code


@pytest.mark.parametrize(
    ("code", "members", "associates", "non_regional"),
    [
        ("ECE", 56, 0, 0),
        ("ESCAP", 53, 9, 4),
        ("ECA", 54, 0, 0),
        ("ECLAC", 46, 14, 13),
        ("ESCWA", 21, 0, 0),
    ],
)
def test_commission_membership_counts(code, members, associates, non_regional):
    c = reference.commission(code)
    assert len(c.members) == members
    assert len(c.associate_members) == associates
    assert len(c.non_regional_members) == non_regional
    assert len(c.regional_members) == members - non_regional
    assert len(set(c.all_members)) == members + associates
    assert c.established and c.sources
    # Sources are citations a reader can follow: the commission's own page, or a resolution.
    own_site = {"ECE": "unece.org", "ESCAP": "unescap.org", "ECA": "uneca.org",
                "ECLAC": "cepal.org", "ESCWA": "unescwa.org"}[code]  # fmt: skip
    assert any(own_site in source for source in c.sources)
    assert "resolution" in c.established
    for alpha3 in c.all_members:
        assert reference.country(alpha3).alpha3 == alpha3


def test_membership_spot_checks():
    assert "ISR" in reference.commission("ECE").members
    assert "USA" in reference.commission("ECE").members
    assert "COK" in reference.commission("ESCAP").associate_members
    assert "PSE" in reference.commission("ESCWA").members
    assert "DZA" in reference.commission("ESCWA").members
    assert "DZA" in reference.commission("ECA").members
    assert "PRI" in reference.commission("ECLAC").associate_members
    assert "ESH" not in reference.commission("ECA").all_members


@pytest.mark.parametrize("query", ["KEN", "ke", "kenya", "KENYA", "Kenia", " Kenya "])
def test_country_resolves_from_codes_and_names(query):
    assert reference.country(query).alpha3 == "KEN"


def test_country_names_with_accents_and_un_spellings():
    assert reference.country("cote d'ivoire").alpha3 == "CIV"
    assert reference.country("Côte d’Ivoire").alpha3 == "CIV"
    assert reference.country("Türkiye").alpha3 == "TUR"
    assert reference.country("Turkey").alpha3 == "TUR"
    assert reference.country("State of Palestine").alpha3 == "PSE"
    assert reference.country("Allemagne").alpha3 == "DEU"
    assert reference.country("México").alpha3 == "MEX"
    assert reference.country("KEN").name("es") == "Kenya"  # UNTERM, not ISO's "Kenia"


def test_unknown_country_suggests_a_near_miss():
    with pytest.raises(UsageError, match=r"'Kenyaa'\. Did you mean Kenya \(KEN\)\?"):
        reference.country("Kenyaa")
    with pytest.raises(UsageError, match=r"unknown country 'zzzz'\.$"):
        reference.country("zzzz")


def test_country_outside_region_is_explained():
    with pytest.raises(UsageError) as exc:
        reference.country_in_region("KEN", "ECE")
    assert "Kenya (KEN) is not a member of ECE" in str(exc.value)
    assert "It is listed by ECA" in str(exc.value)
    country, comm = reference.country_in_region("Ghana", "eca")
    assert (country.alpha3, comm.code) == ("GHA", "ECA")


def test_region_aliases_and_did_you_mean():
    assert reference.commission("UNECE").code == "ECE"
    assert reference.commission("cepal").code == "ECLAC"
    with pytest.raises(UsageError, match=r"Did you mean (\w+ or )?ESCAP"):
        reference.commission("ESCPA")


# ---------------------------------------------------------------- UN country names

UN_NAMES = [
    ("KOR", "en", "Republic of Korea"),
    ("COD", "en", "Democratic Republic of the Congo"),
    ("BOL", "en", "Bolivia (Plurinational State of)"),
    ("TZA", "en", "United Republic of Tanzania"),
    ("IRN", "en", "Iran (Islamic Republic of)"),
    ("PSE", "en", "State of Palestine"),
    ("TUR", "en", "Türkiye"),
    ("CIV", "en", "Côte d'Ivoire"),
    ("KOR", "fr", "République de Corée"),
    ("RUS", "fr", "Fédération de Russie"),
    ("IRQ", "fr", "Iraq"),
    ("TUR", "fr", "Türkiye"),
    ("CIV", "fr", "Côte d'Ivoire"),
    ("CIV", "es", "Côte d’Ivoire"),  # the source's Spanish apostrophe is U+2019
    ("BLR", "es", "Belarús"),
    ("SAU", "es", "Arabia Saudita"),
    ("TZA", "es", "República Unida de Tanzanía"),
    ("TUN", "es", "Túnez"),
    ("BFA", "es", "Burkina Faso"),
    ("KOR", "ru", "Республика Корея"),
    ("KOR", "zh", "大韩民国"),
    ("KOR", "ar", "جمهورية كوريا"),
]


@pytest.mark.parametrize(("alpha3", "lang", "name"), UN_NAMES)
def test_country_names_are_the_un_names(alpha3, lang, name):
    assert reference.country(alpha3).name(lang) == name
    # and the UN name resolves, in any case and without its accents
    assert reference.country(name).alpha3 == alpha3
    assert reference.country(name.upper()).alpha3 == alpha3


def test_no_iso_names_left():
    """The ISO 3166-1 names and iso-codes translations pycountry gave are gone."""
    assert reference.country("KOR").name() != "Korea, Republic of"
    assert reference.country("CIV").name("es") != "Costa de Marfíl"
    assert reference.country("TUN").name("es") != "Tunez"
    assert reference.country("BFA").name("es") != "Burquina Faso"


def _commission_members():
    return sorted({m for c in reference.commissions() for m in c.all_members})


@pytest.mark.parametrize("alpha3", _commission_members())
def test_every_commission_member_has_a_un_name_in_all_six_languages(alpha3):
    country = reference.country(alpha3)
    assert country.alpha3 == alpha3
    assert set(country.names) == set(reference.UN_LANGUAGES)
    for lang in reference.UN_LANGUAGES:
        assert country.names[lang].strip(), (alpha3, lang)
        assert country.name(lang) == country.names[lang]
    # UNTERM names, or for territories outside the UNTERM list their UN M49 names
    assert country.names_from == ("unterm" if country.unterm else "m49")


def test_commission_members_are_in_the_unterm_list_and_associates_may_not_be():
    for c in reference.commissions():
        for alpha3 in c.members:
            assert reference.country(alpha3).unterm, (c.code, alpha3)
    assert not reference.country("PRI").unterm
    assert reference.country("PRI").name("fr") == "Porto Rico"  # M49 French
    assert reference.country("HKG").name("en") == "China, Hong Kong Special Administrative Region"


def test_every_un_name_in_every_language_resolves_to_its_own_country():
    for c in reference.all_countries():
        assert reference.country(c.alpha3) is c
        if c.alpha2:
            assert reference.country(c.alpha2) is c
        for lang, name in c.names.items():
            assert reference.country(name).alpha3 == c.alpha3, (c.alpha3, lang, name)
        for term in c.variants:
            assert reference.country(term).alpha3 == c.alpha3, (c.alpha3, term)


def test_all_countries_shape():
    countries = reference.all_countries()
    codes = [c.alpha3 for c in countries]
    assert codes == sorted(codes) and len(set(codes)) == len(codes) == 249
    assert sum(c.unterm for c in countries) == 197  # the 193 Member States, 2 observers, …
    for c in countries:
        assert re.fullmatch(r"[A-Z]{3}", c.alpha3) and re.fullmatch(r"[A-Z]{2}", c.alpha2)
        assert c.names["en"] and c.names_from in ("unterm", "m49", "ocha")
        if c.names_from != "ocha":
            assert set(c.names) == set(reference.UN_LANGUAGES), c.alpha3
        re.compile(c.regex)


def test_countries_data_file_records_its_source():
    text = resources.files("gcmreview.data").joinpath("countries.yaml").read_text("utf-8")
    header = text.split("\nschema:")[0]
    for words in ("UNTERM", "hdx-python-country 4.2.5", "MIT licence", "SHA-256", "Generated"):
        assert words in header
    # Unicode as the source has it: both apostrophes, and every script.
    assert "Côte d'Ivoire" in text and "Côte d’Ivoire" in text
    assert "Кот-д’Ивуар" in text and "科特迪瓦" in text and "كوت ديفوار" in text


@pytest.mark.parametrize(
    ("query", "alpha3"),
    [
        ("Holland", "NLD"),
        ("Holanda", "NLD"),
        ("荷兰", "NLD"),
        ("Turquie", "TUR"),
        ("Turquía", "TUR"),
        ("Россия", "RUS"),
        ("韩国", "KOR"),
        ("كوريا الجنوبية", "KOR"),
        ("Netherlands", "NLD"),
        ("Ivory Coast", "CIV"),
        ("ivory coast", "CIV"),
        ("Turkey", "TUR"),
        ("Türkiye", "TUR"),
        ("TURKIYE", "TUR"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Russia", "RUS"),
        ("Iran", "IRN"),
        ("Syria", "SYR"),
        ("Laos", "LAO"),
        ("Vietnam", "VNM"),
        ("Bolivia", "BOL"),
        ("Venezuela", "VEN"),
        ("Tanzania", "TZA"),
        ("Moldova", "MDA"),
        ("Czech Republic", "CZE"),
        ("Swaziland", "SWZ"),
        ("Macedonia", "MKD"),
        ("Cape Verde", "CPV"),
        ("UK", "GBR"),
        ("U.K.", "GBR"),
        ("USA", "USA"),
        ("U.S.A.", "USA"),
        ("Palestine", "PSE"),
        ("Hong Kong", "HKG"),
        ("Guinea Bissau", "GNB"),  # punctuation and spacing do not matter
        ("Cote dIvoire", "CIV"),
        ("Korea (the Republic of)", "KOR"),  # an ISO term the source records
        ("DR Congo", "COD"),  # a ReliefWeb term
        ("Kinshasa", "COD"),  # the source's pattern
        ("Persia", "IRN"),
        ("Fédération de Russie", "RUS"),
        ("Российская Федерация", "RUS"),
        ("俄罗斯联邦", "RUS"),
        ("الاتحاد الروسي", "RUS"),
        ("Tunez", "TUN"),
    ],
)
def test_country_variants_resolve(query, alpha3):
    assert reference.country(query).alpha3 == alpha3


def test_pattern_matches_are_whole_words():
    # The source's "kenya" pattern does not swallow a typo: the did-you-mean stays.
    with pytest.raises(UsageError, match=r"Did you mean Kenya \(KEN\)\?"):
        reference.country("Kenyaa")
    # "Sudan" is not South Sudan, and "Congo" is not the Democratic Republic of the Congo.
    assert reference.country("Sudan").alpha3 == "SDN"
    assert reference.country("South Sudan").alpha3 == "SSD"
    assert reference.country("Congo").alpha3 == "COG"
    with pytest.raises(UsageError, match=r"British Virgin Islands \(VGB\)"):
        reference.country("Virgin Islands")


# ---------------------------------------------------------------- collation


def test_sort_key_ignores_case_and_accents_and_keeps_leading_words():
    fr = reference.sorted_names(["ZWE", "EGY", "ERI", "ECU", "DNK", "EST", "ESP", "USA"], "fr")
    assert [name for _, name in fr] == [
        "Danemark", "Égypte", "Équateur", "Érythrée", "Espagne", "Estonie",
        "États-Unis d'Amérique", "Zimbabwe",
    ]  # fmt: skip
    # what code-point order would do: É after Z
    assert sorted(name for _, name in fr).index("Égypte") > sorted(n for _, n in fr).index(
        "Zimbabwe"
    )
    # "Democratic Republic of the Congo" under D, "Côte d'Ivoire" among the C's
    en = reference.sorted_names(["COD", "COG", "DNK", "CZE", "CIV", "CRI", "HRV"], "en")
    assert [code for code, _ in en] == ["COG", "CRI", "CIV", "HRV", "CZE", "COD", "DNK"]


def test_sort_key_ties_are_broken_by_the_full_string():
    names = ["Egypte", "égypte", "Égypte", "EGYPTE"]
    ordered = sorted(names, key=lambda n: reference.sort_key(n, "fr"))
    assert ordered == sorted(names)  # equal primary keys, then the text itself
    assert len({reference.sort_key(n, "fr")[0] for n in names}) == 1


def test_language_letters_spanish_n_tilde_and_russian_short_i():
    key = reference.sort_key
    assert key("Espana", "es") < key("España", "es") < key("Espo", "es")
    assert key("España", "fr") < key("Espo", "fr")  # not a letter of its own in French
    ru = reference.sorted_names(["YEM", "IRQ", "CPV", "IRL", "KAZ"], "ru")
    assert [name for _, name in ru] == ["Ирак", "Ирландия", "Йемен", "Кабо-Верде", "Казахстан"]


def test_sorted_names_of_a_commission_in_every_un_language():
    members = reference.commission("ESCWA").members
    for lang in reference.UN_LANGUAGES:
        pairs = reference.sorted_names(members, lang)
        assert sorted(code for code, _ in pairs) == sorted(members)
        keys = [reference.sort_key(name, lang) for _, name in pairs]
        assert keys == sorted(keys)
    assert reference.sorted_names(["Turkey", "ALB"], "en") == [
        ("ALB", "Albania"),
        ("TUR", "Türkiye"),
    ]


# ---------------------------------------------------------------- commission acronyms

ACRONYMS = {
    "ECE": ("ECE", "CEE", "CEPE"),
    "ESCAP": ("ESCAP", "CESAP", "CESPAP"),
    "ECA": ("ECA", "CEA", "CEPA"),
    "ECLAC": ("ECLAC", "CEPALC", "CEPAL"),
    "ESCWA": ("ESCWA", "CESAO", "CESPAO"),
}
# ar, ru, zh (data/regions.yaml). None: no Arabic acronym (UN Arabic texts spell the name
# out), so documents show the English one.
OTHER_ACRONYMS = {
    "ECE": (None, "ЕЭК", "欧洲经委会"),
    "ESCAP": ("الإسكاب", "ЭСКАТО", "亚太经社会"),
    "ECA": (None, "ЭКА", "非洲经委会"),
    "ECLAC": (None, "ЭКЛАК", "拉加经委会"),
    "ESCWA": ("الإسكوا", "ЭСКЗА", "西亚经社会"),
}


@pytest.mark.parametrize("code", list(ACRONYMS))
def test_commission_acronyms_per_language(code):
    c = reference.commission(code)
    assert (c.acronym("en"), c.acronym("fr"), c.acronym("es")) == ACRONYMS[code]
    for lang, acronym in zip(("ar", "ru", "zh"), OTHER_ACRONYMS[code], strict=True):
        assert c.acronym(lang) == (acronym or ACRONYMS[code][0]), lang
        assert (c.acronym_verified[lang] == "missing") == (acronym is None), lang
        assert c.acronym_verified[lang] in (*reference.LEVELS, "missing")
        assert c.acronym_verified[lang] != "draft"  # never a home-made acronym
        if acronym:
            assert reference.commission(acronym).code == code
    assert set(c.name) == set(reference.LANGUAGES)
    assert set(c.name_verified) == {"ar", "ru", "zh"}
    for lang in ("ar", "ru", "zh"):
        assert c.name_verified[lang] in ("primary", "secondary", "unverified"), lang
        assert c.display_name(lang) == c.name[lang]  # no draft names
        if c.name_verified[lang] in ("primary", "secondary"):
            assert c.name_sources[lang], lang
        # like en/fr/es, without "United Nations" before the name
        assert "ООН" not in c.name[lang] and "联合国" not in c.name[lang]
        assert "ООН" not in c.acronym(lang) and "联合国" not in c.acronym(lang)
    for acronym in ACRONYMS[code]:
        assert reference.commission(acronym).code == code
        assert reference.commission(acronym.lower()).code == code
        assert reference.commission(f"UN{acronym}").code == code
    for lang, name in c.name.items():
        assert reference.commission(name).code == code, lang
        assert reference.commission(name.upper()).code == code, lang


def test_commission_names_without_accents_and_no_shared_keys():
    assert reference.commission("Comision Economica para America Latina y el Caribe").code == (
        "ECLAC"
    )
    assert reference.commission("commission economique pour l'Afrique").code == "ECA"
    assert reference.commission("UN-ESCAP").code == "ESCAP"
    assert reference.commission("UNECE").code == "ECE"
    every = [a for acronyms in (*ACRONYMS.values(), *OTHER_ACRONYMS.values()) for a in acronyms]
    every = [a for a in every if a]
    assert len(set(every)) == len(every)
    with pytest.raises(UsageError, match=r"Did you mean CESPAP \(ESCAP\)"):
        reference.commission("CESPA")


# ---------------------------------------------------------------- Arabic, Russian, Chinese


@pytest.mark.parametrize("lang", ["ar", "ru", "zh"])
def test_reference_objectives_in_arabic_russian_chinese(cli, lang):
    result = cli("reference", "objectives", "--lang", lang, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["number"] for r in rows] == list(range(1, 24))
    for row in rows:
        o = reference.objective(row["number"])
        assert row["title"] == o.title[lang]  # the data's text, unmarked
        assert row["verified"] == o.verified[lang] and row["verified"] in reference.LEVELS
        assert row["display_title"] == o.display_title(lang)
        assert row["display_title"].endswith(reference.unofficial_mark(lang)) == (
            row["verified"] == "draft"
        )
    shown = cli("reference", "objectives", "--lang", lang)
    assert shown.exit_code == 0, shown.output
    assert reference.objective(23).title[lang][:6] in shown.output
    for command in ("principles", "stakeholders", "round-tables", "regions"):
        result = cli("reference", command, "--lang", lang, "--json")
        assert result.exit_code == 0, (command, result.output)
        for row in json.loads(result.output):
            if command in ("principles", "stakeholders"):
                assert row["verified"] in reference.LEVELS
                marked = row["display_title"].endswith(reference.unofficial_mark(lang))
                assert marked == (row["verified"] == "draft"), row
            if command == "regions":
                assert row["name_verified"] in ("primary", "secondary", "unverified")


def test_reference_sources_counts_drafts_and_unverified_texts_per_language(cli):
    result = cli("reference", "sources", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["levels"] == reference.level_counts()
    assert set(data["levels"]) == set(reference.LANGUAGES)
    assert data["levels"]["ar"]["draft"] == len([d for d in DRAFT if d.endswith("(ar)")])
    assert set(data["draft_texts"]) == set(reference.draft_titles())
    assert "objective 2 (ar)" in data["draft_texts"]
    abouts = {row["about"]: row for row in data["sources"]}
    for lang in ("ar", "ru", "zh"):
        assert abouts[f"Objective titles ({lang})"]["verified"] is False
        assert (
            f"A/RES/73/195 ({lang}), paragraph 16" in abouts[f"Objective titles ({lang})"]["source"]
        )
    assert "rus.err.ee" in abouts["Objective 1 title (ru)"]["source"]
    assert (
        "A/RES/76/266" in abouts["Guiding principles a, b, c, d, e, f, g, h, i, j (zh)"]["source"]
    )
    table = cli("reference", "sources")
    assert table.exit_code == 0
    assert "Reference texts per language" in table.output and "draft" in table.output


def test_a_country_without_arabic_russian_chinese_names_falls_back_to_english():
    twn = reference.country("TWN")
    assert twn.names_from == "ocha" and set(twn.names) == {"en"}
    for lang in ("ar", "ru", "zh", "fr"):
        assert twn.name(lang) == twn.names["en"]
        pairs = reference.sorted_names(["TWN", "CHN", "JPN"], lang)
        assert {code for code, _ in pairs} == {"TWN", "CHN", "JPN"}
    # Every other country has its ar/ru/zh name.
    others = [c for c in reference.all_countries() if c.alpha3 != "TWN"]
    assert all(c.names.get(lang) for c in others for lang in ("ar", "ru", "zh"))
