"""The report's identity as its title page prints it.

Custom document properties carry a report's identity (country, commission, kind …), but
Google Docs exports and copy-paste into a letterhead drop them. The title page's "About this
report" table says the same for people: this module reads it back, in any language of the
template, so that a report that lost its properties is still read.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice

from lxml import etree

from gcmreview.docx_text import W_TBL, TextReader, _cells, _rows, fold
from gcmreview.i18n import strings

COUNTRY = re.compile(r"\(([A-Z]{3})\)\s*$")
REGION = re.compile(r"\(([A-Z]{2,6})\)\s*$")
CYCLE = re.compile(r"^\d{4}(-\d{4})?$")
BANK = re.compile(r"^(\S+)\s+(\S+)\s+\((sha256:[0-9a-f]{16})\)$")


@cache
def _labels() -> dict[str, str]:
    """Folded title-page label, in every language → field name."""
    found: dict[str, str] = {}
    for name in ("country", "region", "kind", "language", "cycle", "bank", "organisation"):
        for text in strings()[f"doc.field.{name}"].values():
            found[fold(text)] = name
    return found


@cache
def _kinds() -> dict[str, str]:
    return {fold(text): kind for kind in ("national", "shadow")
            for text in strings()[f"doc.title.{kind}"].values()}  # fmt: skip


def read_title_page(body: etree._Element, reader: TextReader | None = None) -> dict[str, str]:
    """Identity fields found in the first tables of the document: ``country``, ``region``,
    ``kind``, ``language``, ``review_cycle``, ``bank_id``, ``bank_version``,
    ``bank_fingerprint``, ``organisation`` (only those found)."""
    from gcmreview.reference import LANGUAGE_NAMES

    reader = reader or TextReader()
    languages = {fold(name): code for code, name in LANGUAGE_NAMES.items()}
    labels = _labels()
    found: dict[str, str] = {}
    for tbl in islice(body.iter(W_TBL), 6):
        for tr in _rows(tbl):
            cells = _cells(tr)
            if len(cells) < 2:
                continue
            name = labels.get(fold(reader.text(cells[0])))
            value = " ".join(reader.text(cells[1]).split())
            if name is None or not value:
                continue
            if name == "country" and (m := COUNTRY.search(value)):
                found["country"] = m.group(1)
            elif name == "region" and (m := REGION.search(value)):
                found["region"] = m.group(1)
            elif name == "kind" and fold(value) in _kinds():
                found["kind"] = _kinds()[fold(value)]
            elif name == "language" and fold(value) in languages:
                found["language"] = languages[fold(value)]
            elif name == "cycle" and CYCLE.match(value):
                found["review_cycle"] = value
            elif name == "bank" and (m := BANK.match(value)):
                found.update(bank_id=m.group(1), bank_version=m.group(2))
                found["bank_fingerprint"] = m.group(3)
            elif name == "organisation":
                found["organisation"] = value
        if "country" in found:
            break
    return found
