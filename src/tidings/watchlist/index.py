"""The local watchlist index: an SQLite file in the data directory, built atomically, searched by name keys.

The file holds the entries and names as tables (for inspection, re-imports and full entities)
and, in the ``packed`` table, everything screening reads, precomputed at build time as a few
flat arrays and string blobs. Opening the index reads those blobs (16 MB for OFAC + UN) and
builds nothing per row, so ``tidings screen NAME`` pays hundredths of a second for it, not the
third of a second that loading every row took.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from tidings import settings
from tidings.exc import WatchlistError
from tidings.watchlist.match import NameScore, compare
from tidings.watchlist.names import (
    ANY,
    ORG,
    PERSON,
    PreparedName,
    Token,
    index_keys,
    prepare,
    query_keys,
)
from tidings.watchlist.record import ListEntry, ListReport

if TYPE_CHECKING:
    from followthemoney import EntityProxy

# followthemoney takes about a second to import: only building an index and reading a full
# entity need it, so screening (``tidings screen``) imports it never

FILENAME = "watchlist.sqlite"
FORMAT = "tidings.watchlist/5"
# A key found in more names than this is too common to retrieve by alone (al, mohammed, company).
COMMON_KEY = 3000
# How many names, best by shared keys, get a full comparison per query name; a one-word query
# gets more (its word is shared by every alias of the groups that carry it: the ten names with
# "hezbollah" would crowd out HIZBALLAH itself).
SHORTLIST = 10
SHORTLIST_ONE_WORD = 30
# How many names of the other kind of party (a PERSON-typed name among organisations) are compared.
CROSS_SHORTLIST = 3
# Names sharing less than this fraction of the best name's vote are not compared (on the
# benchmark's full-index table this drops no hit and halves the comparisons).
PRUNE = 0.5

_SCHEMA_KIND = {"Person": PERSON, "Organization": ORG, "LegalEntity": ORG, "Company": ORG}
_CRAFT = "craft"  # a vessel or aircraft, in the packed per-entry kinds

_DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries (
  id INTEGER PRIMARY KEY, list TEXT NOT NULL, list_id TEXT NOT NULL, schema TEXT NOT NULL,
  caption TEXT NOT NULL, programs TEXT NOT NULL, listed_on TEXT, countries TEXT NOT NULL,
  birth_years TEXT NOT NULL, context TEXT NOT NULL, source TEXT NOT NULL,
  entity TEXT NOT NULL, sanction TEXT NOT NULL, links TEXT NOT NULL DEFAULT '[]',
  UNIQUE (list, list_id)
);
CREATE TABLE names (
  id INTEGER PRIMARY KEY, entry INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL
);
CREATE TABLE packed (part TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
"""
# The kinds of listed name, in the order of their one-byte codes in the packed ``name_kind``.
NAME_KINDS = ("name", "alias", "previous", "weak")


def index_path(data_dir: Path | None = None) -> Path:
    """Where the index lives: ``<data dir>/watchlist.sqlite`` (``TIDINGS_DATA_DIR``)."""
    return (data_dir or settings.data_dir()) / FILENAME


