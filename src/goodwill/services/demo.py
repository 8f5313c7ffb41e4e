"""`goodwill demo`: a realistic synthetic network in its own database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from goodwill.domain.model import Entry
from goodwill.services.context import HALF_LIFE_KEY, Context
from goodwill.services.demo_data import generate_demo_network
from goodwill.services.ledger import refold_all
from goodwill.services.views import Shape
from goodwill.store.database import Database

#: Days before today on which the demo user "did" the plan, so the streak shows.
DEMO_STREAK_DAYS = 4


@dataclass(frozen=True, slots=True)
class DemoLoaded(Shape):
    """The demo database `load_demo` filled: where, and how much is in it."""

    database: str
    people: int
    entries: int


def demo_context(ctx: Context) -> Context:
    return Context(
        config=ctx.config,
        db=Database(ctx.config.demo_db_url),
        clock=ctx.clock,
        real_clock=ctx.real_clock,
    )


def load_demo(ctx: Context, today: date, *, seed: int = 7, size: int = 300) -> DemoLoaded:
    """Replace the demo database with a fresh synthetic network as of `today`."""
    network = generate_demo_network(today, seed=seed, size=size)
    ctx.db.dispose()
    ctx.db.remove_sqlite_files()
    ctx.db.initialise()
    catalogue = ctx.config.catalogue
    half_life = ctx.config.half_life_days
    with ctx.db.write() as uow:
        uow.settings.put(HALF_LIFE_KEY, repr(half_life))
        ids = [uow.people.add(fields, created_on) for fields, created_on in network.people]
        for item in network.entries:
            weight = catalogue.stored_weight(item.kind, item.direction, item.by_them)
            entry = Entry(
                on=item.on,
                direction=item.direction,
                kind=item.kind,
                channel=item.channel,
                initiated_by=item.initiated_by,
                weight=weight,
                note=item.note,
                source="demo",
                by_them=item.by_them,
            )
            uow.ledger.add(entry, [ids[index] for index in item.people], batch_id=None)
        refold_all(uow, half_life)
        for back in range(1, DEMO_STREAK_DAYS + 1):
            day = today - timedelta(days=back)
            uow.plans.save(day, [])
            uow.plans.set_completed(day, True)
    return DemoLoaded(ctx.db.where, len(ids), len(network.entries))
