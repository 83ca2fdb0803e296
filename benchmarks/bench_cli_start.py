"""How fast the ``tidings`` command starts, against importing the analysis pipeline.

Each case runs in a fresh interpreter (``subprocess``), ``--repeat`` times after one warm-up run
(so the files are in the page cache); the median wall time and the median CPU time (user +
system, which a loaded machine inflates less) are printed, with the ratio of the baseline
(``import tidings.pipeline``: spaCy, the extractors, the watchlist) to each case, by CPU time.

    python benchmarks/bench_cli_start.py [--repeat 7]

Goal (issue 14): ``tidings --help`` <= 1.0 s and the light commands' help <= 0.5 s on the
2-core machines; the ratio says how much of the pipeline's start each one pays.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time

CLI = [sys.executable, "-m", "tidings"]
BASELINE = ("import tidings.pipeline", [sys.executable, "-c", "import tidings.pipeline"])
CASES = [
    ("import tidings.cli", [sys.executable, "-c", "import tidings.cli"]),
    ("tidings --help", [*CLI, "--help"]),
    ("tidings screen --help", [*CLI, "screen", "--help"]),
    ("tidings search --help", [*CLI, "search", "--help"]),
    ("tidings entity --help", [*CLI, "entity", "--help"]),
    ("tidings stories --help", [*CLI, "stories", "--help"]),
    ("tidings watchlist --help", [*CLI, "watchlist", "--help"]),
]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def median_seconds(argv: list[str], repeat: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds of running ``argv`` to completion."""
    subprocess.run(argv, capture_output=True, check=True)  # warm-up: page cache, .pyc files
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), _cpu()
        subprocess.run(argv, capture_output=True, check=True)
        wall.append(time.perf_counter() - t)
        cpu.append(_cpu() - c)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=7, help="timed runs per case (median)")
    args = ap.parse_args()
    base_wall, base_cpu = median_seconds(BASELINE[1], args.repeat)
    print(f"{'case':<28} {'wall s':>8} {'CPU s':>8} {'baseline/case':>14}")
    print(f"{BASELINE[0]:<28} {base_wall:>8.3f} {base_cpu:>8.3f} {'1.0x':>14}  (baseline)")
    for name, argv in CASES:
        wall, cpu = median_seconds(argv, args.repeat)
        print(f"{name:<28} {wall:>8.3f} {cpu:>8.3f} {base_cpu / cpu:>13.1f}x")


if __name__ == "__main__":
    main()
