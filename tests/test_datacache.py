"""The cache of bundled data files (gcmreview.datacache): used when it can be, never in the
way when it cannot (damaged entries, pipes, unwritable folders, full disks, interrupts)."""

from __future__ import annotations

import errno
import json
import os
import sys
import threading
from pathlib import Path

import pytest

from gcmreview import datacache, yamlio
from gcmreview.bank import DEFAULT_BANK
from gcmreview.paths import templates_dir

BANK = templates_dir() / "bank" / DEFAULT_BANK
SOURCE = f"bank/{DEFAULT_BANK}"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("GCMREVIEW_CACHE", str(folder))
    return folder


def _entry(folder: Path, text: str, source: str = SOURCE) -> Path:
    return folder / datacache.entry_name(text, source)


def _no_yaml(monkeypatch) -> None:
    def refuse(text, *, source):
        raise AssertionError(f"{source} was parsed as YAML")

    monkeypatch.setattr(yamlio, "load_yaml_text", refuse)


def test_a_bundled_file_is_read_from_its_cache_entry_the_second_time(cache, monkeypatch):
    text = BANK.read_text(encoding="utf-8")
    first = yamlio.load_bundled(text, source=SOURCE)
    assert _entry(cache, text).is_file()
    _no_yaml(monkeypatch)
    assert yamlio.load_bundled(text, source=SOURCE) == first
    assert first["id"] and first["sections"]


def test_an_edited_file_is_never_shadowed_by_the_entry_of_its_old_text(cache):
    text = "languages: [en, fr]\ntitle: Before\n"
    assert yamlio.load_bundled(text, source="x.yaml")["title"] == "Before"
    edited = text.replace("Before", "After")
    assert yamlio.load_bundled(edited, source="x.yaml")["title"] == "After"
    assert len(list(cache.glob("data-*.json"))) == 2


@pytest.mark.parametrize(
    "damage", [b"", b'{"title": ', b"\xff\xfe not json", b"[" * 100_000 + b"]" * 100_000]
)
def test_a_damaged_entry_is_passed_over_and_written_again(cache, damage):
    text = "title: Kept\n"
    yamlio.load_bundled(text, source="x.yaml")
    entry = _entry(cache, text, "x.yaml")
    entry.write_bytes(damage)
    assert yamlio.load_bundled(text, source="x.yaml") == {"title": "Kept"}
    assert json.loads(entry.read_text(encoding="utf-8")) == {"title": "Kept"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_where_an_entry_should_be_never_blocks(cache):
    text = "title: Piped\n"
    cache.mkdir()
    os.mkfifo(_entry(cache, text, "x.yaml"))
    found: list[object] = []
    reader = threading.Thread(
        target=lambda: found.append(yamlio.load_bundled(text, source="x.yaml")), daemon=True
    )
    reader.start()
    reader.join(10)
    assert found == [{"title": "Piped"}]


@pytest.mark.skipif(sys.platform == "win32", reason="/dev/zero is POSIX")
def test_a_link_to_a_device_is_not_read(cache):
    text = "title: Device\n"
    cache.mkdir()
    _entry(cache, text, "x.yaml").symlink_to("/dev/zero")
    assert yamlio.load_bundled(text, source="x.yaml") == {"title": "Device"}


def test_a_folder_that_cannot_be_made_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GCMREVIEW_CACHE", str(blocker / "cache"))
    assert yamlio.load_bundled("title: Here\n", source="x.yaml") == {"title": "Here"}
    assert blocker.read_text() == "not a folder"


def test_a_full_disk_leaves_no_partial_entry(cache, monkeypatch):
    real_open = open

    def full(path, mode="r", *args, **kwargs):
        if "x" in mode:
            handle = real_open(path, mode, *args, **kwargs)
            handle.close()
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", full)
    assert yamlio.load_bundled("title: Full\n", source="x.yaml") == {"title": "Full"}
    assert list(cache.iterdir()) == []


def test_an_interrupt_while_an_entry_is_written_leaves_nothing_behind(cache, monkeypatch):
    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        yamlio.load_bundled("title: Stopped\n", source="x.yaml")
    assert list(cache.iterdir()) == []


@pytest.mark.parametrize(
    "text",
    [
        "adopted: 2028-01-15\n",  # a date: JSON would give text back
        "1: one\n2: two\n",  # keys that are numbers: JSON would give text keys
        "value: .nan\n",  # not a number: JSON cannot hold it
    ],
)
def test_data_json_cannot_hold_exactly_is_not_cached(cache, text):
    expected = yamlio.load_yaml_text(text, source="x.yaml")
    assert repr(yamlio.load_bundled(text, source="x.yaml")) == repr(expected)  # nan != nan
    assert not cache.exists() or list(cache.glob("data-*.json")) == []


def test_off_means_no_folder_at_all(tmp_path, monkeypatch):
    monkeypatch.setenv("GCMREVIEW_CACHE", "off")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert datacache.folder() is None
    assert yamlio.load_bundled("title: Not kept\n", source="x.yaml") == {"title": "Not kept"}
    assert list(tmp_path.iterdir()) == []


def test_the_default_folder_is_the_platform_cache_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("GCMREVIEW_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    expected = {
        "win32": tmp_path / "local" / "gcmreview" / "Cache",
        "darwin": tmp_path / "Library" / "Caches" / "gcmreview",
    }.get(sys.platform, tmp_path / "xdg" / "gcmreview")
    assert datacache.folder() == expected
