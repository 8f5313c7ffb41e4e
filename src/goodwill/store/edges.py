"""Who knows whom: edges between people, read in bulk for the path search."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from itertools import combinations

from goodwill.domain.ties import MAX_GROUP
from goodwill.store.people import at_company
from goodwill.store.sql import Repository, in_list

#: Pairs looked up per query (two bound parameters each).
PAIRS_PER_QUERY = 400


class EdgeRepository(Repository):
    def add(self, pairs: Iterable[tuple[int, int]], kind: str, strength: float) -> int:
        """Add edges of a kind between pairs (either order); existing ones stay as they are."""
        wanted = {(min(a, b), max(a, b)) for a, b in pairs if a != b}
        if not wanted:
            return 0
        ordered = sorted(wanted)
        params: dict[str, object] = {"kind": kind}
        pairs_listed = []
        for number, (a, b) in enumerate(ordered):
            pairs_listed.append(f"(:a_{number}, :b_{number})")
            params[f"a_{number}"], params[f"b_{number}"] = a, b
        query = (
            "SELECT a_id, b_id FROM edges WHERE kind = :kind "
            f"AND (a_id, b_id) IN (VALUES {', '.join(pairs_listed)})"
        )
        existing = {(int(a), int(b)) for a, b in self.sql.rows(query, params)}
        rows = [
            {"a_id": a, "b_id": b, "kind": kind, "strength": strength}
            for a, b in ordered
            if (a, b) not in existing
        ]
        self.sql.run_many(
            "INSERT INTO edges (a_id, b_id, kind, strength) VALUES (:a_id, :b_id, :kind, :strength)",
            rows,
        )
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
        listed, params = in_list("id", ids)
        query = (
            f"SELECT a_id, b_id, strength, kind FROM edges WHERE a_id IN ({listed}) UNION ALL "
            f"SELECT b_id, a_id, strength, kind FROM edges WHERE b_id IN ({listed})"
        )
        for person, other, strength, kind in self.sql.rows(query, params):
            if person != other:
                found.setdefault(int(person), []).append((int(other), float(strength), kind))
        return found

    def at_company(self, company: str, limit: int) -> list[int]:
        """People at the company `company` names (see `store.people.at_company`)."""
        condition = at_company(self.sql.dialect, company)
        if condition is None:
            return []
        where, params = condition
        query = f"SELECT id FROM people WHERE {where} ORDER BY id LIMIT :limit"
        return [int(row[0]) for row in self.sql.rows(query, {**params, "limit": limit})]

    def bridges(self, limit: int) -> list[tuple[int, int, int]]:
        """(person, distinct companies among the people they know, edges), most first.

        Plain SQL, so that `help`, which asks for them when nobody matches a need, runs on
        SQLite's own driver as the other daily commands do."""
        query = (
            "SELECT pairs.x, COUNT(DISTINCT people.company_key) AS companies, COUNT(*) AS ties "
            "FROM (SELECT a_id AS x, b_id AS y FROM edges "
            "UNION ALL SELECT b_id AS x, a_id AS y FROM edges) AS pairs "
            "JOIN people ON people.id = pairs.y GROUP BY pairs.x "
            "HAVING COUNT(DISTINCT people.company_key) >= 2 "
            "ORDER BY companies DESC, ties DESC, pairs.x LIMIT :limit"
        )
        rows = self.sql.rows(query, {"limit": limit})
        return [(int(x), int(c), int(e)) for x, c, e in rows]
