"""The Word report: the fill-in template written by ``init`` and the filled-in report written
by ``render`` are the same document, with or without answers.

Why this structure (it has to survive people editing it in Word and LibreOffice):

* **One table per question, keyed by its ID.** The first cell of every question table holds
  the question ID (``obj.13.measures``) as plain text. Tables survive everything people do
  while filling in a form — typing several paragraphs and bullet lists, pasting from other
  documents, tracked changes, comments, re-saving in LibreOffice Writer — and a reader finds
  each answer by that ID, wherever the table ends up. Bookmarks get lost when text around them
  is replaced or pasted over, and Word content controls are only partly supported by
  LibreOffice, so neither carries the key.
* **The answer is the whole last cell** (merged across the table): whatever paragraphs, lists,
  tabs or nested tables a person puts there belong to the answer.
* **Choice questions list one option per row** with an empty box to mark with X; the option is
  identified by its row, so the marking works in any language and any editor.
* **Metadata** (kind, country, region, language, cycle, bank version and fingerprint) is kept
  in custom document properties, which Word shows under File › Properties and LibreOffice keeps
  when it saves as .docx; the title page repeats it for people.
"""

from __future__ import annotations

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from gcmreview import docxkit as dk
from gcmreview import reference
from gcmreview.bank import Question, QuestionBank
from gcmreview.i18n import t
from gcmreview.layout import META_PREFIX, sheet_title
from gcmreview.reference import pick
from gcmreview.submission import Submission
from gcmreview.wording import field_label, kind_title, question_note

ID_COLUMN = Cm(3.0)
TEXT_COLUMN = Cm(13.4)


def metadata(sub: Submission) -> dict[str, str]:
    """The custom document properties written into both the .docx and the .xlsx."""
    values = {f"{META_PREFIX}{key}": value for key, value in sub.identity().items() if value}
    values[f"{META_PREFIX}schema"] = "gcmreview/report@1"
    if sub.illustrative:
        values[f"{META_PREFIX}illustrative"] = "true"
    return values


def write_report(bank: QuestionBank, sub: Submission, *, annex_name: str, file_name: str) -> bytes:
    """The report as .docx bytes. ``sub`` without answers gives the empty template."""
    lang = sub.language
    country = reference.country(sub.country)
    comm = reference.commission(sub.region)
    title = kind_title(sub.kind, lang)
    doc = dk.new_document(
        title=f"{title}: {country.name(lang)}",
        subject=t("doc.regional_review", lang, cycle=sub.review_cycle),
        language=lang,
        keywords=f"GCM; {comm.code}; {sub.country}; {sub.kind}",
    )
    dk.set_custom_properties(doc, metadata(sub))
    _footer(doc, sub, country.name(lang))
    _title_page(doc, bank, sub, country.name(lang), pick(comm.name, lang), annex_name)
    _instructions(doc, lang, annex_name, file_name)
    dk.page_break(doc)
    doc.add_paragraph(t("doc.contents", lang), style="Heading 1")
    dk.add_field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', t("doc.toc_hint", lang))
    dk.update_fields_on_open(doc)
    dk.page_break(doc)
    for number, section in enumerate(bank.sections_for(sub.kind), start=1):
        doc.add_paragraph(f"{number}. {pick(section.title, lang)}", style="Heading 1")
        if section.intro:
            intro = doc.add_paragraph()
            dk.styled_run(intro, pick(section.intro, lang), italic=True, colour=dk.GREY)
        current_objective = None
        for q in bank.questions_in(section, sub.kind):
            if q.objective is not None and q.objective != current_objective:
                current_objective = q.objective
                heading = reference.objective(q.objective).heading(lang)
                doc.add_paragraph(heading, style="Heading 2")
            question_table(
                doc, q, sub.answers.get(q.id), lang, annex_name, written=sub.notes.get(q.id)
            )
    return dk.save_bytes(doc)


