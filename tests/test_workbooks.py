"""Every workbook gcmreview writes neutralises formula-like text (gcmreview.workbook).

Hostile text is planted in every source that reaches a cell: the question bank (question
text, guidance, choice labels, section and table labels, units, title), a submission
(answers, organisation, table source), the command line (--organisation), returned
consultation workbooks (wording, comments, respondent, proposed questions) and validation
returns (proposed wording, sign-off, Word comments). Each workbook is then opened with
openpyxl and read as raw XML: no cell is a formula, and every formula-like text carries
Excel's quote prefix.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from lxml import etree
from typer.testing import CliRunner

from gcmreview.bank import load_bank
from gcmreview.cli import app
from gcmreview.workbook import cell, formula_like, put
from gcmreview.xmltext import xml_safe

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "eca"
BANK = ROOT / "templates" / "bank" / "gcm-questions.yaml"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

pytestmark = pytest.mark.skipif(not EXAMPLES.exists(), reason="needs the bundled examples")

# What Excel and Calc read as a formula (independent of gcmreview.workbook on purpose).
FORMULA_START = ("=", "+", "-", "@", "＝", "＋", "－", "＠")

LINK = '=HYPERLINK("http://example.invalid","x")'
# bank
Q_TEXT = LINK
Q_GUIDANCE = "+1 guidance"
Q2_TEXT = "@SUM(A1) consultation"
Q2_GUIDANCE = "-2+3 guidance"
CHOICE = "-2+3 Yes"
SOURCE_LABEL = "@SUM(A1) survey"
SECTION = "＝cmd|' /C calc'!A0"
TABLE_TEXT = ' =HYPERLINK("http://example.invalid","table")'
ROW_LABEL = "+1 foreign-born"
COLUMN_LABEL = "=Total"
UNIT = "-persons"
TITLE = "@Guidance questions"
# submission
ANSWER = '=HYPERLINK("http://example.invalid/answer","y")'
ANSWERS = {
    "method.lead": "+1+1",
    "cross.climate": ANSWER,
    "cross.women": "@SUM(A1:A2)",
    "cross.children": "-2+3",
}
SOURCE = "=cmd|' /C calc'!A0"
ORGANISATION = "@Kenya Migrant Rights Forum (illustrative)"
CLI_ORGANISATION = "+Network from the command line"
# consultation return
WORDING = '=HYPERLINK("http://example.invalid/wording","w")'
COMMENT = "@comment"
RESPONDENT = '=HYPERLINK("http://example.invalid/org","o")'
NEW_SECTION = "-2+3 section"
NEW_OBJECTIVE = "+7"
NEW_TEXT = "=new question"
NEW_WHY = "＠why"
# validation returns
PROPOSED = '=HYPERLINK("http://example.invalid/proposed","p")'
AUTHORITY = "+Ministry"
SIGNOFF_COMMENT = "@SUM(A1) thanks"
WORD_COMMENT = "-2+3 comment"
AUTHOR = "=author"

# what must be found in each workbook (so that the checks below are not vacuous)
PLANTED = {
    "annex-national": [TABLE_TEXT, ROW_LABEL, COLUMN_LABEL, UNIT, SOURCE, SOURCE_LABEL],
    "annex-shadow": [ORGANISATION],
    "annex-init": [CLI_ORGANISATION],
    "consultation": [Q_TEXT, Q_GUIDANCE, Q2_TEXT, Q2_GUIDANCE, SECTION],
    "consolidated": [Q_TEXT, WORDING, COMMENT, RESPONDENT, NEW_SECTION, NEW_OBJECTIVE, NEW_TEXT],
    "xlsform-national": [Q_TEXT, Q_GUIDANCE, CHOICE, SECTION, TABLE_TEXT, TITLE],
    "xlsform-shadow": [CHOICE, TITLE],
    "analyst": [*ANSWERS.values(), CHOICE, ORGANISATION, SOURCE, ROW_LABEL, UNIT],
    "tracker": [ANSWER, PROPOSED, AUTHORITY, SIGNOFF_COMMENT, WORD_COMMENT, AUTHOR],
}


def hostile_bank(target: Path) -> Path:
    raw = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    langs = raw["languages"]

    def every(text: str) -> dict[str, str]:
        return {lang: text for lang in langs}

    raw["title"] = every(TITLE)
    raw["choices"]["yesno"][0]["label"] = every(CHOICE)
    raw["choices"]["shadow_consulted"][0]["label"] = every(CHOICE)
    survey = next(c for c in raw["choices"]["source_type"] if c["code"] == "survey")
    survey["label"] = every(SOURCE_LABEL)
    raw["column_sets"]["sex_age"][0]["label"] = every(COLUMN_LABEL)
    questions = {q["id"]: q for s in raw["sections"] for q in s["questions"]}
    method = next(s for s in raw["sections"] if s["id"] == "method")
    method["title"] = every(SECTION)
    questions["method.lead"]["text"] = every(Q_TEXT)
    questions["method.lead"]["guidance"] = every(Q_GUIDANCE)
    questions["method.consultation"]["text"] = every(Q2_TEXT)
    questions["method.consultation"]["guidance"] = every(Q2_GUIDANCE)
    questions["data.stock"]["text"] = every(TABLE_TEXT)
    questions["data.flows"]["table"]["rows"][0]["label"] = every(ROW_LABEL)
    questions["data.sdg"]["table"]["rows"][0]["unit"] = every(UNIT)
    target.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def submission(name: str, bank_path: Path, **changes) -> dict:
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    bank = load_bank(bank_path)
    data.update(bank_id=bank.id, bank_version=bank.version, bank_fingerprint=bank.fingerprint)
    data.update(changes)
    return data


def as_text(ws, row: int, column: int, value: str) -> None:
    """What a respondent leaves in a text cell: a string, not a formula."""
    c = ws.cell(row=row, column=column)
    c.value = value
    c.data_type = "s"


def by_marker(wb, marker: str):
    return next(ws for ws in wb.worksheets if ws["A1"].value == f"gcmreview:{marker}")


def table_by_key(document, key: str):
    return next(t for t in document.tables if t.cell(0, 0).text == key)


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory) -> dict[str, Path]:
    """Every workbook gcmreview writes, made once from hostile inputs through the CLI."""
    tmp = tmp_path_factory.mktemp("workbooks")
    runner = CliRunner()

    def run(*args: object) -> None:
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        assert result.exit_code == 0, result.output

    bank = hostile_bank(tmp / "bank.yaml")
    made: dict[str, Path] = {}

    # reports rendered from hostile submissions: the data annex
    inbox = tmp / "inbox"
    inbox.mkdir()
    national = submission("KEN_national_2028-2029_en.json", bank)
    national["answers"].update(ANSWERS)
    national["tables"]["data.flows"]["source"] = SOURCE
    shadow = submission("KEN_shadow_2028-2029_en.json", bank, organisation=ORGANISATION)
    for name, data in (("KEN_national", national), ("KEN_shadow", shadow)):
        source = tmp / f"{name}.json"
        source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        run("render", source, "-o", inbox / f"{name}.docx", "--bank", bank)
    made["annex-national"] = inbox / "KEN_national_data.xlsx"
    made["annex-shadow"] = inbox / "KEN_shadow_data.xlsx"

    # a template whose organisation comes from the command line
    init = tmp / "init"
    init.mkdir()
    run("init", "-c", "KEN", "-r", "ECA", "-k", "shadow", "--organisation", CLI_ORGANISATION,
        "--bank", bank, "-d", init)  # fmt: skip
    made["annex-init"] = next(init.glob("*_data.xlsx"))

    # the consultation, one hostile return, the consolidation
    consultation = tmp / "consultation.xlsx"
    run("questions", "consult", "-o", consultation, "--bank", bank)
    made["consultation"] = consultation
    returns = tmp / "returns"
    returns.mkdir()
    wb = openpyxl.load_workbook(consultation)
    qs = by_marker(wb, "questions")
    row = next(
        r for r in range(3, qs.max_row + 1) if qs.cell(row=r, column=1).value == "method.lead"
    )
    as_text(qs, row, 5, "Amend")
    as_text(qs, row, 6, WORDING)
    as_text(qs, row, 7, COMMENT)
    new = by_marker(wb, "new")
    for column, value in enumerate((NEW_SECTION, NEW_OBJECTIVE, NEW_TEXT, NEW_WHY), start=1):
        as_text(new, 3, column, value)
    who = by_marker(wb, "respondent")
    for column, value in enumerate((RESPONDENT, "Civil society", "KEN"), start=1):
        as_text(who, 3, column, value)
    wb.save(returns / "ngo.xlsx")
    consolidated = tmp / "consolidated.xlsx"
    run("questions", "collect", returns, "-o", consolidated, "--bank", bank)
    made["consolidated"] = consolidated

    for kind in ("national", "shadow"):
        form = tmp / f"xlsform-{kind}.xlsx"
        run("questions", "xlsform", "-o", form, "--kind", kind, "--bank", bank)
        made[f"xlsform-{kind}"] = form

    # the synthesis and its analyst workbook
    draft = tmp / "draft" / "synthesis.docx"
    draft.parent.mkdir()
    run("synthesize", inbox, "--region", "ECA", "-o", draft, "--bank", bank)
    made["analyst"] = draft.with_suffix(".xlsx")

    # validation: a filled-in form and a synthesis with a Word comment, collected
    forms = tmp / "forms"
    forms.mkdir()
    run("validation", "packets", draft, "-d", forms)
    manifest = json.loads(draft.with_name("synthesis.manifest.json").read_text("utf-8"))
    passage = next(p for p in manifest["passages"] if p["text"] == ANSWER)
    answered = tmp / "answered"
    answered.mkdir()
    form_path = answered / next(forms.glob("*_KEN_*.docx")).name
    shutil.copy(next(forms.glob("*_KEN_*.docx")), form_path)
    form = docx.Document(str(form_path))
    decision = table_by_key(form, "signoff.decision")
    choice = next(r for r in decision.rows[2:] if r.cells[1].text == "Approve with changes")
    choice.cells[0].paragraphs[0].add_run("X")
    for key, text in (
        (passage["id"], PROPOSED),
        ("signoff.authority", AUTHORITY),
        ("signoff.comments", SIGNOFF_COMMENT),
        ("signoff.date", "2029-01-30"),
    ):
        table_by_key(form, key).rows[-1].cells[0].paragraphs[0].add_run(text)
    form.save(str(form_path))
    commented = docx.Document(str(draft))
    quoted = next(p for p in commented.paragraphs if p.text == ANSWER)
    commented.add_comment(quoted.runs, text=WORD_COMMENT, author=AUTHOR)
    commented.save(str(answered / "synthesis_commented.docx"))
    tracker = tmp / "tracker.xlsx"
    run("validation", "collect", answered, "-o", tracker, "--synthesis", draft)
    made["tracker"] = tracker
    assert set(made) == set(PLANTED)
    return made


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_no_formula_and_formula_like_text_is_quoted(workbooks, name):
    path = workbooks[name]
    wb = openpyxl.load_workbook(path)
    texts: list[str] = []
    formulas, unquoted = [], []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                where = f"{ws.title}!{c.coordinate}"
                if c.data_type == "f":
                    formulas.append((where, c.value))  # gcmreview writes none on purpose
                if isinstance(c.value, str):
                    texts.append(c.value)
                    quoted = c.value.lstrip().startswith(FORMULA_START) or c.value.startswith(
                        ("\t", "\r")
                    )
                    if quoted and not c.quotePrefix:
                        unquoted.append((where, c.value))
                    if quoted:
                        assert c.data_type == "s", where
    assert formulas == []
    assert unquoted == []
    missing = [p for p in PLANTED[name] if not any(text.startswith(p) for text in texts)]
    assert missing == [], f"planted text not found in {name}"
    with zipfile.ZipFile(path) as z:
        for part in z.namelist():
            if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                root = etree.fromstring(z.read(part))
                assert root.find(f".//{S}f") is None, part
                assert root.find(f".//{S}c[@t='str']") is None, part  # a formula's result


@pytest.mark.parametrize("name", ["annex-national", "consultation"])
def test_formulas_meant_by_gcmreview_stay(workbooks, name):
    """Drop-down lists are formulas of data validation and named ranges, not cells."""
    wb = openpyxl.load_workbook(workbooks[name])
    rules = [
        dv.formula1
        for ws in wb.worksheets
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    ]
    assert rules and all(r.startswith("=list_") for r in rules)
    assert all(n.startswith("list_") for n in wb.defined_names)


def test_xlsform_with_hostile_labels_converts_with_pyxform(workbooks):
    pyxform = pytest.importorskip("pyxform.xls2xform")
    for name in ("xlsform-national", "xlsform-shadow"):
        warnings: list[str] = []
        result = pyxform.convert(str(workbooks[name]), warnings=warnings, validate=False)
        assert CHOICE in result.xform and TITLE in result.xform
        assert warnings == []


@pytest.mark.parametrize("write_only", [False, True], ids=["normal", "write-only"])
def test_the_helper_in_both_worksheet_modes(tmp_path, write_only):
    """The rules themselves: formula-like text quoted, numbers kept, unstorable characters
    removed, in a write-only sheet (cells for ``ws.append``) and a normal one (``put``)."""
    quoted = [LINK, "+1", "-2+3", "@SUM(A1)", "  =1+1", "\t=1+1", "\rx", "＝1", "＋1", "－1", "＠1"]
    plain = ["#N/A", "plain", "a-b", "x=1"]
    numbers = [42, -1.5]
    wb = openpyxl.Workbook(write_only=write_only)
    ws = wb.create_sheet("s")
    ws.append([cell(ws, v) for v in [*quoted, *plain, *numbers, None]])
    ws.append([cell(ws, "bad\x00\x01\x0b\ufffe\uffff\ud800text\tkept\nkept")])
    if not write_only:
        put(ws, 3, 1, "=SUM(A1)")
    wb.save(tmp_path / "x.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["s"]
    first = [sheet.cell(row=1, column=i) for i in range(1, len(quoted) + len(plain) + 3)]
    for c, value in zip(first, [*quoted, *plain, *numbers], strict=True):
        assert c.value == value, value
        assert c.data_type == ("n" if value in numbers else "s"), value
        assert c.quotePrefix is (value in quoted), value
    assert sheet["A2"].value == "badtext\tkept\nkept"
    if not write_only:
        assert (sheet["A3"].value, sheet["A3"].data_type, sheet["A3"].quotePrefix) == (
            "=SUM(A1)",
            "s",
            True,
        )
    assert xml_safe("a\x00b\ufffe\ud800c\r\n") == "abc\r\n"
    assert formula_like(" \t@x") and not formula_like("x=1")
