"""The synthesis manifest carried inside the .docx, as a custom XML part.

Word keeps custom XML parts (``customXml/item1.xml``, with its ``itemProps1.xml`` and a
relationship from the main document) when a person edits, comments on, renames or e-mails
the report, so a copy named "ECE synthesis draft v2.docx" still knows its passages. The
``.manifest.json`` beside the report stays, for people to read.

The part is the manifest's JSON, one XML element per top-level key and one per
passage::

    <manifest xmlns="urn:gcmreview:synthesis-manifest" schema="gcmreview/synthesis-manifest@1">
      <value key="synthesis_id">"a1b2c3d4e5f6"</value>
      <list key="passages"><item>{"id":"P0001",…}</item>…</list>
    </manifest>

Each element holds a small JSON text (an XML parser refuses text nodes of more than 10 MB,
and a large region's manifest is about 20 MB), and the part is written piece by piece
(:func:`pieces`), so the report is never held twice.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from xml.sax.saxutils import escape

from gcmreview.xmltext import UNSTORABLE

NAMESPACE = "urn:gcmreview:synthesis-manifest"
SCHEMA = "gcmreview/synthesis-manifest@1"
#: Pieces of at most this many passages are encoded at a time.
BATCH = 200


def item_id(synthesis_id: str) -> str:
    """The custom XML part's ID (``ds:itemID``): a GUID derived from the draft's ID, so the
    same synthesis gives the same bytes."""
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{NAMESPACE}:{synthesis_id}")).upper() + "}"


class Passage(dict):
    """A passage of the manifest with its JSON text, made once: the draft's ID, the XML part
    and the ``.manifest.json`` file all use it (a large region's report quotes twenty
    thousand passages)."""

    __slots__ = ("json",)

    def __init__(self, **fields: object) -> None:
        super().__init__(fields)
        #: UTF-8 (half the memory of text for most languages' texts)
        self.json: bytes = json.dumps(fields, ensure_ascii=False).encode("utf-8")


def _json(value: object) -> str:
    """JSON an XML part can hold: JSON already escapes control characters; U+FFFE, U+FFFF
    and lone surrogates are written as \\u escapes too (rare: text is cleaned when it is
    read), so the part is always well-formed and the value comes back unchanged."""
    if isinstance(value, Passage):
        text = value.json.decode("utf-8")
    else:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if UNSTORABLE.search(text):
        text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return escape(text)


def pieces(manifest: dict[str, object]) -> Iterator[bytes]:
    """The part's bytes, a few hundred passages at a time."""
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<manifest xmlns="{NAMESPACE}" schema="{SCHEMA}">'
    ).encode()
    for key, value in manifest.items():
        name = escape(key, {'"': "&quot;"})
        if isinstance(value, list):
            yield f'<list key="{name}">'.encode()
            for start in range(0, len(value), BATCH):
                yield "".join(
                    f"<item>{_json(entry)}</item>" for entry in value[start : start + BATCH]
                ).encode("utf-8")
            yield b"</list>"
        else:
            yield f'<value key="{name}">{_json(value)}</value>'.encode()
    yield b"</manifest>"


def item_props(synthesis_id: str) -> bytes:
    """``customXml/itemProps1.xml``: the part's ID and the schema it follows, as Word
    writes them."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'customXml" ds:itemID="{item_id(synthesis_id)}"><ds:schemaRefs>'
        f'<ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()


def is_manifest(head: bytes) -> bool:
    """Whether a custom XML part (its first bytes) is a manifest, before parsing it whole."""
    return NAMESPACE.encode() in head[:1024]


def read(root) -> dict[str, object] | None:
    """The manifest from the parsed part (an lxml element), or None when the part is not a
    manifest or is damaged."""
    if root.tag != f"{{{NAMESPACE}}}manifest" or root.get("schema") != SCHEMA:
        return None
    manifest: dict[str, object] = {}
    value_tag, list_tag = f"{{{NAMESPACE}}}value", f"{{{NAMESPACE}}}list"
    try:
        for child in root.iterchildren(value_tag, list_tag):
            key = child.get("key")
            if key is None:
                continue
            if child.tag == value_tag:
                manifest[key] = json.loads(child.text or "null")
            else:
                items = child.iterchildren(f"{{{NAMESPACE}}}item")
                manifest[key] = [json.loads(item.text or "null") for item in items]
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        return None
    return manifest
