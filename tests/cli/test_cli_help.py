"""``--help`` of every command reads as help: no Python type placeholders, every option explained."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tidings.cli import command

#: What Typer 0.29 prints when left alone: ``{paths}...``, ``<list[str]>``, ``<bool>``, ``<int range>``.
PLACEHOLDER = re.compile(r"\{\w+\}|<[\w\[\]| ]+>|\.\.\.\.")


def commands(cmd: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from commands(sub, (*path, name))


ALL = list(commands(command()))


def help_text(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        command().main([*path, "--help"], prog_name="tidings")
    assert exit_.value.code == 0
    return capsys.readouterr().out


def test_every_command_is_walked() -> None:
    names = {" ".join(p) for p, _ in ALL}
    assert {"analyze", "ingest", "search", "entity show", "watchlist import", "serve"} <= names


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=lambda p: " ".join(p) or "tidings")
def test_help_has_no_type_placeholders(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one line per option: nothing is cut by wrapping
    text = help_text(path, capsys)
    assert "Usage: tidings" in text
    assert not PLACEHOLDER.findall(text), text


def test_help_shows_classic_metavars(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    text = help_text(("analyze",), capsys)
    assert "Usage: tidings analyze [OPTIONS] PATHS..." in text
    assert re.search(r"--workers\s+-w\s+INTEGER", text)
    assert re.search(r"--published\s+DATE", text)
    assert re.search(r"--no-rhetoric\s+Skip", text)  # a flag takes no value
    text = help_text(("entity", "judgements"), capsys)
    assert "[ENTITY]" in text  # an optional argument


@pytest.mark.parametrize("path", [p for p, _ in ALL], ids=lambda p: " ".join(p) or "tidings")
def test_every_parameter_has_help(path: tuple[str, ...]) -> None:
    _, cmd = next(x for x in ALL if x[0] == path)
    assert cmd.help, f"{' '.join(path)} has no docstring"
    for param in cmd.params:
        assert getattr(param, "help", None), f"{' '.join(path)} {param.name} has no help"


def test_screen_threshold_help_names_the_default() -> None:
    from tidings.watchlist import DEFAULT_THRESHOLD

    _, screen = next(x for x in ALL if x[0] == ("screen",))
    (threshold,) = [p for p in screen.params if p.name == "threshold"]
    assert f"default: {DEFAULT_THRESHOLD:.2f}" in threshold.help
