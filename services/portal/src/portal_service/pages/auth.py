"""Signing in and out, and the reader's choices of language and digits."""

from __future__ import annotations

import json
import re
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from opensaraban_shared.auth import decode_access_token

from ..i18n import DIGITS_COOKIE, LANG_COOKIE
from ..session import SESSION_COOKIE, Session, session_of
from ..upstream import UpstreamError
from . import drafting
from .delegations import may_delegate
from .rendering import AGENCY_NAME_COOKIE, correlation, documents_api, redirect, render, services, wording

router = APIRouter()
ONE_YEAR_S = 365 * 24 * 3600
# Forms whose typed text survives a session that ran out while they were being filled in: the letter form.
KEPT_FORMS = re.compile(r"/compose|/drafts/[0-9a-f-]{36}")
MAX_KEPT_CHARS = 400_000  # a long letter body and its fields, as JSON


def login_url(target: str, *, expired: bool) -> str:
    return f"/login?next={quote(_safe_next(target))}" + ("&expired=1" if expired else "")


def _same_site_path(url: str | None, request: Request) -> str | None:
    """The path and query of a URL of this site (the page a fragment was asked for, the page a form was on)."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.url.netloc:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_of(request: Request) -> str:
    """Where the person should come back to after signing in: the whole page, never a fragment (/inbox/rows) and
    never a form's action that only answers POST."""
    if request.headers.get("hx-request"):
        return _same_site_path(request.headers.get("hx-current-url"), request) or "/"
    if request.method != "GET":
        return _same_site_path(request.headers.get("referer"), request) or "/"
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


async def sign_in_again(request: Request, *, expired: bool) -> Response:
    """The answer to a page asked for without a valid session: the sign-in page, saying why, then back to the page.
    A letter form posted after the session ran out is carried through the sign-in page and shown again as typed."""
    target = page_of(request)
    if request.headers.get("hx-request"):  # a fragment cannot redirect the page; ask htmx to redirect it whole
        return Response(status_code=401, headers={"HX-Redirect": login_url(target, expired=expired)})
    if request.method == "POST" and KEPT_FORMS.fullmatch(request.url.path):
        try:
            form = await request.form()
        except RuntimeError:  # the body was already read elsewhere and is gone: sign in and come back to the page
            return RedirectResponse(login_url(target, expired=expired), status_code=303)
        kept = json.dumps([(k, v) for k, v in form.multi_items() if isinstance(v, str)], ensure_ascii=False)
        if len(kept) <= MAX_KEPT_CHARS:
            return render(request, "login.html", status_code=401, next=request.url.path, error=None, username="",
                          expired=True, kept=kept)
    return RedirectResponse(login_url(target, expired=expired), status_code=303)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to somewhere else."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, next: str | None = None, expired: bool = False) -> HTMLResponse:
    return render(request, "login.html", next=_safe_next(next), error=None, username="", expired=expired, kept="")


@router.post("/login", response_model=None)
async def login(request: Request, username: Annotated[str, Form(max_length=200)],
                password: Annotated[str, Form(max_length=1000)],
                next: Annotated[str, Form()] = "/",
                kept: Annotated[str, Form(max_length=MAX_KEPT_CHARS)] = "") -> HTMLResponse | RedirectResponse:
    try:
        token = await services(request).documents.call(
            "POST", "/auth/login", token=None, correlation_id=correlation(request),
            json={"username": username, "password": password})
    except UpstreamError as exc:
        return render(request, "login.html", status_code=exc.status if exc.status < 500 else 503,
                      next=_safe_next(next), error=exc.message(wording(request).lang), username=username,
                      expired=False, kept=kept)
    access_token = token["access_token"]
    session = Session(decode_access_token(access_token, secret=request.app.state.auth_secret), access_token)
    response: HTMLResponse | RedirectResponse
    if kept and KEPT_FORMS.fullmatch(next):
        response = await _kept_form(request, session, next, kept)
    else:
        response = redirect(_safe_next(next))
    response.set_cookie(SESSION_COOKIE, access_token, max_age=int(token["expires_in"]), httponly=True,
                        samesite="lax", secure=request.app.state.cookie_secure)
    try:  # the header names the agency; without the directory it shows the agency's id until the next sign-in
        agency = await documents_api(request, access_token, "GET", f"/agencies/{session.principal.agency_id}")
    except UpstreamError:
        return response
    response.set_cookie(AGENCY_NAME_COOKIE, quote(agency["name_th"]), max_age=int(token["expires_in"]), httponly=True,
                        samesite="lax", secure=request.app.state.cookie_secure)
    return response


async def _kept_form(request: Request, session: Session, page: str, kept: str) -> HTMLResponse:
    """The letter form as it was typed before the session ran out (not saved: the person saves or sends it)."""
    try:
        form = FormData([(str(k), str(v)) for k, v in json.loads(kept)])
    except (ValueError, TypeError):
        form = FormData()
    request.state.session = session
    letter_id = page.removeprefix("/drafts/") if page.startswith("/drafts/") else None
    return await drafting.restored_form(request, session, letter_id, form)


@router.post("/logout")
async def logout() -> RedirectResponse:
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(AGENCY_NAME_COOKIE)
    return response


@router.get("/preferences/{name}/{value}")
async def set_preference(request: Request, name: str, value: str) -> RedirectResponse:
    """ไทย/English and Thai/Arabic digits; remembered in a cookie, back to the page the reader was on."""
    choices = {"lang": (LANG_COOKIE, {"th", "en"}), "digits": (DIGITS_COOKIE, {"thai", "arabic"})}
    back = _safe_next(request.query_params.get("back"))
    if name in choices and value in choices[name][1]:
        response = redirect(back)
        response.set_cookie(choices[name][0], value, max_age=ONE_YEAR_S, samesite="lax")
        return response
    return redirect(back)


@router.get("/", response_model=None)
async def home(request: Request) -> HTMLResponse | RedirectResponse:
    session = session_of(request)
    if session is None:
        return redirect("/login")
    request.state.session = session
    counts = await documents_api(request, session.token, "GET", "/review/counts")
    new = await documents_api(request, session.token, "GET", "/inbox", params={"status": "delivered", "limit": 500})
    drafts = await documents_api(request, session.token, "GET", "/letters/search",
                                 params={"direction": "sent", "status": "draft", "limit": 100})
    counts = counts | {"new": _count(new), "drafts": _count(drafts)}
    return render(request, "home.html", counts=counts, may_delegate=may_delegate(session))


def _count(page: dict) -> str:
    """How many a list holds, as the home page shows it ('500+' when there are more than one page)."""
    return f"{len(page['items'])}{'+' if page.get('next_offset') else ''}"


@router.get("/adoption", response_model=None)
async def adoption_dashboard(request: Request) -> RedirectResponse:
    """The metrics service's dashboard, opened with the person's token in the URL fragment (never sent to a
    server; the dashboard keeps it for the tab and removes it from the address bar) and the portal's own address,
    as this browser reaches it, for the dashboard's link back."""
    session = session_of(request)
    if session is None:
        return redirect("/login", next="/adoption")
    back = quote(str(request.base_url), safe="")
    return RedirectResponse(f"{request.app.state.metrics_dashboard_url}#token={session.token}&portal={back}",
                            status_code=303)
