"""Benchmark `check` and `synthesize` on a regional inbox of realistic filled reports.

    python benchmarks/bench.py [--reports 193] [--words 15000] [--repeat 3] [--keep DIR]

It writes N filled national reports (Word + Excel data annex, about WORDS words each, in
English and French, every objective answered), then measures, each in a fresh process:

* the floor: unzip every report and parse its word/document.xml with lxml, nothing else;
* `check` of every report (the library call the CLI makes, JSON output included);
* `synthesize` of all of them into the Word report and the analyst workbook;
* `gcmreview --help` (median of 5 runs);
* `gcmreview init` of one blank report and its annex (median of 3 runs).

The floor, `check` and `synthesize` are measured REPEAT times, one after the other in turn (so
that whatever else the machine does slows them alike), and the fastest run of each is kept, as
``timeit`` does: noise only ever adds time. It prints that wall time, the highest peak memory
(resident memory of the measuring process and its worker processes together, sampled every
20 ms; Linux) and the ratio to the floor. `check` and
`synthesize` read large inboxes with one worker process per core (up to 4), as the CLI does.
A regional commission has at most 62 members, so to synthesize 193 distinct Member States the
benchmark registers a synthetic commission "BENCH" listing every ISO 3166-1 country; everything
else is the code users run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

BENCH_REGION = "BENCH"

SENTENCES_EN = [
    "The ministry coordinated an inter-agency working group that met every quarter",
    "Local authorities in border districts received training on referral procedures",
    "A new information campaign reached prospective migrants in rural areas",
    "Bilateral labour agreements now include standard employment contracts",
    "Data from the labour force survey were disaggregated by sex, age and migration status",
    "Civil society organisations took part in the review of the national action plan",
    "Consular staff were trained to assist nationals in situations of vulnerability",
    "Remittance service providers reduced fees after the regulator published price data",
    "Children are no longer held in migration detention and are placed in family care",
    "The statistics office published its first migration profile with regional breakdowns",
    "Funding remained limited, and several measures depend on international cooperation",
    "Women migrant workers in domestic work gained access to a complaints mechanism",
    "Climate-related displacement was included in the disaster risk reduction strategy",
    "A helpline offers information on regular pathways in three national languages",
]
SENTENCES_FR = [
    "Le ministère a coordonné un groupe de travail interinstitutionnel réuni chaque trimestre",
    "Les autorités locales des districts frontaliers ont été formées aux procédures d'orientation",
    "Une campagne d'information a touché les candidats à la migration en zone rurale",
    "Les accords bilatéraux de main-d'œuvre prévoient désormais des contrats types",
    "Les données de l'enquête emploi ont été ventilées par sexe, âge et statut migratoire",
    "Les organisations de la société civile ont participé à l'examen du plan d'action national",
    "Le personnel consulaire a été formé à l'assistance aux ressortissants vulnérables",
    "Les prestataires de transferts de fonds ont réduit leurs frais après publication des prix",
    "Les enfants ne sont plus placés en rétention administrative mais confiés à des familles",
    "L'institut de statistique a publié un premier profil migratoire ventilé par région",
    "Les financements restent limités et plusieurs mesures dépendent de la coopération",
    "Les travailleuses migrantes domestiques ont accès à un mécanisme de plainte",
]


def _text(rng: random.Random, words: int, lang: str, bullets: bool = False) -> str:
    pool = SENTENCES_FR if lang == "fr" else SENTENCES_EN
    out: list[str] = []
    count = 0
    paragraph: list[str] = []
    while count < words:
        sentence = rng.choice(pool) + f" ({rng.randint(2019, 2028)})."
        count += len(sentence.split())
        paragraph.append(sentence)
        if len(paragraph) >= rng.randint(3, 6):
            out.append(("- " if bullets and rng.random() < 0.3 else "") + " ".join(paragraph))
            paragraph = []
    if paragraph:
        out.append(" ".join(paragraph))
    return "\n".join(out)


def make_submission(bank, country: str, lang: str, words: int, seed: int):
    from gcmreview.submission import Submission

    rng = random.Random(seed)
    answers: dict[str, object] = {}
    text_questions = [
        q
        for q in bank.questions.values()
        if q.for_kind("national") and q.kind == "text" and not q.contact
    ]
    budget = {q.id: q.word_limit or 200 for q in text_questions}
    scale = min(1.0, words / sum(budget.values()))
    for q in text_questions:
        answers[q.id] = _text(rng, max(8, int(budget[q.id] * scale * 0.92)), lang, bullets=True)
    for n in range(1, 24):
        answers[f"obj.{n:02d}.priority"] = "yes" if rng.random() < 0.35 else "no"
        answers[f"obj.{n:02d}.principles"] = sorted(rng.sample("abcdefghij", 3))
    answers["method.coordination"] = "yes"
    answers["method.entities"] = rng.randint(5, 30)
    answers["method.consulted"] = ["migrants", "civil_society", "local", "academia"]
    answers["method.started"] = "2028-01-15"
    answers["method.adopted"] = f"2028-{rng.randint(3, 9):02d}-{rng.randint(1, 28):02d}"
    answers["method.focal_point"] = "Directorate of Migration (illustrative)"
    answers["policy.plan"] = "adopted"
    answers["policy.cca"] = "both"
    answers["next.support"] = ["data", "capacity"]
    tables = {}
    for q in bank.questions.values():
        if q.table is None:
            continue
        cells = {}
        for row in q.table.rows:
            if any(c.role == "total" for c in q.table.columns):
                f, m = rng.randint(0, 50000), rng.randint(0, 50000)
                a, b = rng.randint(0, f + m), 0
                b = f + m - a
                cells[row.id] = {
                    "total": f + m,
                    "female": f,
                    "male": m,
                    "age_0_17": a,
                    "age_18_64": b,
                }
            else:
                cells[row.id] = {"value": round(rng.uniform(0, 20), 1), "source_type": "admin"}
        tables[q.id] = {
            "reference_year": 2027,
            "source": "Illustrative benchmark data",
            "cells": cells,
        }
    return Submission.model_validate(
        {
            "kind": "national",
            "country": country,
            "region": BENCH_REGION,
            "language": lang,
            "review_cycle": bank.review_cycle,
            "bank_id": bank.id,
            "bank_version": bank.version,
            "bank_fingerprint": bank.fingerprint,
            "illustrative": True,
            "answers": answers,
            "tables": tables,
        }
    )


def register_bench_region() -> None:
    """Add the synthetic commission BENCH (every ISO country) to the reference data."""
    from gcmreview import reference

    original = reference.commissions()
    codes = tuple(sorted(c.alpha3 for c in reference.all_countries()))
    bench = reference.Commission(
        code=BENCH_REGION,
        name={"en": "Benchmark region", "fr": "Région de test", "es": "Región de prueba"},
        members=codes,
        associate_members=(),
        non_regional_members=(),
        established="none (a benchmark)",
        sources=("benchmark",),
        verified=True,
    )
    reference.commissions.cache_clear()
    patched = (*original, bench)
    reference.commissions = lambda: patched  # type: ignore[assignment]


def _retag(src: Path, dst: Path, country: str) -> None:
    """Copy a package, changing the country in its custom properties."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/custom.xml":
                data = re.sub(
                    rb'(name="gcmreview\.country"[^>]*>\s*<vt:lpwstr[^>]*>)[A-Z]{3}',
                    rb"\g<1>" + country.encode(),
                    data,
                )
            zout.writestr(item, data)


