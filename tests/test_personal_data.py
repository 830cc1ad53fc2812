"""Personal data: one detector (:mod:`gcmreview.personal_data`) reports it in ``check`` and
hides it in the synthesis, the workbook, the manifest and the validation packets, the same way
everywhere."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from gcmreview import checks, personal_data, scaffold
from gcmreview.bank import default_bank
from gcmreview.personal_data import MARKER, find, mask, redact
from gcmreview.submission import Submission
from gcmreview.synthesis import scrub

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "eca" / "KEN_national_2028-2029_en.json"

# ---------------------------------------------------------------- find and redact

#: (text, kind, the value to hide, what stays)
FOUND = [
    ("Passport no. AB1234567 was seized.", "document number", "AB1234567", "Passport no. "),
    ("« passeport n° 12AB34567 »", "document number", "12AB34567", "« passeport n° "),
    ("«pasaporte N.º X1234567»", "document number", "X1234567", "«pasaporte N.º "),
    ("ID card: 12345678, issued", "document number", "12345678", "ID card: "),
    ("carte d’identité n° 12AB3456C", "document number", "12AB3456C", "carte d’identité n° "),
    ("DNI 12345678Z", "document number", "12345678Z", "DNI "),
    ("a man born on 12/03/1990 in Mombasa", "date of birth", "12/03/1990", "born on "),
    ("D.O.B.: 12.03.1990", "date of birth", "12.03.1990", "D.O.B.: "),
    ("born on March 12, 1990, in Nairobi", "date of birth", "March 12, 1990", "born on "),
    ("« née le 3 mars 1988 »", "date of birth", "3 mars 1988", "« née le "),
    ("né(e) le 1er avril 1975", "date of birth", "1er avril 1975", "né(e) le "),
    ("fecha de nacimiento: 1991-04-05", "date of birth", "1991-04-05", "fecha de nacimiento: "),
    ("nacida el 3 de marzo de 1988", "date of birth", "3 de marzo de 1988", "nacida el "),
    ("write to amina.k@example.org.", "email", "amina.k@example.org", "write to "),
    ("écrire à contact@migration.gouv.sn", "email", "contact@migration.gouv.sn", "écrire à "),
    ("call +254 20 555 0101.", "telephone", "+254 20 555 0101", "call "),
    ("Tél. : 01 23 45 67 89", "telephone", "01 23 45 67 89", "Tél. : "),
    ("llamar al +34 912 345 678", "telephone", "+34 912 345 678", "llamar al "),
    (
        "call +254\u00a020\u00a0555\u00a00101",
        "telephone",
        "+254\u00a020\u00a0555\u00a00101",
        "call ",
    ),
    # as people write them in English besides
    ("Passport no A 123 4567 was returned.", "document number", "A 123 4567", "Passport no "),
    ("ID: 58203917", "document number", "58203917", "ID: "),
    ("born on the 14th of March 1987", "date of birth", "14th of March 1987", "born on the "),
    # Russian
    ("паспорт № 4510 123456", "document number", "4510 123456", "паспорт № "),
    ("паспорт серии 4510 № 123456, выдан", "document number", "4510 № 123456", "паспорт серии "),
    ("номер паспорта: 4510123456", "document number", "4510123456", "номер паспорта: "),
    ("ИИН 900312300123", "document number", "900312300123", "ИИН "),
    ("дата рождения: 12.03.1990", "date of birth", "12.03.1990", "дата рождения: "),
    ("родилась 12 марта 1990 г. в Алматы", "date of birth", "12 марта 1990", "родилась "),
    ("Иванов И. И., 12.03.1990 г. р., работает", "date of birth", "12.03.1990", "И., "),
    ("тел. +7 (727) 123-45-67", "telephone", "+7 (727) 123-45-67", "тел. "),
    # Arabic (with the conjunction joined to the word, and Arabic-Indic digits)
    ("جواز السفر رقم A1234567", "document number", "A1234567", "جواز السفر رقم "),
    ("رقم جواز السفر: ١٢٣٤٥٦٧٨٩", "document number", "١٢٣٤٥٦٧٨٩", "رقم جواز السفر: "),
    ("وبطاقة الهوية 9876543210", "document number", "9876543210", "وبطاقة الهوية "),
    ("وتاريخ الميلاد ١٢/٠٣/١٩٩٠", "date of birth", "١٢/٠٣/١٩٩٠", "وتاريخ الميلاد "),
    ("من مواليد 12 آذار 1990", "date of birth", "12 آذار 1990", "من مواليد "),
    # Chinese (no spaces between words)
    ("护照号码：E12345678", "document number", "E12345678", "护照号码："),
    ("其护照号E12345678已过期", "document number", "E12345678", "其护照号"),
    ("身份证号码为11010119900307457X，已核实", "document number", "11010119900307457X", "号码为"),
    ("出生日期：1990年3月12日", "date of birth", "1990年3月12日", "出生日期："),
    ("张某，1990年3月12日出生，", "date of birth", "1990年3月12日", "张某，"),
    ("联系电话13800138000。", "telephone", "13800138000", "联系电话"),
    # short numbers after a word for a telephone; documents and births as also written
    ("Tél. : 71 123 456", "telephone", "71 123 456", "Tél. : "),
    ("celular 70012345", "telephone", "70012345", "celular "),
    ("هاتف المنسق: 24123456", "telephone", "24123456", "هاتف المنسق: "),
    ("Tel.: (+240) 222 123 456;", "telephone", "(+240) 222 123 456", "Tel.: "),
    ("passport No. G-1234567", "document number", "G-1234567", "passport No. "),
    ("CNI : C001234567", "document number", "C001234567", "CNI : "),
    ("cédula 1.234.567", "document number", "1.234.567", "cédula "),
    ("Ghana card GHA-712345678-9", "document number", "GHA-712345678-9", "Ghana card "),
    ("nacido el 1.º de mayo de 1980", "date of birth", "1.º de mayo de 1980", "nacido el "),
    ("que nació el 5 de junio de 1995", "date of birth", "5 de junio de 1995", "nació el "),
    ("fecha de nac.: 05-06-1995", "date of birth", "05-06-1995", "fecha de nac.: "),
    ("род. 14.03.1985", "date of birth", "14.03.1985", "род. "),
    ("ولد بتاريخ 14/3/1985", "date of birth", "14/3/1985", "ولد بتاريخ "),
    ("1990年3月7日生，", "date of birth", "1990年3月7日", ""),
]


@pytest.mark.parametrize(("text", "kind", "value", "kept"), FOUND)
def test_each_kind_is_found_and_only_its_value_hidden(text, kind, value, kept):
    found = find(text)
    assert [(m.kind, m.text) for m in found if m.kind == kind] == [(kind, value)]
    match = next(m for m in found if m.kind == kind)
    assert text[match.start : match.end] == value
    hidden = redact(text)
    assert value not in hidden
    assert kept + MARKER in hidden  # the word "passport", "born on" … stays
    assert scrub(text) == hidden  # the synthesis hides exactly this


NOT_PERSONAL = [
    "Between 2019 and 2028 the plan was revised twice (2027).",
    "The plan covers 2028-2029, then 2025–2030 and 2030/2031.",
    "Reviews took place in 2019 2020 2021 and in 2019/2020-2021/2022.",
    "The policy was adopted on 2028-11-05 and reviewed on 12/03/2027.",
    "About 1 250 000 people, 12,000,000 in total, 3.6 million and 1.250.000 returnees.",
    "SDG indicators 10.7.2, 10.c.1 and 17.3.2 are reported.",
    "Loi n° 2015-036 relative à la traite, Decree No. 2019-1234 and Ley N.º 2017-45.",
    "A birth registration campaign reached 120 000 children born in 2027.",
    "Objective 23 (para. 70) and the hotline 1195 are free.",
    "Children born in 12 regions in 2027; ID 2028-2029 of the plan.",
    "Федеральный закон от 25.07.2002 № 115-ФЗ и приказ № 2015-036.",
    "Закон вступил в силу 1 января 2027 г.; в 2027 г. родилось 120 000 детей.",
    "القانون رقم 2015-36 لسنة 2015 والقرار رقم 12 لعام 2027",
    "2027年3月1日生效，发生于2027年3月1日。2027年1月1日以后出生的儿童可以登记。",
    "Un budget de 2 500 000 000 FCFA, dont 150 000 000 FCFA; 150.000.000 pesos.",
    "USD 110 450 000 000 and 12 345 678 people.",
]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_no_false_positives(text):
    assert find(text) == []
    assert redact(text) == text


def test_several_kinds_in_one_answer_in_check_order():
    text = (
        "Case worker Amina can be reached at amina.k@example.org or +254 712 345 678. "
        "Passport no. AB1234567; born 12/03/1990. Covers 2028-2029 with 12,000,000 people."
    )
    assert [(m.kind, m.text) for m in find(text)] == [
        ("email", "amina.k@example.org"),
        ("date of birth", "12/03/1990"),
        ("document number", "AB1234567"),
        ("telephone", "+254 712 345 678"),
    ]
    assert redact(text) == (
        "Case worker Amina can be reached at […] or […]. "
        "Passport no. […]; born […]. Covers 2028-2029 with 12,000,000 people."
    )


def test_overlapping_values_give_one_marker_and_redact_is_stable():
    # a 9-digit identity number is also shaped like a telephone number
    text = "carte d'identité n° 123456789, délivrée"
    assert {m.kind for m in find(text)} == {"document number", "telephone"}
    assert redact(text) == "carte d'identité n° […], délivrée"
    assert redact(redact(text)) == redact(text)


def test_numbers_run_together_are_split():
    text = "Tel 0722 123 456 / 0733 987 654 (2027-2028)"
    assert [m.text for m in find(text)] == ["0722 123 456", "0733 987 654"]
    assert redact(text) == "Tel […] / […] (2027-2028)"
    # more than 15 digits that do not split: not a telephone number (as check always had it)
    assert find("between 12/03/2027 12/03/2028 and 2028-11-05") == []


def test_mask_shows_the_shape_not_the_value():
    assert mask("amina.k@example.org") == "a***@***.org"
    assert mask("AB1234567") == "AB*******"
    assert mask("+254 20 555 0101") == "25**********"
    assert mask("12/03/1990") == "12******"
    assert checks.mask is mask


@pytest.mark.parametrize("text", [t for t, *_ in FOUND] + NOT_PERSONAL)
def test_check_reports_exactly_what_is_hidden(text):
    findings = list(checks._personal_data(text, "somewhere"))
    assert len(findings) == len(find(text))
    assert all(f.code == "personal-data" and f.location == "somewhere" for f in findings)
    for m in find(text):
        assert m.text not in " ".join(f.message for f in findings)


# ---------------------------------------------------------------- end to end

#: Planted personal data: answer (or note, or table source) → text put in front of it.
PLANTED = {
    "obj.05.measures": (
        "For the pilot, contact the liaison officer at liaison.officer@example.go.ke or "
        "+254 20 555 0101, passport no. KE7364918."
    ),
    "cross.women": (
        "One returnee (born on 17/09/1983, ID card: 58203917) told her story. "
        "Reach her counsellor at +254 733 981 604."
    ),
    "next.steps": (
        "The caseworker, pasaporte N.º X4829173, fecha de nacimiento: 1979-06-21, "
        "will lead the pilot."
    ),
    "policy.institutions": (
        "The registry clerk (« passeport n° 31KQ86420 », née le 14 mars 1986) keeps the "
        "files; write to registry.clerk@example.org."
    ),
}
NOTE = (
    "Training for the desk officer, desk.officer@example.org, +254 722 604 318, "
    "passport no. P5551234, date of birth 02/11/1977."
)
SOURCE = "Records officer, tel. +254 711 902 357, data.officer@example.go.ke, DOB 1968-08-30"
VALUES = [
    "liaison.officer@example.go.ke",
    "+254 20 555 0101",
    "KE7364918",
    "17/09/1983",
    "58203917",
    "+254 733 981 604",
    "X4829173",
    "1979-06-21",
    "31KQ86420",
    "14 mars 1986",
    "registry.clerk@example.org",
    "desk.officer@example.org",
    "+254 722 604 318",
    "P5551234",
    "02/11/1977",
    "+254 711 902 357",
    "data.officer@example.go.ke",
    "1968-08-30",
]


def _planted(tmp_path: Path) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for qid, text in PLANTED.items():
        data["answers"][qid] = text + " " + data["answers"].get(qid, "")
    data["answers"]["next.support"] = [*data["answers"]["next.support"], "other"]
    data["notes"] = {"next.support": NOTE}
    data["tables"]["data.flows"]["source"] = SOURCE
    folder = tmp_path / "in"
    folder.mkdir()
    scaffold.render(default_bank(), Submission.model_validate(data), folder / "KEN.docx")
    return folder


def _parts(path: Path) -> dict[str, str]:
    """Every part of an output file, as text (a zip's parts one by one)."""
    if not zipfile.is_zipfile(path):
        return {path.name: path.read_text(encoding="utf-8")}
    with zipfile.ZipFile(path) as z:
        return {
            f"{path.name}:{name}": z.read(name).decode("utf-8", "replace") for name in z.namelist()
        }


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


@pytest.mark.skipif(not EXAMPLE.exists(), reason="needs the bundled examples")
def test_planted_personal_data_reaches_no_output(cli, tmp_path):
    folder = _planted(tmp_path)
    out = tmp_path / "out" / "synthesis.docx"
    out.parent.mkdir()
    result = cli("synthesize", str(folder), "--region", "ECA", "-o", str(out), "--json")
    assert result.exit_code in (0, 1), result.output
    assert [i["country"] for i in json.loads(result.output)["included"]] == ["KEN"]
    forms = tmp_path / "forms"
    forms.mkdir()
    result = cli("validation", "packets", str(out), "-d", str(forms))
    assert result.exit_code == 0, result.output
    outputs = [out, out.with_suffix(".xlsx"), out.with_name("synthesis.manifest.json")]
    outputs += sorted(forms.glob("*.docx"))
    assert len(outputs) == 4

    parts: dict[str, str] = {}
    for path in outputs:
        parts.update(_parts(path))
    # character references read: openpyxl writes « as &#171;
    parts = {name: html.unescape(raw) for name, raw in parts.items()}
    assert len(parts) > 20
    for name, raw in parts.items():
        # also with the markup taken out, in case a value was split across runs
        texts = (raw, re.sub(r"<[^>]*>", "", raw))
        for value in VALUES:
            for seen in texts:
                assert value not in seen, f"{value!r} in {name}"
                digits = _digits(value)
                assert not digits or digits not in seen, f"{digits!r} ({value}) in {name}"

    # not vacuous: the planted answers were quoted, hidden with the marker
    manifest = json.loads(out.with_name("synthesis.manifest.json").read_text(encoding="utf-8"))
    quoted = {p["question"]: p["text"] for p in manifest["passages"]}
    for qid in ("obj.05.measures", "cross.women", "next.steps", "next.support"):
        assert MARKER in quoted[qid], qid
    assert "the liaison officer at […] or […], passport no. […]" in quoted["obj.05.measures"]
    workbook = "".join(v for k, v in parts.items() if k.startswith("synthesis.xlsx:"))
    assert "The registry clerk (« passeport n° […] », née le […]) keeps the" in workbook
    assert "Records officer, tel. […], […], DOB […]" in workbook
    packet = "".join(v for k, v in parts.items() if k.startswith("VALIDATION_"))
    assert "pasaporte N.º […], fecha de nacimiento: […]," in packet


@pytest.mark.skipif(not EXAMPLE.exists(), reason="needs the bundled examples")
def test_check_reports_every_planted_answer_and_note(cli, tmp_path):
    folder = _planted(tmp_path)
    report = json.loads(cli("check", str(folder / "KEN.docx"), "--json").output)["files"][0]
    personal = [f for f in report["findings"] if f["code"] == "personal-data"]
    where = {f["location"].split(" › ")[-1] for f in personal}
    assert set(PLANTED) | {"next.support"} <= where
    kinds = {f["message"].split(" (")[0] for f in personal}
    assert kinds == {
        "an e-mail address",
        "a telephone number",
        "an identity or passport number",
        "a date of birth",
    }
    messages = json.dumps(personal, ensure_ascii=False)
    assert not any(value in messages for value in VALUES)
    # every value hidden in the outputs is one check reported (the table source included)
    texts = [*PLANTED.values(), NOTE, SOURCE]
    hidden = [m.text for text in texts for m in personal_data.find(text)]
    assert len(personal) == len(hidden)


@pytest.mark.skipif(not EXAMPLE.exists(), reason="needs the bundled examples")
def test_check_reports_personal_data_in_a_table_source(cli, tmp_path):
    folder = _planted(tmp_path)
    report = json.loads(cli("check", str(folder / "KEN.docx"), "--json").output)["files"][0]
    assert any(
        f["code"] == "personal-data" and "data.flows" in f["location"] for f in report["findings"]
    )


@pytest.mark.skipif(not EXAMPLE.exists(), reason="needs the bundled examples")
def test_validation_packets_redact_every_passage(cli, tmp_path):
    """A packet quotes the manifest's passages; a data-annex passage shows a cell as typed
    when it is not a figure, so the packet redacts whatever a passage holds."""
    from gcmreview import validation

    folder = tmp_path / "in"
    folder.mkdir()
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    scaffold.render(default_bank(), Submission.model_validate(data), folder / "KEN.docx")
    out = tmp_path / "synthesis.docx"
    assert cli("synthesize", str(folder), "--region", "ECA", "-o", str(out)).exit_code == 0
    manifest = validation.load_manifest(out)
    kenya = [p for p in manifest["passages"] if p["country"] == "KEN"]
    kenya[0]["text"] = "Total: call +254 733 444 555; passport no. KE1357913"
    form = validation.write_form(manifest, "KEN")
    with zipfile.ZipFile(io.BytesIO(form)) as z:
        text = html.unescape(z.read("word/document.xml").decode("utf-8"))
    assert "Total: call […]; passport no. […]" in text
    assert "733 444 555" not in text and "KE1357913" not in text


#: Personal data planted in reports written in Russian, Arabic and Chinese, as their authors
#: would write it: example report, region, answer → text put in front of it, and the values.
PLANTED_ELSEWHERE = {
    "ru": (
        "ece/KAZ_national_2028-2029_ru.json",
        "ECE",
        {
            "cross.women": "Заявитель (паспорт № 4510 123456, дата рождения: 12.03.1990) "
            "рассказала о своём опыте.",
            "next.steps": "Координатор, родилась 7 мая 1984 г., тел. +7 (727) 123-45-67.",
        },
        ["4510 123456", "12.03.1990", "7 мая 1984", "+7 (727) 123-45-67"],
    ),
    "ar": (
        "escwa/JOR_national_2028-2029_ar.json",
        "ESCWA",
        {
            "cross.women": "روت إحدى العائدات (جواز السفر رقم K4829173، تاريخ الميلاد "
            "17/09/1983) تجربتها.",
            "next.steps": "المنسق من مواليد 3 آذار 1979، ورقم الهوية الوطنية ٩٨٧٦٥٤٣٢١٠.",
        },
        ["K4829173", "17/09/1983", "3 آذار 1979", "٩٨٧٦٥٤٣٢١٠"],
    ),
    "zh": (
        "escap/CHN_national_2028-2029_zh.json",
        "ESCAP",
        {
            "cross.women": "一名返乡妇女（护照号码：E12345678，1983年9月17日出生）讲述了她的经历。",
            "next.steps": "联系人身份证号码为11010119900307457X，联系电话13800138000。",
        },
        ["E12345678", "1983年9月17日", "11010119900307457X", "13800138000"],
    ),
}


@pytest.mark.parametrize("lang", sorted(PLANTED_ELSEWHERE))
def test_personal_data_in_other_languages_reaches_no_output(cli, tmp_path, lang):
    example, region, planted, values = PLANTED_ELSEWHERE[lang]
    data = json.loads((ROOT / "examples" / example).read_text(encoding="utf-8"))
    for qid, text in planted.items():
        data["answers"][qid] = text + " " + data["answers"][qid]
    folder = tmp_path / "in"
    folder.mkdir()
    report = folder / f"{data['country']}.docx"
    scaffold.render(default_bank(), Submission.model_validate(data), report)

    checked = json.loads(cli("check", str(report), "--json").output)["files"][0]
    personal = [f for f in checked["findings"] if f["code"] == "personal-data"]
    assert {f["location"].split(" › ")[-1] for f in personal} == set(planted)
    assert len(personal) == sum(len(find(text)) for text in planted.values()) >= len(values)
    assert not any(v in json.dumps(personal, ensure_ascii=False) for v in values)

    out = tmp_path / "out" / "synthesis.docx"
    out.parent.mkdir()
    result = cli("synthesize", str(folder), "--region", region, "-o", str(out), "--json")
    assert result.exit_code in (0, 1), result.output
    forms = tmp_path / "forms"
    forms.mkdir()
    assert cli("validation", "packets", str(out), "-d", str(forms)).exit_code == 0
    outputs = [out, out.with_suffix(".xlsx"), out.with_name("synthesis.manifest.json")]
    parts: dict[str, str] = {}
    for path in [*outputs, *forms.glob("*.docx")]:
        parts.update(_parts(path))
    parts = {name: html.unescape(raw) for name, raw in parts.items()}
    for name, raw in parts.items():
        for seen in (raw, re.sub(r"<[^>]*>", "", raw)):
            for value in values:
                assert value not in seen, f"{value!r} in {name}"
    # not vacuous: the answers were quoted, with the marker where the values were
    manifest = json.loads(outputs[2].read_text(encoding="utf-8"))
    quoted = {p["question"]: p["text"] for p in manifest["passages"]}
    for qid, text in planted.items():
        assert quoted[qid].startswith(redact(text)), qid
        assert MARKER in quoted[qid]


def test_every_language_has_its_words():
    """Adding a language is adding its words to personal_data.yaml: every language gcmreview
    reads names its identity documents, the words before their numbers and before a date of
    birth."""
    import yaml

    from gcmreview import languages

    path = ROOT / "templates" / "i18n" / "personal_data.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("documents", "number_words", "birth"):
        assert set(data[key]) == set(languages.codes()), key


@pytest.mark.skipif(not EXAMPLE.exists(), reason="needs the bundled examples")
def test_personal_data_in_an_organisations_name_is_hidden_too(cli, tmp_path):
    """An e-mail written into a shadow report's organisation name is hidden where the
    synthesis heads the organisation's chapter and attributes its quotations."""
    shadow = json.loads(
        (ROOT / "examples/eca/KEN_shadow_2028-2029_en.json").read_text(encoding="utf-8")
    )
    shadow["organisation"] = "Kenya Migrant Rights Forum (contact: forum.kmrf@example.org)"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "KEN_shadow.json").write_text(json.dumps(shadow), encoding="utf-8")
    (folder / "KEN.json").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "s.docx"
    assert cli("synthesize", str(folder), "-o", str(out)).exit_code in (0, 1)
    parts: dict[str, str] = {}
    for path in (out, out.with_suffix(".xlsx"), out.with_name("s.manifest.json")):
        parts.update(_parts(path))
    assert not [name for name, raw in parts.items() if "forum.kmrf@example.org" in raw]
    assert "Kenya Migrant Rights Forum (contact: […])" in html.unescape("".join(parts.values()))
