"""A corpus of filled-in reports edited the way people really edit them, each with the answer
the person meant. ``tests/test_readback.py`` reads every case back and checks it.

A :class:`Case` names a base report (a rendered example: ``en`` = KEN national, ``fr`` = SEN
national, ``shadow`` = KEN shadow, ``es`` = KEN national rendered in Spanish, ``sparse`` =
KEN national with only six answers), an ``edit`` of its Word package and optionally an
``edit_annex`` of its Excel data annex, and what must be read from the result.

The edits write the XML the way Word writes each edit (runs with ``xml:space="preserve"``
where spaces matter, ``w:vMerge``, ``w:gridSpan``, ``mc:AlternateContent`` text boxes with a
VML fallback, footnotes with their separators, ``w:sym``, ``w14:checkbox`` content controls,
``w:highlight`` …), and as LibreOffice writes it where that differs (``w:softHyphen``,
``w:noBreakHyphen``). Nothing here reads a report: that is the reader's job.
"""

from __future__ import annotations

import copy
import math
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.sax.saxutils import escape

import openpyxl
from lxml import etree

from gcmreview import scaffold
from gcmreview.bank import QuestionBank, default_bank
from gcmreview.i18n import t
from gcmreview.layout import FIRST_DATA_ROW, KEY_ROW
from gcmreview.submission import Submission, load_submission_json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "eca"

# ---------------------------------------------------------------- namespaces

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
}
NSDECL = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_BODY, W_P, W_R, W_T, W_TBL, W_TR, W_TC = (
    w(x) for x in ("body", "p", "r", "t", "tbl", "tr", "tc")
)
W_PPR, W_RPR, W_TCPR = w("pPr"), w("rPr"), w("tcPr")
W_TBLPR, W_TBLGRID, W_GRIDCOL, W_GRIDSPAN, W_TCW = (
    w("tblPr"),
    w("tblGrid"),
    w("gridCol"),
    w("gridSpan"),
    w("tcW"),
)


def fragment(xml: str) -> list[etree._Element]:
    """Elements parsed from WordprocessingML text, with the prefixes the main document
    declares on its root (so that, once inserted, they need no declarations of their own)."""
    wrapper = etree.fromstring(f"<wrapper {NSDECL}>{xml}</wrapper>")
    return list(wrapper)


def element(xml: str) -> etree._Element:
    (el,) = fragment(xml)
    return el


def _t(text: str) -> str:
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def run_xml(text: str, rpr: str = "", attrs: str = "") -> str:
    return f"<w:r{attrs}>{rpr}{_t(text)}</w:r>"


def run(text: str, rpr: str | etree._Element | None = "", attrs: str = "") -> etree._Element:
    """A ``w:r``; ``rpr`` is its properties as text, or an element copied from another run
    (text typed next to a run takes its formatting)."""
    if rpr is None or isinstance(rpr, str):
        return element(run_xml(text, rpr or "", attrs))
    r = element(run_xml(text, "", attrs))
    r.insert(0, copy.deepcopy(rpr))
    return r


def paragraph(*runs: str | etree._Element, ppr: str | etree._Element | None = None):
    """A ``w:p``: strings become plain runs; elements (runs, ``w:sdt`` …) go in as they are."""
    p = element("<w:p/>")
    if ppr is not None:
        p.append(copy.deepcopy(ppr) if isinstance(ppr, etree._Element) else element(ppr))
    for part in runs:
        p.append(run(part) if isinstance(part, str) else part)
    return p


def rpr_of(p: etree._Element) -> etree._Element | None:
    r = p.find(W_R)
    return r.find(W_RPR) if r is not None else None


def text_of(el: etree._Element) -> str:
    return "".join(node.text or "" for node in el.iter(W_T))


# ---------------------------------------------------------------- the package


class Package:
    """A .docx held in memory: parts by name, XML parts parsed on demand and written back."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as zf:
            self.parts: dict[str, bytes] = {name: zf.read(name) for name in zf.namelist()}
        self._xml: dict[str, etree._Element] = {}

    def has(self, name: str) -> bool:
        return name in self.parts or name in self._xml

    def xml(self, name: str) -> etree._Element:
        if name not in self._xml:
            self._xml[name] = etree.fromstring(self.parts[name])
        return self._xml[name]

    def put(self, name: str, root: etree._Element) -> None:
        self._xml[name] = root
        self.parts.setdefault(name, b"")

    def remove(self, name: str) -> None:
        """Remove a part with its content-type override and every relationship to it."""
        self.parts.pop(name, None)
        self._xml.pop(name, None)
        types = self.xml("[Content_Types].xml")
        for override in types.findall(f"{{{CT_NS}}}Override"):
            if override.get("PartName") == "/" + name:
                types.remove(override)
        for rels_name in [n for n in self.parts if n.endswith(".rels")]:
            source_dir = PurePosixPath(rels_name).parent.parent  # x/_rels/y.rels → x
            rels = self.xml(rels_name)
            for rel in rels.findall(f"{{{REL_NS}}}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target") or ""
                resolved = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else _normalise(str(source_dir / target))
                )
                if resolved == name:
                    rels.remove(rel)

    def add(self, name: str, root: etree._Element, content_type: str, rel_type: str) -> str:
        """Add an XML part related from the main document; returns the relationship id."""
        self.put(name, root)
        types = self.xml("[Content_Types].xml")
        override = etree.SubElement(types, f"{{{CT_NS}}}Override")
        override.set("PartName", "/" + name)
        override.set("ContentType", content_type)
        rels = self.xml("word/_rels/document.xml.rels")
        used = {rel.get("Id") for rel in rels}
        n = 1
        while f"rId{n}" in used:
            n += 1
        rel = etree.SubElement(rels, f"{{{REL_NS}}}Relationship")
        rel.set("Id", f"rId{n}")
        rel.set("Type", rel_type)
        rel.set("Target", PurePosixPath(name).relative_to("word").as_posix())
        return f"rId{n}"

    def save(self, path: Path) -> None:
        for name, root in self._xml.items():
            self.parts[name] = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
        names = ["[Content_Types].xml"] + [n for n in self.parts if n != "[Content_Types].xml"]
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in names:
                zf.writestr(name, self.parts[name])


def _normalise(path: str) -> str:
    parts: list[str] = []
    for piece in path.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
        else:
            parts.append(piece)
    return "/".join(parts)


class Doc:
    """What an edit works on: the package, the main document's root and body, and helpers
    that find a question's table and its parts as the template writes them."""

    def __init__(self, pkg: Package, language: str) -> None:
        self.pkg = pkg
        self.root = pkg.xml("word/document.xml")
        self.body = self.root.find(W_BODY)
        self.language = language

    def table(self, qid: str) -> etree._Element:
        for tbl in self.body.iter(W_TBL):
            first = tbl.find(W_TR)
            if first is not None and text_of(first.find(W_TC)).strip() == qid:
                return tbl
        raise KeyError(f"no table for {qid}")

    def rows(self, qid: str) -> list[etree._Element]:
        return self.table(qid).findall(W_TR)

    def question_cell(self, qid: str) -> etree._Element:
        return self.rows(qid)[0].findall(W_TC)[1]

    def guidance_cell(self, qid: str) -> etree._Element:
        return self.rows(qid)[1].find(W_TC)

    def box(self, qid: str) -> etree._Element:
        """The answer cell of a text, number or date question (the last row)."""
        return self.rows(qid)[-1].find(W_TC)

    def option_row(self, qid: str, code: str) -> etree._Element:
        codes = default_bank().questions[qid].choice_codes()
        return self.rows(qid)[2 + codes.index(code)]

    def option_rows(self, qid: str) -> dict[str, etree._Element]:
        codes = default_bank().questions[qid].choice_codes()
        return dict(zip(codes, self.rows(qid)[2:], strict=True))


