"""What to give: a deposit fitted to the person, from their tags, discipline and last topic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from goodwill.domain.drafting import first_name
from goodwill.domain.model import Person

#: Tag → (kind, advice). The first tag of the person that appears here wins.
_BY_TAG: tuple[tuple[str, str, str], ...] = (
    ("mentor", "thank-you", "tell them what came of their last advice"),
    ("connector", "intro-made", "offer an introduction to someone they would value meeting"),
    ("job-seeker", "job-lead", "pass on a job lead or an opening you heard of"),
    ("looking", "job-lead", "pass on a job lead or an opening you heard of"),
    ("founder", "helped", "send a customer lead, a candidate or a tool for their company"),
    ("hiring", "intro-made", "introduce a candidate who would fit their team"),
    ("writer", "commented", "comment on their latest post or article"),
    ("speaker", "commented", "comment on their latest talk"),
    ("former-colleague", "catch-up", "share news from the old team and ask about theirs"),
)


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Occasion:
    """Something about today that shapes the suggestion."""

    birthday_on: date | None = None
    anniversary_years: int | None = None
    follow_up_due: bool = False
    their_open_ask: str | None = None
    last_topic: str | None = None
    campaign_step: tuple[str, str] | None = None


def suggest(person: Person, occasion: Occasion) -> Suggestion:
    """One concrete deposit; occasions beat tags, tags beat discipline."""
    if occasion.birthday_on is not None:
        day = occasion.birthday_on.strftime("%b %-d")
        name = first_name(person.name, person.fields.given_name)
        return Suggestion("birthday", f"wish {name} a happy birthday ({day})")
    if occasion.campaign_step is not None:
        campaign, stage = occasion.campaign_step
        if stage == "to-ask":
            return Suggestion(
                "campaign-ask",
                f"ask for thirty minutes for {campaign}: their path, and one specific question",
            )
        return Suggestion("campaign-thanks", "thank them, with what you will do with their advice")
    if occasion.their_open_ask:
        return Suggestion("helped", f"help with what they asked: {occasion.their_open_ask}")
    if occasion.follow_up_due:
        topic = occasion.last_topic or ""
        if topic.startswith("met at "):
            return Suggestion("follow-up", f"follow up after you {topic}: offer one way to help")
        return Suggestion("follow-up", f"follow up on {topic}" if topic else "follow up")
    if occasion.anniversary_years:
        years = occasion.anniversary_years
        plural = "s" if years != 1 else ""
        return Suggestion("catch-up", f"mark {years} year{plural} since you met with a short note")
    tags = {tag.lower() for tag in person.fields.tags}
    for tag, kind, advice in _BY_TAG:
        if tag in tags:
            return Suggestion(kind, advice)
    if occasion.last_topic:
        return Suggestion(
            "shared-article",
            f"share something that builds on your last exchange ({occasion.last_topic})",
        )
    if person.fields.discipline:
        return Suggestion(
            "shared-article", f"share an article on {person.fields.discipline} they would value"
        )
    company = person.fields.company
    where = f" at {company}" if company else ""
    return Suggestion("catch-up", f"send a short note asking how things are going{where}")
