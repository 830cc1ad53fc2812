"""Safe YAML reading for files that users hand us (question banks, plans).

``yaml.safe_load`` already refuses to build Python objects, but it still expands aliases,
so a few hundred bytes of ``&a [*a, *a, …]`` can ask for gigabytes ("billion laughs").
Our files never need aliases, so the loader refuses them, and refuses files over a size cap.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from gcmreview.errors import GcmError

MAX_YAML_BYTES = 5 * 1024 * 1024

#: An anchor (``&name``); without one, no alias can occur.
ANCHOR = re.compile(r"(^|[\s\[{,:-])&[^\s]", re.MULTILINE)


@cache
def _loaders() -> tuple[Any, Any]:
    """(libyaml's safe loader or None, the safe loader that refuses aliases), made when
    first needed: most starts read only cached data (:func:`load_bundled`), not YAML."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:  # type: ignore[override]
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                mark = event.start_mark
                raise yaml.YAMLError(
                    f"line {mark.line + 1}: YAML aliases (*{event.anchor}) are not allowed"
                )
            return super().compose_node(parent, index)

    return getattr(yaml, "CSafeLoader", None), NoAliasLoader


def load_yaml_text(text: str, *, source: str) -> Any:
    """Parse YAML text; any syntax problem becomes a one-line :class:`GcmError`. Text without
    anchors is parsed by libyaml's safe loader when available (ten times faster); text with
    anchors goes through the pure-Python safe loader, which refuses aliases."""
    import yaml

    fast, loader = _loaders()
    if fast is not None and not ANCHOR.search(text):
        loader = fast
    try:
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise GcmError(f"{source} is not valid YAML{where}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise GcmError(f"{source} is not valid YAML: {exc}") from None


def load_bundled(text: str, *, source: str) -> Any:
    """Parse a YAML data file shipped with gcmreview (``source`` names it), through the
    cache of such files (:mod:`gcmreview.datacache`): JSON, read much faster."""
    from gcmreview import datacache

    if datacache.folder() is None:  # the cache is off: no entry to name
        return load_yaml_text(text, source=source)
    name = datacache.entry_name(text, source)
    data = datacache.read(name)
    if data is None:
        data = load_yaml_text(text, source=source)
        datacache.write(name, data)
    return data


def load_yaml_file(path: Path) -> Any:
    """Read and parse a YAML (or JSON, which is YAML) file a user gave us."""
    from gcmreview.files import read_user_text

    return load_yaml_text(read_user_text(path, max_bytes=MAX_YAML_BYTES), source=str(path))
