"""``python -m tidings.quality``: score the seed, a PolNeAR split and news-dev; print a table and JSON.

    python -m tidings.quality                          # seed + PolNeAR test split + news-dev
    python -m tidings.quality --polnear-split dev      # another split
    python -m tidings.quality --no-polnear --no-newsdev --json-only

Figures under their floor in ``baseline.json`` (``newsdev_baseline.json`` for news-dev) are
marked; the exit status is 1 when any is.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from tidings.quality import baseline, below_floor

REPO = Path(__file__).resolve().parents[3]
SEED = REPO / "tests" / "fixtures" / "khalimov-breitbart-2015.txt"


def shared_dir() -> Path:
    """``TIDINGS_SHARED_DIR`` or the ``shared`` folder beside the repository."""
    return Path(os.environ.get("TIDINGS_SHARED_DIR", REPO.parent / "shared")).resolve()


def run_seed(seed: Path) -> dict[str, Any]:
    """Analyse the seed article as the tests do and score it against its ``.gold.json``."""
    import tidings
    from tidings.quality import seed as seed_mod

    gold = json.loads(seed.with_suffix(".gold.json").read_text("utf-8"))
    analysis = tidings.analyze(seed, published=gold.get("published"), outlet=gold.get("outlet"))
    return seed_mod.score(analysis, gold)


def run_polnear(root: Path, split: str) -> dict[str, Any]:
    from tidings.quality import polnear

    return polnear.score_split(root, split)


def _table(results: dict[str, dict[str, Any]], floors: dict[str, dict[str, float]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Tidings quality")
    for col in ("set", "figure", "value", "floor"):
        table.add_column(col)
    for name, figures in results.items():
        fl = floors.get(name, {})
        for key, value in figures.items():
            if not isinstance(value, int | float):
                continue
            floor = fl.get(key)
            low = floor is not None and value + 1e-9 < floor
            shown = (
                f"[red]{value:.4f}[/red]"
                if low
                else f"{value:.4f}"
                if isinstance(value, float)
                else str(value)
            )
            table.add_row(name, key, shown, "" if floor is None else f"{floor:.2f}")
    Console(stderr=True).print(table)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tidings.quality", description=__doc__.splitlines()[0]
    )
    ap.add_argument(
        "--seed", type=Path, default=SEED, help="seed article (its .gold.json beside it)"
    )
    ap.add_argument("--polnear-split", default="test", help="PolNeAR split: train, dev or test")
    ap.add_argument(
        "--polnear-root",
        type=Path,
        default=None,
        help="PolNeAR folder (default: <shared>/data/polnear)",
    )
    ap.add_argument("--no-polnear", action="store_true", help="score the seed only")
    ap.add_argument(
        "--newsdev-root",
        type=Path,
        default=None,
        help="news-dev folder (default: <shared>/data/news-dev)",
    )
    ap.add_argument("--no-newsdev", action="store_true", help="skip news-dev")
    ap.add_argument("--json-only", action="store_true", help="print only the JSON")
    args = ap.parse_args(argv)

    results: dict[str, dict[str, Any]] = {}
    if args.seed.is_file():
        results["seed"] = run_seed(args.seed)
    else:
        print(f"seed article not found: {args.seed}", file=sys.stderr)
    if not args.no_polnear:
        root = args.polnear_root or shared_dir() / "data" / "polnear"
        if (root / args.polnear_split).is_dir():
            results[f"polnear_{args.polnear_split}"] = run_polnear(root, args.polnear_split)
        else:
            print(f"PolNeAR not found at {root}; skipped (set TIDINGS_SHARED_DIR)", file=sys.stderr)
    floors = baseline()
    if not args.no_newsdev:
        from tidings.quality import newsdev

        root = args.newsdev_root or shared_dir() / "data" / "news-dev"
        if root.is_dir():
            for part, figures in newsdev.score_root(root).items():
                results[f"newsdev_{part}"] = figures
            floors.update({f"newsdev_{k}": v for k, v in newsdev.baseline().items()})
        else:
            print(
                f"news-dev not found at {root}; skipped (set TIDINGS_SHARED_DIR)", file=sys.stderr
            )
    if not args.json_only:
        _table(results, floors)
    print(json.dumps(results, indent=1, ensure_ascii=False))
    low = [
        f"{name}: {line}"
        for name, figs in results.items()
        for line in below_floor(figs, floors.get(name, {}))
    ]
    for line in low:
        print(f"below floor: {line}", file=sys.stderr)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
