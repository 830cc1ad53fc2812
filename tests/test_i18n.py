"""The interface strings: every key in every language, each key once, the same placeholders in
every language (a translation that drops ``{n}`` would print a wrong sentence)."""

from __future__ import annotations

import re
import string
from datetime import date
from pathlib import Path

import docx
import jinja2
import pytest
import yaml

from gcmreview import formats, languages, messages
from gcmreview.checks import placeholder
from gcmreview.narrative import narrative
from gcmreview.reader_docx import classify_mark
from gcmreview.values import read_number

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "templates" / "i18n"
#: every language of templates/i18n/languages.yaml: en, fr, es, ar, ru, zh
LANGUAGES = languages.codes()


class _UniqueKeys(yaml.SafeLoader):
    """A loader that refuses a key given twice in one mapping (YAML keeps the last silently)."""


def _mapping(loader: _UniqueKeys, node: yaml.MappingNode) -> dict:
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise AssertionError(
                f"{key!r} twice: lines {seen[key] + 1} and {key_node.start_mark.line + 1}"
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node)


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _load(name: str) -> dict:
    return yaml.load((I18N / name).read_text("utf-8"), Loader=_UniqueKeys)


STRING_FILES = sorted(
    p.name
    for p in I18N.glob("*.yaml")
    if p.name not in ("readback.yaml", "languages.yaml", "personal_data.yaml")  # word lists
)


@pytest.mark.parametrize("name", STRING_FILES)
def test_every_key_once_in_every_language(name: str) -> None:
    data = _load(name)
    assert data, name
    for key, entry in data.items():
        if not isinstance(entry, dict) or "en" not in entry:
            continue  # a file's own settings, not a string
        missing = [lang for lang in LANGUAGES if not entry.get(lang)]
        assert not missing, f"{name}: {key} lacks {missing}"


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("name", STRING_FILES)
def test_same_placeholders_in_every_language(name: str) -> None:
    for key, entry in _load(name).items():
        if not isinstance(entry, dict) or "en" not in entry:
            continue
        expected = _fields(entry["en"])
        for lang, text in entry.items():
            if isinstance(text, str):
                assert _fields(text) == expected, f"{name}: {key} [{lang}]"


#: check's and the synthesis's own words for why a file was not read or was skipped, and the
#: notes of synthesize: the same values in every language (findings.yaml is one mapping
#: under ``templates``, which the tests above do not walk key by key).
FILE_REASONS = sorted(
    key
    for key in messages.templates()
    if key.startswith(("unreadable.", "word.not-a-report.", "received.note."))
)
#: ``{name}`` or ``{name|one|other|…}``: a value or a plural form of it
_FINDINGS_FIELD = re.compile(r"\{(\w+)(?:\|[^{}]*)?\}")


@pytest.mark.parametrize("key", FILE_REASONS)
def test_every_reason_a_file_is_not_read_has_six_languages_and_its_values(key: str) -> None:
    texts = messages.templates()[key]
    assert set(texts) == set(LANGUAGES), key
    values = set(_FINDINGS_FIELD.findall(texts["en"]))
    for lang in LANGUAGES:
        assert texts[lang].strip(), (key, lang)
        assert set(_FINDINGS_FIELD.findall(texts[lang])) == values, (key, lang)
    if re.search("[a-z]{3}", _FINDINGS_FIELD.sub("", texts["en"])):  # words, not "{file}: …"
        for lang in LANGUAGES[1:]:
            assert texts[lang] != texts["en"], (key, lang)  # said, not left in English


def test_readback_words_load_once() -> None:
    data = _load("readback.yaml")
    assert set(data) >= {"marks", "yes", "no", "placeholders"}
    assert all(re.sub(r"\s", "", w) for w in data["marks"]["chosen"])


def test_six_languages_everywhere() -> None:
    assert LANGUAGES == ("en", "fr", "es", "ar", "ru", "zh")
    # check speaks every language: findings.yaml's languages are languages.yaml's
    assert messages.languages() == LANGUAGES
    for key, texts in messages.templates().items():
        assert set(texts) == set(LANGUAGES), key
    plan = yaml.safe_load((ROOT / "templates" / "calendar" / "plan.yaml").read_text("utf-8"))
    for milestone in plan["milestones"]:
        assert set(milestone["title"]) == set(LANGUAGES), milestone["id"]


