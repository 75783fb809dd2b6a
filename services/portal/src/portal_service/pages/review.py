"""A draft in review: the letter as it prints (read only), the route with each step's state and notes, the history,
the versions and the words that changed between two of them; the open step's holder (or their delegate) passes,
returns, signs or refuses, the drafter recalls. Every action names the version shown: a draft that changed since
reloads the page with a warning."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse

from ..session import Session, signed_in
from ..upstream import UpstreamError, relay
from .letter_form import field_label
from .rendering import correlation, documents_api, redirect, render, services, wording
from .review_view import actions_by_step, may_recall, my_turn, names, return_targets, versions_to_compare
from .signing import my_credential

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
Action = Literal["pass", "return", "sign", "refuse", "recall"]
# The form's fields each action sends, besides the version; and the notice it ends with.
ACTION_FIELDS: dict[str, tuple[str, ...]] = {"pass": ("note",), "return": ("comment", "to_position"),
                                             "sign": ("note",), "refuse": ("reason",), "recall": ()}
DONE = {"pass": "passed", "return": "returned", "sign": "signed", "refuse": "refused", "recall": "recalled"}
# The documents service's refusals of a signing PIN (missing, wrong, locked; token or TSA down), shown beside the field.
PIN_REFUSALS = frozenset({"signing_pin_required", "signing_pin_wrong", "signing_pin_locked", "signing_unavailable"})


def letter_page(letter_id: str, status: str) -> str:
    """Where a letter of ours opens: a draft in its form, one in review or signed here, a sent one with its
    recipients."""
    if status == "draft":
        return f"/drafts/{letter_id}"
    if status in {"in_review", "signed"}:
        return f"/letters/{letter_id}/review"
    return f"/sent/{letter_id}"


async def _preview(request: Request, session: Session, letter_id: uuid.UUID) -> tuple[str | None, str | None]:
    """The letter laid out as it prints, or why it cannot be shown."""
    try:
        return await services(request).documents.call_text(
            "GET", f"/letters/{letter_id}/preview", token=session.token, correlation_id=correlation(request)), None
    except UpstreamError as exc:
        return None, exc.message(wording(request).lang)


async def _page(request: Request, session: Session, letter_id: uuid.UUID, *, diff_from: int | None = None,
                diff_to: int | None = None, error: UpstreamError | None = None) -> HTMLResponse:
    """`error`: a refusal of the last action; one about the signing PIN is shown beside the PIN field."""
    review, letter, (letter_html, problem) = await asyncio.gather(
        documents_api(request, session.token, "GET", f"/letters/{letter_id}/review"),
        documents_api(request, session.token, "GET", f"/letters/{letter_id}"),
        _preview(request, session, letter_id))
    pair = versions_to_compare(review, diff_from, diff_to)
    diff = await documents_api(request, session.token, "GET", f"/letters/{letter_id}/diff",
                               params={"from": pair[0], "to": pair[1]}) if pair else []
    words = wording(request)
    turn = my_turn(review, session.principal.subject_id)
    credential = await my_credential(request, session) if turn and turn.signs else None
    pin_error = error.message(words.lang) if error and error.code in PIN_REFUSALS else None
    return render(request, "review.html", status_code=error.status if error else 200, review=review, letter=letter,
                  letter_html=letter_html, problem=problem, turn=turn,
                  targets=return_targets(review, turn.step) if turn else [], actions=actions_by_step(review),
                  may_recall=may_recall(review, session.principal.subject_id), pair=pair, people=names(review),
                  diff=[{"label": field_label(d["field"], words), **d} for d in diff],
                  credential=credential, pin_error=pin_error,
                  error=error.message(words.lang) if error and not pin_error else None)


@router.get("/letters/{letter_id}/review/signing-copy")
async def signing_copy(request: Request, session: SignedIn, letter_id: uuid.UUID) -> StreamingResponse:
    """The PDF the signer signs, opened in the browser: its number and date are written as they sign."""
    return await relay(services(request).documents, f"/letters/{letter_id}/review/signing-copy",
                       token=session.token, correlation_id=correlation(request), view=True)


@router.get("/letters/{letter_id}/review", response_class=HTMLResponse)
async def review_page(request: Request, session: SignedIn, letter_id: uuid.UUID,
                      diff_from: Annotated[int | None, Query(alias="from")] = None,
                      diff_to: Annotated[int | None, Query(alias="to")] = None) -> HTMLResponse:
    return await _page(request, session, letter_id, diff_from=diff_from, diff_to=diff_to)


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 0


@router.post("/letters/{letter_id}/review/{action}", response_model=None)
async def act(request: Request, session: SignedIn, letter_id: uuid.UUID,
              action: Action) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    body: dict[str, Any] = {name: str(form.get(name) or "") for name in ACTION_FIELDS[action]}
    if "to_position" in body:
        body["to_position"] = _int(body["to_position"])
    if action != "recall":
        body["version"] = _int(str(form.get("version") or ""))
    if action == "sign" and form.get("pin"):  # a signer with a certificate re-authenticates with their PIN
        body["pin"] = str(form.get("pin"))
    try:
        await documents_api(request, session.token, "POST", f"/letters/{letter_id}/review/{action}",
                            json=body or None)
    except UpstreamError as exc:
        if exc.code == "version_changed":
            return redirect(f"/letters/{letter_id}/review", done="version_changed")
        return await _page(request, session, letter_id, error=exc)
    if action == "recall":
        return redirect(f"/drafts/{letter_id}", done=DONE[action])
    return redirect(f"/letters/{letter_id}/review", done=DONE[action])
