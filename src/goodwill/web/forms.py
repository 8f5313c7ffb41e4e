"""Form fields in, service requests out: the web's counterpart of the CLI's options."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import Form, UploadFile
from pydantic import BaseModel, ConfigDict

from goodwill.domain import limits
from goodwill.domain.dates import DateOrder, birthday_from, parse_date, parse_span_days
from goodwill.domain.errors import BadDate, BadInput, about
from goodwill.domain.kinds import Kind
from goodwill.domain.model import Channel, Direction, Tier
from goodwill.services.context import Context
from goodwill.services.ledger import Action, LogRequest
from goodwill.services.people import PersonChanges

#: The log form's choices, in the words of `goodwill log`'s flags.
ACTIONS = {
    Action.TOUCH.value: "a touch (kept in touch)",
    Action.GAVE.value: "I gave (a deposit)",
    Action.ASKED.value: "I asked (a withdrawal)",
    Action.THEY_GAVE.value: "they gave me",
    Action.THEY_ASKED.value: "they asked me",
}
UPLOAD_CHUNK = 1024 * 1024


#: How the dates of a WhatsApp chat are written, as `goodwill import --date-order` takes it.
DATE_ORDERS = {DateOrder.DMY: "day first (31/12/25)", DateOrder.MDY: "month first (12/31/25)"}


def my_names(text: str) -> tuple[str, ...]:
    """The "your addresses" field: addresses, and names or numbers as a chat shows you.

    Commas (or lines) part them; within a part, words with an @ are addresses each
    ("a@x.example b@y.example") and the other words one name ("Alex Morgan").
    """
    found: list[str] = []
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        words = part.split()
        found += [word for word in words if "@" in word]
        name = " ".join(word for word in words if "@" not in word)
        if name:
            found.append(name)
    return tuple(found)


def date_order(text: str) -> str | None:
    if text and text not in DATE_ORDERS:
        raise BadInput(
            f"date order: '{text}' is not one of {', '.join(DATE_ORDERS)}", field="date_order"
        )
    return text or None


def tier(text: str) -> Tier | None:
    if not text:
        return None
    try:
        return Tier(text)
    except ValueError:
        raise BadInput(f"tier: '{text}' is not one of {', '.join(Tier)}", field="tier") from None


def span_days(text: str) -> int:
    with about("span"):
        return parse_span_days(text.strip() or "2w")


def deposit_kinds(ctx: Context) -> list[tuple[str, str]]:
    """(name, label) of the gives the user can record, for the Done menu."""
    kinds = ctx.config.catalogue.kinds.values()
    return sorted(
        ((k.name, k.label) for k in kinds if k.direction is Direction.DEPOSIT),
        key=lambda pair: pair[1].lower(),
    )


def all_kinds(ctx: Context) -> list[Kind]:
    """Every kind of the catalogue, gives first, for the log form's list of choices."""
    order = {Direction.DEPOSIT: 0, Direction.WITHDRAWAL: 1, Direction.TOUCH: 2}
    kinds = ctx.config.catalogue.kinds.values()
    return sorted(kinds, key=lambda k: (order.get(k.direction, 3), k.label.lower()))


def _lines(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.replace(",", "\n").splitlines() if part.strip())


class _PersonForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = ""
    emails: str = ""
    phones: str = ""
    company: str = ""
    title: str = ""
    discipline: str = ""
    location: str = ""
    links: str = ""
    tags: str = ""
    tier: str = ""
    cadence_days: str = ""
    birthday: str = ""
    met_on: str = ""
    met_how: str = ""
    note: str = ""
    #: Ticked on the Add form: add a second person of a name already known.
    anyway: bool = False

    def changes(self, today: date) -> PersonChanges:
        cadence = self.cadence_days.strip()
        return PersonChanges(
            name=self.name.strip() or None,
            emails=_lines(self.emails),
            phones=_lines(self.phones),
            company=self.company.strip() or None,
            title=self.title.strip() or None,
            discipline=self.discipline.strip() or None,
            location=self.location.strip() or None,
            links=_lines(self.links),
            tags=_lines(self.tags),
            tier=tier(self.tier),
            cadence_days=(
                limits.whole_number("cadence", cadence, key="cadence_days") if cadence else None
            ),
            clear_cadence=not cadence,
            birthday=birthday(self.birthday),
            met_on=day("met on", self.met_on, today),
            met_how=self.met_how.strip() or None,
            note=self.note.strip() or None,
        )


#: How a message names a date field: the page shows it beside the field, the API's answer
#: also gives the field's key.
_DATE_WORDS = {"on": "Date", "follow_up": "Follow-up date", "met on": "Met on"}


def day(field: str, text: str | None, today: date, *, future: bool = False) -> date | None:
    """A date from a form field or a query parameter (ISO or relative), None when blank; a
    bad one is a one-line error that names the field in words ("Date 'soon': use
    YYYY-MM-DD or a span like 3d, 2w, 6m")."""
    if text is None or not text.strip():
        return None
    words = _DATE_WORDS.get(field, field.capitalize())
    try:
        return parse_date(text.strip(), today, future=future)
    except BadDate as error:
        message = f"{words} '{error.text}': {error.reason}"
    except BadInput as error:  # a span that does not read, or is too long
        message = f"{words}: {error}"
    raise BadInput(message, field=limits.field_key(field))


def birthday(text: str) -> date | None:
    """A birthday from the form (`domain.dates.birthday_from`), None when blank; a bad one is
    a one-line error beside the field, as `day` makes one."""
    if not text.strip():
        return None
    try:
        return birthday_from(text)
    except BadDate as error:
        raise BadInput(f"Birthday '{error.text}': {error.reason}", field="birthday") from None


class _LogForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    action: Action = Action.TOUCH
    kind: str = ""
    channel: Channel = Channel.EMAIL
    on: str = ""
    note: str = ""
    #: Ticked in the guard's warning: record a cold ask all the same.
    anyway: bool = False

    def request(self, query: str, today: date) -> LogRequest:
        return LogRequest(
            people=(query,),
            action=self.action,
            kind=self.kind.strip() or None,
            channel=self.channel,
            on=day("on", self.on, today),
            note=self.note,
            anyway=self.anyway,
        )


PersonForm = Annotated[_PersonForm, Form()]
LogForm = Annotated[_LogForm, Form()]


def save_upload(file: UploadFile, target: Path, limit: int) -> int:
    """Copy an upload to `target`, refusing it once it grows past `limit` bytes."""
    written = 0
    source = file.file
    source.seek(0)
    with target.open("wb") as sink:
        while chunk := source.read(UPLOAD_CHUNK):
            written += len(chunk)
            if written > limit:
                raise BadInput(
                    f"{file.filename or 'the upload'}: larger than the {limit // 2**20} MB "
                    "upload limit (goodwill serve --upload-limit, or goodwill import)",
                    field="file",
                )
            sink.write(chunk)
    return written
