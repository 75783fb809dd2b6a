"""Signing in and out, and the reader's choices of language and digits."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..i18n import DIGITS_COOKIE, LANG_COOKIE
from ..session import SESSION_COOKIE, session_of
from ..upstream import UpstreamError
from .delegations import may_delegate
from .rendering import correlation, documents_api, redirect, render, services, wording

router = APIRouter()
ONE_YEAR_S = 365 * 24 * 3600


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to somewhere else."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "login.html", next=_safe_next(next), error=None, username="")


@router.post("/login", response_model=None)
async def login(request: Request, username: Annotated[str, Form(max_length=200)],
                password: Annotated[str, Form(max_length=1000)],
                next: Annotated[str, Form()] = "/") -> HTMLResponse | RedirectResponse:
    try:
        token = await services(request).documents.call(
            "POST", "/auth/login", token=None, correlation_id=correlation(request),
            json={"username": username, "password": password})
    except UpstreamError as exc:
        return render(request, "login.html", status_code=exc.status if exc.status < 500 else 503,
                      next=_safe_next(next), error=exc.message(wording(request).lang), username=username)
    response = redirect(_safe_next(next))
    response.set_cookie(SESSION_COOKIE, token["access_token"], max_age=int(token["expires_in"]), httponly=True,
                        samesite="lax", secure=request.app.state.cookie_secure)
    return response


@router.post("/logout")
async def logout() -> RedirectResponse:
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE)
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
    return render(request, "home.html", counts=counts, may_delegate=may_delegate(session))


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
