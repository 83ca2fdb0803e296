"""The CLI starts light: ``import tidings`` and ``import tidings.cli`` load no NLP model, store,
watchlist or web stack (structural checks on ``sys.modules``, not timings: see
``benchmarks/bench_cli_start.py`` for the times)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Loaded only by the commands that need them.
HEAVY = ("spacy", "onnxruntime", "sqlalchemy", "alembic", "fastapi", "followthemoney", "numpy")


def loaded_after(statement: str) -> set[str]:
    """Top-level packages in ``sys.modules`` after running ``statement`` in a fresh interpreter."""
    code = f"{statement}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    p = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return set(json.loads(p.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "statement",
    ["import tidings", "import tidings.cli", "import tidings.cli; tidings.cli.command()"],
)
def test_start_loads_nothing_heavy(statement: str) -> None:
    assert loaded_after(statement).isdisjoint(HEAVY)


def test_help_loads_nothing_heavy() -> None:
    code = (
        "import sys\nfrom tidings.cli import main\nsys.argv = ['tidings', 'screen', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert loaded_after(code).isdisjoint(HEAVY)


def test_listing_stories_loads_no_name_matching() -> None:
    # `tidings stories` reads the store only: no spaCy, no followthemoney (entity resolution)
    assert loaded_after("import tidings.resolve.stories").isdisjoint(
        {"spacy", "onnxruntime", "followthemoney", "rigour", "fastapi"}
    )


def test_lazy_names_resolve() -> None:
    import tidings
    from tidings.model import Article

    assert tidings.Article is Article
    assert {"analyze", "analyze_many", "Analysis", "Article"} <= set(dir(tidings))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = tidings.nope
    from tidings import resolve
    from tidings.resolve.entities import merge

    assert resolve.merge is merge
