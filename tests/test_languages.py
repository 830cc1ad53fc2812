"""Arabic, Russian and Chinese from end to end, as issue 15 asks: for each language a report
is made with ``init``, filled in the way a person fills the Word template, checked, exported
(the JSON is the example's), and a synthesis in that language is made from the illustrative
examples of that region (ESCWA in Arabic, ECE in Russian, ESCAP in Chinese). The examples
themselves are valid and their committed Word files say what their JSON says; and a report
re-saved by LibreOffice still reads back to the same JSON (one ``soffice`` run for all three
languages)."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

import readback_corpus as rc
from conftest import libreoffice_convert_many
from gcmreview import checks, export, reference, scaffold
from gcmreview.bank import QuestionBank, default_bank
from gcmreview.submission import Submission, load_submission_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@dataclass(frozen=True)
class Language:
    code: str
    folder: str  # examples/<folder>
    region: str
    example: str  # the report taken through init → fill → export
    script: str  # Unicode name prefix of the language's letters

    @property
    def path(self) -> Path:
        return EXAMPLES / self.folder / f"{self.example}.json"


LANGUAGES = [
    Language("ar", "escwa", "ESCWA", "JOR_national_2028-2029_ar", "ARABIC"),
    Language("ru", "ece", "ECE", "KAZ_national_2028-2029_ru", "CYRILLIC"),
    Language("zh", "escap", "ESCAP", "CHN_national_2028-2029_zh", "CJK"),
]
BY_CODE = {lang.code: lang for lang in LANGUAGES}
NEW_EXAMPLES = sorted(
    p for lang in LANGUAGES for p in (EXAMPLES / lang.folder).glob("*.json") if p.is_file()
)
CENTRAL_ASIA = {"KAZ", "KGZ", "TJK", "TKM", "UZB"}
FICTITIOUS = {"ar": "مثال افتراضي", "ru": "вымышленным примером", "zh": "虚构示例"}

pytestmark = pytest.mark.skipif(not NEW_EXAMPLES, reason="not running from a source checkout")


@pytest.fixture(scope="session")
def bank() -> QuestionBank:
    return default_bank()


def with_bank(sub: Submission, bank: QuestionBank) -> Submission:
    """The example as made with the bank in use (so that no finding about an outdated bank
    gets in the way of what is tested)."""
    return sub.model_copy(
        update={"bank_version": bank.version, "bank_fingerprint": bank.fingerprint}
    )


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, bank) -> dict[str, Path]:
    """Every new example rendered once with the bank in use, by region folder:
    ``{"escwa": folder, ...}``, each folder holding the reports and annexes."""
    root = tmp_path_factory.mktemp("languages-rendered")
    folders: dict[str, Path] = {}
    for path in NEW_EXAMPLES:
        folder = root / path.parent.name
        folder.mkdir(exist_ok=True)
        sub = with_bank(load_submission_json(path), bank)
        scaffold.render(bank, sub, folder / f"{path.stem}.docx")
        folders[path.parent.name] = folder
    return folders


def script_share(text: str, script: str) -> float:
    """The share of the letters in ``text`` that belong to ``script``."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    ours = sum(1 for c in letters if unicodedata.name(c, "").startswith(script))
    return ours / len(letters)


def docx_text(path: Path) -> str:
    """Every text run of the main document, footnotes and headers, one paragraph a line."""
    out: list[str] = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if re.fullmatch(r"word/(document|footnotes|header\d*|footer\d*)\.xml", name):
                root = rc.etree.fromstring(zf.read(name))
                out.extend(rc.text_of(p) for p in root.iter(rc.W_P))
    return "\n".join(out)


# ---------------------------------------------------------------- the examples


def test_the_new_examples_cover_the_issue():
    subs = [
        Submission.model_validate(json.loads(p.read_text(encoding="utf-8"))) for p in NEW_EXAMPLES
    ]
    assert all(s.illustrative for s in subs)
    escwa = [s for s in subs if s.region == "ESCWA"]
    ece = [s for s in subs if s.region == "ECE"]
    escap = [s for s in subs if s.region == "ESCAP"]
    assert len(escwa) >= 3 and {s.language for s in escwa} == {"ar"}
    assert len(ece) >= 2 and {s.language for s in ece} == {"ru"}
    assert {s.country for s in ece} <= CENTRAL_ASIA
    assert escap and {s.language for s in escap} == {"zh"}
    for s in subs:
        reference.country_in_region(s.country, s.region)  # raises if not a member
        # the report itself says first that it is fictitious, in its own language
        first_line = s.answers["method.lead"].split("\n")[0]
        assert FICTITIOUS[s.language] in first_line


@pytest.mark.parametrize("path", NEW_EXAMPLES, ids=lambda p: p.stem)
def test_example_is_valid_and_its_word_file_matches(path, bank):
    source = Submission.model_validate(json.loads(path.read_text(encoding="utf-8")))
    report = checks.check_file(path, bank)
    assert report.status == "VALID", [f.message for f in report.findings]
    assert report.findings == [], [f.message for f in report.findings]
    lang = BY_CODE[source.language]
    texts = " ".join(v for v in source.answers.values() if isinstance(v, str))
    assert script_share(texts, lang.script) > 0.9
    docx_path = path.with_suffix(".docx")
    assert docx_path.exists(), "render the example: see examples/README.md"
    read = export.read_submission(docx_path, bank)
    assert read.submission == source, "the .docx is out of date: render it again"
    assert read.notes == []


# ---------------------------------------------------------------- init → fill → check → export


