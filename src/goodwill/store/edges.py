"""Who knows whom: edges between people, read in bulk for the path search."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from itertools import combinations

from sqlalchemy import func, insert, literal, select, tuple_, union_all

from goodwill.domain.ties import MAX_GROUP
from goodwill.store.people import at_company
from goodwill.store.sql import Repository
from goodwill.store.tables import edges, people

#: Pairs looked up per query (two bound parameters each).
PAIRS_PER_QUERY = 400


class EdgeRepository(Repository):
    def add(self, pairs: Iterable[tuple[int, int]], kind: str, strength: float) -> int:
        """Add edges of a kind between pairs (either order); existing ones stay as they are."""
        wanted = {(min(a, b), max(a, b)) for a, b in pairs if a != b}
        if not wanted:
            return 0
        existing = {
            (int(a), int(b))
            for a, b in self.connection.execute(
                select(edges.c.a_id, edges.c.b_id).where(
                    edges.c.kind == kind, tuple_(edges.c.a_id, edges.c.b_id).in_(list(wanted))
                )
            )
        }
        rows = [
            {"a_id": a, "b_id": b, "kind": kind, "strength": strength}
            for a, b in sorted(wanted - existing)
        ]
        if rows:
            self.connection.execute(insert(edges), rows)
        return len(rows)

    def add_group(self, person_ids: Collection[int], kind: str, strength: float) -> int:
        """Everyone in a small group (an event, a shared meeting) knows everyone else."""
        ids = sorted(set(person_ids))
        if len(ids) < 2 or len(ids) > MAX_GROUP:
            return 0
        return self.add(combinations(ids, 2), kind, strength)

    def add_groups(self, groups: Iterable[Collection[int]], kind: str, strength: float) -> int:
        """`add_group` for many groups at once (an import's messages), in one write."""
        pairs: set[tuple[int, int]] = set()
        for group in groups:
            ids = sorted(set(group))
            if 2 <= len(ids) <= MAX_GROUP:
                pairs.update(combinations(ids, 2))
        added = 0
        ordered = sorted(pairs)
        for start in range(0, len(ordered), PAIRS_PER_QUERY):
            added += self.add(ordered[start : start + PAIRS_PER_QUERY], kind, strength)
        return added

    def neighbours(self, ids: Collection[int]) -> dict[int, list[tuple[int, float, str]]]:
        """person → [(neighbour, strength, kind)] for each of `ids`, through both indexes."""
        found: dict[int, list[tuple[int, float, str]]] = {}
        if not ids:
            return found
        wanted = list(ids)
        forward = select(edges.c.a_id, edges.c.b_id, edges.c.strength, edges.c.kind).where(
            edges.c.a_id.in_(wanted)
        )
        backward = select(edges.c.b_id, edges.c.a_id, edges.c.strength, edges.c.kind).where(
            edges.c.b_id.in_(wanted)
        )
        for person, other, strength, kind in self.connection.execute(union_all(forward, backward)):
            if person != other:
                found.setdefault(int(person), []).append((int(other), float(strength), kind))
        return found

    def at_company(self, company: str, limit: int) -> list[int]:
        """People at the company `company` names (see `store.people.at_company`)."""
        condition = at_company(self.connection, company)
        if condition is None:
            return []
        query = select(people.c.id).where(condition).order_by(people.c.id).limit(limit)
        return [int(pid) for pid in self.connection.execute(query).scalars()]

    def bridges(self, limit: int) -> list[tuple[int, int, int]]:
        """(person, distinct companies among the people they know, edges), most first."""
        pairs = union_all(
            select(edges.c.a_id.label("x"), edges.c.b_id.label("y")),
            select(edges.c.b_id.label("x"), edges.c.a_id.label("y")),
        ).subquery()
        companies = func.count(func.distinct(people.c.company_key))
        query = (
            select(pairs.c.x, companies.label("companies"), func.count(literal(1)).label("edges"))
            .join(people, people.c.id == pairs.c.y)
            .group_by(pairs.c.x)
            .having(companies >= 2)
            .order_by(companies.desc(), func.count(literal(1)).desc(), pairs.c.x)
            .limit(limit)
        )
        return [(int(x), int(c), int(e)) for x, c, e in self.connection.execute(query)]
