"""The daily digest: one email a day with the plan, the overdue, the follow-ups due and
the occasions of the days around it.

`compose` only reads, as `goodwill today` does: the plan it shows is the plan of the day,
and only acting on it saves it. `send` mails a digest now; `send_if_due` is what the
server calls every minute: it sends at most one digest per local day, at the configured
hour, and one only after any downtime. Each person in a digest may carry a snooze link
(when `[digest] server_url` is set), signed with the database's link secret.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from goodwill.config import SmtpSettings
from goodwill.domain import snooze_link
from goodwill.domain.digest_schedule import due_to_send, zone_info
from goodwill.domain.errors import BadInput, GoodwillError
from goodwill.domain.model import Tier
from goodwill.domain.plan import OCCASION_WINDOW_DAYS
from goodwill.services import occasions as occasions_service
from goodwill.services import people as people_service
from goodwill.services import plan as plan_service
from goodwill.services.context import Context
from goodwill.services.link_secret import ensure_link_secret, link_secret
from goodwill.services.views import iso, ref_of
from goodwill.store.database import UnitOfWork

#: How many overdue people and follow-ups a digest lists beyond the plan.
OVERDUE_SHOWN = 5
FOLLOW_UPS_SHOWN = 5
#: Occasions a digest lists beyond the plan: news of the last week, birthdays and work
#: anniversaries of the next (the plan's occasion window).
OCCASIONS_SHOWN = 5
#: A snooze link keeps the person out of the plan this long, and works this many days.
SNOOZE_DAYS = 14
LINK_VALID_DAYS = 7
LAST_SENT_KEY = "digest_last_sent_on"


def snooze_token(
    ctx: Context,
    uow_or_secret: UnitOfWork | str,
    person_id: int,
    span_days: int = SNOOZE_DAYS,
    *,
    on: date | None = None,
) -> str:
    """A token that snoozes `person_id` for `span_days`, valid for a week from `on`.

    Given a unit of work, the database's secret signs it; only writes make that secret
    (`goodwill init`, `send`), so a database without one cannot hand out links yet.
    """
    secret = uow_or_secret if isinstance(uow_or_secret, str) else link_secret(uow_or_secret)
    if secret is None:
        raise GoodwillError("this database has no link secret yet: run `goodwill init`")
    day = on or ctx.today()
    link = snooze_link.SnoozeLink(person_id, span_days, day + timedelta(days=LINK_VALID_DAYS))
    return snooze_link.sign(secret, link)


def _verified(ctx: Context, token: str, day: date) -> snooze_link.SnoozeLink:
    with ctx.db.read() as uow:
        secret = link_secret(uow)
    if secret is None:
        raise BadInput(snooze_link.INVALID)
    return snooze_link.verify(secret, token, day)


def inspect_snooze(ctx: Context, token: str, on: date | None = None) -> dict[str, Any]:
    """Whom a snooze link would snooze, and for how long, without snoozing (a confirm page)."""
    day = on or ctx.today()
    link = _verified(ctx, token, day)
    with ctx.db.read() as uow:
        person = uow.people.get(link.person_id)
    if person is None:
        raise BadInput("this snooze link is for someone no longer in goodwill")
    return {
        "person": ref_of(person).to_json(),
        "span_days": link.span_days,
        "until": (day + timedelta(days=link.span_days)).isoformat(),
        "valid_until": link.valid_until.isoformat(),
    }


def redeem_snooze(ctx: Context, token: str, on: date | None = None) -> plan_service.Snoozed:
    """Snooze the person a digest link names, if the link is genuine and unexpired.

    Redeeming twice is harmless: the snooze counts from the day the link is used.
    """
    day = on or ctx.today()
    link = _verified(ctx, token, day)
    return plan_service.snooze(ctx, f"#{link.person_id}", link.span_days, on=day)


def compose(ctx: Context, on: date | None = None, *, secret: str | None = None) -> dict[str, Any]:
    """The digest of day `on`: the plan (the same list as `today`, grown for every due
    follow-up), the most overdue beyond it, follow-ups due that it does not hold, and the
    occasions around the day (`goodwill occasions --days 7`) of people not in it.

    Reads only. With `[digest] server_url` set, each person gets a snooze link, signed with
    `secret` or else the database's secret (none are made without one: see `send`).
    """
    day = on or ctx.today()
    today = plan_service.today(ctx, day)
    picks = [pick for pick in today.picks if pick.status == "open"]
    in_plan = {pick.person.id for pick in picks}
    overdue = people_service.list_overdue(ctx, day, limit=OVERDUE_SHOWN + len(in_plan))
    around = occasions_service.occasions(ctx, day, OCCASION_WINDOW_DAYS)
    occasions = [o for o in around if o.person.id not in in_plan][:OCCASIONS_SHOWN]
    with ctx.db.read() as uow:
        follow_ups = _follow_ups(uow, day, in_plan)
        if secret is None:
            secret = link_secret(uow)
    server_url = ctx.config.digest.server_url
    linking = server_url is not None and secret is not None

    def snooze_url(person_id: int) -> str | None:
        if not linking:
            return None
        return f"{server_url}/snooze/{snooze_token(ctx, str(secret), person_id, on=day)}"

    return {
        "date": day.isoformat(),
        "picks": [
            {
                "position": pick.position,
                "person": pick.person.to_json(),
                "company": pick.company,
                "reasons": list(pick.reasons),
                "suggestion": pick.suggestion,
                "ask": None if pick.ask is None else pick.ask.to_json(),
                "draft": pick.draft,
                "snooze_url": snooze_url(pick.person.id),
            }
            for pick in picks
        ],
        "streak": today.streak,
        "note": today.note,
        "overdue": {
            "total": overdue.total,
            "people": [
                {**item.to_json(), "snooze_url": snooze_url(item.person.id)}
                for item in overdue.people
                if item.person.id not in in_plan
            ][:OVERDUE_SHOWN],
        },
        "follow_ups": [
            {**item, "snooze_url": snooze_url(item["person"]["id"])} for item in follow_ups
        ],
        "occasions": [
            {**item.to_json(), "snooze_url": snooze_url(item.person.id)} for item in occasions
        ],
        "snooze_days": SNOOZE_DAYS,
        "links_valid_until": (
            (day + timedelta(days=LINK_VALID_DAYS)).isoformat() if linking else None
        ),
    }


def preview(ctx: Context, on: date | None = None) -> dict[str, Any]:
    """The digest of `on` as it would be mailed: the data, its subject, text and HTML."""
    from goodwill.exporters.digest_email import render_html, render_text, subject

    digest = compose(ctx, on)
    return {
        "digest": digest,
        "subject": subject(digest),
        "text": render_text(digest),
        "html": render_html(digest),
    }


def _follow_ups(uow: UnitOfWork, on: date, in_plan: set[int]) -> list[dict[str, Any]]:
    """Due follow-ups of people not in the plan, not archived and not snoozed."""
    found = []
    for person in uow.people.follow_ups_due(on, FOLLOW_UPS_SHOWN + len(in_plan) + 20):
        snoozed = person.snoozed_until is not None and person.snoozed_until > on
        if person.id in in_plan or snoozed or person.tier is Tier.ARCHIVED:
            continue
        latest = uow.ledger.entries_for(person.id, limit=1)
        about = (latest[0].note or latest[0].kind) if latest else None
        found.append(
            {"person": ref_of(person).to_json(), "due_on": iso(person.follow_up_on), "about": about}
        )
        if len(found) == FOLLOW_UPS_SHOWN:
            break
    return found


def _recipient(ctx: Context, to: str | None) -> str:
    address = (to or ctx.config.digest.to or "").strip()
    if not address:
        raise BadInput(
            f"no address to send the digest to: set [digest] to in {ctx.config.config_path} "
            "or pass --to"
        )
    if "@" not in address or any(c.isspace() for c in address):
        raise BadInput(f"'{address}' is not an email address")
    return address


def _smtp(ctx: Context) -> SmtpSettings:
    if ctx.config.smtp is None:
        raise BadInput(f"no mail server to send through: add [smtp] to {ctx.config.config_path}")
    return ctx.config.smtp


def _mail(digest: dict[str, Any], smtp: SmtpSettings, to: str, now: datetime) -> dict[str, Any]:
    from goodwill.exporters.digest_email import build_message
    from goodwill.services.mailer import deliver

    message = build_message(digest, sender=smtp.sender or to, to=to, now=now)
    deliver(smtp, message)
    return {
        "date": digest["date"],
        "to": to,
        "subject": message["Subject"],
        "message_id": message["Message-ID"],
        "server": smtp.address,
    }


def send(ctx: Context, on: date | None = None, *, to: str | None = None) -> dict[str, Any]:
    """Mail the digest of `on` now, to `to` or `[digest] to`, through `[smtp]`.

    A manual send leaves the daily schedule alone: the server still sends its own.
    """
    smtp, address = _smtp(ctx), _recipient(ctx, to)
    with ctx.db.write() as uow:
        secret = ensure_link_secret(uow)
    digest = compose(ctx, on, secret=secret)
    return _mail(digest, smtp, address, ctx.clock().astimezone())


def send_if_due(ctx: Context, now_utc: datetime) -> dict[str, Any] | None:
    """Send today's digest if its hour has come and none went out today; else None.

    Deciding and recording happen in one write transaction, so of two servers on one
    database only one sends. The mail goes out after that transaction commits (a slow mail
    server must not hold the write lock); when sending fails, the record is taken back, so
    the next call tries again, and the error (a one-line GoodwillError for the mail
    server) is raised. Without `[smtp]` and
    `[digest] to` there is nothing to do.
    """
    settings = ctx.config.digest
    if ctx.config.smtp is None or settings.to is None:
        return None
    with ctx.db.write() as uow:
        last = uow.settings.get(LAST_SENT_KEY)
        day = due_to_send(now_utc, settings.hour, settings.time_zone, _stored_date(last))
        if day is None:
            return None
        uow.settings.put(LAST_SENT_KEY, day.isoformat())
        secret = ensure_link_secret(uow)
    try:
        digest = compose(ctx, day, secret=secret)
        local_now = now_utc.astimezone(zone_info(settings.time_zone))
        return _mail(digest, ctx.config.smtp, settings.to, local_now)
    except Exception:
        with ctx.db.write() as uow:
            if uow.settings.get(LAST_SENT_KEY) == day.isoformat():
                if last is None:
                    uow.settings.remove(LAST_SENT_KEY)
                else:
                    uow.settings.put(LAST_SENT_KEY, last)
        raise


def _stored_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None  # unreadable: sending again is better than never sending
