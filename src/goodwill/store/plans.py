"""The daily plan as acted on: picks saved once the user marks, skips or snoozes one."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from goodwill.store.sql import Repository, day, in_list


@dataclass(frozen=True, slots=True)
class SavedPick:
    position: int
    person_id: int
    status: str
    score: float
    reasons: tuple[str, ...]
    batch_id: int | None


class PlanRepository(Repository):
    def picks(self, on: date) -> list[SavedPick] | None:
        """The saved plan of a day, or None when nobody has acted on it yet."""
        if self.sql.first("SELECT 1 FROM plan_days WHERE day = :day", {"day": on}) is None:
            return None
        rows = self.sql.rows(
            "SELECT position, person_id, status, score, reasons, batch_id FROM plan_picks "
            "WHERE day = :day ORDER BY position",
            {"day": on},
        )
        return [
            SavedPick(
                position=int(position),
                person_id=int(person_id),
                status=status,
                score=float(score),
                reasons=tuple(json.loads(reasons)),
                batch_id=batch_id,
            )
            for position, person_id, status, score, reasons, batch_id in rows
        ]

    def save(self, on: date, picks: Sequence[SavedPick]) -> None:
        self.sql.run("DELETE FROM plan_days WHERE day = :day", {"day": on})
        self.sql.run(
            "INSERT INTO plan_days (day, completed, planned) VALUES (:day, :completed, :planned)",
            {"day": on, "completed": False, "planned": len(picks)},
        )
        self.sql.run_many(
            "INSERT INTO plan_picks (day, position, person_id, status, score, reasons, batch_id) "
            "VALUES (:day, :position, :person_id, :status, :score, :reasons, :batch_id)",
            [
                {
                    "day": on,
                    "position": pick.position,
                    "person_id": pick.person_id,
                    "status": pick.status,
                    "score": pick.score,
                    "reasons": json.dumps(list(pick.reasons), ensure_ascii=False),
                    "batch_id": pick.batch_id,
                }
                for pick in picks
            ],
        )

    def set_status(self, on: date, position: int, status: str, batch_id: int | None) -> None:
        self.sql.run(
            "UPDATE plan_picks SET status = :status, batch_id = :batch_id "
            "WHERE day = :day AND position = :position",
            {"day": on, "position": position, "status": status, "batch_id": batch_id},
        )

    def reopen_batch(self, batch_id: int) -> None:
        """`undo` of a `done`: the pick is open again and its day no longer complete."""
        days = [
            row[0]
            for row in self.sql.rows(
                "SELECT day FROM plan_picks WHERE batch_id = :batch_id", {"batch_id": batch_id}
            )
        ]
        self.sql.run(
            "UPDATE plan_picks SET status = 'open', batch_id = NULL WHERE batch_id = :batch_id",
            {"batch_id": batch_id},
        )
        if days:
            listed, params = in_list("day", days)
            self.sql.run(
                f"UPDATE plan_days SET completed = :completed WHERE day IN ({listed})",
                {"completed": False, **params},
            )

    def set_completed(self, on: date, completed: bool) -> None:
        self.sql.run(
            "UPDATE plan_days SET completed = :completed WHERE day = :day",
            {"day": on, "completed": completed},
        )

    def last_done_before(self, on: date) -> date | None:
        """The last day before `on` whose plan was done: where a broken streak ended."""
        return day(
            self.sql.scalar(
                "SELECT max(day) FROM plan_days WHERE day < :day AND completed = :done",
                {"day": on, "done": True},
            )
        )

    def streak_days(self, up_to: date) -> Iterator[tuple[date, bool]]:
        """(day, done) for the days whose plan was done (True) or was kept with nobody in
        it (False: `save` of no picks, when there was nothing to do), newest first, lazily:
        the streak stops reading at the first gap. A day is told by the picks it was kept
        with (`planned`), not by the picks left: removing someone removes their picks, and
        a missed day must not turn into one with nothing to do."""
        rows = self.sql.iterate(
            "SELECT day, completed FROM plan_days WHERE day <= :day "
            "AND (completed = :done OR planned = 0) ORDER BY day DESC",
            {"done": True, "day": up_to},
        )
        for found, completed in rows:
            listed = day(found)
            assert listed is not None
            yield listed, bool(completed)
