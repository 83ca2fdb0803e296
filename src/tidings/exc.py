"""One small exception tree: an item that fails is skipped with its reason; a source that fails stops the run.

TidingsError
├── InputError        one input (file, URL, feed item, record) can't be analysed: record it, go on
│   ├── EmptyInput
│   ├── BinaryInput
│   ├── OversizedInput
│   └── NoArticleError    HTML with no article body
├── ConfigError       settings or resources are unusable: stop with a message saying what to do
├── ModelError        the spaCy model can't be loaded
├── Cancelled         an analysis was stopped on purpose (its request timed out or went away)
└── WatchlistError    a list file is malformed; the previous index stays in place
"""

from __future__ import annotations


class TidingsError(Exception):
    """Base class of every error Tidings raises on purpose."""


class InputError(TidingsError):
    """One input can't be analysed. ``source`` names it; the message is one line."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class OversizedInput(InputError):
    pass


class NoArticleError(InputError):
    pass


class ConfigError(TidingsError):
    pass


class ModelError(TidingsError):
    pass


class Cancelled(TidingsError):
    """An analysis was stopped by its ``stop`` check (a server's request timed out or left)."""


class WatchlistError(TidingsError):
    """A watchlist file can't be imported; ``path`` and ``line`` say where."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
        super().__init__(f"{where}{message}")
        self.path = path
        self.line = line
