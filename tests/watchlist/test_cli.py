"""``tidings watchlist import|info`` and ``tidings screen``: thin commands, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app

runner = CliRunner()


def test_cli_import_info_screen(
    sanctions_fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path))
    r = runner.invoke(app, ["watchlist", "import", str(sanctions_fixtures)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["watchlist", "info"])
    assert r.exit_code == 0
    assert {x["list"] for x in json.loads(r.stdout)["lists"]} == {
        "us_ofac_sdn",
        "un_sc_consolidated",
    }
    r = runner.invoke(app, ["screen", "Halimov Gulmurod", "--country", "TJ", "--format", "json"])
    assert r.exit_code == 0
    assert {h["list_id"] for h in json.loads(r.stdout)} == {"18634", "QDi.372"}
    r = runner.invoke(app, ["screen", "Gulmurod Khalimov", "--type", "person"])
    assert "KHALIMOV, Gulmurod" in r.stdout and "transliteration" not in r.stdout
    r = runner.invoke(app, ["screen", "Khalimov"])
    assert r.exit_code == 0 and "no hit" in r.stdout


def test_cli_import_error_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    bad = tmp_path / "sdn.csv"
    bad.write_text('1,"A",-0- ,"X"\n', "utf-8")
    r = runner.invoke(app, ["watchlist", "import", str(bad)])
    assert r.exit_code == 2
    assert "Traceback" not in r.output
    assert f"{bad}:1:" in r.output


def test_cli_screen_without_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path))
    r = runner.invoke(app, ["screen", "Gulmurod Khalimov"])
    assert r.exit_code == 1
    assert "tidings watchlist import" in r.output