class Entry(NamedTuple):
    """A listed party as the screener needs it (the full FollowTheMoney entity stays in the index).

    Immutable; a named tuple rather than a frozen dataclass because the index builds one per
    listed party when it opens, and a named tuple is several times quicker to build.
    """

    rowid: int
    list: str
    list_id: str
    schema: str
    caption: str
    programs: tuple[str, ...]
    listed_on: str | None
    countries: tuple[str, ...]
    birth_years: tuple[int, ...]
    context: str
    source: str
    links: tuple[int, ...]
    names: tuple[tuple[str, str], ...]  # (name, kind) with kind name / alias / weak / previous

    @property
    def kind(self) -> str:
        return _SCHEMA_KIND.get(self.schema, ANY)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A listed entry and the best comparison of a query name with one of its names."""

    entry: Entry
    match: NameScore
    name_kind: str


# --- build --------------------------------------------------------------------------------


def _derive(e: ListEntry) -> dict[str, Any]:
    from followthemoney.types import registry

    ent, sanc = e.entity, e.sanction
    names: list[tuple[str, str]] = []
    for prop, kind in (
        ("name", "name"),
        ("alias", "alias"),
        ("previousName", "previous"),
        ("weakAlias", "weak"),
    ):
        if prop in ent.schema.properties:
            for v in ent.get(prop):
                names.append((v, kind))
    countries = sorted(set(ent.get_type_values(registry.country)))
    years = sorted({int(d[:4]) for d in ent.get("birthDate", quiet=True) if d[:4].isdigit()})
    context = " | ".join(
        [
            *ent.get("position", quiet=True),
            *ent.get("title", quiet=True),
            *ent.get("notes", quiet=True),
        ]
    )
    return {
        "list": e.list,
        "list_id": e.list_id,
        "schema": ent.schema.name,
        "caption": ent.first("name") or e.list_id,
        "programs": json.dumps(sanc.get("program")),
        "listed_on": sanc.first("listingDate"),
        "countries": json.dumps(countries),
        "birth_years": json.dumps(years),
        "context": context,
        "source": e.source,
        "entity": json.dumps(ent.to_dict(), ensure_ascii=False),
        "sanction": json.dumps(sanc.to_dict(), ensure_ascii=False),
        "_names": names,
    }


def _link_key(schema: str, p: PreparedName) -> str | None:
    if p.significant < 2:
        return None
    return f"{_SCHEMA_KIND.get(schema, schema)}|{p.key}"


def build(entries: Sequence[ListEntry], reports: Sequence[ListReport], path: Path) -> None:
    """Write a complete index of ``entries`` to ``path`` atomically.

    The index is written to a temporary file beside ``path`` and renamed over it only when
    complete, so a failure at any point leaves the previous index untouched and readable.
    Entries of different lists that share a full name (two or more significant words,
    same kind of party, birth years not in conflict) are linked: they are the same party
    listed twice (UN QDe.115 alias "Islamic State in Iraq and the Levant" = OFAC 8759). A
    name carried by two entries of the same list links no entry.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".watchlist-", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(_DDL)
        postings: dict[str, array[int]] = defaultdict(lambda: array("i"))
        link_keys: dict[str, set[int]] = defaultdict(set)
        years_of: dict[int, set[int]] = {}
        list_of: dict[int, str] = {}
        rows = []
        # per name (id 0 is no name): its entry, text, kind, prepared tokens and token count
        name_rows: list[tuple[int, int, str, str]] = []
        tokens: list[str] = [""]
        ntokens = [0]
        # per entry: where its names end (entry r has names first_name[r - 1] up to
        # first_name[r]) and its kind of party (row id 0 is no entry)
        first_name = [1]
        entry_kind = [""]
        for rowid, e in enumerate(entries, 1):
            d = _derive(e)
            kind = _SCHEMA_KIND.get(d["schema"], ANY)
            names = d.pop("_names")
            rows.append((rowid, *d.values()))
            years_of[rowid] = set(json.loads(d["birth_years"]))
            list_of[rowid] = e.list
            entry_kind.append(_CRAFT if d["schema"] in ("Vessel", "Airplane") else kind)
            for name, nkind in names:
                p = prepare(name, kind)
                if not p.tokens:
                    continue
                name_id = len(tokens)
                name_rows.append((name_id, rowid, name, nkind))
                tokens.append(_tokens_json(p))
                ntokens.append(len(p.tokens))
                for key in index_keys(p):
                    postings[key].append(name_id)
                lk = _link_key(d["schema"], p) if nkind != "weak" else None
                if lk:
                    link_keys[lk].add(rowid)
            first_name.append(len(tokens))
        con.executemany("INSERT INTO names VALUES (?,?,?,?)", name_rows)
        con.executemany(
            "INSERT INTO entries (id, list, list_id, schema, caption, programs, listed_on, countries,"
            " birth_years, context, source, entity, sanction) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        links: dict[int, set[int]] = defaultdict(set)
        for ids in link_keys.values():
            lists = [list_of[i] for i in ids]
            if len(ids) < 2 or len(set(lists)) < len(lists):
                # a name two parties of one list carry names neither of them (HIZBALLAH's
                # alias ISLAMIC JIHAD and the Uzbek ISLAMIC JIHAD GROUP): it links nothing
                continue
            for a in ids:
                for b in ids:
                    if list_of[a] == list_of[b]:
                        continue
                    ya, yb = years_of[a], years_of[b]
                    if ya and yb and not any(abs(x - y) <= 1 for x in ya for y in yb):
                        continue
                    links[a].add(b)
        con.executemany(
            "UPDATE entries SET links = ? WHERE id = ?",
            [(json.dumps(sorted(v)), k) for k, v in links.items()],
        )
        con.execute("CREATE INDEX names_entry ON names (entry)")
        entry_json = [""] + [
            json.dumps(
                [
                    r[1],
                    r[2],
                    r[3],
                    r[4],
                    json.loads(r[5]),
                    r[6],
                    json.loads(r[7]),
                    json.loads(r[8]),
                    r[9],
                    r[10],
                    sorted(links.get(r[0], ())),
                ],
                ensure_ascii=False,
            )
            for r in rows
        ]
        con.executemany(
            "INSERT INTO packed VALUES (?, ?)",
            _pack(name_rows, tokens, ntokens, first_name, entry_kind, entry_json, postings).items(),
        )
        meta = {
            "format": FORMAT,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "lists": json.dumps([_report_dict(r) for r in reports]),
            "entries": str(len(entries)),
            "names": str(len(name_rows)),
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        con.commit()
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _pack(
    name_rows: Sequence[tuple[int, int, str, str]],
    tokens: Sequence[str],
    ntokens: Sequence[int],
    first_name: Sequence[int],
    entry_kind: Sequence[str],
    entry_json: Sequence[str],
    postings: dict[str, array[int]],
) -> dict[str, bytes]:
    """The ``packed`` parts: per-name and per-entry arrays, string blobs and the postings (CSR)."""
    name_entry = np.array([0, *(r[1] for r in name_rows)], dtype=np.int32)
    kind_of_name = np.array(entry_kind, dtype=object)[name_entry]
    keys = sorted(postings)
    ids = [postings[k] for k in keys]
    offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum([len(v) for v in ids], out=offsets[1:])
    parts = {
        "name_entry": name_entry.tobytes(),
        "name_kind": np.array(
            [0, *(NAME_KINDS.index(r[3]) for r in name_rows)], dtype=np.uint8
        ).tobytes(),
        "ntokens": np.array(ntokens, dtype=np.float64).tobytes(),
        # may a name answer a person / an organisation query (by the schema of its entry), and
        # is it not a vessel or aircraft (which never answer a typed query); name 0 is none
        "mask_person": np.isin(kind_of_name, [PERSON, ANY, _CRAFT]).tobytes(),
        "mask_org": np.isin(kind_of_name, [ORG, ANY, _CRAFT]).tobytes(),
        "mask_typed": np.isin(kind_of_name, [PERSON, ORG, ANY]).tobytes(),
        "entry_first_name": np.array(first_name, dtype=np.int32).tobytes(),
        # keys are ``f:``/``s:``/``p:``/``x:`` plus an ASCII word: never a line break
        "posting_keys": "\n".join(keys).encode("ascii"),
        "posting_offsets": offsets.tobytes(),
        "posting_ids": b"".join(v.tobytes() for v in ids),
    }
    for part, texts in (
        ("name_text", ["", *(r[2] for r in name_rows)]),
        ("name_tokens", tokens),
        ("entry", entry_json),
    ):
        parts[part], parts[part + "_offsets"] = _pack_strings(texts)
    return parts


def _pack_strings(texts: Sequence[str]) -> tuple[bytes, bytes]:
    """Strings as one UTF-8 blob and the byte offset of each (one more offset than strings)."""
    data = [t.encode("utf-8") for t in texts]
    offsets = np.zeros(len(data) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in data], out=offsets[1:])
    return b"".join(data), offsets.tobytes()


class _Strings:
    """Strings packed by ``_pack_strings``, decoded one at a time when asked for."""

    __slots__ = ("_data", "_offsets")

    def __init__(self, data: bytes, offsets: bytes) -> None:
        self._data = data
        self._offsets = np.frombuffer(offsets, dtype=np.int64).tolist()

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i: int) -> str:
        return self._data[self._offsets[i] : self._offsets[i + 1]].decode("utf-8")


