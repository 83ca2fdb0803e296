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
    assert r.exit_code == 0 and "Watchlist index" in r.stdout and "Security" in r.stdout
    r = runner.invoke(app, ["watchlist", "info", "--format", "json"])
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


@pytest.fixture
def names_file(tmp_path: Path) -> Path:
    f = tmp_path / "names.csv"
    f.write_text(
        "name,country,birth year\n"
        "Halimov Gulmurod,TJ,1975\n"
        "Maria Example,,\n"
        "Gulmurod Khalimov,TJ,nineteen\n"
        ",TJ,\n",
        "utf-8",
    )
    return f


def test_cli_screen_file_jsonl(data_dir: Path, names_file: Path) -> None:
    r = runner.invoke(app, ["screen", "--file", str(names_file)])
    assert r.exit_code == 1  # two bad rows, each named; the good ones are still screened
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["line"] for x in rows] == [2, 3, 4, 5]
    assert {h["list_id"] for h in rows[0]["hits"]} == {"18634", "QDi.372"}
    assert rows[1]["hits"] == [] and "error" not in rows[1]
    assert "not a year" in rows[2]["error"] and rows[3]["error"] == "no name in this row"
    assert f"{names_file}:4: birth year" in r.stderr and "Traceback" not in r.output


def test_cli_screen_file_csv_and_plain_lines(data_dir: Path, tmp_path: Path) -> None:
    plain = tmp_path / "names.txt"
    plain.write_text("# one name a line\nHalimov Gulmurod\n\nMaria Example\n", "utf-8")
    out = tmp_path / "hits.csv"
    r = runner.invoke(app, ["screen", "--file", str(plain), "--format", "csv", "-o", str(out)])
    assert r.exit_code == 0, r.output
    import csv

    with out.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {x["list_id"] for x in rows if x["line"] == "2"} == {"18634", "QDi.372"}
    assert [x["hits"] for x in rows if x["line"] == "4"] == ["0"]


def test_cli_screen_needs_a_name_or_a_file(data_dir: Path, names_file: Path) -> None:
    assert runner.invoke(app, ["screen"]).exit_code == 2
    assert runner.invoke(app, ["screen", "X", "--file", str(names_file)]).exit_code == 2
    r = runner.invoke(app, ["screen", "--file", str(names_file), "--format", "text"])
    assert r.exit_code == 2 and "jsonl or csv" in r.output