def paragraphs(tc: etree._Element) -> list[etree._Element]:
    return tc.findall(W_P)


def lines_of(tc: etree._Element) -> list[str]:
    return [text_of(p) for p in paragraphs(tc)]


def empty_cell(tc: etree._Element) -> None:
    """What a cell looks like after its text is cut: one empty paragraph."""
    for p in paragraphs(tc):
        tc.remove(p)
    tc.append(element("<w:p/>"))


def set_box(doc: Doc, qid: str, *lines: str) -> None:
    """Replace the answer in a box by these paragraphs (typed over the old answer)."""
    box = doc.box(qid)
    for p in paragraphs(box):
        box.remove(p)
    for line in lines:
        box.append(paragraph(line) if line else element("<w:p/>"))


def append_to_box(doc: Doc, qid: str, *parts: str | etree._Element) -> None:
    """A new paragraph typed at the end of the answer box."""
    doc.box(qid).append(paragraph(*parts))


def clear_marks(doc: Doc, qid: str) -> None:
    for row in doc.rows(qid)[2:]:
        mark = row.find(W_TC).find(W_P)
        for child in list(mark):
            if child.tag != W_PPR:
                mark.remove(child)


def put_mark(doc: Doc, qid: str, code: str, *marks: etree._Element) -> None:
    mark = doc.option_row(qid, code).find(W_TC).find(W_P)
    for child in list(mark):
        if child.tag != W_PPR:
            mark.remove(child)
    for m in marks:
        mark.append(m)


def label_paragraph(doc: Doc, qid: str, code: str) -> etree._Element:
    return doc.option_row(qid, code).findall(W_TC)[1].find(W_P)


# ---------------------------------------------------------------- marks

SYMBOL_FONT = '<w:rPr><w:rFonts w:ascii="Segoe UI Symbol" w:hAnsi="Segoe UI Symbol"/></w:rPr>'


def text_mark(text: str) -> etree._Element:
    """A mark typed in the box: letters as Word writes them, symbols inserted from the
    Symbol dialog (Word switches the run to a font that has the glyph)."""
    rpr = "<w:rPr><w:b/></w:rPr>" if text.isascii() or text.isalpha() else SYMBOL_FONT
    return run(text, rpr)


def sym(font: str, char: str) -> etree._Element:
    """Insert › Symbol from a symbol font: Word writes ``w:sym``, not the character."""
    return element(f'<w:r><w:sym w:font="{font}" w:char="{char}"/></w:r>')


def checkbox(checked: bool, sdt_id: int = 1846125914) -> etree._Element:
    """A Word 2010 check box content control (Developer › Check Box), as Word writes it."""
    shown = "☒" if checked else "☐"
    return element(
        f'<w:sdt><w:sdtPr><w:id w:val="{sdt_id}"/>'
        f'<w14:checkbox><w14:checked w14:val="{1 if checked else 0}"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox>'
        "</w:sdtPr><w:sdtEndPr/><w:sdtContent><w:r><w:rPr>"
        '<w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" '
        'w:hint="eastAsia"/></w:rPr>'
        f"<w:t>{shown}</w:t></w:r></w:sdtContent></w:sdt>"
    )


# ---------------------------------------------------------------- expectations


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


class _Base:
    def __repr__(self) -> str:
        return "BASE"


#: The question has no answer.
ABSENT = _Absent()
#: The base report's own answer to the question (the text the person meant, moved).
BASE = _Base()


class Matcher:
    """An expectation other than equality: ``check`` returns a problem, or None."""

    def check(self, actual: object, base: object) -> str | None:
        raise NotImplementedError


def short(value: object, limit: int = 300) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lines(value: object) -> list[str]:
    return [line for line in str(value).split("\n") if line.strip()]


@dataclass(frozen=True)
class Contains(Matcher):
    parts: tuple[str, ...]

    def __init__(self, *parts: str) -> None:
        object.__setattr__(self, "parts", parts)

    def check(self, actual: object, base: object) -> str | None:
        if not isinstance(actual, str):
            return f"expected text containing {self.parts!r}, got {actual!r}"
        missing = [p for p in self.parts if p not in actual]
        return f"{missing!r} not found in {short(actual)}" if missing else None


@dataclass(frozen=True)
class Once(Matcher):
    part: str

    def check(self, actual: object, base: object) -> str | None:
        if not isinstance(actual, str):
            return f"expected text containing {self.part!r} once, got {actual!r}"
        n = actual.count(self.part)
        return None if n == 1 else f"{self.part!r} appears {n} times in {short(actual)}"


@dataclass(frozen=True)
class ContainsBase(Matcher):
    """Every paragraph of the base answer is in the answer read."""

    def check(self, actual: object, base: object) -> str | None:
        if not isinstance(actual, str):
            return f"expected the base text with additions, got {actual!r}"
        missing = [line for line in _lines(base) if line not in actual]
        missing = [short(line) for line in missing]
        return f"base paragraphs missing: {missing} in {short(actual)}" if missing else None


@dataclass(frozen=True)
class NoPrivateUse(Matcher):
    def check(self, actual: object, base: object) -> str | None:
        bad = [f"U+{ord(c):04X}" for c in str(actual) if 0xE000 <= ord(c) <= 0xF8FF]
        return f"private-use code points {bad} in {actual!r}" if bad else None


@dataclass(frozen=True)
class Derived(Matcher):
    """Equal to a value computed from the base answer (for example the base plus a line)."""

    make: Callable[[object], object]

    def check(self, actual: object, base: object) -> str | None:
        expected = self.make(base)
        return None if same(actual, expected) else differ(expected, actual)


@dataclass(frozen=True)
class All(Matcher):
    matchers: tuple[Matcher, ...]

    def __init__(self, *matchers: Matcher) -> None:
        object.__setattr__(self, "matchers", matchers)

    def check(self, actual: object, base: object) -> str | None:
        problems = [p for m in self.matchers if (p := m.check(actual, base))]
        return "; ".join(problems) or None


