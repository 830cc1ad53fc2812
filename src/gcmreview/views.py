"""How the question bank and the reference data are shown in the terminal (Rich) and as
JSON. Part of the CLI layer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.markup import escape
from rich.table import Table

from gcmreview import formats, reference, ui
from gcmreview.bank import Question, QuestionBank
from gcmreview.i18n import t
from gcmreview.reference import pick
from gcmreview.ui import printable, safe


def _requirement(bank: QuestionBank, q: Question, lang: str) -> str:
    if q.required:
        return t("label.required", lang)
    if q.required_if:
        if q.required_if.present:
            return t("label.required_if_answered", lang, question=q.required_if.question)
        target = bank.question(q.required_if.question)
        labels = {c.code: pick(c.label, lang) for c in target.choices}
        value = labels.get(q.required_if.equals or "", q.required_if.equals)
        return t("label.required_if", lang, question=q.required_if.question, value=value)
    return t("label.optional", lang)


def question_json(bank: QuestionBank, q: Question, lang: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": q.id,
        "section": q.section,
        "kind": q.kind,
        "audience": q.audience,
        "required": q.required,
        "required_if": q.required_if.model_dump(exclude_none=True) if q.required_if else None,
        "word_limit": q.word_limit,
        "objective": q.objective,
        "objectives": list(q.objectives),
        "principles": list(q.principles),
        "text": pick(q.text, lang),
        "guidance": pick(q.guidance, lang),
        "contact": q.contact,
    }
    if q.choices:
        data["choices"] = [{"code": c.code, "label": pick(c.label, lang)} for c in q.choices]
    if q.table:
        data["table"] = {
            "unit": pick(q.table.unit, lang) if q.table.unit else None,
            "columns": [
                {"id": c.id, "role": c.role, "label": pick(c.label, lang)} for c in q.table.columns
            ],
            "rows": [
                {
                    "id": r.id,
                    "label": pick(r.label, lang),
                    "unit": pick(r.unit, lang) if r.unit else None,
                }
                for r in q.table.rows
            ],
        }
    return data


def question_list(bank: QuestionBank, selection: list[Question], lang: str, *, json_: bool) -> None:
    if json_:
        ui.print_json(
            {
                "bank": {"id": bank.id, "version": bank.version, "fingerprint": bank.fingerprint},
                "language": lang,
                "translation": bank.translation(lang),
                "questions": [question_json(bank, q, lang) for q in selection],
            }
        )
        return
    ui.out.print(
        f"[bold]{safe(pick(bank.title, lang))}[/]\n"
        f"{t('label.bank', lang)} {safe(bank.id)} · {t('label.version', lang)} "
        f"{safe(bank.version)} · {bank.fingerprint}"
    )
    if bank.draft_translation(lang):
        ui.out.print(f"[yellow]{safe(t('doc.draft_translation', lang))}[/]")
    current: tuple[str, int | None] | None = None
    table: Table | None = None
    for q in selection:
        key = (q.section, q.objective)
        if key != current:
            if table is not None:
                ui.out.print(table)
            current = key
            section = bank.section(q.section)
            title = pick(section.title, lang)
            if q.objective is not None:
                title = reference.objective(q.objective).heading(lang)
            table = Table(
                title=title,
                title_justify="left",
                title_style="bold",
                show_lines=False,
                expand=False,
            )
            table.add_column(t("label.id", lang), style="cyan", no_wrap=True)
            table.add_column(t("label.question", lang), ratio=3)
            table.add_column(t("label.details", lang), ratio=2, style="dim")
        assert table is not None
        details = [
            t(f"kind.{q.kind}", lang),
            t(f"audience.{q.audience}", lang),
            _requirement(bank, q, lang),
        ]
        if q.word_limit:
            details.append(t("label.word_limit", lang, n=q.word_limit))
        table.add_row(safe(q.id), safe(pick(q.text, lang)), safe("\n".join(details)))
    if table is not None:
        ui.out.print(table)
    ui.out.print(t("label.questions_found", lang, n=len(selection)))


def question_detail(bank: QuestionBank, q: Question, lang: str, *, json_: bool) -> None:
    if json_:
        ui.print_json(question_json(bank, q, lang))
        return
    section = bank.section(q.section)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row(t("label.id", lang), safe(q.id))
    grid.add_row(t("label.section", lang), safe(pick(section.title, lang)))
    if q.objective is not None:
        grid.add_row(
            t("label.objective", lang), safe(reference.objective(q.objective).heading(lang))
        )
    grid.add_row(t("label.question", lang), safe(pick(q.text, lang)))
    grid.add_row(t("label.guidance", lang), safe(pick(q.guidance, lang)))
    grid.add_row(t("label.kind", lang), t(f"kind.{q.kind}", lang))
    grid.add_row(t("label.audience", lang), t(f"audience.{q.audience}", lang))
    grid.add_row(t("label.required", lang), _requirement(bank, q, lang))
    if q.word_limit:
        grid.add_row("", t("label.word_limit", lang, n=q.word_limit))
    if q.choices:
        grid.add_row(
            t("label.choices", lang),
            "\n".join(f"{c.code}: {safe(pick(c.label, lang))}" for c in q.choices),
        )
    others = [n for n in q.objectives if n != q.objective]
    if others:
        grid.add_row(
            t("label.objectives", lang),
            "\n".join(safe(reference.objective(n).heading(lang)) for n in others),
        )
    if q.principles:
        titles = {p.code: p.display_title(lang) for p in reference.principles()}
        grid.add_row(
            t("label.principles", lang),
            "\n".join(f"({c}) {safe(titles[c])}" for c in q.principles),
        )
    if q.table:
        if q.table.unit:
            grid.add_row(t("label.unit", lang), safe(pick(q.table.unit, lang)))
        grid.add_row(
            t("label.rows", lang), "\n".join(safe(pick(r.label, lang)) for r in q.table.rows)
        )
        grid.add_row(
            t("label.columns", lang),
            "\n".join(safe(pick(c.label, lang)) for c in q.table.columns),
        )
    if q.contact:
        grid.add_row("", t("label.contact", lang))
    ui.out.print(grid)


# ---------------------------------------------------------------- reference data


def _simple(
    rows: list[dict[str, Any]],
    columns: list[tuple[str, str]],
    title: str,
    json_: bool,
    payload: Any = None,
) -> None:
    if json_:
        ui.print_json(payload if payload is not None else rows)
        return
    table = Table(title=title, title_justify="left", title_style="bold")
    for _key, header in columns:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(safe(str(row[key])) for key, _ in columns))
    ui.out.print(table)


def objectives(lang: str, json_: bool) -> None:
    lang = reference.check_language(lang)
    rows: list[dict[str, Any]] = [
        {
            "number": o.number,
            "title": pick(o.title, lang),
            "label": o.label(lang),
            "paragraph": o.paragraph,
            "round_table": o.cluster,
            "verified": o.verified[lang],
            "display_title": o.display_title(lang),
        }
        for o in reference.objectives()
    ]
    if json_:
        ui.print_json(rows)
        return
    # A draft (gcmreview's own translation) says so; an unverified official text gets a "*".
    shown = [
        {**r, "title": r["display_title"] + (" *" if r["verified"] == "unverified" else "")}
        for r in rows
    ]
    _simple(
        shown,
        [
            ("number", "#"),
            ("title", t("label.objectives", lang)),
            ("paragraph", "§"),
            ("round_table", "RT"),
        ],
        "A/RES/73/195, para 16",
        False,
    )
    if any(r["verified"] == "unverified" for r in rows):
        ui.out.print(
            "* wording not yet checked against a copy of the official text "
            "(see gcmreview/data/objectives.yaml)"
        )


def principles(lang: str, json_: bool) -> None:
    lang = reference.check_language(lang)
    rows = [
        {"code": p.code, "title": pick(p.title, lang), "paragraph": p.paragraph,
         "verified": p.verified[lang], "display_title": p.display_title(lang)}
        for p in reference.principles()
    ]  # fmt: skip
    _simple(
        rows,
        [("paragraph", "§"), ("display_title", t("label.principles", lang))],
        "A/RES/73/195, para 15",
        json_,
    )


def round_tables(lang: str, json_: bool) -> None:
    lang = reference.check_language(lang)
    rows = [
        {
            "code": c.code,
            "title": c.title(lang),
            "objectives": ", ".join(str(n) for n in c.objectives),
        }
        for c in reference.clusters()
    ]
    payload = [
        {**r, "objectives": list(c.objectives)}
        for r, c in zip(rows, reference.clusters(), strict=True)
    ]
    _simple(
        rows,
        [("code", "RT"), ("title", ""), ("objectives", t("label.objectives", lang))],
        "IMRF round tables (A/RES/73/326)",
        json_,
        payload,
    )


def stakeholders(lang: str, json_: bool) -> None:
    lang = reference.check_language(lang)
    rows = [
        {"code": s.code, "title": pick(s.title, lang), "verified": s.verified[lang],
         "display_title": s.display_title(lang)}
        for s in reference.stakeholders()
    ]  # fmt: skip
    _simple(rows, [("code", "code"), ("display_title", "")], "A/RES/73/195, para 44", json_)


def regions(code: str | None, lang: str, json_: bool) -> None:
    lang = reference.check_language(lang)
    if code is None:
        rows = [
            {
                "code": c.code,
                "acronym": c.acronym(lang),
                "name": pick(c.name, lang),
                "members": len(c.members),
                "associate_members": len(c.associate_members),
                # ar, ru, zh: primary, secondary, unverified (acronym: or missing)
                "name_verified": c.name_verified.get(lang),
                "acronym_verified": c.acronym_verified.get(lang),
            }
            for c in reference.commissions()
        ]
        _simple(
            rows,
            [
                ("acronym", ""),
                ("name", ""),
                ("members", "members"),
                ("associate_members", "associate members"),
            ],
            "UN regional commissions",
            json_,
        )
        return
    comm = reference.commission(code)
    rows = []
    for status, codes in (
        ("member", comm.regional_members),
        ("non-regional member", comm.non_regional_members),
        ("associate member", comm.associate_members),
    ):
        for alpha3 in codes:
            rows.append(
                {"alpha3": alpha3, "name": reference.country(alpha3).name(lang), "status": status}
            )
    payload = {
        "code": comm.code,
        "acronym": comm.acronym(lang),
        "name": pick(comm.name, lang),
        "established": comm.established,
        "sources": list(comm.sources),
        "verified": comm.verified,
        "members": list(comm.members),
        "non_regional_members": list(comm.non_regional_members),
        "associate_members": list(comm.associate_members),
    }
    _simple(
        rows,
        [("alpha3", "ISO"), ("name", ""), ("status", "")],
        f"{comm.acronym(lang)}: {pick(comm.name, lang)}",
        json_,
        payload,
    )


def sources(bank: QuestionBank, json_: bool) -> None:
    rows = reference.sources() + [
        {"about": f"Bank {bank.id} {bank.version}: {note.about}", "source": note.source,
         "verified": note.verified}
        for note in bank.sources
    ]  # fmt: skip
    levels = reference.level_counts()
    if json_:
        unverified = [r["about"] for r in rows if not r["verified"]]
        ui.print_json(
            {
                "sources": rows,
                "unverified": unverified,
                "levels": levels,
                "unverified_texts": reference.unverified_titles(),
                "draft_texts": reference.draft_titles(),
            }
        )
        return
    table = Table(title="Sources", title_justify="left", title_style="bold")
    table.add_column("About", overflow="fold")
    table.add_column("Source", overflow="fold")
    table.add_column("Verified")
    for r in rows:
        table.add_row(
            safe(r["about"]),
            safe(r["source"]),
            "yes" if r["verified"] else "[yellow]not yet[/]",
        )
    ui.out.print(table)
    count = sum(1 for r in rows if not r["verified"])
    items = formats.count(count, "en", "item", "items")
    ui.out.print(f"{items} not yet verified against their official source.")
    _level_table(levels)


def _level_table(levels: dict[str, dict[str, int]]) -> None:
    """How many reference texts are at each level, per language (reference.level_counts)."""
    table = Table(
        title="Reference texts per language",
        caption="Objective titles, guiding principles, para 44 stakeholders; in ar, ru and zh "
        "also the commissions' names and acronyms. Draft: gcmreview's own translation, shown "
        "in documents as an unofficial translation.",
        title_justify="left",
        title_style="bold",
        caption_justify="left",
    )
    headings = {"primary": "official", "secondary": "quoted", "unverified": "unverified",
                "draft": "draft", "missing": "no acronym"}  # fmt: skip
    table.add_column("Language")
    for heading in headings.values():
        table.add_column(heading, justify="right")
    for lang, counts in levels.items():
        table.add_row(lang, *(str(counts.get(level, 0)) for level in headings))
    ui.out.print(table)


def country(query: str, json_: bool) -> None:
    found = reference.country(query)
    listed = [c.code for c in reference.commissions() if found.alpha3 in c.all_members]
    payload = {
        "alpha3": found.alpha3,
        "alpha2": found.alpha2,
        "names": found.names,
        "commissions": listed,
    }
    if json_:
        ui.print_json(payload)
        return
    ui.out.print(
        f"{found.alpha3} ({found.alpha2}) {safe(found.name())} — "
        f"{', '.join(listed) or 'no regional commission'}"
    )


# ---------------------------------------------------------------- check


@contextmanager
def progress(total: int, label: str, *, quiet: bool = False) -> Iterator[Callable[[], None]]:
    """A Rich progress bar on stderr for long runs; yields the function that advances it.
    It refreshes from the caller's thread only (no refresh thread), so worker processes can
    be forked safely while it is shown."""
    if quiet or total < 2 or not ui.err.is_terminal:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=ui.err,
        transient=True,
        auto_refresh=False,
    ) as bar:
        task = bar.add_task(label, total=total)

        def advance() -> None:
            bar.advance(task)
            bar.refresh()

        yield advance


STATUS_STYLE = {"VALID": "green", "INVALID": "red", "UNREADABLE": "bold red", "SKIPPED": "dim"}


def check_reports(
    reports: list, *, fmt: str, strict: bool, lang: str = "en", quiet: bool = False
) -> None:
    """What check prints: ``fmt`` is "table" (for people at a terminal), "lines" (one finding
    per line, ``path:location: severity code message``, as compilers print) or "json";
    findings, hints and headings in ``lang``. ``quiet``: the summary line only."""
    from gcmreview.checks import exit_code

    if fmt == "json":
        ui.print_json(
            {
                "language": lang,
                "files": [r.to_json(lang) for r in reports],
                "summary": {
                    "files": len(reports),
                    "valid": sum(r.status == "VALID" for r in reports),
                    "invalid": sum(r.status == "INVALID" for r in reports),
                    "unreadable": sum(r.status == "UNREADABLE" for r in reports),
                    "skipped": sum(r.status == "SKIPPED" for r in reports),
                    "exit_code": exit_code(reports, strict=strict),
                },
            }
        )
        return
    if not quiet:
        if fmt == "lines":
            _check_lines(reports, lang)
        else:
            _check_table(reports, lang)
            ui.out.print()
    ui.out.print(safe(check_summary(reports, lang)), soft_wrap=True)


def check_line(path: str, f: Any, lang: str) -> str:
    """One finding as one line: ``path:location: severity code message → hint``. Severity
    and code are the stable English words (for tools that read the lines); the message and
    hint are in ``lang``. Nothing is ever cut: a long line is the terminal's to wrap."""
    where = f"{path}:{f.location}:" if f.location else f"{path}:"
    line = f"{where} {f.severity} {f.code} {f.message_in(lang)}"
    hint = f.hint_in(lang)
    return f"{line} → {hint}" if hint else line


