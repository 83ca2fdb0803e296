"""Serve fixtures: a real SQLite store in a tmp dir filled with hand-built analyses, the app over
it (TestClient), and ``build`` to make analyses with overlapping layers without the NLP model."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from serve_corpus import CORPUS, insert_story

from tidings.serve import ServeConfig, create_app
from tidings.store import Store

SANCTIONS = Path(__file__).resolve().parents[1] / "fixtures" / "sanctions"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{tmp_path / 'serve.db'}")
    s.write(CORPUS)
    yield s
    s.close()


@pytest.fixture
def make_client(store: Store) -> Iterator[Callable[..., TestClient]]:
    """``make_client(**config)``: a TestClient over the app on the fixture store."""
    clients: list[TestClient] = []

    def make(
        pipeline: Any = None, raise_server_exceptions: bool = True, **config: Any
    ) -> TestClient:
        app = create_app(ServeConfig(**config), store=store, pipeline=pipeline)
        client = TestClient(
            app, base_url="http://127.0.0.1:8000", raise_server_exceptions=raise_server_exceptions
        )
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


@pytest.fixture(scope="session")
def pipeline(nlp: Any) -> Any:
    """The real analysis pipeline (spaCy model loaded once), without watchlist screening."""
    from tidings.pipeline import Options, Pipeline

    return Pipeline(nlp, Options(watchlist=False))


@pytest.fixture(scope="session")
def watchlist_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding a watchlist index of the fixture slices (OFAC + UN)."""
    from tidings.watchlist import import_lists

    d = tmp_path_factory.mktemp("serve-watchlist")
    import_lists([SANCTIONS / "ofac", SANCTIONS / "un"], data_dir=d)
    return d


@pytest.fixture
def add_story(store: Store) -> Callable[[str, list[str]], None]:
    """Insert a story (as the story clustering would) grouping the given article ids."""

    def add(story_id: str, article_ids: list[str]) -> None:
        insert_story(store, story_id, article_ids, "Police commander defects")

    return add
