"""Compare the work `check` does per report in two versions of gcmreview, in paired runs.

    python benchmarks/paired.py OTHER_SRC INBOX [--rounds 20] [--chunk 12]

Two long-lived processes, one importing gcmreview from OTHER_SRC (the ``src`` folder of
another checkout, such as a git worktree of main), the other the gcmreview installed here,
take turns checking the same CHUNK reports of INBOX, in one process each (no workers),
ROUNDS times; then the same again with the two processes started the other way round. Within
a pair of turns the machine's speed moves both versions alike, so the ratio of their times
repeats to about 1 %, where whole benchmark runs vary by some 10 %. The second pass is
needed: of two identical processes, the one started second has come out 2–4 % faster, and
the geometric mean of the two passes cancels that. It prints each pass and the corrected
ratio (here / other: below 1, this checkout does less work per report).

INBOX is an inbox of the benchmark's reports (``python benchmarks/bench.py --keep DIR`` leaves
one in ``DIR/inbox``).
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def serve(inbox: Path) -> None:
    """The process of one version: check the next N reports each time a number is read."""
    sys.path.insert(0, str(HERE))
    import bench

    bench.register_bench_region()
    from gcmreview import checks
    from gcmreview.bank import default_bank
    from gcmreview.inbox import collect_paths

    bank = default_bank()
    paths = collect_paths([inbox])
    checks.check_files(paths[:2], bank, jobs=1, submissions=False)  # caches, as a worker's
    gc.freeze()  # as check_files does before it forks its workers
    done = 0
    print("ready", flush=True)
    for line in sys.stdin:
        n = int(line)
        chunk = [paths[(done + k) % len(paths)] for k in range(n)]
        done += n
        started = time.process_time()
        checks.check_files(chunk, bank, jobs=1, submissions=False)
        print((time.process_time() - started) / n * 1000, flush=True)


def _start(inbox: Path, src: str | None) -> subprocess.Popen[str]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    process = subprocess.Popen(
        [sys.executable, __file__, "_serve", str(inbox)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        raise SystemExit(f"the process of {src or 'this checkout'} did not start")
    return process


def _pass(inbox: Path, first: str | None, second: str | None, rounds: int, chunk: int
          ) -> list[float]:  # fmt: skip
    """The ratios (second's time / first's) of ``rounds`` pairs of turns, taken in turn."""
    processes = [_start(inbox, first), _start(inbox, second)]
    times: list[list[float]] = [[], []]
    try:
        for turn in range(rounds):
            for index in (0, 1) if turn % 2 == 0 else (1, 0):
                process = processes[index]
                assert process.stdin is not None and process.stdout is not None
                process.stdin.write(f"{chunk}\n")
                process.stdin.flush()
                times[index].append(float(process.stdout.readline()))
    finally:
        for process in processes:
            if process.stdin is not None:
                process.stdin.close()
            process.wait()
    return [b / a for a, b in zip(times[0], times[1], strict=True)]


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "_serve":
        serve(Path(sys.argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other_src", type=Path, help="the src folder of the other version")
    parser.add_argument("inbox", type=Path, help="an inbox of the benchmark's reports")
    parser.add_argument("--rounds", type=int, default=20, help="pairs of turns in each pass")
    parser.add_argument("--chunk", type=int, default=12, help="reports a turn")
    args = parser.parse_args()
    other = str(args.other_src.resolve())
    here_second = statistics.median(_pass(args.inbox, other, None, args.rounds, args.chunk))
    other_second = statistics.median(_pass(args.inbox, None, other, args.rounds, args.chunk))
    print(f"here / other, this checkout started second: {here_second:.3f}")
    print(f"other / here, the other started second: {other_second:.3f}")
    print(
        f"here / other: {math.sqrt(here_second / other_second):.3f} "
        f"(a process started second comes out {1 - math.sqrt(here_second * other_second):+.1%} "
        f"faster; {args.rounds} pairs a pass)"
    )


if __name__ == "__main__":
    main()