def same(actual: object, expected: object) -> bool:
    """Equality for answers and cells: numbers compare as numbers (floats approximately),
    never equal to text."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual == expected and type(actual) is type(expected)
    if isinstance(expected, int | float):
        return isinstance(actual, int | float) and math.isclose(
            actual, expected, rel_tol=1e-9, abs_tol=1e-12
        )
    if isinstance(expected, _Absent):
        return isinstance(actual, _Absent)
    return type(actual) is type(expected) and actual == expected


def differ(expected: object, actual: object) -> str:
    """ "expected …, got …", long texts shown around their first difference."""
    if isinstance(expected, str) and isinstance(actual, str) and len(expected + actual) > 200:
        n = next(
            (i for i, (a, b) in enumerate(zip(expected, actual, strict=False)) if a != b),
            min(len(expected), len(actual)),
        )
        start = max(0, n - 40)
        return (
            f"texts differ at character {n} (lengths {len(expected)} and {len(actual)}): "
            f"expected …{expected[start : n + 60]!r}…, got …{actual[start : n + 60]!r}…"
        )
    return f"expected {expected!r}, got {actual!r}"


def expectation_problem(expected: object, actual: object, base: object) -> str | None:
    if isinstance(expected, _Base):
        expected = base
    if isinstance(expected, Matcher):
        return expected.check(actual, base)
    if same(actual, expected):
        return None
    return differ(expected, actual)


#: Codes no case may produce unless it expects them (``findings``) or allows them (``allow``).
DEFAULT_FORBID = (
    "unreadable",
    "answer-outside-box",
    "choice-unclear",
    "placeholder-left",
    "ambiguous-number",
    "not-a-number",
    "bad-date",
    "unexpected-row",
    "properties-missing",
    "unknown-choice",
    "several-choices",
    "not-a-choice",
    "question-missing",
    "duplicate-question",
    "unknown-question",
    "annex-metadata-mismatch",
)


@dataclass(repr=False)
class Case:
    name: str
    base: str
    edit: Callable[[Doc], None] | None = None
    edit_annex: Callable[[openpyxl.Workbook], None] | None = None
    #: answers that must be read: a value, ``ABSENT``, ``BASE`` or a :class:`Matcher`
    expect: dict[str, object] = field(default_factory=dict)
    #: findings that must be present: (code, question ID that its location names, or None)
    findings: list[tuple[str, str | None]] = field(default_factory=list)
    #: findings that must be present: (code, regular expression its location matches)
    located: list[tuple[str, str]] = field(default_factory=list)
    #: codes that must not appear, besides DEFAULT_FORBID less ``findings`` and ``allow``
    forbid: list[str] = field(default_factory=list)
    #: codes of DEFAULT_FORBID this case neither requires nor forbids
    allow: list[str] = field(default_factory=list)
    #: ``submission.notes`` entries that must be read
    notes: dict[str, str] = field(default_factory=dict)
    #: data-annex cells that must be read: (question ID, row, column) → value
    cells: dict[tuple[str, str, str], object] = field(default_factory=dict)
    #: extra rows that must be read: question ID → [(label, {column: value})]
    extra_rows: dict[str, list[tuple[str, dict[str, object]]]] = field(default_factory=dict)
    #: questions whose base answer is not compared, besides those in ``expect``
    touched: tuple[str, ...] = ()
    #: ``identity=`` passed to read_submission and check_file
    identity: dict[str, str] | None = None
    #: the status check_file must give; None: anything but UNREADABLE
    status: str | None = None
    #: text the UNREADABLE message must contain
    message: str | None = None
    #: FileReport counters (answered, asked, annex_cells_filled) that must have these values:
    #: a number, or a function of the base submission and the bank
    counts: dict[str, int | Callable[[Submission, QuestionBank], int]] = field(default_factory=dict)
    #: compare kind, country, region, language and review cycle with the base
    check_identity: bool = True
    #: also re-saved by LibreOffice in the libreoffice test
    lo: bool = False

    def __repr__(self) -> str:
        return f"Case({self.name!r})"

    def forbidden(self) -> set[str]:
        due = {code for code, _ in self.findings} | {code for code, _ in self.located}
        return (set(DEFAULT_FORBID) - due - set(self.allow)) | set(self.forbid)

    def touched_ids(self) -> set[str]:
        """Questions whose base answer is not compared as it is."""
        ids = set(self.expect) | set(self.touched) | set(self.notes)
        return ids | {qid for _, qid in self.findings if qid}


# ---------------------------------------------------------------- bases


@dataclass(frozen=True)
class BaseSpec:
    example: str
    language: str | None = None
    keep: int | None = None  # keep only the first N answers (and no tables)


BASES = {
    "en": BaseSpec("KEN_national_2028-2029_en"),
    "fr": BaseSpec("SEN_national_2028-2029_fr"),
    "shadow": BaseSpec("KEN_shadow_2028-2029_en"),
    "es": BaseSpec("KEN_national_2028-2029_en", language="es"),
    "zh": BaseSpec("KEN_national_2028-2029_en", language="zh"),
    "sparse": BaseSpec("KEN_national_2028-2029_en", keep=6),
}


@dataclass(frozen=True, repr=False)
class Base:
    name: str
    report: Path
    annex: Path
    submission: Submission

    def __repr__(self) -> str:
        return f"Base({self.name!r}, {self.report.name!r})"


def base_submission(spec: BaseSpec, bank: QuestionBank) -> Submission:
    """The example's submission, made with the bank in use (so that no finding about an
    outdated bank clutters the cases)."""
    sub = load_submission_json(EXAMPLES / f"{spec.example}.json")
    update: dict[str, object] = {"bank_version": bank.version, "bank_fingerprint": bank.fingerprint}
    if spec.language:
        update["language"] = spec.language
    if spec.keep is not None:
        update["answers"] = dict(list(sub.answers.items())[: spec.keep])
        update["tables"] = {}
    return sub.model_copy(update=update)


def render_bases(outdir: Path, bank: QuestionBank, names: list[str] | None = None) -> dict:
    bases: dict[str, Base] = {}
    for name in names or list(BASES):
        sub = base_submission(BASES[name], bank)
        folder = outdir / name
        folder.mkdir(parents=True, exist_ok=True)
        written = scaffold.render(bank, sub, folder / f"{scaffold.file_stem(sub)}.docx", force=True)
        bases[name] = Base(name, written.report, written.annex, sub)
    return bases


def build(case: Case, base: Base, outdir: Path) -> Path:
    """Write the case's report (and its annex beside it) into ``outdir``; returns the report."""
    report = outdir / f"{case.name}.docx"
    annex = outdir / f"{case.name}_data.xlsx"
    if case.edit is None:
        shutil.copyfile(base.report, report)
    else:
        pkg = Package(base.report)
        case.edit(Doc(pkg, base.submission.language))
        pkg.save(report)
    if case.edit_annex is None:
        shutil.copyfile(base.annex, annex)
    else:
        wb = openpyxl.load_workbook(base.annex)
        case.edit_annex(wb)
        wb.save(annex)
    return report


# ---------------------------------------------------------------- where the text is


def typed_in_guidance(qid: str) -> Callable[[Doc], None]:
    """1. The answer cut from the box and typed as new paragraphs in the guidance cell
    (Enter at the end of the guidance: the new paragraphs take its formatting)."""

    def edit(doc: Doc) -> None:
        box, guide = doc.box(qid), doc.guidance_cell(qid)
        lines = lines_of(box)
        empty_cell(box)
        gp = guide.find(W_P)
        for line in lines:
            guide.append(paragraph(run(line, rpr_of(gp)), ppr=gp.find(W_PPR)))

    return edit


def after_guidance_same_paragraph(qid: str) -> Callable[[Doc], None]:
    """2. Typed at the end of the guidance paragraph: Word starts a new run (a new editing
    session, so another rsid) with the same formatting."""

    def edit(doc: Doc) -> None:
        box, gp = doc.box(qid), doc.guidance_cell(qid).find(W_P)
        (line,) = [line for line in lines_of(box) if line]
        empty_cell(box)
        gp.append(run(" " + line, rpr_of(gp), ' w:rsidR="00A51C2E"'))

    return edit


def guidance_replaced(qid: str) -> Callable[[Doc], None]:
    """3. The guidance selected and overtyped (pasted) with the answer."""

    def edit(doc: Doc) -> None:
        box, guide = doc.box(qid), doc.guidance_cell(qid)
        lines = lines_of(box)
        empty_cell(box)
        gp = guide.find(W_P)
        gp.find(W_R).find(W_T).text = lines[0]
        for line in lines[1:]:
            guide.append(paragraph(run(line, rpr_of(gp)), ppr=gp.find(W_PPR)))

    return edit


