"""The ``gcmreview`` command line: a thin layer over the library.

Each command parses its options, makes one library call and prints. Heavy libraries
(python-docx, openpyxl, pydantic models …) are imported inside the commands, so that
``gcmreview --help`` stays fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from gcmreview import __version__
from gcmreview.errors import EXIT_INTERNAL, GcmError


class _Group(TyperGroup):
    """Turns :class:`GcmError` into ``Error: …`` on stderr and its exit code, and any other
    exception into a one-line internal error (the traceback only with GCMREVIEW_DEBUG=1)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # in the order they are defined, not alphabetical

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            from gcmreview.help_text import polish

            path = ctx.command_path.partition(" ")[2]
            polish(command, f"{path} {cmd_name}".strip())
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GcmError as exc:
            from gcmreview import ui

            ui.error(exc.message, exc.details)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            if os.environ.get("GCMREVIEW_DEBUG"):
                raise
            from gcmreview import ui

            ui.error(
                f"internal error ({type(exc).__name__}: {exc}). This is a bug in gcmreview; "
                "run again with GCMREVIEW_DEBUG=1 to see the traceback and please report it."
            )
            raise typer.Exit(EXIT_INTERNAL) from None


def _app(help_text: str, add_completion: bool = False) -> typer.Typer:
    return typer.Typer(
        cls=_Group,
        help=help_text,
        no_args_is_help=True,
        add_completion=add_completion,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )


app = _app(
    "Prepare the regional reviews of the Global Compact for Safe, Orderly and Regular "
    "Migration: question bank, report templates, checks and the regional synthesis.",
    add_completion=True,  # --install-completion, --show-completion
)
questions_app = _app(
    "The guidance question bank: list, show, consult on, revise, export as XLSForm."
)
validation_app = _app("Member State validation of the draft synthesis: forms, returns, status.")
reference_app = _app("GCM reference data: objectives, principles, regions …")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"gcmreview {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Prepare the regional reviews of the Global Compact for Safe, Orderly and Regular
    Migration."""


# ---------------------------------------------------------------- shared options

BankOpt = Annotated[
    Path | None,
    typer.Option(
        "--bank",
        help="Question bank file (YAML or JSON); default: the bundled bank.",
        dir_okay=False,
    ),
]
LangOpt = Annotated[str, typer.Option("--lang", "-l", help="Language: en, fr, es, ar, ru or zh.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
IdentityCountry = Annotated[
    str | None,
    typer.Option(
        "--country",
        "-c",
        help="Country of reports that lost their document properties (ISO code or name).",
    ),
]
IdentityRegion = Annotated[
    str | None,
    typer.Option(
        "--region", "-r", help="Regional commission of reports that lost their properties."
    ),
]
IdentityKind = Annotated[
    str | None,
    typer.Option(
        "--kind", "-k", help="national or shadow, for reports that lost their properties."
    ),
]


def _identity(country: str | None, region: str | None, kind: str | None) -> dict[str, str]:
    """What the command line says about reports that lost their document properties."""
    given = {"country": country, "region": region, "kind": kind}
    return {key: value for key, value in given.items() if value}


# ---------------------------------------------------------------- questions


@questions_app.command("list")
def questions_list(
    section: Annotated[
        str | None, typer.Option("--section", "-s", help="Only this section (its ID).")
    ] = None,
    objective: Annotated[
        int | None,
        typer.Option("--objective", min=1, max=23, help="Only questions on this objective."),
    ] = None,
    audience: Annotated[
        str | None,
        typer.Option(
            "--audience", "-a", help="national or shadow: the questions asked in that report."
        ),
    ] = None,
    lang: LangOpt = "en",
    bank: BankOpt = None,
    json_: JsonOpt = False,
) -> None:
    """List the guidance questions, grouped by section."""
    from gcmreview import bank as bank_mod
    from gcmreview import views

    qb = bank_mod.load_bank(bank)
    lang = qb.check_language(lang)
    selection = bank_mod.select(qb, section=section, objective=objective, audience=audience)
    views.question_list(qb, selection, lang, json_=json_)


@questions_app.command("show", short_help="Show one question in full.")
def questions_show(
    question_id: Annotated[str, typer.Argument(help="Question ID, e.g. obj.13.measures.")],
    lang: LangOpt = "en",
    bank: BankOpt = None,
    json_: JsonOpt = False,
) -> None:
    """Show one question in full: text, guidance, kind, choices, table, links."""
    from gcmreview import bank as bank_mod
    from gcmreview import views

    qb = bank_mod.load_bank(bank)
    lang = qb.check_language(lang)
    views.question_detail(qb, qb.question(question_id), lang, json_=json_)


# ---------------------------------------------------------------- init and render


@app.command("init", short_help="Write a fill-in Word report and Excel annex.")
def init_cmd(
    country: Annotated[
        str, typer.Option("--country", "-c", help="Country: ISO code (KEN, KE) or name.")
    ],
    region: Annotated[
        str,
        typer.Option("--region", "-r", help="Regional commission: ECE, ESCAP, ECA, ECLAC, ESCWA."),
    ],
    kind: Annotated[
        str, typer.Option("--kind", "-k", help="national (voluntary national report) or shadow.")
    ] = "national",
    lang: LangOpt = "en",
    organisation: Annotated[
        str | None,
        typer.Option("--organisation", help="Organisation submitting a shadow report."),
    ] = None,
    bank: BankOpt = None,
    outdir: Annotated[
        Path,
        typer.Option(
            "--output-dir",
            "-d",
            help="Folder to write into, created if missing.",
            file_okay=False,
        ),
    ] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
) -> None:
    """Write a fill-in Word report and Excel data annex for a country."""
    from gcmreview import bank as bank_mod
    from gcmreview import scaffold, ui

    qb = bank_mod.load_bank(bank)
    written = scaffold.init(
        qb,
        country=country,
        region=region,
        kind=kind,
        lang=lang,
        organisation=organisation,
        outdir=outdir,
        force=force,
    )
    ui.wrote(written.report, written.annex)


@app.command("render", short_help="Write a filled-in report from its JSON.")
def render_cmd(
    submission: Annotated[
        Path, typer.Argument(help="Submission JSON (see `gcmreview schema`).", dir_okay=False)
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Report to write (.docx).", dir_okay=False)
    ],
    bank: BankOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
) -> None:
    """Write a filled-in report and data annex from a submission's JSON."""
    from gcmreview import bank as bank_mod
    from gcmreview import scaffold, ui
    from gcmreview.submission import load_submission_json

    qb = bank_mod.load_bank(bank)
    sub = load_submission_json(submission)
    written = scaffold.render(qb, sub, output, force=force)
    ui.wrote(written.report, written.annex)