def test_excel_sheet_names_fit_in_every_language() -> None:
    for key, entry in _load("strings.yaml").items():
        if key.startswith("xlsx.tab."):
            for lang, text in entry.items():
                assert len(text) <= 31 and not set(text) & set("[]:*?/\\"), (key, lang)


# ---------------------------------------------------------------- plural forms (CLDR, Babel)


def test_arabic_has_six_plural_forms() -> None:
    forms = {"zero": "z", "two": "t", "few": "f", "many": "m"}
    said = {n: formats.plural(n, "ar", "o", "x", **forms) for n in (0, 1, 2, 3, 10, 11, 99, 100)}
    assert said == {0: "z", 1: "o", 2: "t", 3: "f", 10: "f", 11: "m", 99: "m", 100: "x"}
    # check's words, with "#" standing for the number where Arabic writes it
    errors = [
        messages.render("check.summary.errors", "ar", {"n": n}) for n in (0, 1, 2, 3, 11, 100)
    ]
    assert errors == ["لا أخطاء", "خطأ واحد", "خطآن", "3 أخطاء", "11 خطأً", "100 خطأ"]


def test_russian_has_three_plural_forms_for_whole_numbers() -> None:
    said = {
        n: formats.count(n, "ru", "отчет", "отчета", few="отчета", many="отчетов")
        for n in (1, 2, 5, 21, 1000)
    }
    assert said == {
        1: "1 отчет",
        2: "2 отчета",
        5: "5 отчетов",
        21: "21 отчет",
        1000: "1\xa0000 отчетов",
    }
    files = [messages.render("check.summary.files", "ru", {"n": n}) for n in (1, 2, 5, 21)]
    assert files == [
        "проверен 1 файл",
        "проверены 2 файла",
        "проверено 5 файлов",
        "проверен 21 файл",
    ]


def test_annex_b_counts_the_issues_it_does_not_list_in_every_plural_form() -> None:
    def more(lang: str, *numbers: int) -> list[str]:
        return [messages.render("received.more", lang, {"n": n}) for n in numbers]

    assert more("en", 1, 2) == ["and 1 more issue", "and 2 more issues"]
    assert more("fr", 1, 2) == ["et 1 autre problème", "et 2 autres problèmes"]
    assert more("es", 1, 2) == ["y 1 problema más", "y 2 problemas más"]
    assert more("ru", 1, 3, 5, 21) == [
        "и еще 1 замечание",
        "и еще 3 замечания",
        "и еще 5 замечаний",
        "и еще 21 замечание",
    ]
    assert more("ar", 1, 2, 3, 11, 100) == [
        "ومشكلة أخرى واحدة",
        "ومشكلتان أخريان",
        "و3 مشاكل أخرى",
        "و11 مشكلةً أخرى",
        "و100 مشكلة أخرى",
    ]
    assert more("zh", 1, 12) == ["另有1个问题", "另有12个问题"]


def test_chinese_has_one_form_and_english_french_spanish_still_two() -> None:
    assert messages.render("check.summary.errors", "zh", {"n": 1}) == "1个错误"
    assert messages.render("check.summary.errors", "zh", {"n": 12}) == "12个错误"
    assert messages.render("check.summary.errors", "en", {"n": 1}) == "1 error"
    assert messages.render("check.summary.errors", "en", {"n": 2}) == "2 errors"
    assert messages.render("check.summary.errors", "fr", {"n": 0}) == "0 erreur"
    assert messages.render("check.summary.errors", "es", {"n": 2}) == "2 errores"


def test_a_summary_line_in_arabic() -> None:
    text = messages.Text
    line = messages.render(
        "check.summary",
        "ar",
        {
            "files": text("check.summary.files", {"n": 3}),
            "statuses": [
                text("check.summary.VALID", {"n": 2}),
                text("check.summary.INVALID", {"n": 1}),
            ],
            "findings": [
                text("check.summary.errors", {"n": 4}),
                text("check.summary.warnings", {"n": 1}),
            ],
        },
    )
    assert line == "فُحصت 3 ملفات: ملفان صالحان وملف واحد غير صالح؛ 4 أخطاء وتحذير واحد."


