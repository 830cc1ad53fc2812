"""The XLSForm and its way back: `questions xlsform` makes the form, a KoboToolbox or ODK
export of it (built here as KoboToolbox and ODK Central write them, from the illustrative
submissions in examples/eca) is read by `questions import-kobo`, and `check` and
`synthesize` accept what it wrote."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import yaml

from gcmreview import scaffold
from gcmreview.bank import load_bank
from gcmreview.submission import TableAnswer
from gcmreview.xlsform import CELL, YEAR, field_name, table_fields

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "eca"
BANK_FILE = ROOT / "templates" / "bank" / "gcm-questions.yaml"
KOBO_META = [
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]


def source(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> dict[str, Path]:
    """The national and shadow XLSForms, made by our command."""
    from typer.testing import CliRunner

    from gcmreview.cli import app

    folder = tmp_path_factory.mktemp("forms")
    made = {}
    for kind in ("national", "shadow"):
        out = folder / f"{kind}.xlsx"
        result = CliRunner().invoke(app, ["questions", "xlsform", "-o", str(out), "--kind", kind])
        assert result.exit_code == 0, result.output
        made[kind] = out
    return made


def form_fields(form: Path) -> list[tuple[str, str, list[str]]]:
    """(type, name, group path) of every field of the form that a submission exports, in the
    form's order, as KoboToolbox lists them."""
    survey = openpyxl.load_workbook(form)["survey"]
    header = [c.value for c in survey[1]]
    groups: list[str] = []
    fields = []
    for row in survey.iter_rows(min_row=2, values_only=True):
        record = dict(zip(header, row, strict=False))
        qtype, name = record["type"], record["name"]
        if qtype == "begin_group":
            groups.append(name)
        elif qtype == "end_group":
            groups.pop()
        elif qtype != "note":
            fields.append((qtype, name, list(groups)))
    return fields


def form_choices(form: Path) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for row in openpyxl.load_workbook(form)["choices"].iter_rows(min_row=2, values_only=True):
        lists.setdefault(row[0], []).append(row[1])
    return lists


def kobo_export(
    form: Path,
    submissions: list[dict],
    *,
    sep: str = "/",
    numbers_as_text: bool = False,
    option_columns: bool = True,
    main_multiple_column: bool = True,
    odk_central: bool = False,
) -> list[list[object]]:
    """Rows of an export of ``form`` with one row per submission (header first), as
    KoboToolbox writes them with "XML values and headers" (or ODK Central, which joins
    groups with "-" and adds its own metadata)."""
    bank = load_bank(None)
    by_field = {field_name(q.id): q.id for q in bank.questions.values()}
    figures = {
        name: spec
        for q in bank.questions.values()
        if q.table
        for name, spec in table_fields(q).items()
    }
    lists = form_choices(form)
    columns: list[tuple[str, object]] = []  # (header, how to get the value)
    if odk_central:
        columns += [("SubmissionDate", "meta"), ("start", "meta"), ("end", "meta")]
    else:
        columns += [("start", "meta"), ("end", "meta")]
    for qtype, name, groups in form_fields(form):
        header = sep.join([*groups, name])
        if qtype.startswith("select_multiple"):
            if main_multiple_column:
                columns.append((header, name))
            if option_columns:
                for code in lists[qtype.split()[1]]:
                    columns.append((f"{header}{sep}{code}", (name, code)))
        else:
            columns.append((header, name))
    if odk_central:
        columns += [("meta-instanceID", "meta"), ("KEY", "meta"), ("ReviewState", "meta")]
    else:
        columns += [(name, "meta") for name in KOBO_META]
    identity = {"gcm_country": "country", "gcm_region": "region", "gcm_language": "language"}
    rows: list[list[object]] = [[header for header, _ in columns]]
    for index, sub in enumerate(submissions, start=1):
        answers = sub.get("answers", {})
        row: list[object] = []
        for header, how in columns:
            value: object = None
            if how == "meta":
                value = {
                    "start": "2028-10-02T09:14:03.120+03:00",
                    "end": "2028-10-02T11:40:51.874+03:00",
                    "_id": 18734290 + index,
                    "_uuid": f"6f1c2b1e-8f0a-4c7e-9d0b-00000000000{index}",
                    "_submission_time": "2028-10-02T08:41:02",
                    "_index": index,
                    "__version__": "vQ3xMkq8yTz7Rb2",
                    "_status": "submitted_via_web",
                    "SubmissionDate": "2028-10-02T08:41:02.334Z",
                    "KEY": f"uuid:6f1c2b1e-8f0a-4c7e-9d0b-00000000000{index}",
                    "meta-instanceID": f"uuid:6f1c2b1e-8f0a-4c7e-9d0b-00000000000{index}",
                    "_validation_status": "",
                    "_notes": "",
                    "_tags": "",
                }.get(header)
            elif isinstance(how, tuple):
                name, code = how
                chosen = answers.get(by_field[name])
                if chosen is not None:
                    value = 1 if code in chosen else 0
            elif how in identity:
                value = sub.get(identity[how])
            elif how == "gcm_organisation":
                value = sub.get("organisation")
            elif how == "gcm_kind":
                value = sub["kind"]
            elif how == "gcm_cycle":
                value = sub["review_cycle"]
            elif how == "gcm_bank":
                value = sub["bank_id"]
            elif how == "gcm_bank_version":
                value = sub["bank_version"]
            elif how == "gcm_bank_fingerprint":
                value = sub["bank_fingerprint"]
            elif how in figures:
                spec = figures[how]
                table = sub.get("tables", {}).get(spec.question.id, {})
                if spec.what == CELL:
                    value = table.get("cells", {}).get(spec.row.id, {}).get(spec.column.id)
                else:
                    value = table.get("reference_year" if spec.what == YEAR else "source")
            else:
                value = answers.get(by_field[how])
                if isinstance(value, list):
                    value = " ".join(value)
            if numbers_as_text and isinstance(value, int | float):
                value = str(value)
            row.append(value)
        rows.append(row)
    return rows


