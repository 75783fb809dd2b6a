"""The portal's app factory: pages, static files, the services it renders from, and its error pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import opensaraban_shared
from opensaraban_shared.http import CorrelationMiddleware

from .pages import (
    admin,
    admin_agencies,
    admin_keys,
    admin_lists,
    admin_people,
    admin_settings,
    admin_units,
    agenda,
    auth,
    committees,
    delegations,
    drafting,
    follow_ups,
    incoming,
    meetings,
    minutes,
    notifications,
    outgoing,
    proposal,
    queues,
    records,
    review,
    signing,
)
from .pages.rendering import error_page, render, wording
from .session import NotSignedIn
from .settings import PortalSettings
from .upstream import Services, Upstream, UpstreamError

STATIC = Path(__file__).resolve().parent / "static"
FONTS = Path(opensaraban_shared.__file__).resolve().parent / "fonts"


def create_app(settings: PortalSettings) -> FastAPI:
    def upstream(name: str, url: str) -> Upstream:
        return Upstream(name, url, timeout_s=settings.upstream_timeout_s)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = Services(
            documents=upstream("documents", settings.documents_url), meeting=upstream("meeting", settings.meeting_url),
            notify=upstream("notify", settings.notify_url), metrics=upstream("metrics", settings.metrics_url))
        yield
        for service in app.state.services.all():
            await service.aclose()

    app = FastAPI(title="OpenSaraban portal", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.auth_secret = settings.auth_secret.get_secret_value()
    app.state.cookie_secure = settings.cookie_secure
    app.state.metrics_dashboard_url = settings.metrics_dashboard_url
    app.add_middleware(CorrelationMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/fonts", StaticFiles(directory=FONTS), name="fonts")
    # proposal's /review/people before queues' /review/{queue}; review's /letters/{id}/review beside incoming's letter.
    for module in (auth, incoming, drafting, proposal, review, queues, delegations, outgoing, records, notifications,
                   committees, meetings, agenda, minutes, follow_ups, signing,
                   admin, admin_people, admin_units, admin_lists, admin_keys, admin_settings, admin_agencies):
        app.include_router(module.router)
    _install_error_pages(app)

    @app.get("/health/live", include_in_schema=False)
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/health/ready", include_in_schema=False, response_model=None)
    async def ready(request: Request) -> dict[str, str] | JSONResponse:
        """Ready when the documents service answers: without it no page can be drawn."""
        try:
            await request.app.state.services.documents.call("GET", "/health/live", token=None)
        except UpstreamError:
            return JSONResponse({"status": "documents service unavailable"}, status_code=503)
        return {"status": "ok"}

    return app


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def to_sign_in(request: Request, exc: NotSignedIn) -> Response:
        return await auth.sign_in_again(request, expired=exc.expired)

    @app.exception_handler(UpstreamError)
    async def upstream_error(request: Request, exc: UpstreamError) -> Response:
        if exc.status == 401:  # the session was ended or ran out while the page was open
            return await auth.sign_in_again(request, expired=True)
        return error_page(request, exc, back=request.headers.get("referer") or "/")

    @app.exception_handler(RequestValidationError)
    async def bad_form(request: Request, exc: RequestValidationError) -> HTMLResponse:
        fields = ", ".join(".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors())
        words = wording(request)
        message = f"{'Please check' if words.lang == 'en' else 'โปรดตรวจสอบข้อมูล'}: {fields}"
        return render(request, "error.html", status_code=422, message=message, back=request.headers.get("referer") or "/")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        words = wording(request)
        message = words("not_found") if exc.status_code == 404 else words("error")
        return render(request, "error.html", status_code=exc.status_code, message=message, back="/")
