"""Union-find with cannot-link constraints: the clustering under entity resolution and stories.

Edges are offered strongest first; an edge that would put two items with a cannot-link between
them into one cluster is refused (and reported as refused), so a weak link can never chain two
clusters that a stronger (or a user's) decision keeps apart.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class Clusters(Generic[K]):
    """Disjoint clusters of items with per-cluster cannot-link sets (merged on union)."""

    def __init__(self, items: Iterable[K] = ()) -> None:
        self._parent: dict[K, K] = {}
        self._members: dict[K, set[K]] = {}
        self._cannot: dict[K, set[K]] = {}
        for item in items:
            self.add(item)

    def add(self, item: K) -> None:
        if item not in self._parent:
            self._parent[item] = item
            self._members[item] = {item}
            self._cannot[item] = set()

    def find(self, item: K) -> K:
        self.add(item)
        root = item
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[item] != root:  # path compression
            self._parent[item], item = root, self._parent[item]
        return root

    def cannot_link(self, a: K, b: K) -> None:
        """Keep ``a`` and ``b`` apart from now on (no effect on clusters already joined)."""
        ra, rb = self.find(a), self.find(b)
        self._cannot[ra].add(b)
        self._cannot[rb].add(a)

    def blocked(self, a: K, b: K) -> bool:
        """True when joining the clusters of ``a`` and ``b`` would break a cannot-link."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        small, big = (ra, rb) if len(self._cannot[ra]) <= len(self._cannot[rb]) else (rb, ra)
        return any(self.find(x) == big for x in self._cannot[small])

    def union(self, a: K, b: K) -> bool:
        """Join the clusters of ``a`` and ``b``; False (and nothing done) when blocked."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.blocked(a, b):
            return False
        if len(self._members[ra]) < len(self._members[rb]):
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._members[ra] |= self._members.pop(rb)
        self._cannot[ra] |= self._cannot.pop(rb)
        return True

    def groups(self) -> list[set[K]]:
        """Every cluster (singletons included), largest first."""
        return sorted(
            (set(m) for r, m in self._members.items() if self._parent[r] == r),
            key=len,
            reverse=True,
        )