def _check_lines(reports: list, lang: str) -> None:
    for r in reports:
        for f in r.findings:
            ui.out.print(
                ui.printable(check_line(r.path, f, lang)),
                markup=False,
                emoji=False,
                highlight=False,
                soft_wrap=True,
            )


def _check_table(reports: list, lang: str) -> None:
    from gcmreview.messages import Text, has, render

    def status(r: Any) -> str:
        return f"[{STATUS_STYLE[r.status]}]{render(f'check.status.{r.status}', lang)}[/]"

    def kind(r: Any) -> str:
        value = (r.identity or {}).get("kind")
        key = f"check.kind.{value}"
        return render(key, lang) if value and has(key) else printable(value or "—")

    headers = [
        render(f"check.col.{key}", lang)
        for key in ("status", "country", "kind", "errors", "warnings", "completeness")
    ]
    rows = [
        [
            render(f"check.status.{r.status}", lang),
            printable((r.identity or {}).get("country") or "—"),
            kind(r),
            formats.number(r.errors, lang),
            formats.number(r.warnings, lang),
            printable(r.completeness(lang) or "—"),
        ]
        for r in reports
    ]
    # The narrowest the other columns can be (wrapped at spaces, headers whole) and the
    # table's borders: a file name that does not fit beside them is never cut, but put on
    # its own line, its figures on the next.
    narrowest = sum(
        max(len(header), *(len(word) for row in rows for word in row[i].split()))
        for i, header in enumerate(headers)
    )
    longest = max((len(printable(r.path)) for r in reports), default=0)
    if longest + narrowest + 3 * (len(headers) + 1) + 1 > ui.out.width:
        ui.out.print("[bold]gcmreview check[/]")
        for r, row in zip(reports, rows, strict=True):
            counts = [
                Text("check.summary.errors", {"n": r.errors}).render(lang),
                Text("check.summary.warnings", {"n": r.warnings}).render(lang),
            ]
            parts = [status(r), escape(row[1]), escape(row[2]), *counts]
            if r.completeness(lang):
                parts.append(escape(row[5]))
            ui.out.print(f"[bold]{safe(r.path)}[/]", soft_wrap=True)
            ui.out.print("  " + " · ".join(parts))
    else:
        table = Table(title="gcmreview check", title_justify="left", title_style="bold")
        table.add_column(render("check.col.file", lang), no_wrap=True, min_width=longest)
        for i, header in enumerate(headers):
            if i in (3, 4):  # the counts
                table.add_column(header, justify="right")
            else:
                table.add_column(header, ratio=1 if i == 5 else None)
        for r, row in zip(reports, rows, strict=True):
            table.add_row(safe(r.path), status(r), *(escape(cell) for cell in row[1:]))
        ui.out.print(table)
    for r in reports:
        if not r.findings:
            continue
        ui.out.print(f"\n[bold]{safe(r.path)}[/] {status(r)}", soft_wrap=True)
        for f in r.findings:
            colour = "red" if f.severity == "error" else "yellow"
            severity = render(f"check.severity.{f.severity}", lang)
            line = (
                f"  [{colour}]{severity}[/] [cyan]{f.code}[/] {safe(f.location)}: "
                f"{safe(f.message_in(lang))}"
            )
            if hint := f.hint_in(lang):
                line += f" [dim]→ {safe(hint)}[/]"
            ui.out.print(line, soft_wrap=True)


