"""Where articles come from: files, directories (recursively) and stdin, one result per article."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from tidings import settings
from tidings.exc import InputError, OversizedInput
from tidings.model import Article

# Files taken from a directory; a file named explicitly is read whatever its extension.
ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".md", ".html", ".htm", ".xhtml"})

STDIN = "-"


def expand_directory(root: Path) -> list[Path]:
    """Article files under ``root``, recursively, sorted by relative path for a stable order.

    Hidden files and folders (name starting with ".") are skipped, and symbolic links to
    folders are not followed (no loops).
    """
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and Path(name).suffix.lower() in ARTICLE_SUFFIXES:
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def read_stream(stream: BinaryIO, source: str = STDIN) -> bytes:
    """Read a byte stream up to the size limit; ``OversizedInput`` when it holds more."""
    limit = settings.max_input_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise OversizedInput(
            source, f"input is over the limit of {limit:,} bytes (set TIDINGS_MAX_INPUT_BYTES)"
        )
    return data


def iter_paths(
    paths: Iterable[str | Path],
    *,
    load_path: Callable[[Path], Article],
    load_bytes: Callable[[bytes, str], Article],
    stdin: BinaryIO | None = None,
) -> Iterator[Article | InputError]:
    """Yield one ``Article`` or ``InputError`` per article found under ``paths``; never raises for one.

    A directory yields its article files in sorted order (or one ``InputError`` when it has
    none); ``"-"`` reads ``stdin`` (default ``sys.stdin``) once; a missing path is an
    ``InputError`` like any other bad input.
    """
    for raw in paths:
        name = str(raw)
        if name == STDIN:
            stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
            if stream is None:  # started with stdin closed (``<&-``): Python sets it to None
                yield InputError(name, "stdin is closed: nothing to read")
            else:
                yield _attempt(name, _read_stdin, stream, load_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            files = expand_directory(path)
            if not files:
                suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
                yield InputError(name, f"directory has no article files ({suffixes})")
            for file in files:
                yield _attempt(str(file), load_path, file)
        else:
            yield _attempt(name, load_path, path)


def _read_stdin(stream: BinaryIO, load_bytes: Callable[[bytes, str], Article]) -> Article:
    return load_bytes(read_stream(stream), STDIN)


def _attempt(source: str, load: Callable[..., Article], *args: object) -> Article | InputError:
    try:
        return load(*args)
    except InputError as e:
        return e
    except OSError as e:
        return InputError(source, f"can't read ({e.strerror or e})")
