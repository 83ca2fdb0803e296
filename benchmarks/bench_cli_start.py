"""How fast the ``tidings`` command starts, against importing the analysis pipeline.

Each case runs in a fresh interpreter (``subprocess``), ``--repeat`` times after one warm-up run
(so the files are in the page cache); the median wall time and the median CPU time (user +
system, which a loaded machine inflates less) are printed, with the ratio of the baseline
(``import tidings.pipeline``: spaCy, the extractors, the watchlist) to each case, by CPU time.
``tidings screen "Nicolas Maduro"`` runs against a real index of the full OFAC + UN lists,
built once from ``--sanctions`` into a temporary data directory (or the one ``--data-dir``
names, if it holds an index).

    python benchmarks/bench_cli_start.py [--repeat 7] [--sanctions ../shared/data/sanctions]
        [--data-dir DIR]

Goals: ``tidings --help`` <= 1.0 s and the light commands' help <= 0.5 s (issue 14);
``tidings screen NAME`` answers within 0.5 s of its start (issue 12), on the 2-core machines.
The ratio says how much of the pipeline's start each one pays.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tidings.watchlist import import_lists, index_path

REPO = Path(__file__).resolve().parents[1]
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
    ('tidings screen "Nicolas Maduro"', [*CLI, "screen", "Nicolas Maduro"]),
]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def median_seconds(argv: list[str], repeat: int, env: dict[str, str]) -> tuple[float, float]:
    """Median (wall, CPU) seconds of running ``argv`` to completion."""
    subprocess.run(argv, capture_output=True, check=True, env=env)  # warm-up: page cache, .pyc
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), _cpu()
        subprocess.run(argv, capture_output=True, check=True, env=env)
        wall.append(time.perf_counter() - t)
        cpu.append(_cpu() - c)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=7, help="timed runs per case (median)")
    ap.add_argument("--sanctions", type=Path, default=REPO.parent / "shared" / "data" / "sanctions")
    ap.add_argument("--data-dir", type=Path, help="a data directory whose index screen uses")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp)
        if not index_path(data_dir).exists():
            import_lists([args.sanctions], data_dir=data_dir)
        env = {**os.environ, "TIDINGS_DATA_DIR": str(data_dir)}
        base_wall, base_cpu = median_seconds(BASELINE[1], args.repeat, env)
        print(f"{'case':<32} {'wall s':>8} {'CPU s':>8} {'baseline/case':>14}")
        print(f"{BASELINE[0]:<32} {base_wall:>8.3f} {base_cpu:>8.3f} {'1.0x':>14}  (baseline)")
        for name, argv in CASES:
            wall, cpu = median_seconds(argv, args.repeat, env)
            print(f"{name:<32} {wall:>8.3f} {cpu:>8.3f} {base_cpu / cpu:>13.1f}x")


if __name__ == "__main__":
    main()
