"""Names and places shared by the writers and the readers of reports, kept apart from
python-docx and openpyxl so that reading (``check``) does not import them."""

from pathlib import Path

#: Prefix of gcmreview's custom document properties (both the .docx and the .xlsx).
META_PREFIX = "gcmreview."

# Cell shading of a question table in the Word report: the reader uses it to tell the grey
# guidance cell from the answer box when a person has typed over the guidance.
ANSWER_FILL = "FFFBEA"
QUESTION_FILL = "E8F0F8"
GUIDANCE_FILL = "F4F4F4"

# Where things are in a data-annex sheet.
MARKER = "gcmreview:"
KEY_ROW = 5
HEADER_ROW = 6
FIRST_DATA_ROW = 7
YEAR_CELL = "C3"
SOURCE_CELL = "C4"
UNIT_KEY = "_unit"
LISTS_SHEET = "_lists"


def annex_path_for(report: Path) -> Path:
    """The data annex that goes with a report: ``X.docx`` → ``X_data.xlsx``."""
    return report.with_name(report.stem + "_data.xlsx")


def manifest_path_for(report: Path) -> Path:
    """``synthesis.docx`` → ``synthesis.manifest.json``: the passages of a synthesis."""
    return report.with_name(report.stem + ".manifest.json")
