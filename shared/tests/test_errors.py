"""Errors leave a service in one format; a dependency that is away says "try again", a bug does not."""

import asyncpg
import pytest
import urllib3.exceptions
from fastapi import FastAPI
from fastapi.testclient import TestClient

from opensaraban_shared.errors import install_error_handlers


def client_raising(error: Exception) -> TestClient:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/letters")
    async def create() -> None:
        raise error

    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize("error", [
    ConnectionRefusedError(111, "Connection refused"),  # PostgreSQL not listening
    asyncpg.exceptions.CannotConnectNowError("the database system is shutting down"),
    asyncpg.InterfaceError("cannot call Transaction.__aexit__(): the underlying connection is closed"),
    asyncpg.exceptions.InternalClientError("cannot switch to state 15; another operation (2) is in progress"),
    urllib3.exceptions.MaxRetryError(None, "/opensaraban/sha256/ab/ab", reason=None),  # the object store away
], ids=["refused", "shutting-down", "connection-closed", "session-ended", "object-store"])
def test_a_dependency_away_answers_503_service_unavailable_with_retry_after(error):
    response = client_raising(error).post("/letters")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.json()["error"]["code"] == "service_unavailable"
    assert response.json()["error"]["detail"] == {"retry": True}


def test_a_bug_is_still_a_500_and_never_invites_a_retry():
    response = client_raising(ValueError("a bug")).post("/letters")
    assert response.status_code == 500 and "retry-after" not in response.headers