# ---------------------------------------------------------------- check


@app.command("check", short_help="Validate filled-in reports.")
def check_cmd(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Reports (.docx with their _data.xlsx, or .json) or folders to walk."),
    ],
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="table, lines (one finding per line: path:location: severity code message) "
            "or json; default: table at a terminal, lines when piped or redirected.",
        ),
    ] = None,
    json_: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the summary line.")
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "-l",
            metavar="LANG",
            help="Language of the findings: en, fr, es, ar, ru or zh; default: the report's "
            "own language when one report is checked, else English.",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Treat warnings as problems (exit code 1).")
    ] = False,
    bank: BankOpt = None,
    country: IdentityCountry = None,
    region: IdentityRegion = None,
    kind: IdentityKind = None,
) -> None:
    """Validate filled-in reports; exit 0 valid, 1 invalid, 2 unreadable.

    A report that lost its document properties (a Google Docs export, a copy into a
    letterhead) is identified by its title page; where that is gone too, say which country
    it is from with --country (and --region, --kind).
    """
    from gcmreview import bank as bank_mod
    from gcmreview import checks, inbox, messages, views

    fmt = checks.output_format("json" if json_ else output_format, sys.stdout.isatty())
    asked = messages.check_language(lang) if lang is not None else None
    qb = bank_mod.load_bank(bank)
    identity = _identity(country, region, kind)
    # messages and archives opened (into a temporary folder), annexes paired
    with (
        inbox.opened(paths) as files,
        views.progress(len(files), "Checking", quiet=fmt == "json" or quiet) as advance,
    ):
        shown = asked or (None if len(files) == 1 else "en")  # None: the report's own
        reports = checks.check_files(
            files, qb, advance, identity=identity, lang=shown, submissions=False
        )
    checks.require_reports(reports, paths)
    out_lang = asked or checks.report_language(reports)
    views.check_reports(reports, fmt=fmt, strict=strict, lang=out_lang, quiet=quiet)
    raise typer.Exit(checks.exit_code(reports, strict=strict))