def check_summary(reports: list, lang: str) -> str:
    """ "3 files checked: 1 valid, 1 invalid and 1 unreadable; 4 errors and 2 warnings." """
    from gcmreview.messages import Text, render

    read = [r for r in reports if r.status != "SKIPPED"]
    statuses = [
        Text(f"check.summary.{status}", {"n": n})
        for status in ("VALID", "INVALID", "UNREADABLE", "SKIPPED")
        if (n := sum(r.status == status for r in reports))
    ]
    findings = [
        Text("check.summary.errors", {"n": sum(r.errors for r in read)}),
        Text("check.summary.warnings", {"n": sum(r.warnings for r in read)}),
    ]
    files = Text("check.summary.files", {"n": len(reports)})
    values = {"files": files, "statuses": statuses, "findings": findings}
    return render("check.summary", lang, values)


def synthesis_summary(s, outputs) -> None:
    """What synthesize read, included and excluded, in the synthesis' language."""
    from gcmreview import reasons

    lang = s.lang
    table = Table(
        title=f"gcmreview synthesize · {s.commission.acronym(lang)}",
        title_justify="left",
        title_style="bold",
    )
    table.add_column(t("synth.col.file", lang), overflow="fold")
    table.add_column(t("synth.col.member_state", lang))
    table.add_column(t("synth.col.kind", lang))
    table.add_column(t("synth.col.status", lang))
    for e in s.national + s.shadow:
        status = (
            f"[yellow]{safe(t('synth.status.with_issues', lang))}[/] "
            f"({formats.number(len(e.issues), lang)})"
            if e.issues
            else f"[green]{safe(t('synth.status.included', lang))}[/]"
        )
        kind = t(f"audience.{e.submission.kind}", lang)
        table.add_row(safe(e.path), safe(e.name(lang)), safe(kind), status)
    for x in s.excluded:
        table.add_row(
            safe(x.path),
            safe(x.country or "—"),
            safe(t(f"audience.{x.kind}", lang)) if x.kind else "—",
            f"[red]{safe(t('synth.status.excluded', lang))}[/]\n"
            + safe(reasons.exclusion(x, s.bank, lang)),
        )
    ui.out.print(table)
    with_issues = sum(1 for e in s.national + s.shadow if e.issues)

    def pair(key: str, n: int) -> str:
        return t("synth.sum.pair", lang, label=t(key, lang), n=formats.number(n, lang))

    parts = [pair("synth.sum.national", len(s.national)), pair("synth.sum.shadow", len(s.shadow))]
    if with_issues:
        parts.append(pair("synth.sum.with_issues", with_issues))
    parts += [pair("synth.sum.excluded", len(s.excluded)), pair("synth.sum.received", s.received)]
    ui.out.print(safe(" · ".join(parts)), soft_wrap=True)
    for note in s.notes:
        said = note.message_in(lang)
        ui.out.print(safe(t("synth.sum.pair", lang, label=t("synth.sum.note", lang), n=said)))
    if outputs:
        ui.wrote(*outputs)
    else:
        ui.err.print(f"[bold red]Error:[/] {safe(t('synth.sum.nothing', lang))}", soft_wrap=True)