def typed_in_question_cell(qid: str) -> Callable[[Doc], None]:
    """4. Typed as new paragraphs under the question (after the note line)."""

    def edit(doc: Doc) -> None:
        box, cell = doc.box(qid), doc.question_cell(qid)
        lines = lines_of(box)
        empty_cell(box)
        note = paragraphs(cell)[-1]
        for line in lines:
            cell.append(paragraph(run(line, rpr_of(note)), ppr=note.find(W_PPR)))

    return edit


def typed_after_table(qid: str) -> Callable[[Doc], None]:
    """5. Typed in the empty paragraph that follows the question's table (box left empty)."""

    def edit(doc: Doc) -> None:
        tbl = doc.table(qid)
        box = doc.box(qid)
        lines = lines_of(box)
        empty_cell(box)
        after = tbl.getnext()
        assert after is not None and after.tag == W_P and not text_of(after)
        after.append(run(lines[0]))
        anchor = after
        for line in lines[1:]:
            p = paragraph(line, ppr=after.find(W_PPR))
            anchor.addnext(p)
            anchor = p

    return edit


def guidance_row_deleted(qid: str) -> Callable[[Doc], None]:
    """6. Table › Delete › Rows on the grey guidance row."""

    def edit(doc: Doc) -> None:
        tbl = doc.table(qid)
        tbl.remove(tbl.findall(W_TR)[1])

    return edit


def box_merged_with_guidance(qid: str) -> Callable[[Doc], None]:
    """7. Guidance cell and answer box selected › Merge Cells: Word keeps both rows and
    merges them vertically; the upper cell holds the guidance then the answer."""

    def edit(doc: Doc) -> None:
        guide, box = doc.guidance_cell(qid), doc.box(qid)
        for tc, val in ((guide, ' w:val="restart"'), (box, "")):
            span = tc.find(W_TCPR).find(W_GRIDSPAN)
            span.addnext(element(f"<w:vMerge{val}/>"))
        for p in paragraphs(box):
            guide.append(p)
        box.append(element("<w:p/>"))

    return edit


def box_split_into_cells(qid: str) -> Callable[[Doc], None]:
    """8. Table › Split Cells (2 columns, 1 row) on the answer box, first paragraph left in
    the first cell and the rest moved to the second. Word splits at the middle of the box,
    which adds a grid column; the other rows span it."""

    def edit(doc: Doc) -> None:
        tbl = doc.table(qid)
        grid = tbl.find(W_TBLGRID)
        first, second = grid.findall(W_GRIDCOL)
        total = int(first.get(w("w"))) + int(second.get(w("w")))
        half = total // 2
        second.set(w("w"), str(half - int(first.get(w("w")))))
        second.addnext(element(f'<w:gridCol w:w="{total - half}"/>'))
        rows = tbl.findall(W_TR)
        _set_span(rows[0].findall(W_TC)[1], 2)
        _set_span(rows[1].find(W_TC), 3)
        box = rows[-1].find(W_TC)
        right = copy.deepcopy(box)
        _set_span(box, 2, width=half)
        _set_span(right, 1, width=total - half)
        for p in paragraphs(right):
            right.remove(p)
        for p in paragraphs(box)[1:]:
            right.append(p)
        box.addnext(right)

    return edit


def _set_span(tc: etree._Element, span: int, width: int | None = None) -> None:
    tcpr = tc.find(W_TCPR)
    if width is not None:
        tcpr.find(W_TCW).set(w("w"), str(width))
    existing = tcpr.find(W_GRIDSPAN)
    if span == 1:
        if existing is not None:
            tcpr.remove(existing)
        return
    if existing is None:
        existing = element("<w:gridSpan/>")
        tcpr.find(W_TCW).addnext(existing)
    existing.set(w("val"), str(span))


def box_split_into_rows(qid: str) -> Callable[[Doc], None]:
    """9. Table › Split Cells (1 column, 2 rows) on the answer box, the text divided."""

    def edit(doc: Doc) -> None:
        tbl = doc.table(qid)
        row = tbl.findall(W_TR)[-1]
        lower = copy.deepcopy(row)
        lower_box = lower.find(W_TC)
        for p in paragraphs(lower_box):
            lower_box.remove(p)
        for p in paragraphs(row.find(W_TC))[1:]:
            lower_box.append(p)
        row.addnext(lower)

    return edit


def table_split_after_guidance(qid: str) -> Callable[[Doc], None]:
    """10. Ctrl+Shift+Enter in the row after the guidance: the rows from there on become a
    new table with the same properties and grid, after an empty paragraph."""

    def edit(doc: Doc) -> None:
        tbl = doc.table(qid)
        new = element("<w:tbl/>")
        new.append(copy.deepcopy(tbl.find(W_TBLPR)))
        new.append(copy.deepcopy(tbl.find(W_TBLGRID)))
        for row in tbl.findall(W_TR)[2:]:
            new.append(row)
        gap = element("<w:p/>")
        tbl.addnext(gap)
        gap.addnext(new)

    return edit


def tables_joined(first: str, second: str) -> Callable[[Doc], None]:
    """11. The empty paragraph between two question tables deleted: Word joins the second
    table's rows to the first table."""

    def edit(doc: Doc) -> None:
        a, b = doc.table(first), doc.table(second)
        gap = a.getnext()
        assert gap is not None and gap.tag == W_P and gap.getnext() is b
        doc.body.remove(gap)
        for row in b.findall(W_TR):
            a.append(row)
        doc.body.remove(b)

    return edit


TEXT_BOX_TEXT = "Key figure: 46 actions under five pillars (illustrative)."


def text_box_in_box(qid: str, *, vml_only: bool = False) -> Callable[[Doc], None]:
    """12. Insert › Text Box (Draw Text Box) in the answer: Word writes the DrawingML shape
    and, for older readers, a VML copy of the same text. 39 (``vml_only``): the VML shape
    alone, as Word writes a text box in a document in compatibility mode; its paragraphs are
    the only copy, inside the answer's paragraph."""

    def edit(doc: Doc) -> None:
        content = f"<w:txbxContent><w:p>{run_xml(TEXT_BOX_TEXT)}</w:p></w:txbxContent>"
        drawing = (
            "<w:drawing>"
            '<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" '
            'simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" '
            'layoutInCell="1" allowOverlap="1">'
            '<wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="column"><wp:posOffset>3200400</wp:posOffset>'
            "</wp:positionH>"
            '<wp:positionV relativeFrom="paragraph"><wp:posOffset>45720</wp:posOffset>'
            "</wp:positionV>"
            '<wp:extent cx="2360930" cy="1404620"/>'
            '<wp:effectExtent l="0" t="0" r="22860" b="11430"/>'
            '<wp:wrapSquare wrapText="bothSides"/>'
            '<wp:docPr id="217" name="Text Box 2"/>'
            "<wp:cNvGraphicFramePr>"
            '<a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>'
            "</wp:cNvGraphicFramePr>"
            '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"><a:spLocks noChangeArrowheads="1"/></wps:cNvSpPr>'
            '<wps:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/>'
            '<a:ext cx="2360930" cy="1404620"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
            '<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
            '<a:miter lim="800000"/><a:headEnd/><a:tailEnd/></a:ln></wps:spPr>'
            f"<wps:txbx>{content}</wps:txbx>"
            '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" '
            'rIns="91440" bIns="45720" anchor="t" anchorCtr="0"><a:spAutoFit/></wps:bodyPr>'
            "</wps:wsp></a:graphicData></a:graphic>"
            '<wp14:sizeRelH relativeFrom="margin"><wp14:pctWidth>40000</wp14:pctWidth>'
            "</wp14:sizeRelH>"
            '<wp14:sizeRelV relativeFrom="margin"><wp14:pctHeight>20000</wp14:pctHeight>'
            "</wp14:sizeRelV>"
            "</wp:anchor></w:drawing>"
        )
        vml = (
            "<w:pict>"
            '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
            'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
            '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
            '<v:shape id="Text Box 2" o:spid="_x0000_s1026" type="#_x0000_t202" '
            'style="position:absolute;margin-left:252pt;margin-top:3.6pt;width:185.9pt;'
            "height:110.6pt;z-index:251659264;visibility:visible;mso-wrap-style:square;"
            "mso-width-percent:400;mso-height-percent:200;mso-wrap-distance-left:9pt;"
            "mso-wrap-distance-top:3.6pt;mso-wrap-distance-right:9pt;"
            "mso-wrap-distance-bottom:3.6pt;mso-position-horizontal:absolute;"
            "mso-position-horizontal-relative:text;mso-position-vertical:absolute;"
            "mso-position-vertical-relative:text;mso-width-relative:margin;"
            'mso-height-relative:margin;v-text-anchor:top">'
            f'<v:textbox style="mso-fit-shape-to-text:t">{content}</v:textbox>'
            '<w10:wrap type="square"/></v:shape></w:pict>'
        )
        both = (
            f'<mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
            f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent>"
        )
        shape = element(f"<w:r><w:rPr><w:noProof/></w:rPr>{vml if vml_only else both}</w:r>")
        first = paragraphs(doc.box(qid))[0]
        ppr = first.find(W_PPR)
        if ppr is None:
            first.insert(0, shape)
        else:
            ppr.addnext(shape)

    return edit


