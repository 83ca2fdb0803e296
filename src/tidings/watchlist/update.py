"""Import list files into the index (atomically), and download the official files to import them."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from tidings.exc import WatchlistError
from tidings.watchlist.index import build, index_path, stored_entries
from tidings.watchlist.record import ListEntry, ListReport
from tidings.watchlist.sources import UN_XML, collect

# The publishers' download addresses (OFAC Sanctions List Service; UN SC consolidated list).
OFFICIAL_URLS = (
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ALT.CSV",
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADD.CSV",
    "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN_COMMENTS.CSV",
    "https://scsanctions.un.org/resources/xml/en/consolidated.xml",
)


def import_lists(paths: Iterable[str | Path], *, data_dir: Path | None = None) -> list[ListReport]:
    """Import list files or folders into the index; return one report per list imported.

    Formats are detected per file. A list named again replaces its previous version; other
    lists already in the index are kept. Every file is parsed before anything is written,
    and the new index replaces the old one by an atomic rename, so any ``WatchlistError``
    (naming file and line) leaves the previous index in place and usable.
    """
    # the parsers need followthemoney (a second to import): loaded here, not to screen
    from tidings.watchlist.ofac import parse_ofac
    from tidings.watchlist.un import parse_un

    files = collect(paths)
    if not files:
        raise WatchlistError("no list files given")
    new: list[ListEntry] = []
    reports: list[ListReport] = []
    ofac_files = [f for f in files if f.format != UN_XML]
    if ofac_files:
        entries, report = parse_ofac(ofac_files)
        new += entries
        reports.append(report)
    un_files = [f for f in files if f.format == UN_XML]
    if len(un_files) > 1:
        raise WatchlistError(
            "more than one UN consolidated list given: " + ", ".join(str(f.path) for f in un_files)
        )
    for f in un_files:
        entries, report = parse_un(f.path)
        new += entries
        reports.append(report)
    path = index_path(data_dir)
    kept, kept_reports = stored_entries(path, exclude_lists={r.list for r in reports})
    build([*kept, *new], [*kept_reports, *reports], path)
    return reports


def _filename(url: str) -> str:
    name = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    return name or "download"


def update(
    urls: Sequence[str] = OFFICIAL_URLS, *, data_dir: Path | None = None, timeout: float = 120.0
) -> list[ListReport]:
    """Download list files (default: the official OFAC and UN addresses) and import them.

    Files are downloaded into a temporary folder first; a failed download or a malformed file
    raises ``WatchlistError`` and leaves the index as it was.
    """
    import httpx  # only here: importing it costs screening's start-up time

    with tempfile.TemporaryDirectory(prefix="tidings-watchlist-") as tmp:
        folder = Path(tmp)
        with httpx.Client(timeout=timeout, follow_redirects=True) as client:
            for url in urls:
                try:
                    resp = client.get(url)
                    resp.raise_for_status()
                except httpx.HTTPError as e:
                    raise WatchlistError(f"can't download {url}: {e}") from e
                (folder / _filename(url)).write_bytes(resp.content)
        return import_lists([folder], data_dir=data_dir)