def calendar(comm, review, events, lang: str) -> None:
    from babel.dates import format_date

    def day(d) -> str:  # "Wed 2029-03-14", the weekday in the calendar's language
        return format_date(d, "EEE yyyy-MM-dd", locale=lang)

    table = Table(
        title=f"{comm.acronym(lang)}: {pick(comm.name, lang)} · {review.isoformat()}",
        title_justify="left",
        title_style="bold",
    )
    table.add_column(t("cal.col.start", lang), no_wrap=True)
    table.add_column(t("cal.col.end", lang), no_wrap=True)
    table.add_column(t("cal.col.milestone", lang))
    table.add_column(t("cal.col.note", lang), style="dim")
    for e in events:
        note = t("cal.moved_short", lang, date=day(e.moved_from)) if e.moved_from else ""
        table.add_row(
            day(e.start),
            day(e.end) if e.end != e.start else "",
            safe(e.title),
            note,
        )
    ui.out.print(table)


def return_json(r) -> dict[str, object]:
    return {
        "path": r.path,
        "kind": r.kind,
        "country": r.country,
        "decision": r.decision,
        "proposals": len(r.proposals),
        "comments": len(r.word_comments),
        "reason": r.reason,
    }


def collected(added: list, known: list) -> None:
    table = Table(title="gcmreview validation collect", title_justify="left", title_style="bold")
    table.add_column("File", overflow="fold")
    table.add_column("Read as")
    table.add_column("Country")
    table.add_column("Decision")
    table.add_column("Changes", justify="right")
    table.add_column("Comments", justify="right")
    table.add_column("Note")
    for r, note in [(r, "") for r in added] + [(r, "already collected") for r in known]:
        kind = "[red]unreadable[/]" if r.kind == "unreadable" else r.kind
        table.add_row(
            safe(r.path),
            kind,
            r.country or "—",
            r.decision or "—",
            str(len(r.proposals)),
            str(len(r.word_comments)),
            safe("; ".join(x for x in (note, r.reason) if x)),
        )
    ui.out.print(table)


