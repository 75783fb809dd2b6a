"""Unit tests for the error answers every service shares: body, documentation, headers (no I/O)."""

from __future__ import annotations

import asyncpg
import pytest
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