FOOTNOTE_TEXT = "Source: mid-term review of the implementation plan, 2027 (illustrative)."
ENDNOTE_TEXT = "Figures from the national trafficking case database (illustrative)."
NOTE_SEPARATORS_XML = (
    '<w:{kind}s xmlns:w="{w}" xmlns:r="{r}" xmlns:mc="{mc}" xmlns:w14="{w14}" '
    'mc:Ignorable="w14">'
    '<w:{kind} w:type="separator" w:id="-1"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:separator/></w:r></w:p></w:{kind}>"
    '<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
    '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    "<w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>"
    "</w:{kind}s>"
)
NOTE_XML = (
    '<w:{kind} w:id="1"><w:p><w:pPr><w:pStyle w:val="{Kind}Text"/></w:pPr>'
    '<w:r><w:rPr><w:rStyle w:val="{Kind}Reference"/></w:rPr><w:{kind}Ref/></w:r>'
    "{text}</w:p></w:{kind}>"
)
NOTE_STYLES_XML = (
    '<w:style w:type="paragraph" w:styleId="{Kind}Text">'
    '<w:name w:val="{kind} text"/><w:basedOn w:val="Normal"/>'
    '<w:link w:val="{Kind}TextChar"/><w:uiPriority w:val="99"/><w:semiHidden/>'
    '<w:unhideWhenUsed/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
    '</w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>'
    '<w:style w:type="character" w:customStyle="1" w:styleId="{Kind}TextChar">'
    '<w:name w:val="{Kind} Text Char"/><w:basedOn w:val="DefaultParagraphFont"/>'
    '<w:link w:val="{Kind}Text"/><w:uiPriority w:val="99"/><w:semiHidden/>'
    '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="{Kind}Reference">'
    '<w:name w:val="{kind} reference"/><w:basedOn w:val="DefaultParagraphFont"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
    '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
)


def note_in_box(qid: str, kind: str, text: str) -> Callable[[Doc], None]:
    """13/14. References › Insert Footnote (Endnote) at the end of the answer's first
    paragraph, as Word saves it: the reference run; both notes parts (Word always writes
    the footnotes and the endnotes part, each with its separator and continuation
    separator), registered in the content types and the document's relationships; the
    note properties in the settings; and the styles of the kind of note used."""
    big = kind.capitalize()

    def edit(doc: Doc) -> None:
        first = paragraphs(doc.box(qid))[0]
        first.append(
            element(
                f'<w:r><w:rPr><w:rStyle w:val="{big}Reference"/></w:rPr>'
                f'<w:{kind}Reference w:id="1"/></w:r>'
            )
        )
        settings = doc.pkg.xml("word/settings.xml")
        compat = settings.find(w("compat"))
        for part in ("footnote", "endnote"):
            fmt = {"kind": part, "Kind": part.capitalize(), **NAMESPACES}
            notes = etree.fromstring(NOTE_SEPARATORS_XML.format(**fmt))
            if part == kind:
                notes.append(element(NOTE_XML.format(**fmt, text=run_xml(" " + text))))
            doc.pkg.add(
                f"word/{part}s.xml",
                notes,
                f"application/vnd.openxmlformats-officedocument.wordprocessingml.{part}s+xml",
                f"{OFFICE_REL}/{part}s",
            )
            compat.addprevious(
                element(f'<w:{part}Pr><w:{part} w:id="-1"/><w:{part} w:id="0"/></w:{part}Pr>')
            )
        styles = doc.pkg.xml("word/styles.xml")
        for style in fragment(NOTE_STYLES_XML.format(kind=kind, Kind=big)):
            styles.append(style)

    return edit


SYMBOL_LINE = "Targets: coverage ≥ 80 per cent, cost ≤ 5 per cent • on track ✓"


def symbols_in_box(qid: str) -> Callable[[Doc], None]:
    """15. Insert › Symbol from the Symbol and Wingdings fonts: ``w:sym`` runs."""

    def edit(doc: Doc) -> None:
        append_to_box(
            doc,
            qid,
            run("Targets: coverage "),
            sym("Symbol", "F0B3"),
            run(" 80 per cent, cost "),
            sym("Symbol", "F0A3"),
            run(" 5 per cent "),
            sym("Symbol", "F0B7"),
            run(" on track "),
            sym("Wingdings", "F0FC"),
        )

    return edit


HYPHEN_LINE = "The inter\u00administerial committee adopted the 2027\u20112029 work plan."


def libreoffice_hyphens(qid: str) -> Callable[[Doc], None]:
    """16. A soft hyphen and a non-breaking hyphen, as LibreOffice Writer writes them to
    .docx: ``w:softHyphen`` and ``w:noBreakHyphen`` elements inside the run."""

    def edit(doc: Doc) -> None:
        doc.box(qid).append(
            element(
                '<w:p><w:pPr><w:pStyle w:val="Normal"/><w:rPr></w:rPr></w:pPr><w:r><w:rPr></w:rPr>'
                "<w:t>The inter</w:t><w:softHyphen/>"
                '<w:t xml:space="preserve">ministerial committee adopted the 2027</w:t>'
                '<w:noBreakHyphen/><w:t xml:space="preserve">2029 work plan.</w:t></w:r></w:p>'
            )
        )

    return edit


def placeholder(qid: str, line: str, *, alone: bool = False) -> Callable[[Doc], None]:
    """17. A placeholder left in the answer: a line added to it, or the whole answer."""

    def edit(doc: Doc) -> None:
        if alone:
            set_box(doc, qid, line)
        else:
            append_to_box(doc, qid, line)

    return edit


# ---------------------------------------------------------------- choices


def mark_option(qid: str, code: str, mark: Callable[[], etree._Element]):
    """18. The base's marks removed and this mark put beside one option."""

    def edit(doc: Doc) -> None:
        clear_marks(doc, qid)
        put_mark(doc, qid, code, mark())

    return edit