def _footer(doc, sub: Submission, country_name: str) -> None:
    footer = doc.sections[0].footer
    para = footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text = t(
        "doc.footer",
        sub.language,
        country=country_name,
        kind=kind_title(sub.kind, sub.language),
        cycle=sub.review_cycle,
    )
    page = t("doc.page", sub.language, page="{page}")
    dk.page_footer(para, f"{text} · ", page, colour=dk.GREY)


def _title_page(
    doc, bank: QuestionBank, sub: Submission, country_name: str, region_name: str, annex_name: str
) -> None:
    lang = sub.language
    top = doc.add_paragraph()
    dk.styled_run(top, t("doc.compact", lang), bold=True, size=11, colour=dk.UN_BLUE)
    top.add_run("\n")
    dk.styled_run(
        top, t("doc.regional_review", lang, cycle=sub.review_cycle), size=11, colour=dk.GREY
    )
    top.paragraph_format.space_after = Pt(60)
    doc.add_paragraph(kind_title(sub.kind, lang), style="Title")
    name = doc.add_paragraph()
    dk.styled_run(name, country_name, bold=True, size=20)
    if sub.kind == "shadow" and sub.organisation:
        org = doc.add_paragraph()
        dk.styled_run(org, sub.organisation, size=14, colour=dk.GREY)
    if sub.illustrative:
        banner = doc.add_paragraph()
        dk.styled_run(
            banner, t("doc.illustrative", lang), bold=True, colour=RGBColor(0xB0, 0x00, 0x20)
        )
    if bank.draft_translation(lang):  # until a working group's `questions apply --reviewed`
        notice = doc.add_paragraph()
        dk.styled_run(notice, t("doc.draft_translation", lang), bold=True, colour=dk.UN_BLUE)
        notice.add_run("\n")
        dk.styled_run(notice, t("doc.draft_translation_note", lang), size=9, colour=dk.GREY)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(40)
    heading = doc.add_paragraph()
    dk.styled_run(heading, t("doc.identity", lang), bold=True)
    rows = [
        (field_label("country", lang), f"{country_name} ({sub.country})"),
        (field_label("region", lang), f"{region_name} ({sub.region})"),
        (field_label("kind", lang), kind_title(sub.kind, lang)),
        (field_label("language", lang), reference.LANGUAGE_NAMES[lang]),
        (field_label("cycle", lang), sub.review_cycle),
        (field_label("bank", lang), f"{bank.id} {sub.bank_version} ({sub.bank_fingerprint})"),
        (field_label("annex", lang), annex_name),
    ]
    if sub.kind == "shadow" and sub.organisation:
        rows.insert(3, (field_label("organisation", lang), sub.organisation))
    table = doc.add_table(rows=0, cols=2)
    dk.set_table_style(doc, table, "Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for label, value in rows:
        cells = table.add_row().cells
        dk.shade(cells[0], dk.QUESTION_FILL)
        dk.styled_run(cells[0].paragraphs[0], label, bold=True, size=9)
        dk.styled_run(cells[1].paragraphs[0], value, size=9)
    dk.fixed_widths(table, (Cm(4.5), Cm(11.9)))


def _instructions(doc, lang: str, annex_name: str, file_name: str) -> None:
    dk.page_break(doc)
    doc.add_paragraph(t("doc.how.title", lang), style="Heading 1")
    for n in range(1, 7):
        doc.add_paragraph(
            t(f"doc.how.{n}", lang, annex=annex_name, file=file_name), style="List Number"
        )
    doc.add_paragraph(t("doc.privacy.title", lang), style="Heading 2")
    box = doc.add_table(rows=1, cols=1)
    dk.set_table_style(doc, box, "Table Grid")
    cell = box.rows[0].cells[0]
    dk.fixed_widths(box, (ID_COLUMN + TEXT_COLUMN,))
    dk.shade(cell, "FDECEA")
    dk.styled_run(cell.paragraphs[0], t("doc.privacy.text", lang), size=9.5)


def question_table(
    doc,
    q: Question,
    value: object,
    lang: str,
    annex_name: str = "",
    *,
    note: str | None = None,
    emphasis: bool = True,
    written: str | None = None,
) -> None:
    """One question as a table keyed by its ID (see the module docstring); ``value`` fills
    it (None: an empty box to fill in). ``note`` is added to the line under the question;
    ``emphasis=False`` prints the question text in plain type (validation forms quote
    passages there). ``written`` is text written with a choice or a data table (an "Other"
    specification), in a box under the options."""
    table = doc.add_table(rows=2, cols=2)
    dk.set_table_style(doc, table, "Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    head, guide = table.rows
    id_cell, text_cell = head.cells
    dk.shade(id_cell, dk.QUESTION_FILL)
    dk.shade(text_cell, dk.QUESTION_FILL)
    dk.styled_run(id_cell.paragraphs[0], q.id, size=7, colour=dk.GREY)
    para = text_cell.paragraphs[0]
    dk.styled_run(para, pick(q.text, lang), bold=emphasis)
    note_para = text_cell.add_paragraph()
    dk.styled_run(note_para, question_note(q, lang, note), size=8, colour=dk.UN_BLUE)
    dk.keep_row_together(head)
    g_left, g_right = guide.cells
    merged = dk.merge_pair(g_left, g_right)
    dk.shade(merged, dk.GUIDANCE_FILL)
    dk.styled_run(
        merged.paragraphs[0], pick(q.guidance, lang), italic=True, size=8.5, colour=dk.GREY
    )
    for p in text_cell.paragraphs:
        dk.keep_with_next(p)
    if q.kind in ("choice", "multichoice"):
        chosen = set(value if isinstance(value, list) else [value] if value else [])
        for choice in q.choices:
            mark_cell, label_cell = table.add_row().cells
            dk.shade(mark_cell, dk.ANSWER_FILL)
            mark = mark_cell.paragraphs[0]
            mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if choice.code in chosen:
                dk.styled_run(mark, "X", bold=True)
            dk.styled_run(label_cell.paragraphs[0], pick(choice.label, lang))
    elif q.kind == "table":
        left, right = table.add_row().cells
        sheet = sheet_name(q, lang)
        dk.styled_run(
            right.paragraphs[0],
            t("doc.table_in_annex", lang, sheet=sheet) + f" ({annex_name})",
            italic=True,
            size=9,
        )
    else:
        left, right = table.add_row().cells
        answer = dk.merge_pair(left, right)
        dk.min_height(table.rows[-1], Cm(1.6 if q.kind == "text" else 0.8))
        dk.shade(answer, dk.ANSWER_FILL)
        dk.cell_margins(answer, top=100, bottom=160)
        if value not in (None, ""):
            _fill_answer(answer, str(value) if not isinstance(value, str) else value)
    if written and q.kind in ("choice", "multichoice", "table"):
        left, right = table.add_row().cells
        box = dk.merge_pair(left, right)
        dk.shade(box, dk.ANSWER_FILL)
        _fill_answer(box, written)
    dk.fixed_widths(table, (ID_COLUMN, TEXT_COLUMN))
    # Keep the question, its guidance and the start of the answer on one page.
    for row in table.rows[:-1]:
        dk.keep_row_together(row)
        for cell in row.cells:
            for p in cell.paragraphs:
                dk.keep_with_next(p)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _fill_answer(cell, text: str) -> None:
    """Write a narrative answer: one paragraph per line; ``- `` lines become bullet items."""
    first = True
    for line in text.split("\n"):
        if first:
            para = cell.paragraphs[0]
            first = False
        else:
            para = cell.add_paragraph()
        if line.startswith("- "):
            para.style = "List Bullet"
            line = line[2:]
        if line:
            para.add_run(line)


def sheet_name(q: Question, lang: str = "en") -> str:
    """The data-annex sheet for a table question, in the annex's language."""
    return sheet_title(q, lang)
