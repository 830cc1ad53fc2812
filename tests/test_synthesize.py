"""`gcmreview synthesize`: the Word report, the analyst workbook, nothing lost."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import zipfile
from pathlib import Path

import docx
import docx.table
import openpyxl
import pytest
from docx.oxml.ns import qn

from gcmreview import scaffold
from gcmreview.bank import default_bank
from gcmreview.submission import Submission

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "eca"

pytestmark = pytest.mark.skipif(not EXAMPLES.exists(), reason="needs the bundled examples")


def example(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture
def inbox(tmp_path) -> Path:
    """The examples' Word reports and annexes, copied into a folder of their own."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for path in EXAMPLES.glob("*.docx"):
        shutil.copy(path, folder)
        shutil.copy(path.with_name(path.stem + "_data.xlsx"), folder)
    return folder


def text_of(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_synthesis_of_the_examples(cli, inbox, tmp_path):
    out = tmp_path / "synthesis.docx"
    result = cli("synthesize", str(inbox), "--region", "ECA", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.exists() and out.with_suffix(".xlsx").exists()
    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    expected = [
        "Executive summary",
        "Key messages for the International Migration Review Forum",
        "1. Introduction and method",
        "2. Overview of participation",
        "Coverage matrix",
        "3. Methodology and preparation of the review",
        "4. Policy and enabling environment",
        "5. Progress by round table and objective",
        "6. Guiding principles across the reports",
        "7. Stakeholder engagement",
        "8. Means of implementation and support needed",
        "9. Cross-cutting issues",
        "10. Regional overview of the data reported",
        "11. Civil society shadow reports",
        "Annex A. Data reported by Member States",
        "Annex B. Submissions received and excluded",
        "Annex C. Member State validation record",
    ]
    assert [h for h in headings if h in expected] == expected
    # headings are short titles, never the raw question
    assert "Lead institution and contributors" in headings or any(
        h.startswith("Lead") for h in headings
    )
    assert not any(h.endswith("?") for h in headings)
    # heading levels never skip a level
    levels = [
        int(p.style.name.split()[-1])
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    for cluster in (
        "Round table 1: Ensuring that migration is voluntary, orderly and regular",
        "Round table 4: Improving value- and evidence-based policymaking and public "
        "debate, and enhancing cooperation on migration",
    ):
        assert cluster in headings
    assert (
        "Objective 13: Use migration detention only as a measure of last resort and work "
        "towards alternatives" in headings
    )
    text = text_of(out)
    assert "Draft for validation by Member States." in text
    assert "DRAFT" in text
    # every included Member State appears in the coverage matrix
    matrix = next(
        t for t in document.tables if t.cell(0, 1).text == "1" and t.cell(0, 23).text == "23"
    )
    states = [row.cells[0].text for row in matrix.rows[1:]]
    assert states == [
        "Côte d'Ivoire",
        "Ethiopia",
        "Ghana",
        "Kenya",
        "Morocco",
        "Senegal",
        "South Africa",
        "Tunisia",
    ]
    kenya = next(row for row in matrix.rows if row.cells[0].text == "Kenya")
    assert kenya.cells[6].text == "P"  # objective 6 is a Kenyan priority in the example
    # excerpts are attributed to a Member State and a question ID, in their own language
    assert "(obj.06.measures)" in text
    assert "Programme national" in text or "programme" in text
    # the shadow reports have their own chapter, after the Member State chapters
    shadow_at = text.index("Civil society shadow reports")
    assert text.index("Kenya Migrant Rights Forum (illustrative)", shadow_at) > shadow_at
    # a chart is embedded
    assert any(name.startswith("word/media/") for name in zipfile.ZipFile(out).namelist())
    # the validation record lists every included Member State, empty
    record = next(t for t in document.tables if t.cell(0, 1).text.startswith("Decision"))
    assert [r.cells[0].text for r in record.rows[1:]] == states
    assert all(c.text == "" for r in record.rows[1:] for c in r.cells[1:])


def test_nothing_is_lost(cli, inbox, tmp_path):
    # an unreadable file, an invalid report, another region, and a duplicate country
    (inbox / "scan.docx").write_bytes(b"%PDF-1.4")  # a PDF renamed: unreadable (a .pdf is skipped)
    bank = default_bank()
    bad = example("GHA_national_2028-2029_en.json")
    bad["country"] = "NGA"
    del bad["answers"]["method.lead"]
    scaffold.render(bank, Submission.model_validate(bad), inbox / "NGA_national.docx")
    other = example("ETH_national_2028-2029_en.json")
    other["country"], other["region"] = "FRA", "ECE"
    scaffold.render(bank, Submission.model_validate(other), inbox / "FRA_national.docx")
    newer = example("KEN_national_2028-2029_en.json")
    newer["answers"]["method.adopted"] = "2029-01-31"
    newer["answers"]["next.steps"] = "Revised next steps after validation (illustrative)."
    scaffold.render(bank, Submission.model_validate(newer), inbox / "KEN_national_v2.docx")
    out = tmp_path / "s.docx"
    result = cli("synthesize", str(inbox), "--region", "ECA", "-o", str(out), "--json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["received"] == 14
    assert len(data["included"]) + len(data["excluded"]) == 14
    reasons = {Path(x["path"]).name: x["reason"] for x in data["excluded"]}
    assert reasons["scan.docx"].startswith("unreadable: ")
    # A validation problem never excludes a Member State: it is in, with its issues listed.
    nigeria = next(x for x in data["included"] if x["country"] == "NGA")
    assert [i["code"] for i in nigeria["issues"]] == ["required-missing"]
    assert "method.lead" in nigeria["issues"][0]["location"]
    assert reasons["FRA_national.docx"] == "another region: submitted for ECE, not ECA"
    assert reasons["KEN_national_2028-2029_en.docx"].startswith(
        "superseded: a newer report of KEN was used"
    )
    assert "approved 2029-01-31" in reasons["KEN_national_2028-2029_en.docx"]
    included = {Path(x["path"]).name for x in data["included"]}
    assert "KEN_national_v2.docx" in included
    text = text_of(out)
    for name in reasons:
        assert name in text
    assert "Revised next steps after validation" in text
    assert "Included, with issues" in text
    assert "Lead entity and contributing bodies (method.lead): no answer" in text
    book = openpyxl.load_workbook(out.with_suffix(".xlsx"))
    listed = [row[0] for row in book["Submissions"].iter_rows(min_row=2, values_only=True)]
    assert len(listed) == 14


def test_who_is_in(cli, inbox, tmp_path):
    """A report 3 words over a limit and one missing a required answer are in, with their
    issues in annex B; --exclude-invalid leaves them out; the region is taken from the
    reports when --region is left out; an inbox of another region is refused with --region."""
    bank = default_bank()
    over = example("GHA_national_2028-2029_en.json")
    over["answers"]["policy.sdg"] = " ".join(["word"] * 253)
    scaffold.render(
        bank, Submission.model_validate(over), inbox / "GHA_national_2028-2029_en.docx", force=True
    )
    out = tmp_path / "s.docx"
    result = cli("synthesize", str(inbox), "-o", str(out), "--json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["region"] == "ECA"
    assert {"code": "region", "path": None, "message": "region ECA, taken from the reports "
            "(most are for it)"} in data["notes"]  # fmt: skip
    ghana = next(x for x in data["included"] if x["country"] == "GHA")
    assert [i["code"] for i in ghana["issues"]] == ["word-limit"]
    assert data["excluded"] == []
    strict = tmp_path / "strict.docx"
    result = cli("synthesize", str(inbox), "-o", str(strict), "--exclude-invalid", "--json")
    data = json.loads(result.output)
    assert [Path(x["path"]).name for x in data["excluded"]] == ["GHA_national_2028-2029_en.docx"]
    # the invalid report still supersedes its Member State's older one: not brought back
    older = example("GHA_national_2028-2029_en.json")
    older["answers"]["method.adopted"] = "2028-01-01"
    scaffold.render(bank, Submission.model_validate(older), inbox / "GHA_old.docx")
    args = ("synthesize", str(inbox), "-o", str(strict), "--exclude-invalid", "--force")
    result = cli(*args, "--json")
    data = json.loads(result.output)
    assert "GHA" not in [x["country"] for x in data["included"]]
    why = {Path(x["path"]).name: x["reason"].split(":")[0] for x in data["excluded"]}
    assert why == {"GHA_national_2028-2029_en.docx": "invalid", "GHA_old.docx": "superseded"}
    (inbox / "GHA_old.docx").unlink()
    result = cli("synthesize", str(inbox), "--region", "ECE", "-o", str(tmp_path / "e.docx"))
    assert result.exit_code == 2
    assert "are for ECA" in result.output and "--region ECA" in result.output
    assert not (tmp_path / "e.docx").exists()


#: Annex B in each language: its heading, the status words (one set, agreeing with the noun
#: the annex counts: une contribution, una contribución), a report's issues at their
#: questions, the count of the others, and why the others were left out.
ANNEX_B = {
    "fr": {
        "heading": "Annexe B. Contributions reçues et écartées",
        "statuses": {"Retenue", "Retenue, avec des problèmes", "Écartée"},
        "issues": [
            "Entité chef de file et contributeurs (method.lead)\u00a0: aucune réponse",
            "Nombre d'entités publiques ayant contribué (method.entities)\u00a0: "
            "«\u00a0ask […]\u00a0» n'est pas un nombre",
            "Mesures prises (objectif 6, obj.06.measures)\u00a0: 1\u202f234 mots\u202f; "
            "la limite est de 400",
            "et 4 autres problèmes (voir le classeur d'analyse)",
        ],
        "table": "Effectif de migrants internationaux (data.stock, feuille «\u00a0Migrant "
        "stock\u00a0», ligne «\u00a0Population née à l'étranger\u00a0», colonne "
        "«\u00a0Total\u00a0», C7)\u00a0: le total est de "
        "486\u202f300, mais la ventilation par sexe donne 1\u202f264\u202f899",
        "excluded": {
            "FRA_national.docx": "Autre région\u00a0: présentée pour la CEE, et non pour la CEA",
            "KEN_national_2028-2029_en.docx": "Remplacée par un rapport plus récent\u00a0: "
            "KEN_national_v2.docx (approuvé le 31 janvier 2029)",
        },
    },
    "es": {
        "heading": "Anexo B. Contribuciones recibidas y excluidas",
        "statuses": {"Incluida", "Incluida, con problemas", "Excluida"},
        "issues": [
            "Entidad principal y entidades colaboradoras (method.lead): sin respuesta",
            "Número de entidades públicas participantes (method.entities): "
            "«ask […]» no es un número",
            "Medidas adoptadas (objetivo 6, obj.06.measures): 1.234 palabras; el límite es de 400",
            "y 4 problemas más (véase el libro de análisis)",
        ],
        "table": "Número de migrantes internacionales (data.stock, hoja «Migrant stock», "
        "fila «Población nacida en el extranjero», columna «Total», C7): el total es 486.300, "
        "pero el desglose por sexo suma 1.264.899",
        "excluded": {
            "FRA_national.docx": "Otra región: presentada para la CEPE, no para la CEPA",
            "KEN_national_2028-2029_en.docx": "Sustituida por un informe más reciente: "
            "KEN_national_v2.docx (aprobado el 31 de enero de 2029)",
        },
    },
    "en": {
        "heading": "Annex B. Submissions received and excluded",
        "statuses": {"Included", "Included, with issues", "Excluded"},
        "issues": [
            "Lead entity and contributing bodies (method.lead): no answer",
            "Number of contributing public bodies (method.entities): "
            "“ask […]” is not a whole number; a whole number is expected here",
            "Measures taken (objective 6, obj.06.measures): 1,234 words; the limit is 400",
            "and 4 more issues (see the analyst workbook)",
        ],
        "table": "International migrant stock (data.stock, sheet “Migrant stock”, "
        "row “Foreign-born population”, column “Total”, C7): the total is 486,300 but the "
        "breakdown by sex adds up to 1,264,899",
        "excluded": {
            "FRA_national.docx": "Another region: submitted for ECE, not ECA",
            "KEN_national_2028-2029_en.docx": "Superseded by a newer report: "
            "KEN_national_v2.docx (approved on 31 January 2029)",
        },
    },
}


@pytest.mark.parametrize("lang", list(ANNEX_B))
def test_annex_b_speaks_the_language_of_the_synthesis(cli, inbox, tmp_path, lang):
    """A report in with issues (required answers missing, a figure that is not one, answers
    over their word limit, a total that is not the sum of its parts), one for another region
    and one superseded: annex B says each issue at its question (short title, objective, ID;
    a figure's sheet, row and column) in the synthesis's language, with its numbers and dates
    as that language writes them, and why the others were left out; no English finding text,
    no code, no ISO date, personal data hidden. The workbook keeps the codes beside the same
    words, every issue listed; --json keeps codes and the English reasons."""
    expected = ANNEX_B[lang]
    bank = default_bank()
    ghana = example("GHA_national_2028-2029_en.json")
    for qid in ("method.lead", "method.coordination", "method.consulted", "policy.plan"):
        del ghana["answers"][qid]
    del ghana["answers"]["next.steps"]
    ghana["answers"]["method.entities"] = "ask +254 733 981 604"
    ghana["answers"]["obj.06.measures"] = " ".join(["word"] * 1234)
    ghana["answers"]["obj.07.measures"] = " ".join(["word"] * 401)
    ghana["tables"]["data.stock"]["cells"]["foreign_born"]["female"] = 999999
    (inbox / "GHA_national_2028-2029_en.docx").unlink()
    (inbox / "GHA.json").write_text(json.dumps(ghana), encoding="utf-8")
    other = example("ETH_national_2028-2029_en.json")
    other["country"], other["region"] = "FRA", "ECE"
    scaffold.render(bank, Submission.model_validate(other), inbox / "FRA_national.docx")
    newer = example("KEN_national_2028-2029_en.json")
    newer["answers"]["method.adopted"] = "2029-01-31"
    scaffold.render(bank, Submission.model_validate(newer), inbox / "KEN_national_v2.docx")
    out = tmp_path / "s.docx"
    args = ("synthesize", str(inbox), "--region", "ECA", "--lang", lang, "-o", str(out))
    result = cli(*args, "--json")
    assert result.exit_code == 1, result.output
    table = docx.table.Table(table_after(out, expected["heading"]), None)
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert {row[3] for row in rows.values()} == expected["statuses"]
    issues = rows["GHA.json"][4].split("\n")
    assert len(issues) == 7  # six issues, then how many more
    for line in expected["issues"]:
        assert line in issues, (line, issues)
    for name, reason in expected["excluded"].items():
        assert rows[name][4] == reason
    reasons = "\n".join(row[4] for row in rows.values())
    assert "733 981 604" not in reasons
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", reasons)  # dates as the language writes them
    if lang != "en":
        english = ["no answer", "is not a", "words;", "the limit", "more issue", "approved"]
        codes = ["required-missing", "word-limit", "not-a-number", " at "]
        for words in english + codes:
            assert words not in reasons, words
    # the analyst workbook: the codes, to filter by, beside the same words
    book = openpyxl.load_workbook(out.with_suffix(".xlsx"))
    listed = {
        Path(row[0]).name: row for row in book.worksheets[3].iter_rows(min_row=2, values_only=True)
    }
    assert listed["GHA.json"][4] == (
        "required-missing, not-a-number, word-limit, impossible-value, total-mismatch"
    )
    in_book = listed["GHA.json"][5].split("\n")
    assert in_book[:6] == issues[:6] and len(in_book) == 10  # every issue
    assert expected["table"] in in_book  # a figure: its sheet, row, column and cell
    assert listed["FRA_national.docx"][4] == "another-region"
    assert listed["FRA_national.docx"][5] == expected["excluded"]["FRA_national.docx"]
    # --json: codes stay codes, reasons stay English
    data = json.loads(result.output)
    ghana_issues = next(x for x in data["included"] if x["country"] == "GHA")["issues"]
    assert [i["code"] for i in ghana_issues][:2] == ["required-missing", "required-missing"]
    assert ghana_issues[0]["question"] == "method.lead"
    reasons_json = {Path(x["path"]).name: x["reason"] for x in data["excluded"]}
    assert reasons_json["FRA_national.docx"] == "another region: submitted for ECE, not ECA"
    assert "approved 2029-01-31" in reasons_json["KEN_national_2028-2029_en.docx"]


def unreadable_files(folder: Path) -> dict[str, dict[str, str]]:
    """Files that cannot be read, as they arrive: a PDF renamed .docx, a report cut short in
    transit, a zip that is no Word document, an empty file. Returns, by file name, why, as
    annex B says it in English (the words of the readers' one-line reason), French and
    Spanish."""
    report = (EXAMPLES / "GHA_national_2028-2029_en.docx").read_bytes()
    (folder / "scan.docx").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (folder / "cut.docx").write_bytes(report[: len(report) // 2])
    with zipfile.ZipFile(folder / "archive.docx", "w") as z:
        z.writestr("minutes.txt", "Minutes of the consultation")
    (folder / "empty.docx").write_bytes(b"")
    return {
        "scan.docx": {
            "en": "This is a PDF, not a Word document; send the .docx file",
            "fr": "C'est un PDF, pas un document Word\u202f; envoyez le fichier .docx",
            "es": "Es un PDF, no un documento de Word; envíe el archivo .docx",
        },
        "cut.docx": {
            "en": "The zip archive is damaged or truncated",
            "fr": "L'archive zip est endommagée ou tronquée",
            "es": "El archivo zip está dañado o truncado",
        },
        "archive.docx": {
            "en": "Not an Office document (no [Content_Types].xml)",
            "fr": "Ce n'est pas un document Office (pas de [Content_Types].xml)",
            "es": "No es un documento de Office (falta [Content_Types].xml)",
        },
        "empty.docx": {
            "en": "The file is empty",
            "fr": "Le fichier est vide",
            "es": "El archivo está vacío",
        },
    }


#: Words of the readers' English reasons that a reason said in another language never has.
ENGLISH_REASONS = ["this is", "not a", "send the", "damaged", "truncated", "is empty", "the file"]


def test_why_a_file_cannot_be_read_is_said_in_the_language_of_the_synthesis(
    cli, inbox, tmp_path, monkeypatch
):
    """A French synthesis of an inbox holding files that cannot be read: annex B and the
    analyst workbook say why in French, as check --lang es says it in Spanish; the notes
    under synthesize's summary (the region taken from the reports, a file skipped, a report
    superseded) are in French too. --json keeps the codes and the English reasons."""
    expected = unreadable_files(inbox)
    (inbox / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    newer = example("KEN_national_2028-2029_en.json")
    newer["answers"]["method.adopted"] = "2029-01-31"
    scaffold.render(default_bank(), Submission.model_validate(newer), inbox / "KEN_v2.docx")
    monkeypatch.chdir(tmp_path)  # paths as people type them: inbox/…
    result = cli("synthesize", "inbox", "--lang", "fr", "-o", "s.docx")
    assert result.exit_code == 1, result.output
    table = docx.table.Table(table_after(tmp_path / "s.docx", "Annexe B."), None)
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    listed = {
        Path(row[0]).name: row for row in book.worksheets[3].iter_rows(min_row=2, values_only=True)
    }
    for name, said in expected.items():
        assert rows[name][3] == "Écartée"
        assert rows[name][4] == said["fr"], name
        assert listed[name][4] == "unreadable"  # the code, to filter by
        assert listed[name][5] == said["fr"], name
        for words in ENGLISH_REASONS:
            assert words not in rows[name][4].lower(), (name, words)
    # the summary's notes, in French (the region by its French acronym)
    printed = " ".join(result.output.split())
    for note in (
        "Remarque : région CEA, déduite des rapports (la plupart la concernent)",
        "Remarque : inbox/photo.png : ignoré : ce n'est pas un rapport (une image)",
        "Remarque : KEN : inbox/KEN_v2.docx est retenu ; "
        "inbox/KEN_national_2028-2029_en.docx est remplacé",
    ):
        assert note in printed, (note, printed)
    for words in ("taken from the reports", "skipped", "superseded", "an image", " used"):
        assert words not in printed, words
    # --json: the codes, and the English reasons and notes
    data = json.loads(cli("synthesize", "inbox", "--lang", "fr", "-o", "j.docx", "--json").output)
    reasons = {Path(x["path"]).name: x["reason"] for x in data["excluded"]}
    for name, said in expected.items():
        assert reasons[name] == "unreadable: " + said["en"][0].lower() + said["en"][1:]
    assert data["notes"] == [
        {
            "code": "region",
            "path": None,
            "message": "region ECA, taken from the reports (most are for it)",
        },
        {
            "code": "skipped",
            "path": "inbox/photo.png",
            "message": "inbox/photo.png: skipped: not a report (an image)",
        },
        {
            "code": "superseded",
            "path": "inbox/KEN_national_2028-2029_en.docx",
            "message": "KEN: inbox/KEN_v2.docx used; inbox/KEN_national_2028-2029_en.docx "
            "superseded",
        },
    ]
    # check says it in the language asked for
    files = [f"inbox/{name}" for name in expected]
    checked = json.loads(cli("check", *files, "--lang", "es", "--json").output)["files"]
    for report in checked:
        name = Path(report["path"]).name
        assert report["status"] == "UNREADABLE"
        (only,) = report["findings"]
        assert only["code"] == "unreadable"
        said = expected[name]["es"]
        assert only["message"] == said[0].lower() + said[1:], name
        for words in ENGLISH_REASONS:
            assert words not in only["message"], (name, words)


def test_same_report_twice_is_a_duplicate_not_a_loss(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("KEN_national_2028-2029_en.docx", "KEN_national_2028-2029_en.json"):
        shutil.copy(EXAMPLES / name, folder)
    shutil.copy(EXAMPLES / "KEN_national_2028-2029_en_data.xlsx", folder)
    data = json.loads(
        cli(
            "synthesize", str(folder), "--region", "ECA", "-o", str(tmp_path / "s.docx"), "--json"
        ).output
    )
    assert [Path(x["path"]).name for x in data["included"]] == ["KEN_national_2028-2029_en.docx"]
    (excluded,) = data["excluded"]
    assert excluded["reason"].startswith("duplicate: the same report as")
    assert data["exit_code"] == 1


def test_nothing_to_synthesize_exits_2(cli, tmp_path):
    (tmp_path / "junk.docx").write_bytes(b"")
    result = cli("synthesize", str(tmp_path), "--region", "ECA", "-o", str(tmp_path / "s.docx"))
    assert result.exit_code == 2
    assert not (tmp_path / "s.docx").exists()
    result = cli("synthesize", str(EXAMPLES / "KEN_national_2028-2029_en.json"), "--region", "XYZ")
    assert result.exit_code == 2 and "unknown region" in result.output


def test_contact_details_never_appear(cli, tmp_path):
    bank = default_bank()
    data = example("KEN_national_2028-2029_en.json")
    data["answers"]["method.focal_point"] = (
        "Migration desk, focal.point@example.go.ke, +254 20 555 0101"
    )
    data["answers"]["cross.women"] = "Contact the helpline officer at help.desk@example.org."
    folder = tmp_path / "in"
    folder.mkdir()
    scaffold.render(bank, Submission.model_validate(data), folder / "KEN.docx")
    out = tmp_path / "s.docx"
    cli("synthesize", str(folder), "--region", "ECA", "-o", str(out))
    blobs = [
        zipfile.ZipFile(out).read("word/document.xml").decode(),
        *(
            zipfile.ZipFile(out.with_suffix(".xlsx")).read(n).decode("utf-8", "ignore")
            for n in zipfile.ZipFile(out.with_suffix(".xlsx")).namelist()
        ),
    ]
    for blob in blobs:
        assert "focal.point@example.go.ke" not in blob
        assert "555 0101" not in blob
        assert "help.desk@example.org" not in blob


def test_what_is_written_beside_a_choice_reaches_the_synthesis(cli, tmp_path):
    """An "Other (please describe)" specification (Submission.notes) is quoted in the
    report under the support needed, and listed in the analyst workbook."""
    bank = default_bank()
    data = example("KEN_national_2028-2029_en.json")
    data["answers"]["next.support"] = ["data", "other"]
    data["notes"] = {"next.support": "Training for statisticians on migration surveys"}
    folder = tmp_path / "in"
    folder.mkdir()
    scaffold.render(bank, Submission.model_validate(data), folder / "KEN.docx")
    out = tmp_path / "s.docx"
    assert cli("synthesize", str(folder), "--region", "ECA", "-o", str(out)).exit_code == 0
    assert "Training for statisticians on migration surveys" in text_of(out)
    rows = openpyxl.load_workbook(out.with_suffix(".xlsx")).worksheets[0].values
    assert any(
        "Training for statisticians on migration surveys" in str(cell)
        for row in rows
        for cell in row
    )


def test_formula_injection_is_neutralised(cli, tmp_path):
    bank = default_bank()
    data = example("GHA_national_2028-2029_en.json")
    data["answers"]["cross.climate"] = '=HYPERLINK("http://198.51.100.9/x","click")'
    data["answers"]["cross.covid"] = "+1+1"
    data["answers"]["cross.women"] = "@SUM(A1:A2)"
    data["answers"]["cross.children"] = "-2+3"
    folder = tmp_path / "in"
    folder.mkdir()
    scaffold.render(bank, Submission.model_validate(data), folder / "GHA.docx")
    out = tmp_path / "s.docx"
    assert cli("synthesize", str(folder), "--region", "ECA", "-o", str(out)).exit_code == 0
    book = openpyxl.load_workbook(out.with_suffix(".xlsx"))
    cells = {c.value: c for row in book["Answers"].iter_rows() for c in row}
    for value in ('=HYPERLINK("http://198.51.100.9/x","click")', "+1+1", "@SUM(A1:A2)", "-2+3"):
        cell = cells[value]
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
    with zipfile.ZipFile(out.with_suffix(".xlsx")) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode() and "<f " not in z.read(name).decode()


def test_deterministic_with_source_date_epoch(inbox, tmp_path, monkeypatch):
    from gcmreview import synthesis
    from gcmreview.synthesize import write

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")
    bank = default_bank()
    outputs = []
    for n in (1, 2):
        s = synthesis.build([inbox], bank, region="ECA")
        folder = tmp_path / str(n)
        folder.mkdir()
        outputs.append(write(s, folder / "synthesis.docx"))
    (a_docx, a_xlsx, a_json), (b_docx, b_xlsx, b_json) = outputs
    assert a_json.read_bytes() == b_json.read_bytes()
    assert a_docx.read_bytes() == b_docx.read_bytes()
    assert a_xlsx.read_bytes() == b_xlsx.read_bytes()


def test_workbook_written_by_a_worker_is_the_same(inbox, tmp_path, monkeypatch):
    """A large region's analyst workbook is written by a worker process while the report is
    written: the same bytes as written in one process, and the worker is gone afterwards."""
    import multiprocessing

    from gcmreview import checks, synthesis, synthesize

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")
    monkeypatch.setenv("GCMREVIEW_JOBS", "2")
    s = synthesis.build([inbox], default_bank(), region="ECA")
    outputs = []
    for parallel_from in (1, 10**6):  # every synthesis is "large", then none is
        monkeypatch.setattr(checks, "PARALLEL_MIN", parallel_from)
        with synthesize.workbook_beside(s) as book:
            assert (book is not None) == (parallel_from == 1)
        folder = tmp_path / str(parallel_from)
        folder.mkdir()
        outputs.append(synthesize.write(s, folder / "synthesis.docx"))
    assert not multiprocessing.active_children()
    for a, b in zip(*outputs, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def _killed() -> None:
    """A worker's task that kills its worker (SIGKILL: what the out-of-memory killer sends)."""
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)


def test_a_killed_workbook_worker_is_replaced_by_writing_it_here(inbox, tmp_path, monkeypatch):
    """The worker writing the workbook is killed (out of memory, say): the synthesis does
    not wait for it for ever; the workbook is written by the command itself."""
    import signal

    from gcmreview import checks, synthesis, synthesize

    monkeypatch.setenv("GCMREVIEW_JOBS", "2")
    monkeypatch.setattr(checks, "PARALLEL_MIN", 1)
    monkeypatch.setattr(synthesize, "_workbook_in_worker", _killed)
    s = synthesis.build([inbox], default_bank(), region="ECA")
    signal.alarm(120)  # a hang fails the test instead of the suite
    try:
        report, workbook, manifest = synthesize.write(s, tmp_path / "synthesis.docx")
    finally:
        signal.alarm(0)
    assert openpyxl.load_workbook(workbook).sheetnames
    assert report.exists() and manifest.exists()


def test_synthesis_is_written_here_when_no_worker_can_be_made(inbox, tmp_path, monkeypatch):
    """Where the system allows no more processes (fork fails), a large region is read and its
    workbook written in the command's own process: the same files as with workers."""
    import errno
    import os

    from gcmreview import checks, synthesis, synthesize

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")
    monkeypatch.setenv("GCMREVIEW_JOBS", "2")
    monkeypatch.setattr(checks, "PARALLEL_MIN", 1)
    outputs = []
    for forks in (True, False):
        if not forks:

            def cannot_fork() -> int:
                raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")

            monkeypatch.setattr(os, "fork", cannot_fork)
        s = synthesis.build([inbox], default_bank(), region="ECA")
        folder = tmp_path / str(forks)
        folder.mkdir()
        outputs.append(synthesize.write(s, folder / "synthesis.docx"))
    for a, b in zip(*outputs, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_french_synthesis_and_title(cli, inbox, tmp_path):
    out = tmp_path / "fr.docx"
    result = cli(
        "synthesize",
        str(inbox),
        "--region",
        "ECA",
        "--lang",
        "fr",
        "-o",
        str(out),
        "--title",
        "Synthèse régionale de test",
    )
    assert result.exit_code == 0
    text = text_of(out)
    assert "Synthèse régionale de test" in text
    assert "Projet soumis à la validation des États Membres." in text
    assert "Annexe B. Contributions reçues et écartées" in text
    # answers stay in their original language
    assert "(obj.06.measures)" in text


def test_reference_doc_styles_are_used(cli, inbox, tmp_path):
    ref = docx.Document()
    ref.styles["Normal"].font.name = "Georgia"
    ref.sections[0].header.paragraphs[0].text = "Secretariat letterhead (illustrative)"
    # a first page and even pages with headers of their own, and Word told to update fields
    ref.sections[0].different_first_page_header_footer = True
    ref.sections[0].first_page_header.paragraphs[0].text = "First page letterhead"
    ref.settings.odd_and_even_pages_header_footer = True
    ref.sections[0].even_page_header.paragraphs[0].text = "Even page header"
    ref.settings.element.append(ref.settings.element.makeelement(qn("w:updateFields"), {}))
    ref.add_paragraph("This body text is removed.")
    ref_path = tmp_path / "styles.docx"
    ref.save(str(ref_path))
    out = tmp_path / "styled.docx"
    result = cli(
        "synthesize",
        str(inbox),
        "--region",
        "ECA",
        "-o",
        str(out),
        "--reference-doc",
        str(ref_path),
    )
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.styles["Normal"].font.name == "Georgia"
    assert document.sections[0].header.paragraphs[0].text == (
        "Secretariat letterhead (illustrative)"
    )
    draft = "DRAFT — for validation by Member States"
    section = document.sections[0]
    for header in (section.header, section.first_page_header, section.even_page_header):
        assert draft in [p.text for p in header.paragraphs]  # on every page
    assert document.settings.element.find(qn("w:updateFields")) is None  # no prompt
    assert "This body text is removed." not in text_of(out)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"nope")
    result = cli(
        "synthesize",
        str(inbox),
        "--region",
        "ECA",
        "-o",
        str(tmp_path / "x.docx"),
        "--reference-doc",
        str(bad),
    )
    assert result.exit_code == 2 and "--reference-doc" in result.output


def test_refuses_to_overwrite(cli, inbox, tmp_path):
    out = tmp_path / "s.docx"
    out.with_suffix(".xlsx").write_bytes(b"analyst notes")
    assert not (tmp_path / "s.manifest.json").exists()
    result = cli("synthesize", str(inbox), "--region", "ECA", "-o", str(out))
    assert result.exit_code == 2 and "already exists" in result.output
    assert out.with_suffix(".xlsx").read_bytes() == b"analyst notes"
    assert not out.exists()


@pytest.mark.libreoffice
def test_libreoffice_converts_the_synthesis(cli, inbox, tmp_path, convert):
    out = tmp_path / "s.docx"
    assert cli("synthesize", str(inbox), "--region", "ECA", "-o", str(out)).exit_code == 0
    pdf = convert(out, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 50_000
    xpdf = convert(out.with_suffix(".xlsx"), "pdf", tmp_path / "xpdf")
    assert xpdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("lang", "expected", "wrong"),
    [
        ("fr", ["14 octobre 2028", "7,9", "10 contributions ont été retenues"],
         ["le 2028-10-14", "7.9 des"]),
        ("es", ["14 de octubre de 2028", "7,9", "Se incluyeron 10 contribuciones"],
         ["contribuciónes", "7.9 de"]),
        ("en", ["14 October 2028", "7.9 of the 23"], ["October 14"]),
    ],
)  # fmt: skip
def test_numbers_dates_and_plurals_follow_the_language(cli, tmp_path, lang, expected, wrong):
    out = tmp_path / "s.docx"
    result = cli("synthesize", str(EXAMPLES), "--region", "ECA", "--lang", lang, "-o", str(out))
    assert result.exit_code == 1, result.output  # the examples' JSON twins are duplicates
    text = text_of(out)
    for words in expected:
        assert words in text, words
    for words in wrong:
        assert words not in text, words


def _words(text: str, n: int = 6) -> str:
    """The first words of an answer as the report quotes them (contact details redacted)."""
    from gcmreview.synthesis import scrub

    first = next(line for line in scrub(text).split("\n") if line.strip())
    return " ".join(first.removeprefix("- ").split()[:n])


def test_every_answered_question_of_the_bank_is_in_the_report(cli, tmp_path):
    """Walk the bank: every question answered in the examples (contact details and data
    tables aside) has its answer, or its excerpt, in the report, and the manifest says where;
    with a regional bank, its own section is in too."""
    bank = default_bank()
    out = tmp_path / "s.docx"
    docxs = [str(p) for p in sorted(EXAMPLES.glob("*.docx"))]
    assert cli("synthesize", *docxs, "--region", "ECA", "-o", str(out)).exit_code == 0
    text = " ".join(text_of(out).split())
    placement = json.loads(out.with_name("s.manifest.json").read_text())["placement"]
    missing = []
    for path in sorted(EXAMPLES.glob("*.json")):
        sub = Submission.model_validate(json.loads(path.read_text(encoding="utf-8")))
        for qid, value in sub.answers.items():
            q = bank.questions[qid]
            if q.contact:
                assert "contact" in placement.get(qid, "contact"), qid
                continue
            if sub.kind == "national":
                assert qid in placement, qid
            if isinstance(value, str) and q.kind == "text":
                if _words(value) not in text:
                    missing.append((path.stem, qid))
            elif q.kind in ("choice", "multichoice"):
                codes = value if isinstance(value, list) else [value]
                labels = {c.code: c.label[bank.languages[0]] for c in q.choices}
                assert any(labels[c] in text for c in codes), (path.stem, qid)
    assert missing == []
    # a regional bank's own section and question
    regional = ROOT / "examples" / "banks" / "ece-regional.yaml"
    data = json.loads((EXAMPLES / "KEN_national_2028-2029_en.json").read_text(encoding="utf-8"))
    data.update(country="KAZ", region="ECE", bank_id="gcm-regional-review-ece")
    data["answers"]["ece_statistics.recommendations"] = "yes"
    data["answers"]["cross.ece_mobility"] = "A regional labour mobility scheme (illustrative)."
    folder = tmp_path / "ece"
    folder.mkdir()
    (folder / "KAZ.json").write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "ece.docx"
    result = cli("synthesize", str(folder), "--bank", str(regional), "-o", str(out))
    assert result.exit_code in (0, 1), result.output
    text = text_of(out)
    assert "Migration statistics in the region" in text
    assert "A regional labour mobility scheme (illustrative)." in text
    # the regional bank's questions are headed by their short titles, never the question
    headings = headings_of(out)
    assert "Regional labour mobility" in headings
    assert not any(h.endswith("?") for h in headings), headings


def table_after(path: Path, heading: str):
    """The first table after the heading that starts with ``heading``."""
    children = list(docx.Document(str(path)).element.body.iterchildren())
    start = next(
        i
        for i, el in enumerate(children)
        if el.tag.endswith("}p")
        and "".join(el.itertext()).startswith(heading)
        and (style := el.find(".//" + qn("w:pStyle"))) is not None
        and style.get(qn("w:val")).startswith("Heading")
    )
    return next(el for el in children[start:] if el.tag.endswith("}tbl"))


def headings_of(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def test_nothing_without_something_to_say(cli, tmp_path):
    """One Member State, no shadow report: no shadow-report chapter ("0 shadow reports"),
    no heading for a cross-cutting issue nobody answered, no chapter of "National priority"
    headings for objectives it did not prioritise; the annex's figures right-aligned."""
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(EXAMPLES / "KEN_national_2028-2029_en.json", folder / "KEN.json")
    out = tmp_path / "s.docx"
    result = cli("synthesize", str(folder), "-o", str(out), "--json")
    assert result.exit_code in (0, 1), result.output
    headings = headings_of(out)
    assert not any("shadow reports" in h.lower() for h in headings), headings
    assert "0 shadow" not in text_of(out)
    assert not any(h.endswith("National priority") and "›" not in h for h in headings)
    placement = json.loads(out.with_suffix(".manifest.json").read_text(encoding="utf-8"))
    data = json.loads((EXAMPLES / "KEN_national_2028-2029_en.json").read_text(encoding="utf-8"))
    # the priorities Kenya named are in the progress chapter; the others, unanswered, say so
    priorities = {q: where for q, where in placement["placement"].items() if q.endswith("priority")}
    answered = {q: where for q, where in priorities.items() if q in data["answers"]}
    assert answered and all("Progress" in where for where in answered.values()), answered
    assert len(priorities) == 23 and all(
        where.startswith("Not in the report: no report included answered it")
        for q, where in priorities.items()
        if q not in answered
    ), priorities
    bank = default_bank()
    for q in bank.questions_in(next(sec for sec in bank.sections if sec.id == "cross"), "national"):
        if q.id not in data["answers"]:
            assert q.short_title("en") not in headings, q.id
    # Annex A: the figures right-aligned, the source (the last column) not
    table = table_after(out, "Annex A")
    rows = table.findall(qn("w:tr"))[1:]
    assert rows
    for tr in rows:
        cells = tr.findall(qn("w:tc"))
        aligned = [c.find(".//" + qn("w:jc")) is not None for c in cells]
        assert aligned[2:-1] == [True] * (len(cells) - 3) and not aligned[-1], aligned


def test_a_un_document_draft(cli, inbox, tmp_path):
    """Contents filled in without Word asking to update fields; no compatibility mode; the
    draft marking in every page header; quotations in their own language; the chart has
    alt text; UN names of Member States."""
    out = tmp_path / "s.docx"
    assert cli("synthesize", str(inbox), "--region", "ECA", "-o", str(out)).exit_code == 0
    package = zipfile.ZipFile(out)
    body = package.read("word/document.xml").decode("utf-8")
    settings = package.read("word/settings.xml").decode("utf-8")
    assert "updateFields" not in settings and 'w:dirty="true"' not in body
    assert 'w:name="compatibilityMode"' in settings and 'w:val="15"' in settings
    contents = body[
        body.index("TOC \\o") : body.index('w:fldCharType="end"', body.index("TOC \\o"))
    ]
    assert "Executive summary" in contents and "Progress by round table and objective" in contents
    assert 'w:anchor="_Toc000001"' in contents and 'w:name="_Toc000001"' in body
    headers = [n for n in package.namelist() if n.startswith("word/header")]
    assert headers and "DRAFT — for validation by Member States" in package.read(headers[0]).decode(
        "utf-8"
    )
    assert '<w:lang w:val="fr-FR"/>' in body and '<w:lang w:val="en-GB"/>' in body
    # the good practices quoted in Annex D's table carry their language too
    practices = table_after(out, "Annex D")
    quoted = [tr.findall(qn("w:tc"))[2] for tr in practices.findall(qn("w:tr"))[1:]]
    tags = {el.get(qn("w:val")) for tc in quoted for el in tc.iter(qn("w:lang"))}
    assert quoted and all(list(tc.iter(qn("w:lang"))) for tc in quoted)
    assert {"fr-FR", "en-GB"} <= tags
    assert 'descr="Number of Member States reporting measures, by objective"' in body
    assert "Côte d" in text_of(out)


def test_regional_figures_never_add_up_different_years(cli, tmp_path):
    """Kenya gives its migrant stock for 2027, Ghana for 2026: the regional overview has a
    line per year, each with one Member State, and a chart compares the SDG indicators."""
    bank = default_bank()
    folder = tmp_path / "in"
    folder.mkdir()
    for name, year, value in (("KEN", 2027, 1000), ("GHA", 2026, 500), ("ETH", 2027, 250)):
        data = example(f"{name}_national_2028-2029_en.json")
        data["tables"]["data.stock"] = {
            "reference_year": year,
            "cells": {"foreign_born": {"total": value}},
        }
        scaffold.render(bank, Submission.model_validate(data), folder / f"{name}.docx")
    out = tmp_path / "s.docx"
    assert cli("synthesize", str(folder), "-o", str(out)).exit_code == 0
    document = docx.Document(str(out))
    overview = next(t for t in document.tables if t.cell(0, 1).text == "Reference year")
    rows = [[c.text for c in r.cells] for r in overview.rows[1:]]
    assert ["Foreign-born population", "2026", "1", "500", "persons"] in rows
    assert ["Foreign-born population", "2027", "2", "1,250", "persons"] in rows
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert any(c.startswith("10.c.1") for c in captions)


def test_invalid_answers_included_with_issues_leak_no_personal_data(cli, tmp_path):
    """A report that is in with issues may hold raw text where a number or a choice was
    expected; what it says reaches annex B and the workbook without its personal data."""
    data = example("KEN_national_2028-2029_en.json")
    data["answers"]["method.entities"] = "ask +254 733 981 604"
    data["answers"]["method.coordination"] = "see passport no. KE7364918"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "KEN.json").write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "s.docx"
    result = cli("synthesize", str(folder), "-o", str(out), "--json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.output)["included"][0]["issues"]
    blobs = [result.output]
    for path in (out, out.with_suffix(".xlsx")):
        with zipfile.ZipFile(path) as z:
            blobs += [z.read(n).decode("utf-8", "ignore") for n in z.namelist()]
    blobs.append(out.with_name("s.manifest.json").read_text(encoding="utf-8"))
    for blob in blobs:
        assert "733 981 604" not in blob and "KE7364918" not in blob


def test_cross_cutting_issues_are_found_at_word_beginnings_in_every_language():
    """What the cross-cutting chapter counts: a keyword begins a word of the answers
    ("climat" in « climatiques », accents ignored), Chinese keywords anywhere, phrases as
    phrases; never inside a word, never in contact details."""
    from gcmreview.synthesis import mentioned_issues

    bank = default_bank()
    sub = Submission.model_validate(example("CIV_national_2028-2029_fr.json"))

    def found(**answers: str) -> frozenset[str]:
        sub.answers = {"method.lead": "Le ministère.", **answers}
        return mentioned_issues(sub, bank)

    assert found() == frozenset()
    assert found(**{"policy.sdg": "Les risques CLIMATIQUES et la Sécheresse."}) == {"cross.climate"}
    # "minor" begins "minority": a word beginning; "child" inside "grandchild" is not
    assert "cross.children" in found(**{"policy.sdg": "Minority languages."})
    assert found(**{"policy.sdg": "Grandchildren."}) == frozenset()
    # a phrase is found as a phrase, across punctuation and line ends
    assert found(**{"policy.sdg": "Contre le discours\n de haine !"}) == {"cross.discourse"}
    assert found(**{"policy.sdg": "Le discours, puis la haine."}) == frozenset()
    assert found(**{"policy.sdg": "加强儿童保护"}) == {"cross.children"}
    # a contact detail is never read for the synthesis
    assert found(**{"method.focal_point": "Ministère de l'Environnement"}) == frozenset()


def test_least_reported_names_every_objective_tied_at_the_bottom(cli, tmp_path):
    out = tmp_path / "ece.docx"
    result = cli("synthesize", *map(str, sorted((ROOT / "examples" / "ece").glob("*.docx"))),
                 "-o", str(out), "--lang", "en")  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    text = text_of(out)
    least = next(line for line in text.splitlines() if "Those least reported on were" in line)
    named = least.split("Those least reported on were", 1)[1]
    fewest = re.findall(r"\(([\d,]+)\)", named)
    assert fewest
    # every objective with the smallest count is named, not three of them chosen by number
    counts = [int(c.replace(",", "")) for c in fewest]
    low = min(counts)
    document = docx.Document(str(out))
    matrix = next(tb for tb in document.tables if tb.rows[0].cells[0].text == "Member State")
    columns = [cell.text for cell in matrix.rows[0].cells[1:]]
    reported = [
        sum(1 for row in matrix.rows[1:] if row.cells[i + 1].text) for i in range(len(columns))
    ]
    assert counts.count(low) == reported.count(low), (least, reported)


@pytest.mark.parametrize(
    ("lang", "expected", "wrong"),
    [
        ("fr", ["1 des 54 États Membres de la région a présenté", "La contribution a été reçue le",
                "Elle répond aux questions", "1 État Membre sur 1 a indiqué"],
         ["ont présenté un rapport", "Les contributions ont été reçues", "Elles répondent"]),
        ("es", ["1 de los 54 Estados Miembros de la región presentó",
                "La contribución se recibió el", "Responde a las preguntas"],
         ["Miembros de la región presentaron", "Las contribuciones se recibieron",
          "Responden a"]),
        ("en", ["The submission was received on", "It answers the guidance questions",
                "of the 1 Member State answered"],
         ["Submissions were received", "They answer", "1 Member States"]),
        ("ru", ["Материал получен", "Он содержит ответы"], ["Материалы получены", "Они содержат"]),
    ],
)  # fmt: skip
def test_one_member_state_takes_a_singular_verb(cli, tmp_path, lang, expected, wrong):
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(EXAMPLES / "KEN_national_2028-2029_en.json", folder / "KEN.json")
    out = tmp_path / "s.docx"
    result = cli("synthesize", str(folder), "-o", str(out), "--lang", lang)
    assert result.exit_code in (0, 1), result.output
    text = text_of(out).replace("\u202f", " ").replace("\u00a0", " ")
    assert all(e in text for e in expected), [e for e in expected if e not in text]
    seen = [text[text.index(w) - 50 : text.index(w) + 20] for w in wrong if w in text]
    assert not seen, seen


def test_french_text_is_set_with_french_spaces(cli, inbox, tmp_path):
    """A French synthesis sets its own text as French documents do: a no-break space before
    ":" and "»" and after "«", a narrow one before ";", "!" and "?", in the narrative, the
    headings, the labels and the table headers; the narrow spaces of French numbers ("2 482 000")
    are kept, not made ordinary spaces. What Member States wrote is quoted as they wrote it."""
    out = tmp_path / "s.docx"
    result = cli("synthesize", str(inbox), "--region", "ECA", "-o", str(out), "--lang", "fr")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    own, quoted = [], []
    for p in document.paragraphs:
        for r in p.runs:
            lang = r._r.find(qn("w:rPr") + "/" + qn("w:lang"))
            (quoted if lang is not None else own).append(r.text)
    for table in document.tables:  # the headers (cells may quote a State: a source)
        own.extend(cell.text for cell in table.rows[0].cells)
    text = "".join(own)
    assert "sont\u00a0: " in text and "\u202f; " in text
    for bad in (" :", " ;", " ?", " !", "« ", " »"):
        assert bad not in text, (bad, text[text.index(bad) - 60 : text.index(bad) + 20])
    assert any(" : " in q or " ; " in q for q in quoted), "quotes are left as written"
    # the narrative's numbers keep the narrow no-break space Babel groups thousands with
    from gcmreview.narrative import narrative

    (received,) = narrative("fr").paragraphs("received_intro", 2482, 2480, 2)
    assert "2\u202f482 contributions\u00a0: 2\u202f480 retenues" in received


@pytest.mark.parametrize(("lang", "before", "after"), [("en", "Page ", ""), ("zh", "第", "页")])
def test_page_numbers_as_the_language_writes_them(cli, tmp_path, lang, before, after):
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(EXAMPLES / "KEN_national_2028-2029_en.json", folder / "KEN.json")
    out = tmp_path / "s.docx"
    assert cli("synthesize", str(folder), "-o", str(out), "--lang", lang).exit_code in (0, 1)
    footer = docx.Document(str(out)).sections[0].footer.paragraphs[0]
    xml = footer._p.xml
    assert "PAGE" in xml
    text = footer.text  # the field's placeholder "1" stands where the number goes
    assert text.endswith(f"{before}1{after}"), text


def test_reports_from_a_bank_not_given_say_how_to_include_it(cli, tmp_path):
    """Reports made from a regional bank, synthesized without --bank: their regional
    questions cannot be placed, and synthesize says which bank to give with --bank."""
    from gcmreview.bank import load_bank

    regional = load_bank(ROOT / "examples" / "banks" / "ece-regional.yaml")
    data = json.loads((ROOT / "examples/ece/KAZ_national_2028-2029_ru.json").read_text("utf-8"))
    data.update(bank_id=regional.id, bank_version=regional.version)
    data["bank_fingerprint"] = regional.fingerprint
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "KAZ.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "s.docx"
    result = cli("synthesize", str(folder), "-o", str(out), "--json")
    notes = json.loads(result.output)["notes"]
    assert {"code": "other-bank", "path": None, "message": (
        "reports made from question bank gcm-regional-review-ece (1): give that bank with "
        "--bank FILE so that the questions it adds are in the synthesis")} in notes  # fmt: skip
    with_bank = cli("synthesize", str(folder), "-o", str(out), "--force", "--json",
                    "--bank", str(ROOT / "examples" / "banks" / "ece-regional.yaml"))  # fmt: skip
    assert not [n for n in json.loads(with_bank.output)["notes"] if n["code"] == "other-bank"]
