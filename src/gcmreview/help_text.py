"""What every command gets besides its own code, applied as the command line looks it up
(see ``cli._Group``): examples at the end of its ``--help``, names for the values options and
arguments take (``--lang LANG``, ``REPORTS...``, never Python type names), and codes accepted
in any case (``--lang FR``)."""

from __future__ import annotations

from typing import Any

#: Two or three examples per command, by its path after ``gcmreview``.
EXAMPLES: dict[str, list[str]] = {
    "questions list": [
        "gcmreview questions list --lang fr",
        "gcmreview questions list --objective 13 --audience national",
        "gcmreview questions list --section policy --json",
    ],
    "questions show": [
        "gcmreview questions show obj.13.measures",
        "gcmreview questions show data.stock --lang es",
    ],
    "questions consult": [
        "gcmreview questions consult -o consultation.xlsx --lang fr",
    ],
    "questions collect": [
        "gcmreview questions collect returns/ -o consolidated.xlsx",
    ],
    "questions apply": [
        "gcmreview questions apply consolidated.xlsx -o bank-2027.yaml",
    ],
    "questions xlsform": [
        "gcmreview questions xlsform -o gcm-form.xlsx",
        "gcmreview questions xlsform -o shadow-form.xlsx --kind shadow",
    ],
    "questions import-kobo": [
        "gcmreview questions import-kobo kobo-export.xlsx -d reports/",
        "gcmreview questions import-kobo kobo-export.csv -d reports/ --json",
    ],
    "init": [
        "gcmreview init --country KEN --region ECA",
        'gcmreview init --country "Côte d\'Ivoire" --region ECA --lang fr -d rapports/',
        'gcmreview init --country KEN --region ECA --kind shadow --organisation "Kituo"',
    ],
    "render": [
        "gcmreview render KEN.json -o KEN_national.docx",
    ],
    "check": [
        "gcmreview check inbox/",
        "gcmreview check KEN_national.docx --lang fr",
        "gcmreview check inbox/ --format json > findings.json",
    ],
    "synthesize": [
        "gcmreview synthesize inbox/ -o synthesis.docx",
        "gcmreview synthesize inbox/ --region ECA --lang fr -o synthese.docx",
        "gcmreview synthesize inbox/ --validation tracker.xlsx -o synthesis-v2.docx",
    ],
    "validation packets": [
        "gcmreview validation packets synthesis.docx -d packets/",
    ],
    "validation collect": [
        "gcmreview validation collect returned/ --synthesis synthesis.docx -o tracker.xlsx",
    ],
    "validation status": [
        "gcmreview validation status tracker.xlsx",
        "gcmreview validation status tracker.xlsx --json",
    ],
    "calendar": [
        "gcmreview calendar --region ECA --review-date 2028-11-14",
        "gcmreview calendar --region ECE --review-date 2028-10-20 --ics review.ics --lang fr",
    ],
    "export": [
        "gcmreview export KEN_national.docx -o KEN.json",
        "gcmreview export rapport.docx --country Senegal --region ECA",
    ],
    "schema": [
        "gcmreview schema > submission.schema.json",
    ],
    "doctor": [
        "gcmreview doctor",
        "gcmreview doctor --json > support-request.json",
    ],
    "reference objectives": [
        "gcmreview reference objectives --lang es",
    ],
    "reference principles": [
        "gcmreview reference principles --lang fr",
    ],
    "reference round-tables": [
        "gcmreview reference round-tables",
    ],
    "reference stakeholders": [
        "gcmreview reference stakeholders --json",
    ],
    "reference regions": [
        "gcmreview reference regions",
        "gcmreview reference regions ECLAC --lang es",
    ],
    "reference country": [
        "gcmreview reference country Holland",
        'gcmreview reference country "Ivory Coast" --json',
    ],
    "reference sources": [
        "gcmreview reference sources",
    ],
}

#: Names for the values of options whose values are words (``--lang LANG``).
_VALUE_NAMES = {
    "lang": "LANG",
    "country": "COUNTRY",
    "region": "REGION",
    "kind": "KIND",
    "audience": "AUDIENCE",
    "section": "SECTION",
    "format": "FORMAT",
    "review_date": "DATE",
    "title": "TEXT",
    "organisation": "NAME",
}


def polish(command: Any, path: str) -> None:
    """Give ``command`` (a command of the command line) its examples and value names, once."""
    if getattr(command, "_gcmreview_polished", False):
        return
    command._gcmreview_polished = True
    examples = EXAMPLES.get(path)
    if examples and not command.epilog:
        # "\b" keeps the help formatter from re-wrapping the lines of the next paragraph
        command.epilog = "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in examples)
    for param in getattr(command, "params", []):
        if getattr(param, "is_flag", False) or not param.name:
            continue
        if param.name in CASE_FREE and hasattr(param, "process_value"):
            param.process_value = _lower_case(param.process_value)
        name = param.metavar or _value_name(param)
        param.metavar = name
        if param.param_type_name == "argument":
            shown = name + ("..." if param.nargs != 1 else "")
            usage = shown if param.required else f"[{shown}]"
            # the usage line: REPORTS... rather than a Python-ish {paths}...
            param._usage_display_name = lambda usage=usage: usage
            param._rich_display_name = lambda shown=shown: shown  # the Arguments list …
            param.display_type_rich = lambda ctx=None: None  # … without a type after it


#: Options whose values are codes from a short list, accepted in any case (--lang FR,
#: --kind Shadow); the library matches regions and countries without regard to case.
CASE_FREE = frozenset({"lang", "kind", "audience", "format"})


def _lower_case(process: Any) -> Any:
    def process_value(ctx: Any, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().lower()
        return process(ctx, value)

    return process_value


def _value_name(param: Any) -> str:
    """PATH, FILE, FOLDER, N, or a word for the value (LANG, COUNTRY …)."""
    desc = getattr(param, "type_descriptor", None)
    annotation = getattr(desc, "annotation", None)
    info = getattr(desc, "parameter_info", None)
    is_path = bool(desc is not None and desc.is_path) or "Path" in repr(annotation)
    if param.param_type_name == "argument":
        return {"paths": "REPORTS", "query": "CODE_OR_NAME"}.get(param.name, param.name.upper())
    if is_path:
        file_okay = getattr(info, "file_okay", True)
        dir_okay = getattr(info, "dir_okay", True)
        return "FOLDER" if not file_okay else "FILE" if not dir_okay else "PATH"
    if annotation in (int, float) or repr(annotation) in ("int | None", "float | None"):
        return "N"
    return _VALUE_NAMES.get(param.name, param.name.upper())
