"""The เสนอ panel of the letter form: the route (reviewers in order, the last person signs) prefilled from the
draft's last route or the drafter's unit's default one, people found by name or position, and a refusal about one
person shown beside that person."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from ..i18n import Wording
from ..session import Session, signed_in
from ..upstream import UpstreamError
from .rendering import documents_api, render
from .review_view import last_sent_back

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
Person = dict[str, Any]
PERSON_CODES = {"not_in_agency", "not_cleared"}  # refusals that name one person of the route


def route_from_form(form: FormData) -> list[Person]:
    """The route as the panel holds it, in order."""
    return [{"user_id": i, "display_name": n, "position": p} for i, n, p in zip(
        form.getlist("route_ids"), form.getlist("route_names"), form.getlist("route_positions"), strict=False)]


def proposal_body(route: list[Person], note: str) -> dict[str, Any]:
    """POST /letters/{id}/proposal: everyone but the last reviews, in order; the last signs."""
    ids = [str(p["user_id"]) for p in route]
    return {"reviewer_ids": ids[:-1], "signer_id": ids[-1] if ids else "", "note": note}


def person_errors(exc: UpstreamError, words: Wording) -> dict[str, str]:
    """A refusal about one person of the route, keyed by who it is about (the message names them)."""
    who = (exc.detail or {}).get("user_id")
    return {str(who): exc.message(words.lang)} if exc.code in PERSON_CODES and who else {}


def panel(route: list[Person], note: str = "", *, sent_back: dict[str, Any] | None = None,
          error: UpstreamError | None = None, words: Wording | None = None) -> dict[str, Any]:
    """What _propose.html draws; a refusal goes beside its person, or above the route when it names nobody."""
    by_person = person_errors(error, words) if error and words else {}
    return {"route": route, "note": note, "sent_back": sent_back, "errors": by_person,
            "error": error.message(words.lang) if error and words and not by_person else None}


async def _people(request: Request, session: Session, user_ids: list[str]) -> list[Person]:
    users = await asyncio.gather(*(documents_api(request, session.token, "GET", f"/users/{u}") for u in user_ids))
    return [{"user_id": u["user_id"], "display_name": u["display_name"], "position": u.get("position") or ""}
            for u in users]


async def _unit_route(request: Request, session: Session) -> list[Person]:
    """My unit's default route, when my unit keeps one."""
    me = await documents_api(request, session.token, "GET", f"/users/{session.principal.subject_id}")
    if not me.get("unit_id"):
        return []
    try:
        default = await documents_api(request, session.token, "GET", f"/units/{me['unit_id']}/default-route")
    except UpstreamError as exc:
        if exc.status == 404:
            return []
        raise
    return await _people(request, session, [*default["reviewer_ids"], default["signer_id"]])


async def _last_review(request: Request, session: Session, letter_id: str) -> dict[str, Any] | None:
    try:
        return await documents_api(request, session.token, "GET", f"/letters/{letter_id}/review")
    except UpstreamError as exc:
        if exc.status == 404:  # never proposed
            return None
        raise


async def initial_panel(request: Request, session: Session, letter_id: str | None) -> dict[str, Any]:
    """A draft proposed before goes up the same route again (with why it came back); else my unit's route."""
    review = await _last_review(request, session, letter_id) if letter_id else None
    if review is None:
        return panel(await _unit_route(request, session))
    return panel([s["holder"] for s in review["steps"]], sent_back=last_sent_back(review))


@router.get("/review/people", response_class=HTMLResponse)
async def find_people(request: Request, session: SignedIn, q: str = "") -> HTMLResponse:
    """Search-as-you-type for the route: a few people who may be on it, each with an 'add' button."""
    found = []
    if q.strip():
        found = await documents_api(request, session.token, "GET", "/review/candidates", params={"q": q.strip()})
    return render(request, "_people_matches.html", people=found[:15], searched=bool(q.strip()))


@router.get("/review/route-person", response_class=HTMLResponse)
async def route_person(request: Request, session: SignedIn, user_id: str, name: str = "",
                       position: str = "") -> HTMLResponse:
    return render(request, "_route_person.html",
                  person={"user_id": user_id, "display_name": name or user_id, "position": position}, problem=None)
