"""List files: read them safely (encoding, truncation) and tell their format apart; every error names file and line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tidings.exc import WatchlistError

# OFAC's legacy CSV set: headerless files joined on ent_num (the first column).
OFAC_COLUMNS = {"sdn": 12, "alt": 5, "add": 6, "comments": 2}
_OFAC_NAMES = {"sdn.csv": "sdn", "alt.csv": "alt", "add.csv": "add", "sdn_comments.csv": "comments"}
UN_XML = "un_xml"


@dataclass(frozen=True, slots=True)
class ListFile:
    """One list file and what it is: ``sdn``, ``alt``, ``add``, ``comments`` (OFAC CSV) or ``un_xml``."""

    path: Path
    format: str


def read_text(path: Path) -> str:
    """The file's text as UTF-8, without OFAC's trailing end-of-file byte (0x1A).

    Raises ``WatchlistError`` naming the file and line when the bytes are not UTF-8
    (a list saved as Latin-1 or UTF-16, say) or the file can't be read.
    """
    try:
        data = path.read_bytes()
    except OSError as e:
        raise WatchlistError(f"can't read the file ({e.strerror})", str(path)) from e
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise WatchlistError("is UTF-16 or binary, not UTF-8 text: save it as UTF-8", str(path), 1)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise WatchlistError(
            f"byte 0x{data[e.start]:02x} is not UTF-8 (wrong encoding: the official files are UTF-8)",
            str(path),
            line,
        ) from e
    return text.rstrip("\x1a\r\n ") + "\n" if text.strip("\x1a\r\n ") else ""


def detect(path: Path) -> str:
    """The format of one file, from its name or, failing that, its first bytes.

    ``consolidated.xml`` or any XML whose root is ``CONSOLIDATED_LIST`` is the UN list;
    ``sdn.csv``/``alt.csv``/``add.csv``/``sdn_comments.csv`` (any case) are the OFAC set; another
    CSV is told apart by its column count. Raises ``WatchlistError`` for anything else.
    """
    name = path.name.lower()
    if name in _OFAC_NAMES:
        return _OFAC_NAMES[name]
    try:
        with path.open("rb") as fh:
            head = fh.read(2048)
    except OSError as e:
        raise WatchlistError(f"can't read the file ({e.strerror})", str(path)) from e
    stripped = head.lstrip(b"\xef\xbb\xbf \r\n\t")
    if stripped.startswith(b"<"):
        if b"CONSOLIDATED_LIST" in head or name.endswith(".xml"):
            return UN_XML
        raise WatchlistError("XML file that is not the UN consolidated list", str(path), 1)
    first = head.decode("utf-8", "replace").splitlines()[0] if head else ""
    try:
        row = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        row = []
    by_count = {v: k for k, v in OFAC_COLUMNS.items()}
    if row and row[0].strip().isdigit() and len(row) in by_count:
        return by_count[len(row)]
    raise WatchlistError(
        "unknown list format (expected OFAC sdn.csv/alt.csv/add.csv/sdn_comments.csv or the UN consolidated.xml)",
        str(path),
    )


def collect(paths: Iterable[str | Path]) -> list[ListFile]:
    """The list files named by ``paths``: files as given, folders searched (recursively) for known files."""
    out: list[ListFile] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = [
                f
                for f in sorted(p.rglob("*"))
                if f.is_file() and (f.name.lower() in _OFAC_NAMES or f.suffix.lower() == ".xml")
            ]
            if not found:
                raise WatchlistError("no list files in this folder", str(p))
            out.extend(ListFile(f, detect(f)) for f in found)
        elif p.is_file():
            out.append(ListFile(p, detect(p)))
        else:
            raise WatchlistError("no such file or folder", str(p))
    return out


def csv_rows(path: Path, columns: int) -> Iterator[tuple[int, list[str]]]:
    """``(line, fields)`` of a headerless OFAC CSV file, ``-0-`` read as empty.

    Raises ``WatchlistError`` with the line for bad quoting or a row with fewer fields than
    ``columns`` (the usual sign of a truncated download).
    """
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise WatchlistError(
                f"malformed CSV ({e}); is the file truncated?", str(path), reader.line_num
            ) from e
        start, line = line, reader.line_num + 1
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) < columns:
            raise WatchlistError(
                f"expected {columns} fields, found {len(row)}; is the file truncated?",
                str(path),
                start,
            )
        yield start, [_clean(v) for v in row]


def _clean(value: str) -> str:
    v = value.strip()
    return "" if v == "-0-" else v
