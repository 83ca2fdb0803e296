"""List files: format detection, and bad files (truncated, broken, wrong encoding) that leave the old index usable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tidings.exc import WatchlistError
from tidings.watchlist import import_lists, index_path, open_index, screen_name
from tidings.watchlist.sources import collect, detect


@pytest.mark.parametrize(
    "rel,fmt",
    [
        ("ofac/sdn.csv", "sdn"),
        ("ofac/alt.csv", "alt"),
        ("ofac/add.csv", "add"),
        ("ofac/sdn_comments.csv", "comments"),
        ("un/consolidated.xml", "un_xml"),
    ],
)
def test_sources_detect_by_name(sanctions_fixtures: Path, rel: str, fmt: str) -> None:
    assert detect(sanctions_fixtures / rel) == fmt


@pytest.mark.parametrize(
    "src,fmt",
    [
        ("ofac/sdn.csv", "sdn"),
        ("ofac/alt.csv", "alt"),
        ("ofac/add.csv", "add"),
        ("un/consolidated.xml", "un_xml"),
    ],
)
def test_sources_detect_by_content(
    sanctions_fixtures: Path, tmp_path: Path, src: str, fmt: str
) -> None:
    renamed = tmp_path / "download.dat"
    shutil.copy(sanctions_fixtures / src, renamed)
    assert detect(renamed) == fmt


def test_sources_collect_folder(sanctions_fixtures: Path) -> None:
    formats = sorted(f.format for f in collect([sanctions_fixtures]))
    assert formats == ["add", "alt", "comments", "sdn", "un_xml"]


def _truncated_csv(src: Path, dst: Path) -> None:
    data = src.read_bytes()
    dst.write_bytes(data[: len(data) // 2])


def _broken_xml(src: Path, dst: Path) -> None:
    text = src.read_text("utf-8")
    dst.write_text(text[: len(text) // 2], "utf-8")


def _latin1_csv(src: Path, dst: Path) -> None:
    text = src.read_text("utf-8").replace("PODOBED", "PODOBÉD")
    dst.write_bytes(text.encode("latin-1", "replace"))


def _utf16_csv(src: Path, dst: Path) -> None:
    dst.write_bytes(src.read_text("utf-8").encode("utf-16"))


def _short_row(src: Path, dst: Path) -> None:
    dst.write_text('18634,"KHALIMOV, Gulmurod","individual"\r\n', "utf-8")


@pytest.mark.parametrize(
    "damage,src,name,message,line",
    [
        (_truncated_csv, "ofac/sdn.csv", "sdn.csv", "truncated", True),
        (_short_row, "ofac/sdn.csv", "sdn.csv", "expected 12 fields", True),
        (_broken_xml, "un/consolidated.xml", "consolidated.xml", "broken XML", True),
        (_latin1_csv, "ofac/sdn.csv", "sdn.csv", "not UTF-8", True),
        (_utf16_csv, "ofac/sdn.csv", "sdn.csv", "UTF-16", True),
    ],
)
def test_sources_bad_file_names_file_and_line_and_keeps_index(
    sanctions_fixtures: Path, tmp_path: Path, damage, src: str, name: str, message: str, line: bool
) -> None:
    data = tmp_path / "data"
    import_lists([sanctions_fixtures / "ofac", sanctions_fixtures / "un"], data_dir=data)
    before = index_path(data).read_bytes()
    bad = tmp_path / "bad"
    bad.mkdir()
    damage(sanctions_fixtures / src, bad / name)
    with pytest.raises(WatchlistError) as exc:
        import_lists([bad / name], data_dir=data)
    assert str(bad / name) in str(exc.value)
    assert message in str(exc.value)
    assert (exc.value.line is not None) is line
    assert "\n" not in str(exc.value)
    assert index_path(data).read_bytes() == before
    assert not [p for p in data.iterdir() if p.name.endswith(".tmp")]
    hits = screen_name("Gulmurod Khalimov", index=open_index(index_path(data)))
    assert {h.list_id for h in hits} == {"18634", "QDi.372"}


@pytest.mark.parametrize(
    "names,message",
    [
        (["nothing-here.csv"], "no such file"),
        (["alt_only/alt.csv"], "need sdn.csv"),
    ],
)
def test_sources_unusable_inputs(
    sanctions_fixtures: Path, tmp_path: Path, names: list[str], message: str
) -> None:
    (tmp_path / "alt_only").mkdir()
    shutil.copy(sanctions_fixtures / "ofac" / "alt.csv", tmp_path / "alt_only" / "alt.csv")
    with pytest.raises(WatchlistError, match=message):
        import_lists([tmp_path / n for n in names], data_dir=tmp_path / "data")
    assert not index_path(tmp_path / "data").exists()
