"""Reading, building and writing a regional synthesis: what ``gcmreview synthesize`` does.

The synthesis model (:mod:`gcmreview.synthesis`) knows nothing of Word or Excel; the writers
(:mod:`gcmreview.synthesis_docx`, :mod:`gcmreview.synthesis_xlsx`) know the model; this module
sits above both and writes the set of outputs.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from gcmreview.errors import UsageError
from gcmreview.layout import manifest_path_for
from gcmreview.manifest_xml import Passage
from gcmreview.synthesis import Synthesis
from gcmreview.synthesis_docx import CHAPTERS


def write(
    s: Synthesis,
    output: Path,
    *,
    reference_doc: Path | None = None,
    force: bool = False,
    decisions: dict[str, dict[str, str]] | None = None,
    advance: Callable[[], None] | None = None,
) -> tuple[Path, Path, Path]:
    """Write the Word report and, beside it, the analyst workbook (.xlsx) and the manifest
    of its passages (.manifest.json). ``advance`` is called :data:`WRITE_STEPS` times."""
    from gcmreview.files import write_outputs
    from gcmreview.synthesis_docx import write_synthesis_docx
    from gcmreview.synthesis_xlsx import write_workbook

    output, workbook, manifest_file = check_outputs(output, force=force)
    step = advance or (lambda: None)
    with workbook_beside(s) as book:  # a large region's workbook is written meanwhile
        report, manifest = write_synthesis_docx(
            s, reference_doc=reference_doc, decisions=decisions, advance=step
        )
        book_bytes = book() if book is not None else write_workbook(s)
    step()
    write_outputs(
        {output: report, workbook: book_bytes, manifest_file: manifest_json(manifest)},
        force=force,
    )
    step()
    return output, workbook, manifest_file


_BESIDE: Synthesis | None = None


@contextlib.contextmanager
def workbook_beside(s: Synthesis) -> Iterator[Callable[[], bytes] | None]:
    """For a large region (as many reports as ``check`` reads with workers) where processes
    can be forked: the analyst workbook written by a worker process while this one writes the
    Word report; gives a function that waits for its bytes. Otherwise None (write it here).
    The worker is a fork of this process (it has the synthesis without copying it); it ends
    with the block, also on Ctrl+C or an error."""
    global _BESIDE
    from gcmreview import checks, workers

    entries = len(s.national) + len(s.shadow)
    if not workers.available() or checks.default_jobs() <= 1 or entries < checks.PARALLEL_MIN:
        yield None
        return
    _BESIDE = s
    try:
        with contextlib.ExitStack() as stack:
            try:
                pool: workers.Workers | None = stack.enter_context(workers.forked(1))
            except workers.CannotFork:
                pool = None
            if pool is None:  # no process can be made: it is written here
                yield None
                return
            pending = pool.run(_workbook_in_worker)

            def book() -> bytes:
                try:
                    written: bytes = pool.result(pending)
                    return written
                except (workers.Stopped, workers.CannotFork):
                    # killed (out of memory?): written here instead
                    from gcmreview.synthesis_xlsx import write_workbook

                    return write_workbook(s)

            yield book
    finally:
        _BESIDE = None


def _workbook_in_worker() -> bytes:
    from gcmreview.synthesis_xlsx import write_workbook

    assert _BESIDE is not None
    return write_workbook(_BESIDE)


#: Steps of writing a synthesis: the report's parts, the workbook, the files.
WRITE_STEPS = CHAPTERS + 2


def check_outputs(output: Path, *, force: bool) -> tuple[Path, Path, Path]:
    """The report, workbook and manifest that writing to ``output`` makes, once it is sure
    they can be written (call it before reading an inbox: fail in the first second)."""
    from gcmreview.files import check_writable

    if output.suffix.lower() != ".docx":
        raise UsageError(f"the synthesis must be a .docx file, not {output.name}")
    paths = (output, output.with_suffix(".xlsx"), manifest_path_for(output))
    check_writable(paths, force=force)
    return paths


def manifest_json(manifest: dict[str, object]) -> bytes:
    """The manifest as UTF-8 JSON people can read: a key per line, a list item (a passage)
    per line. Written piece by piece: a large region's manifest quotes every passage of the
    report, and indenting every level, or building it as one string, makes it slow and
    large to hold."""
    out = io.BytesIO()
    out.write(b"{\n")
    for index, (key, value) in enumerate(manifest.items()):
        out.write(b",\n" if index else b"")
        out.write(b"  " + _item(key) + b": ")
        if isinstance(value, list) and value:
            out.write(b"[\n")
            for n, entry in enumerate(value):
                out.write((b",\n    " if n else b"    ") + _item(entry))
            out.write(b"\n  ]")
        else:
            out.write(_item(value))
    out.write(b"\n}\n")
    return out.getvalue()


def _item(value: object) -> bytes:
    if isinstance(value, Passage):
        return value.json  # made once, for the draft's ID
    return json.dumps(value, ensure_ascii=False).encode("utf-8")
