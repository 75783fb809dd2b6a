"""The signed-in person: their token lives in an HttpOnly cookie and is verified on every page."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from opensaraban_shared.auth import Principal, decode_access_token
from opensaraban_shared.errors import AppError

SESSION_COOKIE = "opensaraban_session"


class NotSignedIn(Exception):
    """Raised by pages that need a person; answered with a redirect to the sign-in page (`expired`: there was a
    session, but it ran out or was ended, and the person is told so)."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("expired" if expired else "not signed in")
        self.expired = expired


@dataclass(frozen=True)
class Session:
    principal: Principal
    token: str


def session_of(request: Request) -> Session | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        principal = decode_access_token(token, secret=request.app.state.auth_secret)
    except AppError:  # expired or tampered with: sign in again
        return None
    return Session(principal, token)


async def signed_in(request: Request) -> Session:
    """FastAPI dependency of every page behind sign-in."""
    session = session_of(request)
    if session is None:
        raise NotSignedIn(expired=SESSION_COOKIE in request.cookies)
    request.state.session = session
    return session
