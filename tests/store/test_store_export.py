"""Exports: JSON Lines round trip and FollowTheMoney entities that ``ftm validate`` reads back unchanged."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tidings.cli.corpus import app
from tidings.model import Analysis
from tidings.resolve import resolve_entities
from tidings.store import Store, export_ftm, export_jsonl


def ftm_validate(path: Path) -> list[dict[str, Any]]:
    """Run the real ``ftm validate`` CLI on ``path``; returns the entities it wrote back."""
    code = "import sys; from followthemoney.cli.cli import cli; sys.exit(cli())"
    done = subprocess.run(
        [sys.executable, "-c", code, "validate", "-i", str(path), "-o", "-"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def _props(entity: dict[str, Any]) -> dict[str, list[str]]:
    return {k: sorted(v) for k, v in entity["properties"].items()}


@pytest.fixture
def exported(store: Store, corpus: list[Analysis], tmp_path: Path) -> list[dict[str, Any]]:
    store.write(corpus)
    resolve_entities(store)
    path = tmp_path / "corpus.ftm.json"
    with path.open("w", encoding="utf-8") as f:
        n = export_ftm(store, f)
    entities = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert n == len(entities)
    validated = ftm_validate(path)
    # validation cleans values: nothing may be dropped or changed
    assert [(e["id"], e["schema"], _props(e)) for e in validated] == [
        (e["id"], e["schema"], _props(e)) for e in entities
    ]
    return entities


def test_export_ftm_schemata(exported: list[dict[str, Any]], corpus: list[Analysis]) -> None:
    schemata = [e["schema"] for e in exported]
    assert schemata.count("Article") == len(corpus)
    assert {"Person", "Organization", "Mention", "Documentation", "Sanction"} <= set(schemata)
    assert len({e["id"] for e in exported}) == len(exported)


def test_export_ftm_one_person_across_spellings(exported: list[dict[str, Any]]) -> None:
    by_id = {e["id"]: e for e in exported}
    (person,) = [
        e
        for e in exported
        if e["schema"] == "Person" and "Gulmurod Khalimov" in e["properties"]["name"]
    ]
    assert {"Gulmurod Halimov", "Khalimov"} <= set(person["properties"]["alias"])
    mentions = [
        e
        for e in exported
        if e["schema"] == "Mention" and e["properties"]["resolved"] == [person["id"]]
    ]
    assert {m["properties"]["name"][0] for m in mentions} >= {
        "Gulmurod Khalimov",
        "Gulmurod Halimov",
    }
    docs = {
        by_id[d["properties"]["document"][0]]["properties"]["publisher"][0]
        for d in exported
        if d["schema"] == "Documentation" and d["properties"]["entity"] == [person["id"]]
    }
    assert docs == {"Reuters", "RFE/RL"}
    (sanction,) = [e for e in exported if e["schema"] == "Sanction"]
    assert sanction["properties"]["entity"] == [person["id"]]
    assert sanction["properties"]["program"] == ["SDGT"]
    assert sanction["properties"]["listingDate"] == ["2015-09-29"]


def test_export_ftm_roles_and_article_fields(exported: list[dict[str, Any]]) -> None:
    by_id = {e["id"]: e for e in exported}
    roles = {
        (
            by_id[d["properties"]["entity"][0]]["properties"]["name"][0],
            d["properties"]["role"][0],
        )
        for d in exported
        if d["schema"] == "Documentation"
    }
    assert ("Ramazon Rahimzoda", "quoted") in roles
    assert ("Islamic State", "mentioned") in roles
    article = next(e for e in exported if e["schema"] == "Article")
    assert set(article["properties"]) >= {
        "title",
        "bodyText",
        "publishedAt",
        "publisher",
        "language",
    }
    assert article["properties"]["language"] == ["eng"]


def test_export_ftm_before_resolution(store: Store, corpus: list[Analysis]) -> None:
    store.write(corpus)
    out = io.StringIO()
    export_ftm(store, out)
    people = [json.loads(x) for x in out.getvalue().splitlines() if '"Person"' in x]
    # without canonical entities each article's person is its own thing
    assert len([p for p in people if p["schema"] == "Person"]) == 6


def test_export_jsonl_roundtrip(store: Store, corpus: list[Analysis]) -> None:
    store.write(corpus)
    out = io.StringIO()
    assert export_jsonl(store, out) == 3
    back = [Analysis.from_dict(json.loads(line)) for line in out.getvalue().splitlines()]
    assert [a.to_dict() for a in back] == [a.to_dict() for a in corpus]


def test_export_cli_ftm(tmp_path: Path, corpus: list[Analysis]) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    with Store.open(db) as s:
        s.write(corpus)
    out = tmp_path / "out.json"
    r = CliRunner().invoke(app, ["export", "--format", "ftm", "-o", str(out), "--db", db])
    assert r.exit_code == 0, r.output
    assert "exported" in r.output and "entities" in r.output
    assert len(ftm_validate(out)) == len(out.read_text("utf-8").splitlines())