def fill(doc: rc.Doc, sub: Submission, bank: QuestionBank) -> None:
    """Type every answer of ``sub`` into the blank template the way a person does: text
    over the placeholder, one paragraph per line, and an X beside each chosen option."""
    for qid, value in sub.answers.items():
        kind = bank.questions[qid].kind
        if kind in ("choice", "multichoice"):
            codes = [value] if isinstance(value, str) else list(value)
            for code in codes:
                rc.put_mark(doc, qid, code, rc.text_mark("X"))
        elif kind == "text":
            rc.set_box(doc, qid, *str(value).split("\n"))
        else:  # number, date
            rc.set_box(doc, qid, str(value))


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_init_fill_check_export(lang, bank, cli, tmp_path):
    example = load_submission_json(lang.path)
    country = example.country
    result = cli("init", "-c", country, "-r", lang.region, "-l", lang.code, "-d", str(tmp_path))
    assert result.exit_code == 0, result.output
    report = tmp_path / f"{country}_national_{bank.review_cycle}_{lang.code}.docx"
    blank = export.read_submission(report, bank).submission
    assert blank.language == lang.code and blank.answers == {}

    pkg = rc.Package(report)
    fill(rc.Doc(pkg, lang.code), example, bank)
    pkg.save(report)

    checked = cli("check", str(report), "--format", "json")
    assert checked.exit_code == 0, checked.output
    (found,) = json.loads(checked.stdout)["files"]
    assert found["status"] == "VALID", found["findings"]
    # the findings speak the report's language
    assert json.loads(checked.stdout)["language"] == lang.code

    out = tmp_path / "read.json"
    exported = cli("export", str(report), "-o", str(out))
    assert exported.exit_code == 0, exported.output
    read = load_submission_json(out)
    assert read.answers == example.answers
    assert (read.country, read.region, read.language) == (country, lang.region, lang.code)
    assert read.tables == {}  # the annex was left blank


# ---------------------------------------------------------------- synthesize


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_synthesis_in_the_language_of_its_reports(lang, rendered, cli, tmp_path):
    out = tmp_path / f"synthesis-{lang.code}.docx"
    folder = rendered[lang.folder]
    result = cli("synthesize", str(folder), "-r", lang.region, "-l", lang.code, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.exists() and out.with_suffix(".xlsx").exists()
    text = docx_text(out)
    share = script_share(text, lang.script)
    assert share > 0.85, f"only {share:.0%} of the letters are {lang.script}"
    # every report is in, by its country's name in that language
    for path in sorted(folder.glob("*.docx")):
        country = reference.country(path.name[:3])
        assert country.name(lang.code) in text


# ---------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="session")
def resaved(soffice, rendered, tmp_path_factory) -> dict[str, Path]:
    """The example of each language re-saved as .docx by LibreOffice, in one run; the annex
    is copied beside it unchanged."""
    outdir = tmp_path_factory.mktemp("languages-resaved")
    sources = [rendered[lang.folder] / f"{lang.example}.docx" for lang in LANGUAGES]
    profile = tmp_path_factory.mktemp("lo-profile-languages")
    run = libreoffice_convert_many(soffice, sources, "docx:MS Word 2007 XML", outdir, profile)
    files: dict[str, Path] = {}
    for lang, src in zip(LANGUAGES, sources, strict=True):
        target = outdir / src.name
        assert target.exists(), (run.stdout, run.stderr)
        annex = src.with_name(f"{src.stem}_data.xlsx")
        shutil.copyfile(annex, outdir / annex.name)
        files[lang.code] = target
    return files


@pytest.mark.libreoffice
@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_libreoffice_resave_reads_back_the_same(lang, resaved, bank):
    expected = with_bank(load_submission_json(lang.path), bank)
    read = export.read_submission(resaved[lang.code], bank)
    assert read.submission == expected
    assert read.notes == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Remarque : voir ; suite ? oui !",
            "fr",
            "Remarque\u00a0: voir\u202f; suite\u202f? oui\u202f!",
        ),
        ("Remarque: voir;", "fr", "Remarque\u00a0: voir\u202f;"),
        ("« texte » et «texte»", "fr", "«\u00a0texte\u00a0» et «\u00a0texte\u00a0»"),
        ("à 10:30, https://example.org, {n:,}", "fr", "à 10:30, https://example.org, {n:,}"),
        ("Remarque\u00a0: déjà", "fr", "Remarque\u00a0: déjà"),
        ("Note: see; then?", "en", "Note: see; then?"),
        ("Nota: véase; ¿y?", "es", "Nota: véase; ¿y?"),
    ],
)
def test_each_language_punctuates_its_own_text(text, lang, expected):
    from gcmreview.punctuation import punctuate

    assert punctuate(text, lang) == expected


def test_separators_are_the_languages():
    from gcmreview.punctuation import full_stop, join, label

    items = ["a", "b"]
    assert join(items, "en") == "a; b" and join(items, "en", "comma") == "a, b"
    assert join(items, "fr") == "a\u202f; b" and label("Note", "fr") == "Note\u00a0: "
    assert join(items, "ar") == "a؛ b" and join(items, "ar", "comma") == "a، b"
    assert join(items, "zh") == "a；b" and join(items, "zh", "comma") == "a、b"
    assert label("咨询", "zh") == "咨询：" and full_stop("zh") == "。" and full_stop("ru") == "."
    from gcmreview.punctuation import bracketed

    assert bracketed("CEA", "fr") == " (CEA)" and bracketed("非洲经委会", "zh") == "（非洲经委会）"