def unmarked_elsewhere(qid: str, mark: Callable[[], etree._Element]):
    """19. The chosen option keeps its X; every other option gets a mark that means no."""

    def edit(doc: Doc) -> None:
        for code, row in doc.option_rows(qid).items():
            if not text_of(row.find(W_TC)).strip():
                put_mark(doc, qid, code, mark())

    return edit


def checkboxes_everywhere(qid: str, chosen: str) -> Callable[[Doc], None]:
    """19. A check box content control in every mark cell, only the chosen one ticked."""

    def edit(doc: Doc) -> None:
        for n, code in enumerate(doc.option_rows(qid)):
            put_mark(doc, qid, code, checkbox(code == chosen, 1846125914 + n))

    return edit


def yes_no_marks(qid: str, yes: set[str]) -> Callable[[Doc], None]:
    """20. "Yes" typed beside the options that apply and "No" beside the others."""

    def edit(doc: Doc) -> None:
        for code in doc.option_rows(qid):
            put_mark(doc, qid, code, text_mark("Yes" if code in yes else "No"))

    return edit


def label_emphasised(qid: str, code: str, prop: str) -> Callable[[Doc], None]:
    """21/22. No mark; the chosen option's label made bold, or highlighted."""

    def edit(doc: Doc) -> None:
        clear_marks(doc, qid)
        for r in label_paragraph(doc, qid, code).iter(W_R):
            rpr = r.find(W_RPR)
            if rpr is None:
                rpr = element("<w:rPr/>")
                r.insert(0, rpr)
            rpr.append(element(prop))

    return edit


def only_option_left(qid: str, code: str) -> Callable[[Doc], None]:
    """23. Every other option row deleted, no mark."""

    def edit(doc: Doc) -> None:
        clear_marks(doc, qid)
        tbl = doc.table(qid)
        for other, row in doc.option_rows(qid).items():
            if other != code:
                tbl.remove(row)

    return edit


def mark_after_label(qid: str, code: str) -> Callable[[Doc], None]:
    """24. The mark cell left empty and " X" typed after the option's label."""

    def edit(doc: Doc) -> None:
        clear_marks(doc, qid)
        label_paragraph(doc, qid, code).append(run(" X", "<w:rPr/>"))

    return edit


OTHER_TEXT = "training for statisticians"


def other_specified(qid: str, *, new_paragraph: bool) -> Callable[[Doc], None]:
    """25. X beside "Other (please describe)" and the description typed in the label cell:
    after the label, or in a new paragraph of the label cell."""

    def edit(doc: Doc) -> None:
        put_mark(doc, qid, "other", text_mark("X"))
        label = label_paragraph(doc, qid, "other")
        if new_paragraph:
            label.addnext(paragraph(OTHER_TEXT))
        else:
            label.append(run(": " + OTHER_TEXT, "<w:rPr/>"))

    return edit


# ---------------------------------------------------------------- numbers and dates


def typed(qid: str, text: str) -> Callable[[Doc], None]:
    def edit(doc: Doc) -> None:
        set_box(doc, qid, text)

    return edit


# ---------------------------------------------------------------- the data annex


def _sheet(wb: openpyxl.Workbook, qid: str):
    for ws in wb.worksheets:
        if ws["A1"].value == f"gcmreview:{qid}":
            return ws
    raise KeyError(qid)


def _cell(ws, row_id: str, col_id: str):
    row = next(
        r for r in range(FIRST_DATA_ROW, ws.max_row + 1) if ws.cell(row=r, column=1).value == row_id
    )
    col = next(
        c for c in range(3, ws.max_column + 1) if ws.cell(row=KEY_ROW, column=c).value == col_id
    )
    return ws.cell(row=row, column=col)


def percent_cell(wb: openpyxl.Workbook) -> None:
    """30. 6.1 % typed as a percentage: Excel stores 0.061 formatted 0.0%."""
    cell = _cell(_sheet(wb, "data.sdg"), "sdg_10_c_1", "value")
    cell.value = 0.061
    cell.number_format = "0.0%"


EXTRA_LABEL = "of which: transit migrants"
#: The flows sheet renamed, so that a location naming the sheet can be told from one
#: naming only the question (data.flows).
FLOWS_SHEET = "Flows 2027"


def inserted_row(wb: openpyxl.Workbook) -> None:
    """31. A row inserted under the first data row (its hidden key cell is empty), with a
    label and a figure in the total column; the sheet's tab renamed."""
    ws = _sheet(wb, "data.flows")
    ws.title = FLOWS_SHEET
    ws.insert_rows(FIRST_DATA_ROW + 1)
    ws.cell(row=FIRST_DATA_ROW + 1, column=2, value=EXTRA_LABEL)
    total = next(
        c for c in range(3, ws.max_column + 1) if ws.cell(row=KEY_ROW, column=c).value == "total"
    )
    ws.cell(row=FIRST_DATA_ROW + 1, column=total, value=4200)


def total_as_text(wb: openpyxl.Workbook) -> None:
    """32. A total typed as text with a thousands separator."""
    _cell(_sheet(wb, "data.stock"), "refugees", "total").value = "1,250"


def total_in_wan(wb: openpyxl.Workbook) -> None:
    """32. A total typed as text in the Chinese way: 1.2万 (12,000)."""
    _cell(_sheet(wb, "data.stock"), "refugees", "total").value = "1.2万"


# ---------------------------------------------------------------- identity


def id_deleted(qid: str) -> Callable[[Doc], None]:
    """36. The ID looked like technical junk to the person, who deleted it: the first cell
    of the question's table is empty."""

    def edit(doc: Doc) -> None:
        empty_cell(doc.rows(qid)[0].find(W_TC))

    return edit


def placeholder_control(qid: str) -> Callable[[Doc], None]:
    """37. A plain-text content control pasted into the box from another form, still showing
    Word's placeholder (nothing was typed in it), after the person's answer."""

    def edit(doc: Doc) -> None:
        doc.box(qid).append(
            element(
                '<w:sdt><w:sdtPr><w:id w:val="-1203438394"/><w:placeholder>'
                '<w:docPart w:val="DefaultPlaceholder_-1854013440"/></w:placeholder>'
                "<w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent><w:p><w:r><w:rPr>"
                '<w:rStyle w:val="PlaceholderText"/></w:rPr>'
                "<w:t>Click or tap here to enter text.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
            )
        )

    return edit


def comment_on_question(qid: str, text: str) -> Callable[[Doc], None]:
    """38. A Word comment anchored in the answer box (Review › New Comment), as Word writes
    it: range marks and a reference run in document.xml, the text in word/comments.xml."""

    def edit(doc: Doc) -> None:
        p = paragraphs(doc.box(qid))[0]
        p.insert(0, element('<w:commentRangeStart w:id="7"/>'))
        p.append(element('<w:commentRangeEnd w:id="7"/>'))
        p.append(
            element(
                '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
                '<w:commentReference w:id="7"/></w:r>'
            )
        )
        doc.pkg.add(
            "word/comments.xml",
            etree.fromstring(
                f'<w:comments xmlns:w="{W_NS}"><w:comment w:id="7" w:author="Focal point" '
                f'w:date="2028-03-02T10:00:00Z" w:initials="FP"><w:p><w:r><w:t>{escape(text)}'
                "</w:t></w:r></w:p></w:comment></w:comments>"
            ),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
        )

    return edit


def properties_removed(doc: Doc) -> None:
    """33. No custom document properties, as in a Google Docs export: the part, its
    relationship and its content-type override are gone."""
    doc.pkg.remove("docProps/custom.xml")


