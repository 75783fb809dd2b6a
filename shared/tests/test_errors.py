"""Unit tests for the error answers every service shares: body, documentation, headers (no I/O);
a dependency that is away says "try again", a bug does not."""

from __future__ import annotations

import asyncpg
import pytest
import urllib3.exceptions
from fastapi import FastAPI
from fastapi.testclient import TestClient

from opensaraban_shared.errors import ERROR_RESPONSES, ErrorResponse, install_error_handlers


@pytest.fixture
def client() -> TestClient:
    app = FastAPI(responses=ERROR_RESPONSES)
    install_error_handlers(app)

    @app.get("/letters")
    async def list_letters(limit: int = 10) -> dict[str, int]:
        return {"limit": limit}

    @app.post("/letters")
    async def create_letter() -> dict[str, str]:
        # What asyncpg raises when a client's text holds NUL, which PostgreSQL cannot store.
        raise asyncpg.CharacterNotInRepertoireError('invalid byte sequence for encoding "UTF8": 0x00')

    return TestClient(app)


def test_a_405_lists_every_method_of_the_path_in_allow(client: TestClient) -> None:
    # FastAPI makes one route per method; the answer must not name only the first route's methods.
    response = client.request("OPTIONS", "/letters")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.json()["error"]["code"] == "http_405"


def test_validation_errors_have_the_documented_error_body(client: TestClient) -> None:
    response = client.get("/letters", params={"limit": "many"})
    assert response.status_code == 422
    body = ErrorResponse.model_validate(response.json())
    assert body.error.code == "invalid_input" and body.error.message_th and body.error.message_en
    assert body.error.detail["fields"][0]["loc"] == ["query", "limit"]


def test_openapi_documents_the_error_body_for_every_4xx_instead_of_fastapis_own(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for operation in (spec["paths"]["/letters"]["get"], spec["paths"]["/letters"]["post"]):
        assert operation["responses"]["4XX"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorResponse"}
        assert "422" not in operation["responses"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_text_the_database_cannot_store_is_the_clients_error_not_a_500(client: TestClient) -> None:
    response = client.post("/letters")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unstorable_text"
    assert response.json()["error"]["detail"] == {"reason": "22021"}


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
