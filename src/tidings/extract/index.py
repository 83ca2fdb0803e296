"""EntityIndex: find which entity a character span refers to (speaker, source, actor resolution)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from tidings.model import Entity, Mention, Ref

PRONOUNS_PERSON = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
PRONOUNS_GROUP = {"they", "them", "their", "it", "its", "we", "us", "our"}


class EntityIndex:
    """Mentions of an article's entities sorted by offset, for span -> entity look-ups."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.entities = list(entities)
        rows: list[tuple[int, int, Entity, Mention]] = []
        for e in self.entities:
            for m in e.mentions:
                rows.append((m.start, m.end, e, m))
        rows.sort(key=lambda r: (r[0], r[1]))
        self._rows = rows
        self._starts = [r[0] for r in rows]
        self._by_id = {e.id: e for e in self.entities}

    def get(self, entity_id: str | None) -> Entity | None:
        return self._by_id.get(entity_id) if entity_id else None

    def mentions_in(self, start: int, end: int) -> list[tuple[Entity, Mention]]:
        """Entity mentions that overlap ``[start, end)``, in text order."""
        out = []
        i = bisect.bisect_left(self._starts, start)
        # a mention starting before ``start`` may still overlap it
        j = i
        while j > 0 and self._rows[j - 1][1] > start:
            j -= 1
        for s, e, ent, m in self._rows[j:]:
            if s >= end:
                break
            if e > start:
                out.append((ent, m))
        return out

    def covering(self, start: int, end: int, types: Iterable[str] | None = None) -> Entity | None:
        """The entity whose mention best overlaps ``[start, end)`` (longest overlap wins)."""
        allowed = set(types) if types else None
        best: tuple[int, Entity] | None = None
        for ent, m in self.mentions_in(start, end):
            if allowed and ent.type not in allowed:
                continue
            overlap = min(end, m.end) - max(start, m.start)
            if best is None or overlap > best[0]:
                best = (overlap, ent)
        return best[1] if best else None

    def preceding(
        self, pos: int, types: Iterable[str] = ("PERSON",), limit: int | None = None
    ) -> Entity | None:
        """The entity of one of ``types`` mentioned last before ``pos`` (at most ``limit`` chars back)."""
        allowed = set(types)
        i = bisect.bisect_left(self._starts, pos)
        for s, _e, ent, _m in reversed(self._rows[:i]):
            if limit is not None and pos - s > limit:
                return None
            if ent.type in allowed:
                return ent
        return None

    def ref(self, entity: Entity | None, fallback_name: str | None = None) -> Ref | None:
        if entity is not None:
            return Ref(entity_id=entity.id, name=entity.name)
        if fallback_name:
            return Ref(entity_id=None, name=fallback_name)
        return None
