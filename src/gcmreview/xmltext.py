"""The one sanitiser for text that goes into a Word or Excel file.

XML 1.0, so Word and Excel, cannot hold C0 control characters other than tab and line ends,
U+FFFE, U+FFFF or lone surrogates (which a JSON string can carry as ``\\ud800``). Text from a
submission, a file name or the command line passes :func:`clean` before any XML is written:
what cannot be stored is removed (and, for submissions, reported by ``check``), never a crash
half-way through writing a document.
"""

from __future__ import annotations

import re

#: What XML 1.0 cannot hold: C0 controls but tab, line feed and carriage return; U+FFFE,
#: U+FFFF; surrogates (only lone ones reach a str).
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> tuple[str, int]:
    """``text`` without the characters XML cannot hold, and how many were removed."""
    if not UNSTORABLE.search(text):
        return text, 0
    cleaned, count = UNSTORABLE.subn("", text)
    return cleaned, count


def xml_safe(text: str) -> str:
    """``text`` ready for a Word or Excel file (see :func:`clean`)."""
    return clean(text)[0]
