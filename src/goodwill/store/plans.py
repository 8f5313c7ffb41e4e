"""The daily plan as acted on: picks saved once the user marks, skips or snoozes one."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, desc, insert, select, update

from goodwill.store.sql import Repository
from goodwill.store.tables import plan_days, plan_picks


@dataclass(frozen=True, slots=True)
class SavedPick:
    position: int
    person_id: int
    status: str
    score: float
    reasons: tuple[str, ...]
    batch_id: int | None


class PlanRepository(Repository):
    def picks(self, day: date) -> list[SavedPick] | None:
        """The saved plan of a day, or None when nobody has acted on it yet."""
        if (
            self.connection.execute(select(plan_days.c.day).where(plan_days.c.day == day)).first()
            is None
        ):
            return None
        query = select(plan_picks).where(plan_picks.c.day == day).order_by(plan_picks.c.position)
        return [
            SavedPick(
                position=row.position,
                person_id=row.person_id,
                status=row.status,
                score=row.score,
                reasons=tuple(json.loads(row.reasons)),
                batch_id=row.batch_id,
            )
            for row in self.connection.execute(query)
        ]

    def save(self, day: date, picks: Sequence[SavedPick]) -> None:
        self.connection.execute(delete(plan_days).where(plan_days.c.day == day))
        self.connection.execute(insert(plan_days).values(day=day, completed=False))
        if picks:
            self.connection.execute(
                insert(plan_picks),
                [
                    {
                        "day": day,
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

    def set_status(self, day: date, position: int, status: str, batch_id: int | None) -> None:
        self.connection.execute(
            update(plan_picks)
            .where(plan_picks.c.day == day, plan_picks.c.position == position)
            .values(status=status, batch_id=batch_id)
        )

    def reopen_batch(self, batch_id: int) -> None:
        """`undo` of a `done`: the pick is open again and its day no longer complete."""
        days = list(
            self.connection.execute(
                select(plan_picks.c.day).where(plan_picks.c.batch_id == batch_id)
            ).scalars()
        )
        self.connection.execute(
            update(plan_picks)
            .where(plan_picks.c.batch_id == batch_id)
            .values(status="open", batch_id=None)
        )
        if days:
            self.connection.execute(
                update(plan_days).where(plan_days.c.day.in_(days)).values(completed=False)
            )

    def set_completed(self, day: date, completed: bool) -> None:
        self.connection.execute(
            update(plan_days).where(plan_days.c.day == day).values(completed=completed)
        )

    def completed_days(self, up_to: date) -> Iterator[date]:
        """Completed days, newest first, lazily: the streak stops reading at the first gap."""
        query = (
            select(plan_days.c.day)
            .where(plan_days.c.completed.is_(True), plan_days.c.day <= up_to)
            .order_by(desc(plan_days.c.day))
        )
        # Closed when the reader stops early: PostgreSQL's server-side cursor is released.
        with self.connection.execute(query.execution_options(yield_per=64)) as rows:
            for row in rows:
                yield row.day