def properties_and_title_removed(doc: Doc) -> None:
    """34. Also everything before the "How to fill in this report" heading deleted."""
    properties_removed(doc)
    heading = t("doc.how.title", doc.language)
    children = list(doc.body)
    start = next(i for i, el in enumerate(children) if el.tag == W_P and text_of(el) == heading)
    for el in children[:start]:
        doc.body.remove(el)


# ---------------------------------------------------------------- the cases


def _plus(line: str) -> Derived:
    return Derived(lambda base: f"{base}\n{line}")


def _chosen(
    label: str, make: Callable[[], etree._Element], base: str = "en", *, lo: bool = False
) -> Case:
    return Case(
        f"18-chosen-{label}",
        base,
        mark_option("policy.plan", "drafting", make),
        expect={"policy.plan": "drafting"},
        lo=lo,
    )


def _not_chosen(label: str, make: Callable[[], etree._Element], base: str = "en") -> Case:
    return Case(
        f"19-not-chosen-{label}",
        base,
        unmarked_elsewhere("policy.plan", make),
        expect={"policy.plan": "adopted"},
    )


def asked(sub: Submission, bank: QuestionBank) -> int:
    """The questions a report of this kind asks, data tables aside."""
    return sum(1 for q in bank.questions.values() if q.for_kind(sub.kind) and q.kind != "table")


def answered(sub: Submission, bank: QuestionBank) -> int:
    return len(sub.answers)


def _placeholder(label: str, line: str, base: str = "en", *, alone: bool = False) -> Case:
    qid = "method.consultation"
    return Case(
        f"17-placeholder-{label}",
        base,
        placeholder(qid, line, alone=alone),
        expect={} if alone else {qid: _plus(line)},
        findings=[("placeholder-left", qid)],
    )


PRINCIPLES_YES = {"b", "d", "j"}
SUPPORT_WITH_OTHER = ["data", "capacity", "funding", "other"]

