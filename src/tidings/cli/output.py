"""Where the CLI prints: consoles that never read text as Rich markup, and the one error line.

Paths, options, error reasons and article text are user text: a ``[/bold]`` in a file name
must print as itself, not end the run with ``MarkupError``. Every console of the CLI comes from
``console()`` (markup off, so tables and plain prints are safe too); styled parts are ``Text``.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text


def console(*, stderr: bool = False) -> Console:
    """A console that prints strings as they are (no markup; no highlighting on stderr)."""
    return Console(stderr=stderr, markup=False, highlight=not stderr)


def print_error(out: Console, message: object, *, label: str = "error", style: str = "red") -> None:
    """``error <message>`` on one line, the message printed as plain text."""
    out.print(Text.assemble((label, style), " ", str(message)), soft_wrap=True)
