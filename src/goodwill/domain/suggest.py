"""What to give: a deposit fitted to the person, from their tags, discipline and last topic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from goodwill.domain.companies import company_in_prose
from goodwill.domain.drafting import first_name
from goodwill.domain.model import Person
from goodwill.domain.occasions import RECOMMENDED, WELCOME, WORK_ANNIVERSARY

#: Tag → (kind, advice). The first tag of the person that appears here wins; every kind is
#: a deposit. `{intro}` is filled with a named person when one fits, `{first}` with their name.
#: A mentor is thanked for their advice only when the ledger holds some (`_ADVICE_TAG`).
_BY_TAG: tuple[tuple[str, str, str], ...] = (
    ("mentor", "thank-you", "tell {first} what came of their last advice"),
    ("connector", "intro-made", "offer {first} an introduction to {intro}"),
    ("job-seeker", "job-lead", "pass on a job lead or an opening you heard of"),
    ("looking", "job-lead", "pass on a job lead or an opening you heard of"),
    ("founder", "helped", "send a customer lead, a candidate or a tool for their company"),
    ("hiring", "intro-made", "introduce a candidate who would fit their team"),
    ("writer", "commented", "comment on their latest post or article"),
    ("speaker", "commented", "comment on their latest talk"),
    (
        "former-colleague",
        "reference",
        "recommend {first}: a short LinkedIn recommendation of your work together",
    ),
)
#: Tags that say how I know someone (address-book groups, as Google's "Mentors" or
#: "Coworkers"), not what they care about: never offered as a topic to share on.
_RELATIONSHIP_TAGS = frozenset(
    {
        "acquaintance", "client", "colleague", "contact", "coworker", "customer", "family",
        "favorite", "favourite", "friend", "imported", "mycontacts", "other", "personal",
        "starred", "vip", "work",
        *(tag for tag, _kind, _advice in _BY_TAG),
    }
)  # fmt: skip
#: The tag whose suggestion speaks of advice they gave you: a group label such as Google's
#: "Mentors" says nothing of whether they ever did.
_ADVICE_TAG = "mentor"
#: The suggestion (and draft) of a thank-you for a recommendation they wrote you; `done`
#: logs it as a `thank-you`.
RECOMMENDATION_THANKS = "recommendation-thanks"
#: The suggestion (and draft) of thanks for a favour they did you that nothing of mine has
#: returned yet; `done` logs it as a `thank-you`.
FAVOUR_THANKS = "favour-thanks"
#: When no one in your network is named for an introduction.
_SOMEONE = "someone they would value meeting"


@dataclass(frozen=True, slots=True)
class Suggestion:
    kind: str
    text: str
    #: Whom the suggestion offers to introduce them to, for the draft to name.
    intro_to: str | None = None


@dataclass(frozen=True, slots=True)
class Occasion:
    """Something about today that shapes the suggestion."""

    birthday_on: date | None = None
    anniversary_years: int | None = None
    follow_up_due: bool = False
    their_open_ask: str | None = None
    #: What they last did for me, in words with its day ("made an introduction on Nov 20"),
    #: when nothing came since: I owe them one.
    their_favour: str | None = None
    last_topic: str | None = None
    campaign_step: tuple[str, str] | None = None
    #: News about them (a new role, a new connection, a recommendation they wrote you),
    #: and its kind (`domain.occasions`): congratulate, welcome or thank them.
    news: str | None = None
    news_kind: str | None = None
    #: Their current role returns within the window: "2 years at Stripe".
    work_anniversary: str | None = None
    #: Someone in your network who fits them (same discipline, not yet their tie).
    intro_to: str | None = None
    #: The ledger holds advice they gave you (what a mentor's thank-you is about).
    gave_advice: bool = False


def suggest(person: Person, occasion: Occasion) -> Suggestion:
    """What to do today: a timely occasion first, else a deposit fitted to the person."""
    first = first_name(person.name, person.fields.given_name)
    if occasion.birthday_on is not None:
        day = occasion.birthday_on.strftime("%b %-d")
        return Suggestion("birthday", f"wish {first} a happy birthday ({day})")
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
        if topic:
            return Suggestion("follow-up", f"follow up on {topic}")
        if occasion.news_kind == WELCOME:  # an invitation accepted: welcoming is the follow-up
            return _for_news(first, occasion)
        return Suggestion("follow-up", "follow up: offer one way to help")
    if occasion.work_anniversary:
        return Suggestion(WORK_ANNIVERSARY, f"congratulate {first} on {occasion.work_anniversary}")
    if occasion.anniversary_years:
        years = occasion.anniversary_years
        plural = "s" if years != 1 else ""
        return Suggestion("catch-up", f"mark {years} year{plural} since you met with a short note")
    return deposit_for(person, occasion)


def deposit_for(person: Person, occasion: Occasion) -> Suggestion:
    """One concrete deposit, never a touch or an ask: news beats a favour to return, which
    beats tags; tags beat a named introduction, which beats their discipline."""
    first = first_name(person.name, person.fields.given_name)
    if occasion.news:
        return _for_news(first, occasion)
    tags = [" ".join(tag.lower().split()) for tag in person.fields.tags]
    roles = {_singular(tag) for tag in tags}
    # A favour they did me is returned first, unless it was a mentor's advice: telling
    # them what came of it is the thanks that fits.
    if occasion.their_favour and not (occasion.gave_advice and _ADVICE_TAG in roles):
        about = f" ({occasion.last_topic})" if occasion.last_topic else ""
        return Suggestion(
            FAVOUR_THANKS,
            f"you owe {first} one: they {occasion.their_favour}{about}; thank them and offer "
            "one back",
        )
    for tag, kind, advice in _BY_TAG:
        if tag == _ADVICE_TAG and not occasion.gave_advice:
            continue
        if tag in roles:
            text = advice.format(first=first, intro=occasion.intro_to or _SOMEONE)
            named = occasion.intro_to if "{intro}" in advice else None
            return Suggestion(kind, text, named)
    if occasion.intro_to:
        return Suggestion(
            "intro-made",
            f"offer {first} an introduction to {occasion.intro_to}",
            occasion.intro_to,
        )
    if occasion.last_topic:
        return Suggestion(
            "shared-article",
            f"share something that builds on your last exchange ({occasion.last_topic})",
        )
    if person.fields.discipline:
        return Suggestion(
            "shared-article", f"share an article on {person.fields.discipline} they would value"
        )
    topics = [tag for tag in tags if not {tag, _singular(tag)} & _RELATIONSHIP_TAGS]
    if topics:
        return Suggestion("shared-article", f"share something on {topics[0]} they would value")
    company = company_in_prose(person.fields.company)
    where = f" at {company}" if company else ""
    # Its kind is what the words ask for (`done` logs it, the Today page preselects it): a
    # resource shared, not the vaguer "helped with something".
    return Suggestion(
        "shared-article", f"send {first} one useful article or resource for their work{where}"
    )


def _for_news(first: str, occasion: Occasion) -> Suggestion:
    if occasion.news_kind == WELCOME:
        offer = f"an introduction to {occasion.intro_to}" if occasion.intro_to else "help"
        return Suggestion(
            "welcomed", f"welcome {first} as a new connection: offer {offer}", occasion.intro_to
        )
    if occasion.news_kind == RECOMMENDED:
        return Suggestion(
            RECOMMENDATION_THANKS, f"thank {first} for the recommendation they wrote you"
        )
    return Suggestion("congratulated", f"congratulate {first} on {occasion.news}")


def _singular(tag: str) -> str:
    """A lower-case tag as the rules name it: a group's plural ("mentors") singular."""
    if tag.endswith("s") and not tag.endswith("ss"):
        return tag[:-1]
    return tag
