"""The interface strings: every key in every language, each key once, the same placeholders in
every language (a translation that drops ``{n}`` would print a wrong sentence)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "templates" / "i18n"
LANGUAGES = ("en", "fr", "es")


class _UniqueKeys(yaml.SafeLoader):
    """A loader that refuses a key given twice in one mapping (YAML keeps the last silently)."""


def _mapping(loader: _UniqueKeys, node: yaml.MappingNode) -> dict:
    seen: dict[object, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise AssertionError(
                f"{key!r} twice: lines {seen[key] + 1} and {key_node.start_mark.line + 1}"
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node)


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _load(name: str) -> dict:
    return yaml.load((I18N / name).read_text("utf-8"), Loader=_UniqueKeys)


STRING_FILES = sorted(
    p.name for p in I18N.glob("*.yaml") if p.name not in ("readback.yaml", "languages.yaml")
)


@pytest.mark.parametrize("name", STRING_FILES)
def test_every_key_once_in_every_language(name: str) -> None:
    data = _load(name)
    assert data, name
    for key, entry in data.items():
        if not isinstance(entry, dict) or "en" not in entry:
            continue  # a file's own settings, not a string
        missing = [lang for lang in LANGUAGES if not entry.get(lang)]
        assert not missing, f"{name}: {key} lacks {missing}"


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field}


@pytest.mark.parametrize("name", STRING_FILES)
def test_same_placeholders_in_every_language(name: str) -> None:
    for key, entry in _load(name).items():
        if not isinstance(entry, dict) or "en" not in entry:
            continue
        expected = _fields(entry["en"])
        for lang, text in entry.items():
            if isinstance(text, str):
                assert _fields(text) == expected, f"{name}: {key} [{lang}]"


def test_readback_words_load_once() -> None:
    data = _load("readback.yaml")
    assert set(data) >= {"marks", "yes", "no", "placeholders"}
    assert all(re.sub(r"\s", "", w) for w in data["marks"]["chosen"])