def validation_status(rows: list[dict]) -> None:
    table = Table(title="Validation status", title_justify="left", title_style="bold")
    for header in ("Member State", "Status", "Authority", "Date", "Changes", "Comments"):
        table.add_column(header)
    colours = {
        "pending": "yellow",
        "validated": "green",
        "validated with changes": "green",
        "objected": "red",
    }
    for r in rows:
        table.add_row(
            f"{safe(r['name'])} ({r['country']})",
            f"[{colours[r['status']]}]{r['status']}[/]",
            safe(r["authority"]),
            r["date"],
            str(r["proposed_changes"]),
            str(r["comments"]),
        )
    ui.out.print(table)
    counts = {k: sum(1 for r in rows if r["status"] == k) for k in colours}
    ui.out.print(", ".join(f"{v} {k}" for k, v in counts.items()))


def consultation_returns(responses: list) -> None:
    table = Table(title="gcmreview questions collect", title_justify="left", title_style="bold")
    for header in ("File", "Status", "Organisation", "Views", "New", "Reason"):
        table.add_column(header, overflow="fold")
    for r in responses:
        colour = {"read": "green", "duplicate": "yellow"}.get(r.status, "red")
        table.add_row(
            safe(r.path),
            f"[{colour}]{r.status}[/]",
            safe(r.organisation),
            str(len(r.views)),
            str(len(r.new)),
            safe(r.reason),
        )
    ui.out.print(table)
