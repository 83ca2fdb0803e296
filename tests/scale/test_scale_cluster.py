"""Scale-out on a real Dask LocalCluster (2 worker processes): same analyses as a local run,
the pipeline loaded once per worker, failures recorded, the CLI's --scheduler, a bad address."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli.corpus import app
from tidings.pipeline import Options
from tidings.scale import cluster, worker_memory
from tidings.sources.run import ingest
from tidings.store import Store

pytestmark = pytest.mark.slow

OPTIONS = Options(watchlist=False)
PLACES = ["Oslo", "Lagos", "Lima", "Hanoi", "Quito", "Accra", "Riga", "Dakar", "Sofia", "Kyiv"]


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    with cluster(workers=2) as c:
        yield c


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    for i, place in enumerate(PLACES):
        (d / f"{i:02d}.txt").write_text(
            f"Flooding closes roads in {place}\n\n"
            f"Heavy rain closed roads in {place} on Monday, officials said. "
            f'"We have {i + 2} crews working through the night," said mayor Ana Petrova {i}.',
            encoding="utf-8",
        )
    (d / "blank.txt").write_text("\n\n", encoding="utf-8")
    return d


def test_scale_cluster_matches_local_run(client: object, folder: Path, tmp_path: Path) -> None:
    local = Store.open(f"sqlite:///{tmp_path / 'local.db'}")
    remote = Store.open(f"sqlite:///{tmp_path / 'dask.db'}")
    a = ingest([str(folder)], local, options=OPTIONS)
    b = ingest([str(folder)], remote, options=OPTIONS, client=client, batch_size=4)  # type: ignore[arg-type]
    assert (b.stored, b.errors) == (a.stored, a.errors) == (len(PLACES), 1)
    got = {x.id: x.to_dict() for x in remote.iter_analyses()}
    want = {x.id: x.to_dict() for x in local.iter_analyses()}
    assert got == want
    assert [e.source for e in remote.errors()] == [str(folder / "blank.txt")]
    # resumable like a local run: nothing new the second time
    again = ingest([str(folder)], remote, options=OPTIONS, client=client)  # type: ignore[arg-type]
    assert (again.stored, again.duplicates) == (0, len(PLACES))


def test_scale_pipeline_loaded_once_per_worker(
    client: object, folder: Path, tmp_path: Path
) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'once.db'}")
    ingest([str(folder)], store, options=OPTIONS, client=client)  # type: ignore[arg-type]

    def loaded() -> int:
        from tidings.scale import workers as mod

        return len(mod._PIPELINES)

    counts = client.run(loaded)  # type: ignore[attr-defined]
    assert len(counts) == 2 and set(counts.values()) <= {0, 1} and sum(counts.values()) >= 1
    memory = worker_memory(client)  # type: ignore[arg-type]
    assert len(memory) == 2 and all(v > 10_000_000 for v in memory.values())


def test_scale_cli_scheduler(client: object, folder: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    address = client.scheduler.address  # type: ignore[attr-defined]
    r = CliRunner().invoke(
        app, ["ingest", str(folder), "--scheduler", address, "--no-watchlist", "--db", db]
    )
    assert r.exit_code == 1, r.output  # blank.txt failed
    assert "stored 10 · 0 duplicates · 0 skipped · 1 error" in r.output
    r = CliRunner().invoke(app, ["search", "flooding", "--format", "json", "--db", db])
    assert len(json.loads(r.stdout)) == 10


def test_scale_cli_bad_scheduler(folder: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'bad.db'}"
    r = CliRunner().invoke(
        app, ["ingest", str(folder), "--scheduler", "tcp://127.0.0.1:9", "--db", db]
    )
    assert r.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in r.output