def generate(folder: Path, reports: int, words: int) -> list[Path]:
    from gcmreview import reference, scaffold
    from gcmreview.bank import default_bank

    register_bench_region()
    bank = default_bank()
    countries = sorted(c.alpha3 for c in reference.all_countries())[:reports]
    templates = folder / "_templates"
    templates.mkdir(parents=True)
    distinct = min(6, reports)
    bases = []
    for i in range(distinct):
        lang = "fr" if i % 2 else "en"
        sub = make_submission(bank, countries[i], lang, words, seed=i)
        bases.append(scaffold.render(bank, sub, templates / f"base{i}.docx"))
    inbox = folder / "inbox"
    inbox.mkdir()
    for i, country in enumerate(countries):
        base = bases[i % distinct]
        stem = f"{country}_national_2028-2029"
        _retag(base.report, inbox / f"{stem}.docx", country)
        _retag(base.annex, inbox / f"{stem}_data.xlsx", country)
    return sorted(inbox.glob("*.docx"))


# ---------------------------------------------------------------- measurements (subprocess)


class MemorySampler:
    """Peak resident memory of this process and its worker processes together, sampled
    every 20 ms from /proc (Linux)."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _rss_kb(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    @staticmethod
    def _children(pid: int) -> list[int]:
        found: list[int] = []
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                found.extend(int(x) for x in task.read_text().split())
        return found

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            total = self._rss_kb(me) + sum(self._rss_kb(c) for c in self._children(me))
            self.peak_kb = max(self.peak_kb, total)
            time.sleep(0.02)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure(what: str, inbox: Path, out: Path) -> dict[str, float]:
    with MemorySampler() as sampler:
        result = _measure(what, inbox, out)
    result["peak_mb"] = max(result["peak_mb"], sampler.peak_kb / 1024)
    return result


def _measure(what: str, inbox: Path, out: Path) -> dict[str, float]:
    started = time.perf_counter()
    if what == "floor":
        from lxml import etree

        for path in sorted(inbox.glob("*.docx")):
            with zipfile.ZipFile(path) as z:
                etree.fromstring(z.read("word/document.xml"))
    elif what == "check":
        register_bench_region()
        from gcmreview import checks
        from gcmreview.bank import default_bank
        from gcmreview.inbox import collect_paths

        bank = default_bank()
        reports = checks.check_files(collect_paths([inbox]), bank, submissions=False)
        json.dumps([r.to_json() for r in reports])
        bad = [r for r in reports if r.status != "VALID"]
        if bad:
            raise SystemExit(f"benchmark reports should be valid: {bad[0].to_json()}")
    elif what == "synthesize":
        register_bench_region()
        from gcmreview import synthesis
        from gcmreview.bank import default_bank

        s = synthesis.build([inbox], default_bank(), region=BENCH_REGION)
        if s.excluded:
            raise SystemExit(f"benchmark reports were excluded: {s.excluded[0]}")
        from gcmreview.synthesize import write

        write(s, out / "synthesis.docx", force=True)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak_mb}


def _run(what: str, inbox: Path, out: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "_measure", what, str(inbox), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"{what} failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _best(runs: list[dict[str, float]]) -> dict[str, float]:
    """The fastest of several runs, with the highest peak memory of any."""
    return {
        "seconds": min(r["seconds"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
    }


def help_time() -> float:
    exe = shutil.which("gcmreview") or str(Path(sys.executable).with_name("gcmreview"))
    times = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([exe, "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def init_time(folder: Path) -> float:
    """``gcmreview init`` of one blank report and its annex, as a focal point runs it (median
    of 3 fresh processes)."""
    exe = shutil.which("gcmreview") or str(Path(sys.executable).with_name("gcmreview"))
    times = []
    for n in range(3):
        started = time.perf_counter()
        subprocess.run(
            [exe, "init", "--country", "KEN", "--region", "ECA", "-d", str(folder / f"init{n}")],
            capture_output=True,
            check=True,
        )
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_measure":
        print(json.dumps(measure(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=193)
    parser.add_argument("--words", type=int, default=15000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure (best kept)")
    parser.add_argument("--keep", type=Path, help="keep the generated reports in this folder")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="gcmreview-bench-"))
    try:
        t0 = time.perf_counter()
        reports = generate(folder, args.reports, args.words)
        size = sum(p.stat().st_size for p in reports) / len(reports) / 1024
        print(
            f"generated {len(reports)} reports (~{args.words} words, {size:.0f} KB .docx "
            f"each, with data annexes) in {time.perf_counter() - t0:.1f} s"
        )
        inbox = folder / "inbox"
        out = folder / "out"
        out.mkdir(exist_ok=True)
        runs: dict[str, list[dict[str, float]]] = {"floor": [], "check": [], "synthesize": []}
        for _ in range(max(1, args.repeat)):
            for what, measured in runs.items():
                measured.append(_run(what, inbox, out))
        floor, check, synth = (_best(measured) for measured in runs.values())
        help_s = help_time()
        init_s = init_time(folder)
        rows = [
            ("floor (unzip + lxml parse)", floor, None, None),
            # the targets of the project's issues: check within 2.5x the floor, synthesize
            # within 6x, both under 400 MB
            ("check", check, 2.5, 400),
            ("synthesize", synth, 6, 400),
        ]
        print(f"best of {max(1, args.repeat)} runs each:")
        print(f"{'':28} {'seconds':>9} {'× floor':>8} {'target':>7} {'peak MB':>8}")
        for name, m, target, mem in rows:
            ratio = m["seconds"] / floor["seconds"]
            ok = (
                ""
                if target is None
                else ("ok" if ratio <= target and m["peak_mb"] < mem else "MISSED")
            )
            print(
                f"{name:28} {m['seconds']:9.2f} {ratio:8.1f} "
                f"{'' if target is None else f'≤{target}':>7} {m['peak_mb']:8.0f} {ok}"
            )
        print(
            f"{'gcmreview --help':28} {help_s:9.3f} {'':8} {'≤0.3 s':>7} "
            f"{'ok' if help_s < 0.3 else 'MISSED'}"
        )
        print(f"{'gcmreview init (1 report)':28} {init_s:9.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