CASES: list[Case] = [
    # The reports as rendered: everything read, nothing flagged.
    Case(
        "00-as-rendered-en",
        "en",
        forbid=["mostly-empty"],
        counts={"answered": answered, "asked": asked},
    ),
    Case("00-as-rendered-fr", "fr"),
    Case("00-as-rendered-shadow", "shadow"),
    Case("00-as-rendered-es", "es"),
    # Where the text is.
    Case(
        "01-typed-in-guidance-cell",
        "en",
        typed_in_guidance("method.lead"),
        expect={"method.lead": BASE},
        findings=[("answer-outside-box", "method.lead")],
        lo=True,
    ),
    Case(
        "01-typed-in-guidance-cell-shadow",
        "shadow",
        typed_in_guidance("obj.06.evidence"),
        expect={"obj.06.evidence": BASE},
        findings=[("answer-outside-box", "obj.06.evidence")],
    ),
    Case(
        "02-after-guidance-same-paragraph",
        "en",
        after_guidance_same_paragraph("policy.sdg"),
        expect={"policy.sdg": BASE},
        findings=[("answer-outside-box", "policy.sdg")],
    ),
    Case(
        "03-guidance-replaced",
        "en",
        guidance_replaced("method.consultation"),
        expect={"method.consultation": BASE},
        findings=[("answer-outside-box", "method.consultation")],
    ),
    Case(
        "04-typed-in-question-cell",
        "en",
        typed_in_question_cell("obj.02.results"),
        expect={"obj.02.results": BASE},
        findings=[("answer-outside-box", "obj.02.results")],
    ),
    Case(
        "05-typed-after-table",
        "en",
        typed_after_table("policy.institutions"),
        expect={"policy.institutions": BASE},
        findings=[("answer-outside-box", "policy.institutions")],
        lo=True,
    ),
    Case(
        "06-guidance-row-deleted",
        "en",
        guidance_row_deleted("method.consultation"),
        expect={"method.consultation": BASE},
    ),
    Case(
        "07-box-merged-with-guidance",
        "en",
        box_merged_with_guidance("obj.02.measures"),
        expect={"obj.02.measures": BASE},
        allow=["answer-outside-box"],
        lo=True,
    ),
    Case(
        "08-box-split-into-cells",
        "en",
        box_split_into_cells("policy.plan_details"),
        expect={"policy.plan_details": BASE},
    ),
    Case(
        "09-box-split-into-rows",
        "en",
        box_split_into_rows("policy.regional"),
        expect={"policy.regional": BASE},
    ),
    Case(
        "10-table-split",
        "en",
        table_split_after_guidance("obj.05.measures"),
        expect={"obj.05.measures": BASE},
        lo=True,
    ),
    Case(
        "10-table-split-choices",
        "en",
        table_split_after_guidance("method.consulted"),
        expect={"method.consulted": BASE},
    ),
    Case(
        "11-tables-joined",
        "en",
        tables_joined("method.lead", "method.coordination"),
        expect={"method.lead": BASE, "method.coordination": BASE},
        lo=True,
    ),
    Case(
        "12-text-box-in-box",
        "en",
        text_box_in_box("policy.plan_details"),
        expect={"policy.plan_details": All(ContainsBase(), Once(TEXT_BOX_TEXT))},
        lo=True,
    ),
    Case(
        "39-vml-text-box-in-box",
        "en",
        text_box_in_box("policy.plan_details", vml_only=True),
        expect={"policy.plan_details": All(ContainsBase(), Once(TEXT_BOX_TEXT))},
    ),
    Case(
        "13-footnote",
        "en",
        note_in_box("obj.06.measures", "footnote", FOOTNOTE_TEXT),
        expect={"obj.06.measures": All(ContainsBase(), Once(FOOTNOTE_TEXT))},
        lo=True,
    ),
    Case(
        "14-endnote",
        "en",
        note_in_box("obj.10.measures", "endnote", ENDNOTE_TEXT),
        expect={"obj.10.measures": All(ContainsBase(), Once(ENDNOTE_TEXT))},
    ),
    Case(
        "15-symbol-font-characters",
        "en",
        symbols_in_box("obj.20.measures"),
        expect={"obj.20.measures": All(_plus(SYMBOL_LINE), NoPrivateUse())},
    ),
    Case(
        "16-libreoffice-hyphens",
        "en",
        libreoffice_hyphens("cross.climate"),
        expect={"cross.climate": _plus(HYPHEN_LINE)},
    ),
    _placeholder("TBC", "Budget for the validation workshop: TBC"),
    _placeholder("TBA", "Date of the second county dialogue: TBA"),
    _placeholder("TBD", "Number of participants: TBD"),
    _placeholder("to-be-completed", "To be completed"),
    _placeholder("a-completer", "Résultats de l'atelier de validation : à compléter", "fr"),
    _placeholder("por-completar", "Resultados del taller de validación: por completar", "es"),
    _placeholder("ellipsis-bracket", "The validation workshop recommended […]"),
    _placeholder("dots-bracket", "The validation workshop recommended [...]"),
    _placeholder("xxx", "xxx participants attended the validation workshop."),
    _placeholder("dots-alone", "...", alone=True),
    _placeholder("ellipsis-alone", "…", alone=True),
    # Choices: marks that mean chosen.
    _chosen("x", lambda: text_mark("x")),
    _chosen("X", lambda: text_mark("X")),
    _chosen("check", lambda: text_mark("✓"), lo=True),
    _chosen("heavy-check", lambda: text_mark("✔")),
    _chosen("ballot-x", lambda: text_mark("☒")),
    _chosen("ballot-check", lambda: text_mark("☑")),
    _chosen("black-square", lambda: text_mark("■")),
    _chosen("black-circle", lambda: text_mark("●")),
    _chosen("yes", lambda: text_mark("yes")),
    _chosen("Yes", lambda: text_mark("Yes")),
    _chosen("oui", lambda: text_mark("oui"), "fr"),
    _chosen("si", lambda: text_mark("sí"), "es"),
    _chosen("wingdings-F0FE", lambda: sym("Wingdings", "F0FE")),
    _chosen("wingdings-F0FD", lambda: sym("Wingdings", "F0FD")),
    _chosen("wingdings-F0FC", lambda: sym("Wingdings", "F0FC")),
    _chosen("checkbox-checked", lambda: checkbox(True)),
    Case(
        "18-chosen-check-shadow",
        "shadow",
        mark_option("obj.06.assessment", "none", lambda: text_mark("✓")),
        expect={"obj.06.assessment": "none"},
    ),
    # Marks that mean not chosen.
    _not_chosen("ballot-box", lambda: text_mark("☐")),
    _not_chosen("white-square", lambda: text_mark("□")),
    _not_chosen("white-circle", lambda: text_mark("○")),
    _not_chosen("wingdings-F06F", lambda: sym("Wingdings", "F06F")),
    _not_chosen("wingdings-F0A8", lambda: sym("Wingdings", "F0A8")),
    _not_chosen("no", lambda: text_mark("no")),
    _not_chosen("non", lambda: text_mark("non"), "fr"),
    Case(
        "19-not-chosen-checkbox-unchecked",
        "en",
        checkboxes_everywhere("policy.plan", "adopted"),
        expect={"policy.plan": "adopted"},
    ),
    Case(
        "20-yes-and-no-beside-every-option",
        "en",
        yes_no_marks("obj.02.principles", PRINCIPLES_YES),
        expect={"obj.02.principles": sorted(PRINCIPLES_YES)},
    ),
    Case(
        "21-bold-label-no-mark",
        "en",
        label_emphasised("method.coordination", "no", "<w:b/>"),
        expect={"method.coordination": ABSENT},
        findings=[("choice-unclear", "method.coordination")],
    ),
    Case(
        "22-highlighted-label-no-mark",
        "en",
        label_emphasised("method.coordination", "no", '<w:highlight w:val="yellow"/>'),
        expect={"method.coordination": ABSENT},
        findings=[("choice-unclear", "method.coordination")],
    ),
    Case(
        "23-only-one-option-left",
        "en",
        only_option_left("method.coordination", "no"),
        expect={"method.coordination": "no"},
    ),
    Case(
        "24-x-after-label",
        "en",
        mark_after_label("method.coordination", "yes"),
        expect={"method.coordination": "yes"},
    ),
    Case(
        "25-other-described-after-label",
        "en",
        other_specified("next.support", new_paragraph=False),
        expect={"next.support": SUPPORT_WITH_OTHER},
        notes={"next.support": OTHER_TEXT},
        lo=True,
    ),
    Case(
        "25-other-described-new-paragraph",
        "en",
        other_specified("next.support", new_paragraph=True),
        expect={"next.support": SUPPORT_WITH_OTHER},
        notes={"next.support": OTHER_TEXT},
    ),
    # Numbers and dates.
    Case(
        "26-number-en-thousands-comma",
        "en",
        typed("method.entities", "1,250"),
        expect={"method.entities": 1250},
    ),
    Case(
        "27-number-fr-thousands-nbsp",
        "fr",
        typed("method.entities", "1\u00a0234"),
        expect={"method.entities": 1234},
    ),
    Case(
        "27-number-fr-thousands-dot",
        "fr",
        typed("method.entities", "1.234"),
        expect={"method.entities": 1234},
    ),
    Case(
        "28-number-fr-ambiguous-comma",
        "fr",
        typed("method.entities", "1,250"),
        expect={"method.entities": "1,250"},
        findings=[("ambiguous-number", "method.entities")],
        allow=["not-a-number"],
    ),
    Case(
        "28-number-zh-wan",
        "zh",
        typed("method.entities", "1.2万"),
        expect={"method.entities": 12000},
    ),
    Case(
        "29-date-fr-slashes",
        "fr",
        typed("method.started", "12/03/2027"),
        expect={"method.started": "2027-03-12"},
    ),
    Case(
        "29-date-fr-words",
        "fr",
        typed("method.started", "12 mars 2027"),
        expect={"method.started": "2027-03-12"},
    ),
    Case(
        "29-date-en-month",
        "en",
        typed("method.started", "March 2027"),
        expect={"method.started": "2027-03"},
        allow=["bad-date"],
    ),
    Case(
        "29-date-en-slashes-ambiguous",
        "en",
        typed("method.started", "12/03/2027"),
        findings=[("bad-date", "method.started")],
    ),
    # The data annex.
    Case(
        "30-annex-percentage",
        "en",
        edit_annex=percent_cell,
        cells={("data.sdg", "sdg_10_c_1", "value"): 6.1},
    ),
    Case(
        "31-annex-inserted-row",
        "en",
        edit_annex=inserted_row,
        findings=[("unexpected-row", "data.flows")],
        located=[
            (
                "unexpected-row",
                rf"(?=.*{re.escape(FLOWS_SHEET)})(?=.*\b[A-Z]{{1,3}}{FIRST_DATA_ROW + 1}\b)",
            )
        ],
        extra_rows={"data.flows": [(EXTRA_LABEL, {"total": 4200})]},
    ),
    Case(
        "32-annex-total-as-text",
        "en",
        edit_annex=total_as_text,
        cells={("data.stock", "refugees", "total"): 1250},
    ),
    Case(
        "32-annex-total-zh-wan",
        "zh",
        edit_annex=total_in_wan,
        cells={("data.stock", "refugees", "total"): 12000},
    ),
    # Identity of a question whose ID was deleted; things that are not answers.
    Case(
        "36-id-deleted",
        "en",
        id_deleted("method.lead"),
        expect={"method.lead": BASE},
        findings=[("id-deleted", "method.lead")],
        forbid=["question-missing"],
    ),
    Case(
        "36-id-deleted-per-objective",
        "en",
        id_deleted("obj.06.measures"),
        expect={"obj.06.measures": BASE},
        findings=[("id-deleted", "obj.06.measures")],
        forbid=["question-missing"],
    ),
    Case(
        "37-placeholder-content-control",
        "en",
        placeholder_control("policy.sdg"),
        expect={"policy.sdg": BASE},
    ),
    Case(
        "38-comment-on-question",
        "en",
        comment_on_question("policy.regional", "Figures to be confirmed by the statistics office"),
        expect={"policy.regional": BASE},
        findings=[("comments-present", "policy.regional")],
    ),
    # Identity.
    Case(
        "33-properties-removed",
        "en",
        properties_removed,
        findings=[("properties-missing", None)],
        lo=True,
    ),
    Case(
        "34-properties-and-title-page-removed",
        "en",
        properties_and_title_removed,
        status="UNREADABLE",
        message="--country",
    ),
    Case(
        "34-properties-and-title-page-removed-identity-given",
        "en",
        properties_and_title_removed,
        identity={"country": "KEN", "region": "ECA"},
        findings=[("properties-missing", None)],
        check_identity=False,
    ),
    # Completeness.
    Case(
        "35-mostly-empty",
        "sparse",
        findings=[("mostly-empty", None)],
        counts={"answered": 6, "asked": asked, "annex_cells_filled": 0},
    ),
]


def _check_names() -> None:
    names = [c.name for c in CASES]
    assert len(names) == len(set(names)), "case names must be unique"
    assert all(re.fullmatch(r"[\w.-]+", n) for n in names)


_check_names()