def test_dates_as_un_documents_write_them() -> None:
    day = date(2028, 10, 14)
    assert formats.long_date(day, "ar") == "14 تشرين الأول/أكتوبر 2028"
    assert formats.long_date(day, "ru") == "14 октября 2028 года"
    assert formats.long_date(day, "zh") == "2028年10月14日"
    assert formats.long_date(day, "en") == "14 October 2028"
    # the first of a month, as French writes it; the other languages write it as any day
    first = date(2028, 12, 1)
    assert formats.long_date(first, "fr") == "1er décembre 2028"
    assert formats.long_date(first, "es") == "1 de diciembre de 2028"
    assert formats.long_date(first, "en") == "1 December 2028"
    assert formats.long_date(date(2028, 12, 11), "fr") == "11 décembre 2028"


# ---------------------------------------------------------------- reading back


def test_arabic_numbers_are_read() -> None:
    assert read_number("١٬٢٥٠٫٥", "ar").value == 1250.5
    assert read_number("٠١٢٣٤٥٦٧٨٩", "ar").value == 123456789
    assert read_number("۱۲۵۰", "ar").value == 1250
    assert read_number("1\xa0250,5", "ru").value == 1250.5
    assert read_number("１，２５０", "zh").value == 1250


def test_arabic_russian_and_chinese_marks_and_placeholders() -> None:
    for chosen in ("نعم", "да", "是", "Ｘ", "١"):
        assert classify_mark(chosen) == ("chosen", ""), chosen
    for not_chosen in ("لا", "нет", "否", "不适用", "٠"):
        assert classify_mark(not_chosen) == ("not chosen", ""), not_chosen
    assert placeholder("يحدد لاحقا") == "يحدد لاحقا"
    assert placeholder("Данные будут представлены позднее; будет уточнено.") == "будет уточнено"
    assert placeholder("待补充") == "待补充"
    # short words count only as the whole answer: inside a sentence they are words
    assert placeholder("待定") == "待定"
    assert placeholder("该委员会的工作计划待定稿后公布。") is None
    assert placeholder("уточнить") == "уточнить"
    assert placeholder("Необходимо уточнить механизмы координации.") is None


# ---------------------------------------------------------------- the synthesis narrative


def _macros(lang: str) -> dict[str, tuple[str, ...]]:
    module = narrative(lang)._module
    return {
        name: tuple(getattr(module, name).arguments)
        for name in dir(module)
        if not name.startswith("_") and isinstance(getattr(module, name), jinja2.runtime.Macro)
    }


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_narrative_has_the_english_macros_and_arguments(lang: str) -> None:
    assert _macros(lang) == _macros("en")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("ru", ["государств-членов", "Глобального договора"]),
        ("ar", ["الدول الأعضاء", "الاتفاق العالمي"]),
        ("zh", ["会员国", "全球契约"]),
    ],
)
def test_a_synthesis_in_arabic_russian_and_chinese(cli, tmp_path, lang, words) -> None:
    reports = sorted(str(p) for p in (ROOT / "examples" / "eca").glob("*.json"))
    out = tmp_path / f"synthesis-{lang}.docx"
    result = cli("synthesize", *reports, "--region", "ECA", "--lang", lang, "-o", str(out))
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    for word in words:
        assert word in text, word
    # the narrative's own sentences, not English ones
    assert "Member States" not in text and "This synthesis" not in text
    # its own passages: the cover note, and the method's last paragraph (no numbers in it)
    told = narrative(lang)
    assert told.cover_note() in text
    context = {"first_date": "—", "last_date": "—", "dates_unknown": 2, "bank": "b",
               "same_day": False, "no_dates": True}  # fmt: skip
    context |= {"bank_version": "1", "n_included": 21, "n_excluded": 2}
    assert told.paragraphs("method", context)[-1] in text


@pytest.mark.parametrize(
    ("text", "issue"),
    [
        ("أطلقت الحكومة خطة لمواجهة آثار تغير المناخ.", "cross.climate"),
        ("Правительство приняло меры по защите детей-мигрантов.", "cross.children"),
        ("政府制定了应对气候变化的计划。", "cross.climate"),  # no spaces: found anywhere
        ("疫情期间，领事服务转为线上。", "cross.covid"),
    ],
)
def test_cross_cutting_keywords_in_arabic_russian_and_chinese(text: str, issue: str) -> None:
    from gcmreview.synthesis import _folded_keywords, _words

    folded = " " + _words(text)
    assert [i for i, words in _folded_keywords().items() if any(w in folded for w in words)] == [
        issue
    ]
