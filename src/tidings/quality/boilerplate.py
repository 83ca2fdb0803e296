"""Boilerplate lines on ``news-dev``: how many gold boilerplate lines stay, how many body lines go.

Each ``news-dev`` article (``part*/dNN_*.txt`` with its ``.json`` gold) lists its ``boilerplate``
lines (the spec of ``fixtures/seed/README.md``: lines that are not the article body). The text
file is read as a user would paste it (``ingest.from_text``: title line, cleaning); then

- ``left``: gold boilerplate lines still in the article (a body line, or the title when the
  gold title is another line). The gold names each line once, so a gold line counts as left
  while any copy of it stays (a caption printed twice is one gold line);
- ``body_removed``: lines in ``Article.removed`` that are not gold boilerplate (body lost).

    python -m tidings.quality.boilerplate [--data DIR] [--part part1 ...] [--verbose]

Gold strings compare after ``quality.norm`` (NFKC, whitespace collapsed). The floors of
``boilerplate_baseline.json`` are enforced by ``tests/quality/test_boilerplate_gate.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from tidings import ingest
from tidings.exc import InputError
from tidings.ingest.lineclass import LineModel
from tidings.quality import norm


@dataclass(slots=True)
class BoilerplateScore:
    """Counts over a set of articles, with the offending lines for a report."""

    articles: int = 0
    gold: int = 0
    left: int = 0
    removed: int = 0
    body_removed: int = 0
    failures: list[str] = field(default_factory=list)
    left_lines: list[str] = field(default_factory=list)
    body_removed_lines: list[str] = field(default_factory=list)

    def add(self, other: BoilerplateScore) -> None:
        self.articles += other.articles
        self.gold += other.gold
        self.left += other.left
        self.removed += other.removed
        self.body_removed += other.body_removed
        self.failures += other.failures
        self.left_lines += other.left_lines
        self.body_removed_lines += other.body_removed_lines

    def figures(self) -> dict[str, float]:
        """``boilerplate_removed_ratio`` (gold lines gone / gold lines) and the raw counts."""
        gone = self.gold - self.left
        return {
            "articles": self.articles,
            "boilerplate_gold": self.gold,
            "boilerplate_left": self.left,
            "boilerplate_removed_ratio": round(gone / self.gold, 4) if self.gold else 1.0,
            "body_lines_removed": self.body_removed,
            "articles_failed": len(self.failures),
        }


def score_article(
    text: str, gold: dict[str, Any], name: str, *, model: LineModel | None = None
) -> BoilerplateScore:
    """Score one article's text (title line, blank line, body) against its gold.

    ``model`` replaces the packaged line classifier (the leave-part-out figure of
    ``scripts/train_boilerplate.py``)."""
    wanted = [norm(b) for b in gold.get("boilerplate", []) if norm(b)]
    out = BoilerplateScore(articles=1, gold=len(wanted))
    try:
        article = ingest.from_text(text, source=name, boilerplate_model=model)
    except InputError as e:
        out.failures.append(str(e))
        out.left = out.gold
        return out
    kept = {norm(line) for line in article.text.split("\n") if line.strip()}
    if article.title and norm(article.title) != norm(gold.get("title") or ""):
        kept.add(norm(article.title))
    left = [line for line in wanted if line in kept]
    out.left = len(left)
    out.left_lines = [f"{name}: {line}" for line in left]
    for r in article.removed:
        out.removed += 1
        line = norm(r.text)
        if line not in wanted:
            out.body_removed += 1
            out.body_removed_lines.append(f"{name}: [{r.reason}] {line}")
    return out


def articles(root: Path, parts: Iterable[str] | None = None) -> list[tuple[Path, dict[str, Any]]]:
    """``(text path, gold)`` of every article under ``root`` (or under the named parts), sorted."""
    dirs = [root / p for p in parts] if parts else sorted(root.glob("part*"))
    out = []
    for d in dirs:
        for gold_path in sorted(d.glob("d*.json")):
            gold = json.loads(gold_path.read_text("utf-8"))
            out.append((gold_path.with_suffix(".txt"), gold))
    return out


def score_folder(root: Path, parts: Iterable[str] | None = None) -> BoilerplateScore:
    """Score every article of ``news-dev`` (or of the named parts)."""
    total = BoilerplateScore()
    for path, gold in articles(root, parts):
        total.add(score_article(path.read_text("utf-8"), gold, path.stem))
    return total


def baseline() -> dict[str, dict[str, float]]:
    """Floors (``min``) and ceilings (``max``) enforced by the gate test."""
    text = (
        resources.files("tidings")
        .joinpath("quality", "boilerplate_baseline.json")
        .read_text("utf-8")
    )
    data: dict[str, dict[str, float]] = json.loads(text)
    return {k: v for k, v in data.items() if not k.startswith("_")}


def main(argv: list[str] | None = None) -> int:
    from tidings.quality.__main__ import shared_dir

    ap = argparse.ArgumentParser(
        prog="python -m tidings.quality.boilerplate", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--data", type=Path, default=None, help="news-dev folder")
    ap.add_argument("--part", action="append", help="score only this part (repeatable)")
    ap.add_argument("--verbose", action="store_true", help="list the lines left and removed")
    args = ap.parse_args(argv)
    root = args.data or shared_dir() / "data" / "news-dev"
    if not root.is_dir():
        print(f"news-dev not found at {root} (set TIDINGS_SHARED_DIR)", file=sys.stderr)
        return 2
    score = score_folder(root, args.part)
    if args.verbose:
        for line in score.left_lines:
            print(f"left: {line}", file=sys.stderr)
        for line in score.body_removed_lines:
            print(f"body removed: {line}", file=sys.stderr)
        for line in score.failures:
            print(f"failed: {line}", file=sys.stderr)
    print(json.dumps(score.figures(), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
