"""A state machine over the whole ledger, on SQLite and PostgreSQL.

Random sequences of add, log, undo, rm, forget, snooze and export -> restore; after every
step the stored derived state equals what `reindex` computes from the ledger, a forgotten
person's name is nowhere in a full backup, and export -> restore -> export gives the same
bytes. Examples and steps are few, so both backends run in a few minutes at most.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from goodwill.bootstrap import build_context
from goodwill.domain.errors import GoodwillError
from goodwill.services import admin, ledger, people, plan, privacy, transfer
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges
from goodwill.store.people import STATE_COLUMNS
from goodwill.store.tables import people as people_table

NOW = datetime(2026, 11, 24, 9, 30)
TODAY = NOW.date()
ACTIONS = [Action.TOUCH, Action.GAVE, Action.THEY_ASKED]


def derived(ctx: Context) -> list[tuple[Any, ...]]:
    columns = [people_table.c.id, people_table.c.next_due]
    columns += [people_table.c[name] for name in STATE_COLUMNS]
    with ctx.db.read() as uow:
        return [tuple(row) for row in uow.connection.execute(select(*columns).order_by(columns[0]))]


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self, new_database: Callable[[], Context]) -> None:
        super().__init__()
        self.new_database = new_database
        self.ctx = new_database()
        self.names: list[str] = []
        self.forgotten: list[str] = []
        self.count = 0

    @rule()
    def add(self) -> None:
        self.count += 1
        name = f"Quux{self.count} Zeb{self.count}"
        people.add_person(self.ctx, PersonChanges(name=name))
        self.names.append(name)

    @rule(data=st.data(), days=st.integers(0, 800), action=st.sampled_from(ACTIONS))
    def log(self, data: st.DataObject, days: int, action: Action) -> None:
        if not self.names:
            return
        who = data.draw(st.lists(st.sampled_from(self.names), min_size=1, max_size=3, unique=True))
        kind = {Action.GAVE: "shared-article", Action.THEY_ASKED: "advice"}.get(action)
        extra = {"kind": kind} if kind else {}
        ledger.log(
            self.ctx,
            LogRequest(
                people=tuple(who),
                action=action,
                on=TODAY - timedelta(days=days),
                note=who[0],
                **extra,
            ),  # type: ignore[arg-type]
        )

    @rule()
    def undo(self) -> None:
        with contextlib.suppress(GoodwillError):  # nothing to undo
            ledger.undo(self.ctx)

    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        if not self.names:
            return
        name = data.draw(st.sampled_from(self.names))
        person_id = people.find_person(self.ctx, name, exact=True).id
        people.remove_person(self.ctx, person_id)
        self.names.remove(name)

    @rule(data=st.data())
    def forget(self, data: st.DataObject) -> None:
        if not self.names:
            return
        name = data.draw(st.sampled_from(self.names))
        privacy.forget(self.ctx, name)
        self.names.remove(name)
        self.forgotten.append(name)

    @rule(data=st.data(), days=st.integers(1, 60))
    def snooze(self, data: st.DataObject, days: int) -> None:
        if self.names:
            plan.snooze(self.ctx, data.draw(st.sampled_from(self.names)), days, on=TODAY)

    @rule()
    def export_and_restore(self) -> None:
        exported = transfer.export(self.ctx, "json")
        elsewhere = self.new_database()
        transfer.restore(elsewhere, exported)
        assert transfer.export(elsewhere, "json") == exported
        self.ctx.db.dispose()
        self.ctx = elsewhere  # go on with the restored copy

    @invariant()
    def derived_state_is_what_reindex_computes(self) -> None:
        before = derived(self.ctx)
        ledger.reindex(self.ctx, reweigh=False)
        assert derived(self.ctx) == before

    @invariant()
    def nothing_of_the_forgotten_is_left(self) -> None:
        if self.forgotten:
            backup = transfer.export(self.ctx, "json")
            for name in self.forgotten:
                assert name not in backup and name.split()[1] not in backup

    def teardown(self) -> None:
        self.ctx.db.dispose()


def test_the_ledger_machine(
    db_url: str, env: dict[str, str], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    def new_database() -> Context:
        if db_url.startswith("sqlite"):
            url = f"sqlite:///{tmp_path / uuid.uuid4().hex}.db"
        else:
            cluster = request.getfixturevalue("postgres_cluster")
            url = cluster.create_database(f"m_{uuid.uuid4().hex[:12]}")
        ctx = build_context(env, db=url)
        ctx.clock = lambda: NOW
        admin.init(ctx)
        return ctx

    run_state_machine_as_test(
        lambda: LedgerMachine(new_database),
        settings=settings(
            max_examples=6,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
