"""Help text without Typer's type placeholders.

Typer 0.29 shows each parameter's Python type in ``--help``: ``{paths}...`` in the usage line,
``<list[str]>`` beside an argument, ``<bool>`` beside every flag, ``--help`` included. The
command classes here render the classic way instead: ``PATHS...`` for an argument, nothing for
a flag, the metavar (or ``TEXT``, ``INTEGER``, ``NUMBER``, the choices) for an option's value.
``plain_help(command)`` makes every command and group of the built ``tidings`` command one of
them, so the commands' modules register with plain ``app.command(...)``.
"""

from __future__ import annotations

from typing import Any

import typer.core
from typer.core import TyperArgument, TyperOption

#: Typer's type names -> the classic metavars.
_VALUE = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER"}


class _Argument(TyperArgument):
    @property
    def display_name_raw(self) -> str:
        return self.metavar or (self.name or "").upper()

    def _rich_display_name(self) -> str:
        more = self.nargs != 1 and self.metavar is None
        return self.display_name_raw + ("..." if more else "")

    def _usage_display_name(self) -> str:
        name = self._rich_display_name()
        return name if self.required else f"[{name}]"

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class _Option(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag or self.count:
            return None
        if self.metavar is not None:
            return self.metavar
        shown = self.display_type(ctx).strip("<>").removesuffix(" range")
        shown = shown.removeprefix("list[").removesuffix("]")  # repeatable: one value per use
        return _VALUE.get(shown, shown)


def _plain(params: list[Any]) -> list[Any]:
    """The same parameter objects, as the subclasses above (they add behaviour, no state)."""
    for p in params:
        if type(p) is TyperArgument:
            p.__class__ = _Argument
        elif type(p) is TyperOption:
            p.__class__ = _Option
    return params


class Command(typer.core.TyperCommand):
    """A command whose help shows no Python types (module docstring)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain(super().get_params(ctx))


class Group(typer.core.TyperGroup):
    """A command group whose help shows no Python types (module docstring)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain(super().get_params(ctx))


def plain_help(command: Any) -> Any:
    """``command`` and its subcommands, recursively, as ``Command``/``Group``; returns it."""
    if type(command) is typer.core.TyperCommand:
        command.__class__ = Command
    elif type(command) is typer.core.TyperGroup:
        command.__class__ = Group
    for sub in getattr(command, "commands", {}).values():
        plain_help(sub)
    return command