def save_xlsx(rows: list[list[object]], path: Path, *, dates_as_cells: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "GCM regional review - national"
    for row in rows:
        cells = []
        for value in row:
            if (
                dates_as_cells
                and isinstance(value, str)
                and re.fullmatch(r"\d{4}-\d\d-\d\d", value)
            ):
                value = date.fromisoformat(value)  # a date cell, as Excel stores dates
            cells.append(value)
        ws.append(cells)
    wb.save(path)
    return path


def save_csv(
    rows: list[list[object]], path: Path, *, delimiter: str = ";", bom: bool = True
) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8"))
    return path


def imported(outdir: Path, name: str) -> dict:
    return json.loads((outdir / name).read_text(encoding="utf-8"))


def tables_of(sub: dict) -> dict[str, TableAnswer]:
    return {qid: TableAnswer.model_validate(t) for qid, t in sub.get("tables", {}).items()}


def same_identity(got: dict, want: dict) -> None:
    for key in ("kind", "country", "region", "language", "review_cycle", "bank_id",
                "bank_version", "bank_fingerprint", "organisation"):  # fmt: skip
        assert got.get(key) == want.get(key), key


def check_json(cli, *paths: Path) -> dict:
    result = cli("check", *map(str, paths), "--json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def findings_by_country(report: dict) -> dict[str, tuple]:
    return {
        f["identity"]["country"] + f["identity"]["kind"]: (
            f["status"],
            f["answered"],
            sorted((x["code"], x["location"]) for x in f["findings"]),
        )
        for f in report["files"]
    }


# ---------------------------------------------------------------- the form


def test_form_types_notes_and_pyxform(forms, tmp_path):
    pyxform = pytest.importorskip("pyxform.xls2xform")
    bank = load_bank(None)
    fields = {name: qtype for qtype, name, _ in form_fields(forms["national"])}
    assert fields["method_entities"] == "integer"  # bank: integer: true
    for name in ("gcm_country", "gcm_region", "gcm_language"):
        assert fields[name] == f"select_one {name}"
    assert "gcm_organisation" in {n for _, n, _ in form_fields(forms["shadow"])}
    assert "gcm_organisation" not in fields
    # every note names a sheet that the data annex in that language really has
    survey = openpyxl.load_workbook(forms["national"])["survey"]
    header = [c.value for c in survey[1]]
    notes = [r for r in survey.iter_rows(min_row=2, values_only=True) if r[0] == "note"]
    assert len(notes) == len([q for q in bank.questions.values() if q.kind == "table"])
    for lang, column in (("en", "English (en)"), ("fr", "Français (fr)"), ("es", "Español (es)")):
        written = scaffold.init(bank, country="SEN", region="ECA", kind="national", lang=lang,
                                organisation=None, outdir=tmp_path, force=True)  # fmt: skip
        sheets = set(openpyxl.load_workbook(written.annex).sheetnames)
        index = header.index(f"label::{column}")
        for note in notes:
            named = re.findall(r"[“«]\s?([^”»]+?)\s?[”»]", note[index])
            assert len(named) == 1 and named[0] in sheets, (note[index], sheets)
            assert "_data.xlsx" in note[index]
    for kind, form in forms.items():
        warnings: list[str] = []
        xform = pyxform.convert(str(form), warnings=warnings, validate=False).xform
        assert warnings == [], kind
        assert "gcm_bank_fingerprint" in xform
        # method.entities (national only) is a whole number
        entities = re.search(r'<bind nodeset="[^"]*/method_entities"[^>]*>', xform)
        assert (entities is not None and 'type="int"' in entities.group(0)) == (kind == "national")
        # a table's figures: counts whole, indicator values decimal, codes from its list
        for name, xml_type in (
            ("data_stock__refugees__female", "int"),
            ("data_sdg__sdg_10_c_1__value", "decimal"),
            ("data_sdg__sdg_10_c_1__source_type", "string"),
            ("data_stock___year", "int"),
        ):
            bind = re.search(rf'<bind nodeset="[^"]*/{name}"[^>]*>', xform)
            assert bind is not None and f'type="{xml_type}"' in bind.group(0), (kind, name)


def test_form_decimal_when_the_bank_says_not_whole(cli, tmp_path):
    raw = yaml.safe_load(BANK_FILE.read_text(encoding="utf-8"))
    for section in raw["sections"]:
        for q in section["questions"]:
            if q["id"] == "method.entities":
                q["integer"] = False
    bank = tmp_path / "bank.yaml"
    bank.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "form.xlsx"
    assert cli("questions", "xlsform", "-o", str(out), "--bank", str(bank)).exit_code == 0
    fields = {name: qtype for qtype, name, _ in form_fields(out)}
    assert fields["method_entities"] == "decimal"


# ---------------------------------------------------------------- the way back


def test_kobo_xlsx_export_round_trip_then_check_and_synthesize(cli, forms, tmp_path):
    subs = [source("KEN_national_2028-2029_en.json"), source("CIV_national_2028-2029_fr.json")]
    rows = kobo_export(forms["national"], subs)
    nobody = list(rows[1])
    for i, header in enumerate(rows[0]):
        if header.endswith("gcm_country"):
            nobody[i] = None  # a submission sent without its country
    blank = [None] * len(rows[0])
    export = save_xlsx([*rows, nobody, blank], tmp_path / "export.xlsx", dates_as_cells=True)
    outdir = tmp_path / "inbox" / "kobo"  # made by the command
    result = cli("questions", "import-kobo", str(export), "-d", str(outdir))
    assert result.exit_code == 1, result.output  # a row was not imported
    assert "row 4: not imported: no country (gcm_country is empty)" in result.stderr
    assert "Wrote" in result.stdout and "KEN_national_2028-2029.json" in result.stdout
    assert sorted(p.name for p in outdir.iterdir()) == [
        "CIV_national_2028-2029.json",
        "KEN_national_2028-2029.json",
    ]
    for sub, name in zip(subs, ["KEN_national_2028-2029.json", "CIV_national_2028-2029.json"],
                         strict=True):  # fmt: skip
        got = imported(outdir, name)
        assert got["answers"] == sub["answers"]
        same_identity(got, sub)
        # the figures, asked in the form
        assert tables_of(got) == tables_of(sub) and tables_of(sub)
    # check reads them as it reads the source submissions (without their data annex)
    bare = tmp_path / "bare"
    bare.mkdir()
    for sub in subs:
        stripped = {k: v for k, v in sub.items() if k not in ("tables", "illustrative")}
        (bare / f"{sub['country']}.json").write_text(json.dumps(stripped), encoding="utf-8")
    got = findings_by_country(check_json(cli, outdir))
    assert set(got) == {"KENnational", "CIVnational"}
    assert got == findings_by_country(check_json(cli, bare))
    # and synthesize merges them
    synthesis = tmp_path / "synthesis.docx"
    result = cli("synthesize", str(outdir), "--region", "ECA", "-o", str(synthesis), "--json")
    assert result.exit_code in (0, 1), result.output
    assert synthesis.exists() and synthesis.with_suffix(".xlsx").exists()
    summary = json.loads(result.stdout)
    text = json.dumps(summary)
    assert "KEN" in text and "CIV" in text
    # never replaced without --force
    again = cli("questions", "import-kobo", str(export), "-d", str(outdir))
    assert again.exit_code == 2 and "already exists; use --force" in again.stderr
    forced = cli("questions", "import-kobo", str(export), "-d", str(outdir), "--force", "--json")
    assert forced.exit_code == 1
    report = json.loads(forced.stdout)
    assert [w["country"] for w in report["written"]] == ["KEN", "CIV"]
    assert report["refused"] == [{"row": 4, "reason": "no country (gcm_country is empty)"}]
    assert report["ignored_columns"] == []


def test_kobo_csv_with_bom_semicolons_dots_and_numbers_as_text(cli, forms, tmp_path):
    subs = [source("ZAF_national_2028-2029_en.json"), source("MAR_national_2028-2029_fr.json")]
    rows = kobo_export(forms["national"], subs, sep=".", numbers_as_text=True,
                       main_multiple_column=False)  # fmt: skip
    export = save_csv(rows, tmp_path / "export.csv", delimiter=";")
    assert export.read_bytes().startswith(b"\xef\xbb\xbf")
    outdir = tmp_path / "out"
    result = cli("questions", "import-kobo", str(export), "-d", str(outdir), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [(w["country"], w["language"]) for w in report["written"]] == [
        ("ZAF", "en"),
        ("MAR", "fr"),
    ]
    for sub in subs:
        got = imported(outdir, f"{sub['country']}_national_2028-2029.json")
        assert got["answers"] == sub["answers"]
        assert isinstance(got["answers"]["method.entities"], int)
        same_identity(got, sub)
    # the same export with commas, no byte-order mark and "/" between groups
    rows = kobo_export(forms["national"], subs[:1], numbers_as_text=True)
    export = save_csv(rows, tmp_path / "comma.csv", delimiter=",", bom=False)
    result = cli("questions", "import-kobo", str(export), "-d", str(tmp_path / "comma"))
    assert result.exit_code == 0, result.output
    got = imported(tmp_path / "comma", "ZAF_national_2028-2029.json")
    assert got["answers"] == subs[0]["answers"]


def test_shadow_report_from_an_odk_central_export(cli, forms, tmp_path):
    sub = source("SEN_shadow_2028-2029_fr.json")
    rows = kobo_export(forms["shadow"], [sub], sep="-", odk_central=True)
    export = save_xlsx(rows, tmp_path / "central.xlsx")
    outdir = tmp_path / "out"
    result = cli("questions", "import-kobo", str(export), "-d", str(outdir))
    assert result.exit_code == 0, result.output
    (written,) = outdir.iterdir()
    assert written.name.startswith("SEN_shadow_2028-2029_")
    got = json.loads(written.read_text(encoding="utf-8"))
    assert got["answers"] == sub["answers"]
    same_identity(got, sub)
    assert check_json(cli, written)["files"][0]["status"] in ("VALID", "INVALID")


def test_values_as_people_and_exports_leave_them(cli, forms, tmp_path):
    """Choices exported as labels, language and region missing (--region), a country given
    by name, a number that is not one (kept for check to report), and the same country
    twice (both kept, told apart by row)."""
    sub = source("KEN_national_2028-2029_en.json")
    rows = kobo_export(forms["national"], [sub, sub])
    header = rows[0]

    def put(row: list, name: str, value: object) -> None:
        (index,) = [i for i, h in enumerate(header) if h.split("/")[-1] == name]
        row[index] = value

    put(rows[1], "method_coordination", "Yes")  # the label, not the code
    put(rows[1], "gcm_region", None)
    put(rows[1], "gcm_language", None)
    put(rows[2], "gcm_country", "Kenya")
    put(rows[2], "gcm_region", "ECA: Economic Commission for Africa")  # its label
    consulted = load_bank(None).question("method.consulted")
    labels = {c.code: c.label["en"] for c in consulted.choices}
    put(
        rows[2], "method_consulted", " ".join(labels[c] for c in sub["answers"]["method.consulted"])
    )
    put(rows[2], "method_entities", "about fifteen")
    export = save_xlsx(rows, tmp_path / "export.xlsx")
    outdir = tmp_path / "out"
    result = cli("questions", "import-kobo", str(export), "-d", str(outdir), "--region", "ECA")
    assert result.exit_code == 0, result.output
    assert "row 2: language not given; read as en" in result.stderr
    first = imported(outdir, "KEN_national_2028-2029_row2.json")
    second = imported(outdir, "KEN_national_2028-2029_row3.json")
    assert first["answers"] == sub["answers"] and first["region"] == "ECA"
    assert second["country"] == "KEN" and second["region"] == "ECA"
    assert second["answers"]["method.consulted"] == sub["answers"]["method.consulted"]
    assert second["answers"]["method.entities"] == "about fifteen"
    findings = check_json(cli, outdir / "KEN_national_2028-2029_row3.json")["files"][0]
    assert ("not-a-number", "method.entities") in {
        (f["code"], f["location"].split()[-1]) for f in findings["findings"]
    }


def test_label_headers_and_other_files_are_refused(cli, forms, tmp_path):
    bank = load_bank(None)
    sub = source("KEN_national_2028-2029_en.json")
    rows = kobo_export(forms["national"], [sub])
    # "Labels" headers: each question's label, "label/option label" for the 0/1 columns;
    # the hidden calculate fields have no label and keep their names
    questions = {field_name(q.id): q for q in bank.questions.values()}
    identity = {"gcm_country": "Country", "gcm_region": "Regional commission",
                "gcm_language": "Language of your answers"}  # fmt: skip

    figures = {n: f for q in bank.questions.values() if q.table for n, f in table_fields(q).items()}

    def label(header: str) -> str:
        parts = header.split("/")
        if parts[-1] in figures:  # a table's year, source or figure: its own label
            spec = figures[parts[-1]]
            return spec.column.label["en"] if spec.column else spec.what.title()
        if parts[-1] in identity:
            return identity[parts[-1]]
        if parts[-1] in questions:
            return questions[parts[-1]].text["en"]
        if len(parts) > 1 and parts[-2] in questions:
            q = questions[parts[-2]]
            option = {c.code: c.label["en"] for c in q.choices}[parts[-1]]
            return f"{q.text['en']}/{option}"
        return header

    rows[0] = [label(h) for h in rows[0]]
    assert "gcm_kind" in rows[0] and "Country" in rows[0]
    export = save_xlsx(rows, tmp_path / "labels.xlsx")
    outdir = tmp_path / "out"
    result = cli("questions", "import-kobo", str(export), "-d", str(outdir))
    assert result.exit_code == 2
    assert "labels as column headers" in result.stderr
    assert "XML values and headers" in result.stderr
    assert not outdir.exists()
    other = save_csv([["name", "age"], ["x", "3"]], tmp_path / "other.csv")
    result = cli("questions", "import-kobo", str(other), "-d", str(outdir))
    assert result.exit_code == 2 and "no column for a question" in result.stderr
    empty = save_csv([rows[0][:3]], tmp_path / "empty.csv")
    result = cli("questions", "import-kobo", str(empty), "-d", str(outdir))
    assert result.exit_code == 2
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    result = cli("questions", "import-kobo", str(legacy), "-d", str(outdir))
    assert result.exit_code == 2 and ".xls" in result.stderr


def test_table_figures_as_exports_hold_them(cli, forms, tmp_path):
    """Figures exported as text (as in CSV), a code exported as its label, a reference year
    that is not one: read as meant, or left out and said."""
    sub = source("KEN_national_2028-2029_en.json")
    rows = kobo_export(forms["national"], [sub], numbers_as_text=True)
    header = rows[0]

    def at(name: str) -> int:
        return next(i for i, h in enumerate(header) if h.split("/")[-1] == name)

    rows[1][at("data_sdg__sdg_10_7_1__source_type")] = "Household or labour force survey"
    rows[1][at("data_flows___year")] = "2027/28"
    rows[1][at("data_stock__refugees__total")] = "1,250"  # a table the source leaves empty
    export = save_csv(rows, tmp_path / "export.csv")
    outdir = tmp_path / "out"
    result = cli("questions", "import-kobo", str(export), "-d", str(outdir))
    assert result.exit_code == 0, result.output
    assert "data_flows___year: “2027/28” is not a year; kept in the notes" in result.output
    written = imported(outdir, "KEN_national_2028-2029.json")
    got, want = tables_of(written), tables_of(sub)
    assert got["data.sdg"] == want["data.sdg"]  # the label read as its code
    assert got["data.flows"].reference_year is None
    assert written["notes"]["data.flows"] == "Reference year: 2027/28"  # not lost
    assert got["data.flows"].cells == want["data.flows"].cells
    assert got["data.stock"].cells == {"refugees": {"total": 1250}}
    counts = [v for row in got["data.trafficking"].cells.values() for v in row.values()]
    assert counts and all(type(v) is int for v in counts)  # counts stay whole numbers


def test_table_ids_that_would_make_one_field_name_twice_are_refused(cli, tmp_path):
    raw = yaml.safe_load(BANK_FILE.read_text(encoding="utf-8"))
    for section in raw["sections"]:
        for q in section["questions"]:
            if q["id"] == "data.stock":
                row = json.loads(json.dumps(q["table"]["rows"][0]))  # a copy, no YAML alias
                row["id"] = "foreign_born__total"
                q["table"]["rows"].append(row)  # its group is row foreign_born's Total field
    bank = tmp_path / "bank.yaml"
    bank.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "form.xlsx"
    result = cli("questions", "xlsform", "-o", str(out), "--bank", str(bank))
    assert result.exit_code == 2, result.output
    assert "data_stock__foreign_born__total" in result.stderr
    assert not out.exists()


def test_form_figures_are_constrained_as_the_annex_cells_are(forms):
    survey = openpyxl.load_workbook(forms["national"])["survey"]
    header = [c.value for c in survey[1]]
    rows = {
        r[1]: dict(zip(header, r, strict=False))
        for r in survey.iter_rows(min_row=2, values_only=True)
    }
    assert rows["data_stock___year"]["constraint"] == ". >= 1950 and . <= 2100"
    # the bounds of the annex's validation of the same cells (counts up to 1 000 000 000,
    # an indicator's value within ±10^15): one rule makes both
    assert rows["data_stock__refugees__female"]["constraint"] == ". >= 0 and . <= 1000000000"
    assert rows["data_sdg__sdg_10_c_1__value"]["constraint"] == ". >= 0 and . <= 100"
    assert "100" in rows["data_sdg__sdg_10_c_1__value"]["constraint_message::English (en)"]
    assert rows["data_sdg__sdg_10_7_1__value"]["constraint"] == (
        ". >= -1000000000000000 and . <= 1000000000000000"
    )
    assert rows["data_sdg__sdg_10_c_1__source_type"]["constraint"] in (None, "")
    # the year's hint speaks of the table (the form has no sheets); the guidance is shown
    assert "table" in rows["data_stock___year"]["hint::English (en)"]
    assert "born abroad" in rows["data_stock___note"]["hint::English (en)"]


def test_form_version_changes_with_the_form(forms, cli, tmp_path):
    """ODK Central publishes a changed form only under a new version: the version is the
    bank's and a digest of the form, so the same form has the same version and a form that
    changed (here, a question reworded in a regional bank) a new one by itself."""
    from gcmreview.bank import default_bank

    def version(path: Path) -> str:
        settings = openpyxl.load_workbook(path)["settings"]
        header = [c.value for c in settings[1]]
        return dict(zip(header, [c.value for c in settings[2]], strict=True))["version"]

    first = version(forms["national"])
    assert first.startswith(default_bank().version.replace("-", ".") + ".")
    again = tmp_path / "again.xlsx"
    assert cli("questions", "xlsform", "-o", str(again)).exit_code == 0
    assert version(again) == first
    assert version(forms["shadow"]) != first

    raw = yaml.safe_load((ROOT / "templates" / "bank" / "gcm-questions.yaml").read_text("utf-8"))
    question = next(q for s in raw["sections"] for q in s["questions"] if q["id"] == "next.steps")
    question["text"]["en"] = question["text"]["en"] + " Please be brief."
    bank = tmp_path / "bank.yaml"
    bank.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    changed = tmp_path / "changed.xlsx"
    assert cli("questions", "xlsform", "-o", str(changed), "--bank", str(bank)).exit_code == 0
    assert version(changed) != first