def _tokens_json(p: PreparedName) -> str:
    return json.dumps([[t.form, t.skeleton, t.phonetic, t.weight, t.part] for t in p.tokens])


def _from_tokens_json(name: str, kind: str, data: str) -> PreparedName:
    return PreparedName(
        name, kind, tuple(Token(f, s, ph, w, part) for f, s, ph, w, part in json.loads(data))
    )


def _report_dict(r: ListReport) -> dict[str, Any]:
    return {
        "list": r.list,
        "files": r.files,
        "entries": r.entries,
        "names": r.names,
        "by_schema": r.by_schema,
        "orphans": r.orphans,
        "generated": r.generated,
    }


def stored_entries(
    path: Path, exclude_lists: Iterable[str] = ()
) -> tuple[list[ListEntry], list[ListReport]]:
    """The entries and reports already in an index, minus ``exclude_lists`` (those being re-imported).

    A missing index gives nothing; an unreadable one raises ``WatchlistError``.
    """
    if not path.exists():
        return [], []
    from followthemoney import model

    skip = set(exclude_lists)
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute(
                "SELECT list, list_id, entity, sanction, source FROM entries"
            ).fetchall()
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        finally:
            con.close()
    except sqlite3.Error as e:
        raise WatchlistError(
            f"the existing index is unreadable ({e}); delete it and import again", str(path)
        ) from e
    out = [
        ListEntry(lst, lid, model.get_proxy(json.loads(ent)), model.get_proxy(json.loads(san)), src)
        for lst, lid, ent, san, src in rows
        if lst not in skip
    ]
    reports = [
        ListReport(**r) for r in json.loads(meta.get("lists", "[]")) if r["list"] not in skip
    ]
    return out, reports


