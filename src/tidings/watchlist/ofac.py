"""OFAC SDN legacy CSV set (sdn.csv + alt.csv + add.csv + sdn_comments.csv) -> FollowTheMoney entities."""

from __future__ import annotations

import re
from collections.abc import Sequence

from followthemoney.types import registry

from tidings.exc import WatchlistError
from tidings.watchlist.record import OFAC, ListEntry, ListReport, new_entry
from tidings.watchlist.sources import OFAC_COLUMNS, ListFile, csv_rows

_SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane"}
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_AKA = re.compile(r"^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*['‘’\"](.+?)['‘’\"]\.?$", re.IGNORECASE)
_FIELD = re.compile(r"^(alt\.\s+)?([A-Za-z .]+?)\s*:?\s+(.+)$")


def parse_ofac(files: Sequence[ListFile]) -> tuple[list[ListEntry], ListReport]:
    """Join the OFAC files on ``ent_num`` into entries.

    ``sdn.csv`` is required. Alias, address and comment rows whose ``ent_num`` has no
    ``sdn.csv`` row (the files may come from different dates) are dropped and counted in
    ``report.orphans``. The ``Remarks`` field (continued in ``sdn_comments.csv``) is parsed
    for DOB, POB, nationality, citizenship, passports, national ids, gender, weak "a.k.a."
    aliases and "Linked To:" parties; what is not understood is kept in ``notes``.
    """
    by_format = {f.format: f.path for f in files}
    if "sdn" not in by_format:
        names = ", ".join(str(f.path) for f in files)
        raise WatchlistError(f"OFAC alias/address files need sdn.csv beside them (got {names})")
    report = ListReport(OFAC, files=[str(f.path) for f in files])
    entries: dict[str, ListEntry] = {}
    remarks: dict[str, str] = {}
    sdn = by_format["sdn"]
    for line, row in csv_rows(sdn, OFAC_COLUMNS["sdn"]):
        ent_num, name, sdn_type, program, title = row[0], row[1], row[2].lower(), row[3], row[4]
        if not ent_num.isdigit() or not name:
            raise WatchlistError("row without an entry number or a name", str(sdn), line)
        e = new_entry(OFAC, ent_num, _SCHEMA.get(sdn_type, "Organization"), f"{sdn.name}:{line}")
        e.entity.add("name", name)
        if e.entity.schema.name == "Person" and "," in name:
            last, _, first = name.partition(",")
            e.entity.add("lastName", last.strip())
            e.entity.add("firstName", first.strip())
        if title:
            e.entity.add("position", title)
        for p in (x.strip() for x in program.replace("] [", ";").strip("[]").split(";")):
            if p:
                e.sanction.add("program", p)
        e.sanction.add("authority", "Office of Foreign Assets Control")
        e.sanction.add("authorityId", ent_num)
        if e.entity.schema.name == "Vessel":
            e.entity.add("type", row[6])
            e.entity.add("flag", row[9], quiet=True)
        entries[ent_num] = e
        remarks[ent_num] = row[11]
    if "comments" in by_format:
        path = by_format["comments"]
        for _line, row in csv_rows(path, OFAC_COLUMNS["comments"]):
            if row[0] in entries:
                remarks[row[0]] = remarks.get(row[0], "") + row[1]
            else:
                report.orphans[path.name] = report.orphans.get(path.name, 0) + 1
    if "alt" in by_format:
        path = by_format["alt"]
        for _line, row in csv_rows(path, OFAC_COLUMNS["alt"]):
            entry = entries.get(row[0])
            if entry is None:
                report.orphans[path.name] = report.orphans.get(path.name, 0) + 1
                continue
            prop = "previousName" if row[2].lower() == "fka" else "alias"
            if row[3]:
                entry.entity.add(prop, row[3])
    if "add" in by_format:
        path = by_format["add"]
        for _line, row in csv_rows(path, OFAC_COLUMNS["add"]):
            entry = entries.get(row[0])
            if entry is None:
                report.orphans[path.name] = report.orphans.get(path.name, 0) + 1
                continue
            if row[4]:
                entry.entity.add("country", row[4], quiet=True)
            full = ", ".join(x for x in (row[2], row[3], row[4]) if x)
            if full:
                entry.entity.add("address", full)
    for ent_num, entry in entries.items():
        _parse_remarks(entry, remarks.get(ent_num, ""))
    report.entries = len(entries)
    for e in entries.values():
        report.by_schema[e.entity.schema.name] = report.by_schema.get(e.entity.schema.name, 0) + 1
        report.names += len(e.entity.get_type_values(registry.name))
    return list(entries.values()), report


