"""The pages for the rest of the job: onboarding, triage, events, duplicates, who can help,
paths, campaigns and settings.

Like `pages`, each handler reads the request, calls the same service as the CLI command of
the same name, and renders a template; a refusal is the service's one-line message.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from goodwill.domain import limits
from goodwill.domain.campaign import NEXT, Stage
from goodwill.domain.errors import BadInput, NotFound, about
from goodwill.domain.model import Tier
from goodwill.services import admin, campaigns, digest, events, merging, onboard, paths, triage
from goodwill.services.finder import who_can_help
from goodwill.web import forms
from goodwill.web.auth import Viewer
from goodwill.web.pages import Posted, Seen, back_to, gate, page

router = APIRouter(include_in_schema=False)
#: A need or a target typed into a search box; longer is not a question but a paste.
QUERY_LIMIT = 500


def _query(text: str, what: str) -> str:
    text = text.strip()
    if len(text) > QUERY_LIMIT:
        raise BadInput(f"{what}: at most {QUERY_LIMIT} characters", field=what)
    return text


# -- Onboarding ----------------------------------------------------------------------


@router.get("/onboard", response_class=HTMLResponse)
def onboard_page(request: Request, seen: Seen, changed: int | None = None) -> HTMLResponse:
    proposal = onboard.propose(seen.ctx)
    return page(request, "onboard.html", seen, proposal=proposal, changed=changed, tiers=TIERS)


#: What a person may be put in from the onboarding page (archiving is done elsewhere).
TIERS = (Tier.INNER, Tier.ACTIVE, Tier.ACQUAINTANCE)


@router.post("/onboard")
def apply_onboarding(
    seen: Posted,
    person: Annotated[list[int], Form()] = [],  # noqa: B006 (FastAPI copies the default)
    tier: Annotated[list[str], Form()] = [],  # noqa: B006
) -> Response:
    """Each row of the form is a person and the tier chosen (empty: leave as is)."""
    if len(person) != len(tier) or len(person) > onboard.MAX_PLACES:
        raise BadInput("the form's rows do not match: reload the page")
    choices: dict[int, Tier] = {}
    for person_id, chosen in zip(person, tier, strict=True):
        picked = forms.tier(chosen)
        if picked is None:
            continue
        if not limits.names_a_row(person_id):
            raise BadInput(f"no person #{person_id}: nothing was changed")
        choices[person_id] = picked
    result = onboard.apply(seen.ctx, choices)
    return back_to(f"/onboard?changed={result.changed}")


# -- Triage --------------------------------------------------------------------------


@router.get("/triage", response_class=HTMLResponse)
def triage_page(request: Request, seen: Seen, all: str = "") -> HTMLResponse:
    invitations = triage.list_invitations(seen.ctx, include_done=bool(all))
    return page(request, "triage.html", seen, invitations=invitations, show_all=bool(all))


@router.post("/triage/{invitation_id}/{decision}")
def decide(invitation_id: int, decision: str, seen: Posted) -> Response:
    if decision not in ("accept", "ignore"):
        raise BadInput(f"'{decision}': accept or ignore")
    triage.decide(seen.ctx, invitation_id, accept=decision == "accept")
    return back_to("/triage")


# -- Events --------------------------------------------------------------------------


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, seen: Seen) -> HTMLResponse:
    return page(request, "events.html", seen, events=events.list_events(seen.ctx))


@router.post("/events")
def add_event(
    seen: Posted,
    name: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
    location: Annotated[str, Form()] = "",
    met: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    people = tuple(line.strip() for line in met.splitlines() if line.strip())
    events.add_event(
        seen.ctx,
        name,
        on=forms.day("on", on, seen.ctx.today()),
        met=people,
        location=location.strip() or None,
        note=note,
    )
    return back_to("/events")


# -- Duplicates ----------------------------------------------------------------------


@router.get("/dupes", response_class=HTMLResponse)
def dupes_page(request: Request, seen: Seen) -> HTMLResponse:
    return page(request, "dupes.html", seen, pairs=merging.find_duplicates(seen.ctx))


@router.post("/merge")
def merge(seen: Posted, keep: Annotated[int, Form()], other: Annotated[int, Form()]) -> Response:
    merged = merging.merge(seen.ctx, f"#{keep}", f"#{other}")
    return back_to(f"/people/{merged.kept.id}")


# -- Who can help, and paths ---------------------------------------------------------


@router.get("/help", response_class=HTMLResponse)
def help_page(request: Request, seen: Seen, need: str = "") -> HTMLResponse:
    wanted = _query(need, "need")
    with about("need"):
        found = who_can_help(seen.ctx, wanted) if wanted else None
    return page(request, "help.html", seen, need=wanted, found=found)


@router.get("/paths", response_class=HTMLResponse)
def paths_page(request: Request, seen: Seen, target: str = "") -> HTMLResponse:
    wanted = _query(target, "target")
    found, nobody = None, None
    try:
        with about("target"):
            found = paths.path(seen.ctx, wanted) if wanted else None
    except NotFound as missing:
        # Nobody by that name is an answer to the search, said once beside it, not a
        # mistake to fix.
        nobody = str(missing)
    connectors = [] if wanted else paths.connectors(seen.ctx, 5)
    return page(
        request,
        "paths.html",
        seen,
        target=wanted,
        found=found,
        nobody=nobody,
        connectors=connectors,
    )


# -- Campaigns -----------------------------------------------------------------------


def _campaign_url(name: str) -> str:
    return f"/campaigns/{quote(name, safe='')}"


@router.get("/campaigns", response_class=HTMLResponse)
def campaigns_page(request: Request, seen: Seen) -> HTMLResponse:
    return page(request, "campaigns.html", seen, campaigns=campaigns.list_campaigns(seen.ctx))


@router.post("/campaigns")
def new_campaign(
    seen: Posted,
    name: Annotated[str, Form()] = "",
    goal: Annotated[int, Form(ge=1, le=1000)] = 20,
) -> Response:
    made = campaigns.new_campaign(seen.ctx, name, goal)
    return back_to(_campaign_url(made.name))


@router.get("/campaigns/{name}", response_class=HTMLResponse)
def campaign_page(request: Request, name: str, seen: Seen) -> HTMLResponse:
    shown = campaigns.show(seen.ctx, name)
    columns = [
        (stage.value, [p for p in shown.people if p.stage == stage.value]) for stage in Stage
    ]
    moves = {stage.value: sorted(s.value for s in NEXT[stage]) for stage in Stage}
    return page(
        request,
        "campaign.html",
        seen,
        campaign=shown,
        columns=columns,
        moves=moves,
        url=_campaign_url(shown.campaign),
    )


@router.post("/campaigns/{name}/add")
def enrol(name: str, seen: Posted, people: Annotated[str, Form()] = "") -> Response:
    queries = tuple(line.strip() for line in people.splitlines() if line.strip())
    if not queries:
        raise BadInput("people: one name, #id or email a line")
    campaigns.enrol(seen.ctx, name, queries)
    return back_to(_campaign_url(name))


@router.post("/campaigns/{name}/move")
def move(
    name: str,
    seen: Posted,
    person: Annotated[int, Form()],
    stage: Annotated[Stage, Form()],
    anyway: Annotated[bool, Form()] = False,
) -> Response:
    campaigns.move(seen.ctx, name, f"#{person}", stage, anyway=anyway)
    return back_to(_campaign_url(name))


# -- Settings ------------------------------------------------------------------------


def _personal(request: Request, seen: Viewer) -> None:
    if seen.account_id is not None or gate(request).multi_user:
        raise BadInput(
            "a team server's settings are its config file, kept by whoever runs it; "
            "your digest: goodwill user digest"
        )


@router.get("/settings", response_class=HTMLResponse)
def settings_page(request: Request, seen: Seen, saved: str = "") -> HTMLResponse:
    _personal(request, seen)
    return page(
        request,
        "settings.html",
        seen,
        config=seen.ctx.config,
        message="Saved." if saved else None,
    )


@router.post("/settings")
def save_settings(
    request: Request,
    seen: Posted,
    name: Annotated[str, Form()] = "",
    signature: Annotated[str, Form()] = "",
    me: Annotated[str, Form()] = "",
    plan_size: Annotated[str, Form()] = "",
) -> Response:
    _personal(request, seen)
    values = {"name": name, "signature": signature, "me": me, "plan_size": plan_size}
    the_gate = gate(request)
    the_gate.base = admin.change_settings(the_gate.base, values)
    return back_to("/settings?saved=1")


@router.post("/settings/test-mail")
def test_mail(request: Request, seen: Posted) -> Response:
    _personal(request, seen)
    sent = digest.send(seen.ctx)
    return page(
        request, "settings.html", seen, config=seen.ctx.config, message=f"Sent to {sent['to']}."
    )
