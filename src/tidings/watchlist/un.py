"""UN Security Council Consolidated List XML (INDIVIDUAL / ENTITY records) -> FollowTheMoney entities."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from followthemoney.types import registry

from tidings.exc import WatchlistError
from tidings.watchlist.record import UN, ListEntry, ListReport, new_entry
from tidings.watchlist.sources import read_text

# Alias QUALITY values: "Low" quality aliases are weak (never matched alone), f.k.a. are former names.
_WEAK = {"low"}
_FORMER = {"f.k.a."}


def _text(el: ET.Element | None) -> str:
    return " ".join((el.text or "").split()) if el is not None else ""


def _values(el: ET.Element, tag: str) -> list[str]:
    return [v for v in (_text(x) for x in el.findall(f"{tag}/VALUE")) if v]


def parse_un(path: Path) -> tuple[list[ListEntry], ListReport]:
    """Parse ``consolidated.xml``: names, aliases by quality, DOBs, nationality, places, documents,
    listing date (``LISTED_ON``), programme (``UN_LIST_TYPE``) and comments.

    Raises ``WatchlistError`` with the line for XML that does not parse (truncated or broken)
    or that is not a ``CONSOLIDATED_LIST``.
    """
    text = read_text(path)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as e:
        line = e.position[0] if e.position else None
        raise WatchlistError(
            f"broken XML ({e.msg if hasattr(e, 'msg') else e})", str(path), line
        ) from e
    if root.tag != "CONSOLIDATED_LIST":
        raise WatchlistError(f"root element is <{root.tag}>, not <CONSOLIDATED_LIST>", str(path), 1)
    report = ListReport(UN, files=[str(path)], generated=root.get("dateGenerated"))
    entries: list[ListEntry] = []
    records = [(el, "Person") for el in root.iter("INDIVIDUAL")]
    records += [(el, "Organization") for el in root.iter("ENTITY")]
    for el, schema in records:
        ref = _text(el.find("REFERENCE_NUMBER")) or _text(el.find("DATAID"))
        if not ref:
            raise WatchlistError(f"<{el.tag}> without REFERENCE_NUMBER or DATAID", str(path))
        rec = new_entry(UN, ref, schema, f"{path.name}:{ref}")
        ent = rec.entity
        parts = [
            _text(el.find(t)) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        ]
        name = " ".join(p for p in parts if p)
        if not name:
            raise WatchlistError(f"{ref}: record without a name", str(path))
        ent.add("name", name)
        if schema == "Person":
            ent.add("firstName", parts[0] or None)
            ent.add("secondName", parts[1] or None)
            ent.add("middleName", parts[2] or None)
            ent.add("fatherName", parts[3] or None)
        ent.add("alias", _text(el.find("NAME_ORIGINAL_SCRIPT")) or None)
        alias_tag = "INDIVIDUAL_ALIAS" if schema == "Person" else "ENTITY_ALIAS"
        for al in el.findall(alias_tag):
            alias = _text(al.find("ALIAS_NAME"))
            if not alias:
                continue
            quality = _text(al.find("QUALITY")).lower()
            prop = (
                "weakAlias"
                if quality in _WEAK
                else "previousName"
                if quality in _FORMER
                else "alias"
            )
            ent.add(prop, alias)
        for v in _values(el, "TITLE"):
            ent.add("title", v, quiet=True)
        for v in _values(el, "DESIGNATION"):
            ent.add("position", v, quiet=True)
        for v in _values(el, "NATIONALITY"):
            code = registry.country.clean(v)
            if code and schema == "Person":
                ent.add("nationality", code)
        gender = _text(el.find("GENDER")).lower()
        if gender and schema == "Person":
            ent.add("gender", gender, quiet=True)
        for dob in el.findall("INDIVIDUAL_DATE_OF_BIRTH"):
            date = _text(dob.find("DATE")) or _text(dob.find("YEAR"))
            if date:
                ent.add("birthDate", date, quiet=True)
            lo, hi = _text(dob.find("FROM_YEAR")), _text(dob.find("TO_YEAR"))
            if lo.isdigit() and hi.isdigit() and 0 <= int(hi) - int(lo) <= 15:
                for y in range(int(lo), int(hi) + 1):
                    ent.add("birthDate", str(y))
        for pob in el.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
            place = ", ".join(
                x for x in (_text(pob.find(t)) for t in ("CITY", "STATE_PROVINCE", "COUNTRY")) if x
            )
            if place:
                ent.add("birthPlace", place)
            code = registry.country.clean(_text(pob.find("COUNTRY")))
            if code:
                ent.add("birthCountry", code)
        addr_tag = "INDIVIDUAL_ADDRESS" if schema == "Person" else "ENTITY_ADDRESS"
        for addr in el.findall(addr_tag):
            country = _text(addr.find("COUNTRY"))
            code = registry.country.clean(country) if country else None
            if code:
                ent.add("country", code)
            full = ", ".join(
                x
                for x in (
                    _text(addr.find(t)) for t in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")
                )
                if x
            )
            if full:
                ent.add("address", full)
        for doc in el.findall("INDIVIDUAL_DOCUMENT"):
            number = _text(doc.find("NUMBER"))
            kind = _text(doc.find("TYPE_OF_DOCUMENT")).lower()
            if number:
                ent.add("passportNumber" if "passport" in kind else "idNumber", number, quiet=True)
        comments = _text(el.find("COMMENTS1"))
        if comments:
            ent.add("notes", comments)
        rec.sanction.add("authority", "United Nations Security Council")
        rec.sanction.add("authorityId", ref)
        rec.sanction.add("unscId", ref)
        program = _text(el.find("UN_LIST_TYPE"))
        if program:
            rec.sanction.add("program", program)
        listed = _text(el.find("LISTED_ON"))
        if listed:
            rec.sanction.add("listingDate", listed[:10], quiet=True)
        entries.append(rec)
        report.by_schema[schema] = report.by_schema.get(schema, 0) + 1
        report.names += len(ent.get_type_values(registry.name))
    report.entries = len(entries)
    return entries, report