# ---------------------------------------------------------------- synthesize


@app.command("synthesize", short_help="Write the regional synthesis report.")
def synthesize_cmd(
    paths: Annotated[
        list[Path], typer.Argument(help="Reports (.docx with annexes, or .json) or folders.")
    ],
    region: Annotated[
        str | None,
        typer.Option(
            "--region",
            "-r",
            help="Regional commission (ECE, ESCAP, ECA, ECLAC, ESCWA); default: the one the "
            "reports are for.",
        ),
    ] = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Synthesis report to write (.docx); the analyst workbook goes beside it (.xlsx).",
            dir_okay=False,
        ),
    ] = Path("synthesis.docx"),
    exclude_invalid: Annotated[
        bool,
        typer.Option(
            "--exclude-invalid",
            help="Leave out reports with validation errors (by default they are in, and their "
            "issues are listed in annex B).",
        ),
    ] = False,
    title: Annotated[str | None, typer.Option("--title", help="Title of the report.")] = None,
    lang: LangOpt = "en",
    reference_doc: Annotated[
        Path | None,
        typer.Option(
            "--reference-doc",
            help="Word file whose styles, margins, header and footer the report uses.",
            dir_okay=False,
        ),
    ] = None,
    validation: Annotated[
        Path | None,
        typer.Option(
            "--validation",
            help="Validation tracker (from `gcmreview validation "
            "collect`): fills the validation record.",
            dir_okay=False,
        ),
    ] = None,
    bank: BankOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Merge submissions into a Word synthesis report and an analyst workbook."""
    from gcmreview import bank as bank_mod
    from gcmreview import inbox, synthesis, ui, views
    from gcmreview.synthesize import check_outputs

    check_outputs(output, force=force)  # before the inbox is read
    qb = bank_mod.load_bank(bank)
    with (
        inbox.opened(paths) as files,  # messages and archives opened once
        views.progress(len(files), "Reading", quiet=json_) as advance,
    ):
        s = synthesis.build_from(
            files,
            paths,
            qb,
            region=region,
            lang=lang,
            title=title,
            advance=advance,
            exclude_invalid=exclude_invalid,
        )
    decisions = None
    if validation is not None:
        from gcmreview import validation as validation_mod

        decisions = validation_mod.decisions(validation_mod.load_tracker(validation))
    outputs = None
    if s.national or s.shadow:
        from gcmreview.synthesize import WRITE_STEPS, write

        with views.progress(WRITE_STEPS, "Writing", quiet=json_) as advance:
            outputs = write(
                s,
                output,
                reference_doc=reference_doc,
                force=force,
                decisions=decisions,
                advance=advance,
            )
    if json_:
        ui.print_json(synthesis.summary_json(s, outputs))
    else:
        views.synthesis_summary(s, outputs)
    raise typer.Exit(synthesis.exit_code(s))


# ---------------------------------------------------------------- validation


@validation_app.command("packets", short_help="One validation form per Member State.")
def validation_packets(
    synthesis_file: Annotated[
        Path,
        typer.Argument(
            help="The draft synthesis (.docx) made by `gcmreview synthesize`.", dir_okay=False
        ),
    ],
    outdir: Annotated[
        Path,
        typer.Option(
            "--output-dir",
            "-d",
            help="Folder to write the forms into (created if missing).",
            file_okay=False,
        ),
    ] = Path("."),
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "-l",
            help="Write every form in this language (en, fr, es); by default each Member "
            "State's form is in the language of its report.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Write one Word validation form per Member State, in the language of its report.

    The synthesis carries its manifest inside, so a renamed copy works; a synthesis made
    before that needs the .manifest.json beside it.
    """
    from gcmreview import ui, validation, views

    manifest = validation.load_manifest(synthesis_file)
    states = len(manifest["member_states"])
    with views.progress(states, "Writing forms", quiet=json_) as advance:
        forms = validation.packets(manifest, outdir, force=force, lang=lang, advance=advance)
    if json_:
        ui.print_json(
            {
                "synthesis_id": manifest["synthesis_id"],
                "forms": [{"country": c, "language": lg, "path": str(p)} for c, lg, p in forms],
            }
        )
    else:
        ui.wrote(*(p for _, _, p in forms))