def _split_remarks(text: str) -> list[str]:
    """Split Remarks on ``;`` outside quotes."""
    parts: list[str] = []
    buf: list[str] = []
    quote = False
    for i, ch in enumerate(text):
        if ch == "'" and (i == 0 or not text[i - 1].isalpha() or quote):
            # an apostrophe inside a word (O'Brien) is not a quote
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if not quote or not nxt.isalpha():
                quote = not quote
        if ch == ";" and not quote:
            parts.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf).strip())
    return [p.rstrip(".").strip() for p in parts if p.strip(" .")]


def parse_date(text: str) -> list[str]:
    """OFAC date text to ISO dates or years: ``14 May 1975`` -> 1975-05-14; ``circa 1975``,
    ``1970 to 1975`` -> years; ``May 1975`` -> 1975-05. Unknown text gives []."""
    t = text.lower().replace("circa", "").replace("approximately", "").strip()
    m = re.fullmatch(r"(\d{1,2}) ([a-z]{3})[a-z]* (\d{4})", t)
    if m and m.group(2) in _MONTHS:
        return [f"{m.group(3)}-{_MONTHS[m.group(2)]:02d}-{int(m.group(1)):02d}"]
    m = re.fullmatch(r"([a-z]{3})[a-z]* (\d{4})", t)
    if m and m.group(1) in _MONTHS:
        return [f"{m.group(2)}-{_MONTHS[m.group(1)]:02d}"]
    m = re.fullmatch(r"(\d{4})\s*(?:to|-)\s*(\d{4})", t)
    if m and int(m.group(2)) - int(m.group(1)) <= 15:
        return [str(y) for y in range(int(m.group(1)), int(m.group(2)) + 1)]
    return re.findall(r"\b(1[89]\d\d|20\d\d)\b", t)[:1]


def _country(text: str) -> str | None:
    return registry.country.clean(text.strip(" ."))


def _parse_remarks(entry: ListEntry, remarks: str) -> None:
    ent = entry.entity
    person = ent.schema.name == "Person"
    notes: list[str] = []
    for part in _split_remarks(remarks):
        aka = _AKA.match(part)
        if aka:
            ent.add(
                "weakAlias" if aka.group(1).lower() != "f.k.a." else "previousName", aka.group(2)
            )
            continue
        if part.lower().startswith("linked to:"):
            ent.add("notes", part)
            continue
        m = _FIELD.match(part)
        key = m.group(2).strip().lower() if m else ""
        value = m.group(3).strip() if m else ""
        if person and key == "dob":
            for d in parse_date(value):
                ent.add("birthDate", d)
        elif person and key == "pob":
            ent.add("birthPlace", value)
            code = _country(value.rsplit(",", 1)[-1])
            if code:
                ent.add("birthCountry", code)
        elif person and key in ("nationality", "citizen"):
            code = _country(value)
            if code:
                ent.add("nationality" if key == "nationality" else "citizenship", code)
        elif person and key == "gender":
            ent.add("gender", value.lower(), quiet=True)
        elif person and key == "passport":
            ent.add("passportNumber", value.split("(")[0].strip())
        elif key in (
            "national id no",
            "national id no.",
            "cedula no",
            "cedula no.",
            "identification number",
        ):
            ent.add("idNumber", value.split("(")[0].strip(), quiet=True)
        elif key == "website":
            ent.add("website", value, quiet=True)
        else:
            notes.append(part)
    if notes:
        ent.add("notes", "; ".join(notes))
