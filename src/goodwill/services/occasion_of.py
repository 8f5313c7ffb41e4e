"""The occasion the suggestion rules work from, as the plan and campaigns see a person on a
day (`domain.suggest.Occasion`): one reading, so that both propose the same deposit."""

from __future__ import annotations

from datetime import date, timedelta

from goodwill.domain import plan as plan_rules
from goodwill.domain.drafting import first_name, topic_phrase
from goodwill.domain.model import Direction, Person
from goodwill.domain.occasions import LONGEST_NEWS_DAYS, is_news
from goodwill.domain.suggest import Occasion
from goodwill.services.context import Context
from goodwill.services.deposits import gave_advice, intro_for
from goodwill.services.occasions import work_anniversary_of
from goodwill.store.database import UnitOfWork
from goodwill.store.occasions import OccasionRow


def occasion_of(ctx: Context, uow: UnitOfWork, person: Person, on: date) -> Occasion:
    """What day `on` holds for `person`: their last exchange, news, an open request or a
    favour to return, a birthday, an anniversary, a campaign step."""
    latest = uow.ledger.entries_for(person.id, limit=1)
    last = latest[0] if latest else None
    about = first_name(person.name, person.fields.given_name)
    topic = topic_phrase(last.note, about) if last is not None and last.note else None
    news = _news_of(uow, person, on)
    returns = work_anniversary_of(uow, person, on, plan_rules.OCCASION_WINDOW_DAYS)
    return Occasion(
        birthday_on=plan_rules.birthday_within(person, on),
        follow_up_due=plan_rules.follow_up_due(person, on),
        their_open_ask=(
            topic or ctx.config.catalogue.asked_for(last.kind)
            if last is not None and last.by_them and last.direction is Direction.TOUCH
            else None
        ),
        their_favour=(
            f"{ctx.config.catalogue.phrase(last.kind, by_them=True)} on {last.on:%b %-d}"
            if last is not None and last.by_them and last.direction is Direction.WITHDRAWAL
            else None
        ),
        last_topic=topic,
        campaign_step=uow.campaigns.steps([person.id]).get(person.id),
        intro_to=intro_for(uow, person),
        gave_advice=gave_advice(uow, person),
        news=None if news is None else news.label,
        news_kind=None if news is None else news.kind,
        work_anniversary=None if returns is None else returns[1],
    )


def _news_of(uow: UnitOfWork, person: Person, on: date) -> OccasionRow | None:
    """Their latest news (a new role, a welcome...) while it is still news on `on`."""
    found = uow.occasions.latest_for([person.id], on - timedelta(LONGEST_NEWS_DAYS))
    row = found.get(person.id)
    return row if row is not None and is_news(row.kind, row.on, on) else None