@validation_app.command("collect", short_help="Read returned forms and comments.")
def validation_collect(
    returned: Annotated[
        list[Path], typer.Argument(help="Returned forms, commented syntheses, or folders.")
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Tracker workbook, created or added to.", dir_okay=False
        ),
    ] = Path("tracker.xlsx"),
    synthesis_file: Annotated[
        Path | None,
        typer.Option(
            "--synthesis",
            help="The draft synthesis the returns answer (its "
            "manifest names passages and Member States).",
            dir_okay=False,
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Read returned forms and Word comments into a validation tracker."""
    from gcmreview import ui, validation, views
    from gcmreview.files import check_writable

    check_writable([output], force=True)  # the tracker is added to: only its folder matters
    tracker, added, known = validation.collect(returned, output, synthesis=synthesis_file)
    if json_:
        ui.print_json(
            {
                "tracker": str(output),
                "added": [views.return_json(r) for r in added],
                "already_collected": [views.return_json(r) for r in known],
                "status": validation.statuses(tracker),
            }
        )
    else:
        views.collected(added, known)
        ui.wrote(output)
    if any(r.kind == "unreadable" for r in added + known):
        raise typer.Exit(1)


@validation_app.command("status", short_help="Validation status per Member State.")
def validation_status(
    tracker_file: Annotated[Path, typer.Argument(help="Tracker workbook.", dir_okay=False)] = Path(
        "tracker.xlsx"
    ),
    json_: JsonOpt = False,
) -> None:
    """Per Member State: pending, validated, validated with changes or objected."""
    from gcmreview import ui, validation, views

    rows = validation.statuses(validation.load_tracker(tracker_file))
    if json_:
        ui.print_json(rows)
    else:
        views.validation_status(rows)


# ---------------------------------------------------------------- calendar


@app.command("calendar", short_help="The regional review timeline.")
def calendar_cmd(
    region: Annotated[
        str,
        typer.Option("--region", "-r", help="Regional commission: ECE, ESCAP, ECA, ECLAC, ESCWA."),
    ],
    review_date: Annotated[
        str, typer.Option("--review-date", help="Date of the regional review, YYYY-MM-DD.")
    ],
    ics: Annotated[
        Path | None,
        typer.Option("--ics", help="Also write an iCalendar file (.ics).", dir_okay=False),
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan", help="Timeline file (YAML) replacing the default offsets.", dir_okay=False
        ),
    ] = None,
    lang: LangOpt = "en",
    allow_past: Annotated[
        bool, typer.Option("--allow-past", help="Accept a review date in the past.")
    ] = False,
    sequence: Annotated[
        int | None,
        typer.Option(
            "--sequence",
            min=0,
            help="SEQUENCE of the .ics events (default: minutes since 2024 at the time "
            "the file is made, so a later calendar replaces an earlier one).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing .ics file.")] = False,
    json_: JsonOpt = False,
) -> None:
    """The regional review timeline, worked back from the review date.

    The .ics keeps each event's UID when the review date moves, so importing the new file
    into Outlook or Google Calendar moves the events already there.
    """
    from gcmreview import files, reference, timeline, ui, views

    if ics is not None:
        files.check_writable([ics], force=force)
    comm = reference.commission(region)
    review = timeline.parse_date(review_date)
    events = timeline.build(review, timeline.load_plan(plan), lang=lang, allow_past=allow_past)
    if ics is not None:
        calendar = timeline.to_ics(
            events, region=comm.code, review=review, lang=lang, sequence=sequence
        )
        files.write_outputs({ics: calendar}, force=force)
    if json_:
        ui.print_json(
            {
                "region": comm.code,
                "review_date": review.isoformat(),
                "events": [e.to_json() for e in events],
                "ics": str(ics) if ics else None,
            }
        )
        return
    views.calendar(comm, review, events, lang)
    if ics is not None:
        ui.wrote(ics)


# ---------------------------------------------------------------- export and schema


@app.command("export", short_help="Read a filled-in report into JSON.")
def export_cmd(
    report: Annotated[Path, typer.Argument(help="Filled-in report (.docx).", dir_okay=False)],
    annex: Annotated[
        Path | None,
        typer.Option(
            "--annex", help="Its data annex (.xlsx); default: the one beside it.", dir_okay=False
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the JSON here (default: print).", dir_okay=False
        ),
    ] = None,
    bank: BankOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    country: IdentityCountry = None,
    region: IdentityRegion = None,
    kind: IdentityKind = None,
) -> None:
    """Read a filled-in report (and its data annex) into the canonical JSON."""

    from gcmreview import bank as bank_mod
    from gcmreview import export, files, ui
    from gcmreview.ooxml import UnreadableFile

    if output is not None:
        files.check_writable([output], force=force)  # before the report is read
    qb = bank_mod.load_bank(bank)
    try:
        identity = _identity(country, region, kind)
        result = export.read_submission(report, qb, annex=annex, identity=identity)
    except UnreadableFile as exc:
        raise GcmError(f"{report}: {exc.message}") from None
    text = result.submission.to_json()
    for note in result.notes:
        ui.err.print(
            f"[yellow]{note.severity}:[/] {ui.safe(note.qid or note.where('en'))}: "
            f"{ui.safe(note.message)}",
            soft_wrap=True,
            markup=True,
        )
    if output is None:
        sys.stdout.write(text)
    else:
        files.write_outputs({output: text.encode("utf-8")}, force=force)
        ui.wrote(output)


@app.command("doctor", short_help="What to attach to a support request.")
def doctor_cmd(json_: JsonOpt = False) -> None:
    """Print the version, Python, where the templates are, whether LibreOffice is found,
    the console's encodings and the libraries' versions: attach it to a support request."""
    from gcmreview import doctor, ui

    facts = doctor.report()
    if json_:
        ui.print_json(facts)
        return
    for label, value in doctor.lines(facts):
        ui.out.print(f"[bold]{label + ':':<15}[/]{ui.safe(value)}", soft_wrap=True)


@app.command("schema", short_help="Print the JSON Schema of a submission.")
def schema_cmd() -> None:
    """Print the JSON Schema of a submission (the form `render` reads and `export` writes)."""
    from gcmreview import ui
    from gcmreview.submission import Submission

    ui.print_json(Submission.model_json_schema(by_alias=True))


@questions_app.command("consult")
def questions_consult(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Consultation workbook to write.", dir_okay=False)
    ] = Path("consultation.xlsx"),
    lang: LangOpt = "en",
    bank: BankOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write a consultation workbook on the guidance questions."""
    from gcmreview import bank as bank_mod
    from gcmreview import files, participation, ui

    files.check_writable([output], force=force)
    qb = bank_mod.load_bank(bank)
    files.write_outputs({output: participation.write_consultation(qb, lang)}, force=force)
    ui.wrote(output)


@questions_app.command("collect", short_help="Merge returned consultation workbooks.")
def questions_collect(
    responses: Annotated[
        list[Path], typer.Argument(help="Returned consultation workbooks, or folders.")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Consolidated workbook to write.", dir_okay=False)
    ] = Path("consolidated.xlsx"),
    lang: LangOpt = "en",
    bank: BankOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Merge returned consultation workbooks, with a decisions sheet for the working group."""
    from gcmreview import bank as bank_mod
    from gcmreview import files, participation, ui, views

    files.check_writable([output], force=force)  # before the returns are read
    qb = bank_mod.load_bank(bank)
    data, responses_read = participation.consolidate(responses, qb, lang)
    files.write_outputs({output: data}, force=force)
    if json_:
        ui.print_json(
            [
                {
                    "path": r.path,
                    "status": r.status,
                    "reason": r.reason,
                    "organisation": r.organisation,
                    "category": r.category,
                    "country": r.country,
                    "views": len(r.views),
                    "new": len(r.new),
                }
                for r in responses_read
            ]
        )
    else:
        views.consultation_returns(responses_read)
        ui.wrote(output)
    if any(r.status == "unreadable" for r in responses_read):
        raise typer.Exit(1)


@questions_app.command("apply", short_help="Make a new bank version from decisions.")
def questions_apply(
    decisions: Annotated[
        Path,
        typer.Argument(
            help="The consolidated workbook with its Decisions and Additions sheets filled in.",
            dir_okay=False,
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="New bank file (YAML).", dir_okay=False)
    ],
    bank: BankOpt = None,
    reviewed: Annotated[
        list[str] | None,
        typer.Option(
            "--reviewed",
            help="A language whose draft translation the working group has reviewed "
            "(repeat for each): its reports no longer say 'Draft translation'.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Apply the working group's decisions: a new bank version with its changelog."""
    from gcmreview import files, participation, ui

    files.check_writable([output], force=force)
    text, raw, changes = participation.apply(decisions, bank, reviewed or [])
    files.write_outputs({output: text.encode("utf-8")}, force=force)
    ui.out.print(f"Bank version {raw['version']}: " + "; ".join(changes), soft_wrap=True)
    ui.wrote(output)


@questions_app.command("xlsform", short_help="Export the questions as an XLSForm.")
def questions_xlsform(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="XLSForm workbook to write.", dir_okay=False)
    ] = Path("form.xlsx"),
    kind: Annotated[
        str, typer.Option("--kind", "-k", help="national or shadow: which report's questions.")
    ] = "national",
    bank: BankOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Export the questions as an XLSForm for KoboToolbox or ODK."""
    from gcmreview import bank as bank_mod
    from gcmreview import files, ui
    from gcmreview.errors import UsageError
    from gcmreview.xlsform import write_xlsform

    if kind not in ("national", "shadow"):
        raise UsageError(f"unknown report kind {kind!r}: use national or shadow")
    files.check_writable([output], force=force)
    qb = bank_mod.load_bank(bank)
    files.write_outputs({output: write_xlsform(qb, kind)}, force=force)
    ui.wrote(output)


@questions_app.command(
    "import-kobo",
    short_help="Read a KoboToolbox/ODK export into submissions.",
    epilog="Examples:\n\n\b\n"
    "  gcmreview questions import-kobo kobo-export.xlsx -d inbox/\n"
    "  gcmreview questions import-kobo kobo-export.csv -d inbox/ --region ECA --json\n"
    "  gcmreview questions import-kobo kobo-export.xlsx -d inbox/ --force && "
    "gcmreview check inbox/",
)
def questions_import_kobo(
    export: Annotated[
        Path,
        typer.Argument(
            help="Export of the form's submissions from KoboToolbox or ODK (.xlsx or .csv).",
            dir_okay=False,
        ),
    ],
    outdir: Annotated[
        Path,
        typer.Option(
            "--output-dir",
            "-d",
            help="Folder to write one JSON submission per row into (created if missing).",
            file_okay=False,
        ),
    ],
    bank: BankOpt = None,
    region: Annotated[
        str | None,
        typer.Option(
            "--region", "-r", help="Regional commission of the rows that do not name one."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing files.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Read a KoboToolbox or ODK export of the XLSForm (`questions xlsform`) into submissions.

    One JSON submission per row (KEN_national_2028-2029.json), which `check`, `render` and
    `synthesize` read. Export with "XML values and headers"; group prefixes (/ or .),
    select_multiple columns and metadata columns are handled. A row without a country is
    not imported and its reason is shown (exit code 1); the other rows are still written.
    """
    from gcmreview import bank as bank_mod
    from gcmreview import kobo, ui

    qb = bank_mod.load_bank(bank)
    result = kobo.read_export(export, qb, region=region)
    written = kobo.write(result, outdir, force=force)
    if json_:
        ui.print_json(kobo.summary_json(result))
    else:
        for line in kobo.summary_lines(result):
            ui.err.print(ui.safe(line), soft_wrap=True)
        ui.wrote(*written)
    raise typer.Exit(kobo.exit_code(result))


# ---------------------------------------------------------------- reference


@reference_app.command("objectives")
def reference_objectives(lang: LangOpt = "en", json_: JsonOpt = False) -> None:
    """The 23 objectives with their official titles (A/RES/73/195 para 16)."""
    from gcmreview import views

    views.objectives(lang, json_)


@reference_app.command("principles")
def reference_principles(lang: LangOpt = "en", json_: JsonOpt = False) -> None:
    """The 10 guiding principles (A/RES/73/195 para 15)."""
    from gcmreview import views

    views.principles(lang, json_)


@reference_app.command("round-tables")
def reference_round_tables(lang: LangOpt = "en", json_: JsonOpt = False) -> None:
    """The four IMRF round tables and their objectives (A/RES/73/326)."""
    from gcmreview import views

    views.round_tables(lang, json_)


@reference_app.command("stakeholders")
def reference_stakeholders(lang: LangOpt = "en", json_: JsonOpt = False) -> None:
    """The stakeholder categories of GCM paragraph 44."""
    from gcmreview import views

    views.stakeholders(lang, json_)


@reference_app.command("regions")
def reference_regions(
    code: Annotated[
        str | None, typer.Argument(help="A commission (ECE, ESCAP, ECA, ECLAC, ESCWA).")
    ] = None,
    lang: LangOpt = "en",
    json_: JsonOpt = False,
) -> None:
    """The UN regional commissions, or one commission's member States."""
    from gcmreview import views

    views.regions(code, lang, json_)


@reference_app.command("country")
def reference_country(
    query: Annotated[str, typer.Argument(help="ISO alpha-3 or alpha-2 code, or a name.")],
    json_: JsonOpt = False,
) -> None:
    """Resolve a country code or name, and say which commissions list it."""
    from gcmreview import views

    views.country(query, json_)


@reference_app.command("sources")
def reference_sources(bank: BankOpt = None, json_: JsonOpt = False) -> None:
    """Every source of the reference data and the bank, and what is not yet verified."""
    from gcmreview import bank as bank_mod
    from gcmreview import views

    views.sources(bank_mod.load_bank(bank), json_)


app.add_typer(questions_app, name="questions", short_help="The guidance question bank.")
app.add_typer(
    validation_app, name="validation", short_help="Member State validation of the synthesis."
)
app.add_typer(reference_app, name="reference", short_help="GCM reference data.")


def _stop_on_signals() -> None:
    """Ctrl+C and SIGTERM (``kill``) stop a run as an exception (KeyboardInterrupt,
    Terminated), so that every temporary file is removed and every worker process stopped
    before the exit. The first one is the only one: a second (a key pressed twice; ``timeout``
    signals the command and its process group) is ignored while the run cleans up, rather
    than interrupting that with a traceback."""
    import signal

    from gcmreview.errors import Terminated

    def stopping() -> None:
        for name in ("SIGINT", "SIGTERM"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_IGN)

    def on_sigint(signum: int, frame: object) -> None:
        stopping()
        raise KeyboardInterrupt

    def on_sigterm(signum: int, frame: object) -> None:
        stopping()
        raise Terminated()

    # (a Ctrl+C ignored from the start, as for a command started in the background, stays so)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, on_sigint)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, on_sigterm)


def main() -> None:
    """Console-script entry point."""
    from gcmreview.errors import EXIT_SIGINT, EXIT_SIGTERM, Terminated
    from gcmreview.streams import protect_streams

    protect_streams()
    _stop_on_signals()
    try:
        app(prog_name="gcmreview")
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(EXIT_SIGINT)
    except Terminated:
        sys.stderr.write("Terminated.\n")
        sys.exit(EXIT_SIGTERM)
