"""Watchlist speed: import time of the OFAC + UN lists and names screened per second against the full index.

Single process. Rates are given in wall-clock time and per CPU-second (``time.process_time``),
with the load average, because a shared machine slows wall-clock time and not CPU time. The
baseline, run in the same process on the same names, is a brute-force
``rapidfuzz.process.extractOne`` (token_sort_ratio, C++) over every listed name; nomenklatura's
logic-v2 over the whole list is timed on a few names only (it takes seconds per name).

Usage: python benchmarks/bench_screening_speed.py [--names 2000] [--sanctions ../shared/data/sanctions]
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

from tidings.watchlist import DEFAULT_THRESHOLD, import_lists, index_path, open_index, screen_name
from tidings.watchlist.names import PERSON

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--names", type=int, default=2000)
    ap.add_argument("--logic-v2-names", type=int, default=3)
    ap.add_argument("--sanctions", type=Path, default=REPO.parent / "shared" / "data" / "sanctions")
    args = ap.parse_args(argv)
    s = args.sanctions
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        t, c = time.perf_counter(), time.process_time()
        import_lists([s / "ofac_sdn_2024-05-03", s / "ofac_sdn_aux_2025-01"], data_dir=d)
        t_ofac, c_ofac = time.perf_counter() - t, time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        import_lists([s / "un_sc_consolidated_2026-02-27"], data_dir=d)
        t_un, c_un = time.perf_counter() - t, time.process_time() - c
        size = index_path(d).stat().st_size
        print(
            f"import OFAC SDN (sdn+alt+add+comments): {t_ofac:.1f} s wall, {c_ofac:.1f} s CPU; "
            f"then UN consolidated (index rebuilt with both): {t_un:.1f} s wall, {c_un:.1f} s CPU; "
            f"index {size / 1e6:.1f} MB"
        )

        t, c = time.perf_counter(), time.process_time()
        idx = open_index(index_path(d))
        assert idx is not None
        print(
            f"open index (packed arrays into memory, once per process): {time.perf_counter() - t:.2f} s wall, "
            f"{time.process_time() - c:.2f} s CPU"
        )
        all_names = [n for (n,) in idx.con.execute("SELECT name FROM names")]
        rng = random.Random(0)
        # what screening meets: listed names lightly perturbed, and unlisted names built from listed words
        people = [
            n
            for (n,) in idx.con.execute(
                "SELECT n.name FROM names n JOIN entries e ON e.id = n.entry WHERE e.schema = 'Person'"
            )
        ]
        queries = []
        for _ in range(args.names):
            n = rng.choice(people)
            words = n.replace(",", " ").split()
            if rng.random() < 0.5:
                rng.shuffle(words)
            else:
                words[-1] = rng.choice(rng.choice(people).replace(",", " ").split())
            queries.append(" ".join(words))

        load = os.getloadavg()[0]
        t, c = time.perf_counter(), time.process_time()
        hits = sum(1 for q in queries if screen_name(q, kind=PERSON, index=idx))
        cold, cold_cpu = time.perf_counter() - t, time.process_time() - c
        t, c = time.perf_counter(), time.process_time()
        for q in queries:
            screen_name(q, kind=PERSON, index=idx)
        warm, warm_cpu = time.perf_counter() - t, time.process_time() - c
        ours, ours_cpu = len(queries) / cold, len(queries) / cold_cpu
        print(
            f"tidings screen_name, first pass (cold caches): {ours:,.0f} names/s wall, {ours_cpu:,.0f} per CPU-second; "
            f"repeated: {len(queries) / warm:,.0f} wall, {len(queries) / warm_cpu:,.0f} per CPU-second; "
            f"{hits} of {len(queries)} alerted at {DEFAULT_THRESHOLD} "
            f"(load average {load:.1f} on {os.cpu_count()} CPUs)"
        )

        from rapidfuzz import fuzz, process

        k = min(len(queries), 300)
        t, c = time.perf_counter(), time.process_time()
        for q in queries[:k]:
            process.extractOne(q, all_names, scorer=fuzz.token_sort_ratio)
        base, base_cpu = k / (time.perf_counter() - t), k / (time.process_time() - c)
        print(
            f"baseline rapidfuzz extractOne over {len(all_names):,} names: {base:,.0f} names/s wall, "
            f"{base_cpu:,.0f} per CPU-second; tidings x{ours / base:.1f} wall, x{ours_cpu / base_cpu:.1f} CPU"
        )

        if args.logic_v2_names:
            try:
                from followthemoney import model
                from nomenklatura.matching import LogicV2
                from nomenklatura.matching.types import ScoringConfig
            except ImportError as err:
                print(f"logic-v2 not run: {err}")
                return 0
            config = ScoringConfig.defaults()
            listed = []
            for i, (n,) in enumerate(
                idx.con.execute("SELECT caption FROM entries WHERE schema = 'Person'")
            ):
                e = model.make_entity("Person")
                e.id = f"l{i}"
                e.add("name", n)
                listed.append(e)
            t = time.perf_counter()
            for q in queries[: args.logic_v2_names]:
                qe = model.make_entity("Person")
                qe.id = "q"
                qe.add("name", q)
                for le in listed:
                    LogicV2.compare(qe, le, config)
            per = (time.perf_counter() - t) / args.logic_v2_names
            print(
                f"nomenklatura logic-v2 over {len(listed):,} listed persons (primary names only): {per:.2f} s per name ({1 / per:.2f} names/s); tidings x{ours * per:,.0f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
