"""The JSON API's people: list, add, show, brief, edit, delete, archive."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

import goodwill.services.brief
from goodwill.domain import limits
from goodwill.domain.errors import BadInput
from goodwill.domain.model import Tier
from goodwill.services import people
from goodwill.services.people import PersonChanges
from goodwill.services.views import PersonData
from goodwill.web import forms
from goodwill.web.api_common import Items, On, Owner, PersonId, Text, shaped
from goodwill.web.api_errors import ALREADY_EXISTS

router = APIRouter()


class PersonIn(BaseModel):
    """A person's fields; on PATCH, fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(max_length=limits.NAME)] | None = None
    emails: Items[Annotated[str, Field(max_length=limits.EMAIL)]] | None = None
    phones: Items[Annotated[str, Field(max_length=limits.PHONE)]] | None = None
    company: Annotated[str, Field(max_length=limits.COMPANY)] | None = None
    title: Annotated[str, Field(max_length=limits.TITLE)] | None = None
    discipline: Annotated[str, Field(max_length=limits.DISCIPLINE)] | None = None
    location: Annotated[str, Field(max_length=limits.LOCATION)] | None = None
    links: Items[Annotated[str, Field(max_length=limits.LINK)]] | None = None
    tags: Items[Annotated[str, Field(max_length=limits.TAG)]] | None = None
    tier: Tier | None = None
    cadence_days: (
        Annotated[int, Field(ge=limits.CADENCE_DAYS_MIN, le=limits.CADENCE_DAYS_MAX)] | None
    ) = None
    note: Text | None = None

    def changes(self) -> PersonChanges:
        return PersonChanges(
            name=self.name,
            emails=None if self.emails is None else tuple(self.emails),
            phones=None if self.phones is None else tuple(self.phones),
            company=self.company,
            title=self.title,
            discipline=self.discipline,
            location=self.location,
            links=None if self.links is None else tuple(self.links),
            tags=None if self.tags is None else tuple(self.tags),
            tier=self.tier,
            cadence_days=self.cadence_days,
            note=self.note,
        )


class NewPersonIn(PersonIn):
    """A person to add: their fields, and whether to add them even when someone of that
    name is already known."""

    #: Add a second person of a name already known (`goodwill add --anyway`).
    anyway: bool = False


@router.get(
    "/people",
    tags=["people"],
    summary="List people (goodwill list)",
    response_model=list[PersonData],
)
def list_people(
    viewer: Owner,
    q: Annotated[
        str, Query(max_length=limits.SEARCH, description="Part of a name or company.")
    ] = "",
    tier: Tier | None = None,
    tag: Annotated[str, Query(max_length=limits.TAG)] = "",
    discipline: Annotated[str, Query(max_length=limits.DISCIPLINE)] = "",
    due: bool = False,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
    on: On = None,
) -> JSONResponse:
    day = forms.day("on", on, viewer.ctx.today()) or viewer.ctx.today()
    found = people.list_people(
        viewer.ctx,
        text=q.strip() or None,
        tier=tier,
        tag=tag.strip() or None,
        discipline=discipline.strip() or None,
        due_on=day if due else None,
        limit=limit,
        on=day,
    )
    return JSONResponse(found)


@router.post(
    "/people",
    tags=["people"],
    status_code=201,
    summary="Add a person (goodwill add)",
    response_model=PersonData,
    responses=ALREADY_EXISTS,
)
def add(viewer: Owner, person: NewPersonIn) -> JSONResponse:
    if not person.name or not person.name.strip():
        raise BadInput("name: a person needs a name", field="name")
    added = people.add_person(viewer.ctx, person.changes(), anyway=person.anyway)
    return shaped(added, status=201)


@router.get(
    "/people/{person_id}",
    tags=["people"],
    summary="A person and their timeline (goodwill show)",
    response_model=people.PersonView,
)
def show(viewer: Owner, person_id: PersonId, on: On = None) -> JSONResponse:
    day = forms.day("on", on, viewer.ctx.today())
    return shaped(people.show_person(viewer.ctx, f"#{person_id}", day))


@router.get(
    "/people/{person_id}/brief",
    tags=["people"],
    summary="What to know before meeting them (goodwill brief)",
    response_model=goodwill.services.brief.Brief,
)
def brief(viewer: Owner, person_id: PersonId, on: On = None) -> JSONResponse:
    day = forms.day("on", on, viewer.ctx.today())
    return shaped(goodwill.services.brief.brief(viewer.ctx, f"#{person_id}", day))


@router.patch(
    "/people/{person_id}",
    tags=["people"],
    summary="Change a person (goodwill edit)",
    response_model=PersonData,
)
def edit(viewer: Owner, person_id: PersonId, person: PersonIn) -> JSONResponse:
    return shaped(people.edit_person(viewer.ctx, f"#{person_id}", person.changes()))


@router.delete(
    "/people/{person_id}",
    tags=["people"],
    status_code=204,
    summary="Delete a person (goodwill rm)",
)
def remove(viewer: Owner, person_id: PersonId) -> Response:
    found = people.find_person(viewer.ctx, f"#{person_id}", exact=True)
    people.remove_person(viewer.ctx, found.id)
    return Response(status_code=204)


@router.post(
    "/people/{person_id}/archive",
    tags=["people"],
    summary="Archive a person (goodwill archive)",
    response_model=PersonData,
)
def archive(viewer: Owner, person_id: PersonId) -> JSONResponse:
    return shaped(people.archive_person(viewer.ctx, f"#{person_id}"))