# --- read ---------------------------------------------------------------------------------


class Index:
    """A read-only view of an index file, held in memory: name keys, prepared names and entries.

    Opening reads the ``packed`` table once (16 MB of flat arrays and string blobs for the
    full OFAC + UN lists, a few hundredths of a second) and does no per-name work; searches then
    make no SQL round trips, so one index serves every thread. A listed name is turned back
    into prepared tokens, and an entry into an ``Entry``, the first time a search needs it,
    and kept. Only ``entity`` (the full FollowTheMoney entity) reads the file again.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self.meta = dict(self.con.execute("SELECT key, value FROM meta").fetchall())
            if self.meta.get("format") != FORMAT:
                raise WatchlistError(
                    "the index was built by another version; import the lists again", str(path)
                )
            parts: dict[str, bytes] = dict(self.con.execute("SELECT part, data FROM packed"))
        except sqlite3.Error as e:
            raise WatchlistError(
                f"the index is unreadable ({e}); import the lists again", str(path)
            ) from e

        def arr(part: str, dtype: type[np.generic]) -> np.ndarray[Any, Any]:
            return np.frombuffer(parts[part], dtype=dtype)

        self._name_entry: list[int] = arr("name_entry", np.int32).tolist()
        self._name_kind = parts["name_kind"]  # one byte per name: its NAME_KINDS code
        self._ntokens = arr("ntokens", np.float64)
        self._masks = {
            PERSON: arr("mask_person", np.bool_),
            ORG: arr("mask_org", np.bool_),
            "typed": arr("mask_typed", np.bool_),
        }
        self._first_name: list[int] = arr("entry_first_name", np.int32).tolist()
        self._name_text = _Strings(parts["name_text"], parts["name_text_offsets"])
        self._name_tokens = _Strings(parts["name_tokens"], parts["name_tokens_offsets"])
        self._entry_json = _Strings(parts["entry"], parts["entry_offsets"])
        keys = parts["posting_keys"].decode("ascii").split("\n")
        self._posting_row = dict(zip(keys, range(len(keys)), strict=True))
        self._posting_offsets: list[int] = arr("posting_offsets", np.int64).tolist()
        self._posting_ids = arr("posting_ids", np.int32)
        self._prepared: dict[int, PreparedName] = {}
        self._entries: dict[int, Entry] = {}
        self.total_names = len(self._name_text) - 1 or 1

    def lists(self) -> list[dict[str, Any]]:
        """The import report of each list in the index."""
        data: list[dict[str, Any]] = json.loads(self.meta.get("lists", "[]"))
        return data

    def _ids(self, key: str) -> np.ndarray[Any, np.dtype[np.int32]] | None:
        row = self._posting_row.get(key)
        if row is None:
            return None
        return self._posting_ids[self._posting_offsets[row] : self._posting_offsets[row + 1]]

    def _listed(self, nid: int, kind: str) -> PreparedName:
        p = self._prepared.get(nid)
        if p is None:
            p = self._prepared[nid] = _from_tokens_json(
                self._name_text[nid], kind, self._name_tokens[nid]
            )
        return p

    def listed_names(self) -> list[tuple[str, Entry]]:
        """Every listed name with its entry (for baselines that compare against all names)."""
        out = []
        for nid in range(1, len(self._name_text)):
            entry = self.entry(self._name_entry[nid])
            if entry is not None:
                out.append((self._name_text[nid], entry))
        return out

    def entry(self, rowid: int) -> Entry | None:
        """The entry with this row id, or None."""
        e = self._entries.get(rowid)
        if e is None:
            if not 0 < rowid < len(self._entry_json):
                return None
            (
                lst,
                lid,
                schema,
                caption,
                programs,
                listed_on,
                countries,
                years,
                context,
                source,
                links,
            ) = json.loads(self._entry_json[rowid])
            names = tuple(
                (self._name_text[n], NAME_KINDS[self._name_kind[n]])
                for n in range(self._first_name[rowid - 1], self._first_name[rowid])
            )
            e = self._entries[rowid] = Entry(
                rowid,
                lst,
                lid,
                schema,
                caption,
                tuple(programs),
                listed_on,
                tuple(countries),
                tuple(years),
                context,
                source,
                tuple(links),
                names,
            )
        return e

    def entity(self, rowid: int) -> EntityProxy | None:
        """The full FollowTheMoney entity of an entry."""
        from followthemoney import model

        row = self.con.execute("SELECT entity FROM entries WHERE id = ?", (rowid,)).fetchone()
        return model.get_proxy(json.loads(row[0])) if row else None

    def _votes(self, query: PreparedName) -> np.ndarray[Any, np.dtype[np.float64]] | None:
        """Per listed name, the summed rarity (IDF) of the query words it shares; None if none."""
        groups = query_keys(query)
        size = len(self._name_text)
        votes = np.zeros(size, dtype=np.float64)
        common: list[tuple[float, np.ndarray[Any, np.dtype[np.int32]]]] = []
        scratch: np.ndarray[Any, np.dtype[np.float64]] | None = None
        found = False
        for keys in groups:
            hits: list[tuple[float, np.ndarray[Any, np.dtype[np.int32]]]] = []
            for key in keys:
                ids = self._ids(key)
                if ids is None or not len(ids):
                    continue
                idf = math.log(self.total_names / len(ids))
                if len(ids) > COMMON_KEY:
                    common.append((idf, ids))
                else:
                    hits.append((idf, ids))
            if not hits:
                continue
            found = True
            if len(hits) == 1:
                idf, ids = hits[0]
                votes[ids] += idf
                continue
            # a name counts once per query word, at the rarest key it shares with it:
            # assigning in rising order of IDF leaves the largest. ``votes[t] += best[t]`` adds
            # once per distinct name even where ``t`` repeats a name (numpy buffers the update)
            if scratch is None:
                scratch = np.zeros(size, dtype=np.float64)
            for idf, ids in sorted(hits, key=lambda h: h[0]):
                scratch[ids] = idf
            touched = np.concatenate([ids for _idf, ids in hits])
            votes[touched] += scratch[touched]
            scratch[touched] = 0.0
        for idf, ids in common:
            # common keys only add to names already found, unless nothing else was found
            if found:
                ids = ids[votes[ids] > 0]
                votes[ids] += idf
            elif len(ids) <= 4 * COMMON_KEY:
                votes[ids] += idf
        return votes if (found or common) else None

    def search(self, query: PreparedName, kind: str = ANY, limit: int = 10) -> list[Candidate]:
        """Listed entries whose names share keys with ``query``, best first, each with its best name match.

        Retrieval: every query token's keys (form, folded consonant skeleton, metaphone, and a
        prefix for a last word that may be cut short) are looked up in memory; names are ranked
        by the rarity (IDF) of the query words they share, a word counting once at its rarest
        shared key; keys in more than ``COMMON_KEY`` names count only for names found by a
        rarer key (or when nothing rarer is shared). Ties go to names whose length is closest
        to the query's; names with less than ``PRUNE`` of the best vote are dropped. ``kind`` (``person``/``org``) keeps only parties of that kind, ``any``
        keeps all; a person query (or a search among persons) never retrieves vessels or
        aircraft, an organisation query does. The best ``SHORTLIST``
        names are compared in full (``match.compare``).
        """
        return self.search_kinds(query, (kind,), limit)[kind]

    def search_kinds(
        self, query: PreparedName, kinds: Sequence[str], limit: int = 10
    ) -> dict[str, list[Candidate]]:
        """``search`` for several kinds of party at once: one retrieval pass, a shortlist per kind.

        The first kind is the query's own; a later kind (a name the extractor typed PERSON,
        searched among organisations too) compares only
        the ``CROSS_SHORTLIST`` names that share at least as much (by vote) with the query as
        the best of the first kind: a fallback for mistyped parties, not a second search.
        """
        out: dict[str, list[Candidate]] = {k: [] for k in kinds}
        if not query.tokens:
            return out
        votes = self._votes(query)
        if votes is None:
            return out
        found = np.flatnonzero(votes > 0)  # on booleans: five times quicker than on floats
        floor = 0.0
        for i, kind in enumerate(kinds):
            cand = found
            if kind != ANY:
                cand = cand[self._masks[kind][cand]]
            if PERSON in (query.kind, kind) and query.kind != ANY:
                # a person's name never answers with a ship or aircraft (OLGA, MARIA E); an
                # organisation's may: extractors have no vessel type and call ships ORG
                cand = cand[self._masks["typed"][cand]]
            if i == 0:
                floor = float(votes[cand].max()) if len(cand) else 0.0
                out[kind] = self._shortlist(query, cand, votes, limit)
            else:
                cand = cand[votes[cand] >= floor]
                out[kind] = self._shortlist(query, cand, votes, limit, CROSS_SHORTLIST)
        return out

    def _shortlist(
        self,
        query: PreparedName,
        cand: np.ndarray[Any, np.dtype[np.intp]],
        votes: np.ndarray[Any, np.dtype[np.float64]],
        limit: int,
        size: int = 0,
    ) -> list[Candidate]:
        if not len(cand):
            return []
        vals = votes[cand] - 1e-3 * np.abs(self._ntokens[cand] - len(query.tokens))
        size = size or (SHORTLIST_ONE_WORD if query.significant <= 1 else SHORTLIST)
        if len(cand) > size:
            top = np.argpartition(-vals, size - 1)[:size]
            cand, vals = cand[top], vals[top]
        keep = vals >= vals.max() * PRUNE
        cand, vals = cand[keep], vals[keep]
        order = np.lexsort((cand, -vals))
        best_by_entry: dict[int, Candidate] = {}
        for nid in cand[order].tolist():
            entry = self.entry(self._name_entry[nid])
            if entry is None:
                continue
            m = compare(query, self._listed(nid, entry.kind))
            prev = best_by_entry.get(entry.rowid)
            if prev is None or m.score > prev.match.score:
                best_by_entry[entry.rowid] = Candidate(entry, m, NAME_KINDS[self._name_kind[nid]])
        out = sorted(best_by_entry.values(), key=lambda c: -c.match.score)
        return out[:limit]


_OPEN: dict[tuple[str, int, int], Index] = {}


def open_index(path: Path | None = None) -> Index | None:
    """The index at ``path`` (default: in the data directory), opened once per process and file version.

    Returns None when there is no index. A new import (a new file renamed into place) is
    picked up on the next call.
    """
    path = path or index_path()
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    key = (str(path), st.st_ino, st.st_mtime_ns)
    idx = _OPEN.get(key)
    if idx is None:
        for k in [k for k in _OPEN if k[0] == str(path)]:
            _OPEN.pop(k).con.close()
        idx = _OPEN[key] = Index(path)
    return idx
