"""What a list import produces: one FollowTheMoney entity (+ its Sanction) per list entry, and counts."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # followthemoney is imported where entries are made, not to screen
    from followthemoney import EntityProxy

OFAC = "us_ofac_sdn"
UN = "un_sc_consolidated"
LIST_TITLES = {
    OFAC: "US OFAC Specially Designated Nationals (SDN) list",
    UN: "UN Security Council Consolidated List",
}


@dataclass(slots=True)
class ListEntry:
    """One listed party: ``entity`` (Person, Organization, Vessel, Airplane) and its ``sanction``."""

    list: str
    list_id: str
    entity: EntityProxy
    sanction: EntityProxy
    source: str  # "file:line" the entry was read from


@dataclass(slots=True)
class ListReport:
    """Counts of one list's import: entries by schema, names, and rows dropped (with why)."""

    list: str
    files: builtins.list[str] = field(default_factory=builtins.list)
    entries: int = 0
    names: int = 0
    by_schema: dict[str, int] = field(default_factory=dict)
    orphans: dict[str, int] = field(
        default_factory=dict
    )  # file -> rows whose ent_num is not in sdn.csv
    generated: str | None = None  # the list's own date, when the file carries one


def new_entry(list_name: str, list_id: str, schema: str, source: str) -> ListEntry:
    """An empty entry with deterministic FollowTheMoney ids (``us-ofac-18634``, ``un-sc-QDi.372``)."""
    from followthemoney import model

    prefix = "us-ofac" if list_name == OFAC else "un-sc"
    entity = model.make_entity(schema)
    entity.id = f"{prefix}-{list_id}"
    sanction = model.make_entity("Sanction")
    sanction.id = f"{prefix}-{list_id}-sanction"
    sanction.add("entity", entity.id)
    return ListEntry(list_name, list_id, entity, sanction, source)
