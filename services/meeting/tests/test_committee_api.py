"""Unit tests for the committees API: input validation, roles, agency isolation (in-memory, no I/O)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from meeting_service.committees import api, repository
from opensaraban_shared.auth import Principal, Role, issue_access_token
from opensaraban_shared.errors import install_error_handlers
from opensaraban_shared.http import CorrelationMiddleware
from opensaraban_shared.service_app import get_runtime

SECRET = "unit-test-secret-long-enough-for-hs256!!"
PCIO = {
    "name_th": "คณะกรรมการผู้บริหารเทคโนโลยีสารสนเทศระดับสูงประจำจังหวัด",
    "name_en": "Provincial Chief Information Officer Committee",
    "agenda_template": "5_sections",
}


class FakeDatabase:
    """Enough of Database for the use cases: connections are placeholders, the fake repository holds rows."""

    def __init__(self) -> None:
        self.pool = self

    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[object]:
        yield object()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[object]:
        yield object()


class FakeCommittees:
    """The committees table in memory, with its unique (owner_agency_id, name_th) rule."""

    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, dict[str, Any]] = {}

    async def insert_committee(self, _conn: object, **values: Any) -> dict[str, Any] | None:
        if any(
            r["owner_agency_id"] == values["owner_agency_id"] and r["name_th"] == values["name_th"]
            for r in self.rows.values()
        ):
            return None
        row = {**values, "created_at": datetime.now(UTC)}
        self.rows[values["committee_id"]] = row
        return row

    async def get_committee(self, _conn: object, *, committee_id: uuid.UUID) -> dict[str, Any] | None:
        return self.rows.get(committee_id)

    async def list_committees(self, _conn: object, *, owner_agency_id: str) -> list[dict[str, Any]]:
        return [r for r in self.rows.values() if r["owner_agency_id"] == owner_agency_id]


@pytest.fixture
def committees(monkeypatch: pytest.MonkeyPatch) -> FakeCommittees:
    fake = FakeCommittees()
    for name in ("insert_committee", "get_committee", "list_committees"):
        monkeypatch.setattr(repository, name, getattr(fake, name))
    return fake


@pytest.fixture
def client(committees: FakeCommittees) -> TestClient:
    app = FastAPI()  # no lifespan: nothing connects to Kafka, PostgreSQL or MinIO
    app.state.auth_secret = SECRET
    install_error_handlers(app)
    app.include_router(api.router)
    app.add_middleware(CorrelationMiddleware)  # the request's correlation id, for its unit of work
    runtime = SimpleNamespace(db=FakeDatabase())
    app.state.runtime = runtime
    app.dependency_overrides[get_runtime] = lambda: runtime
    return TestClient(app)


def bearer(agency_id: str, *roles: Role) -> dict[str, str]:
    principal = Principal(
        subject_id=f"u-{agency_id}",
        kind="user",
        agency_id=agency_id,
        roles=frozenset(roles),
        display_name="ผู้ใช้ทดสอบ",
        clearance=0,
    )
    return {"Authorization": f"Bearer {issue_access_token(principal, secret=SECRET)}"}


SECRETARIAT = bearer("cm-provincial-office", Role.SECRETARIAT)


def create(client: TestClient, body: dict[str, Any], headers: dict[str, str] = SECRETARIAT) -> Any:
    return client.post("/committees", json=body, headers=headers)


# --- authentication and roles ---


def test_creating_a_committee_needs_a_token(client: TestClient, committees: FakeCommittees) -> None:
    response = client.post("/committees", json=PCIO)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert committees.rows == {}


def test_a_clerk_may_not_create_a_committee(client: TestClient, committees: FakeCommittees) -> None:
    response = create(client, PCIO, bearer("cm-provincial-office", Role.CLERK))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert committees.rows == {}


def test_an_administrator_without_the_secretariat_role_may_not_create_a_committee(client: TestClient) -> None:
    assert create(client, PCIO, bearer("cm-provincial-office", Role.ADMINISTRATOR)).status_code == 403


def test_listing_committees_needs_a_token(client: TestClient) -> None:
    assert client.get("/committees").status_code == 401


# --- input validation ---


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"agenda_template": "5_sections"}, "name_th"),
        ({**PCIO, "name_th": "   "}, "name_th"),
        ({**PCIO, "name_th": "ก" * 301}, "name_th"),
        ({**PCIO, "name_en": ""}, "name_en"),
        ({**PCIO, "agenda_template": "7_sections"}, "agenda_template"),
        ({"name_th": PCIO["name_th"]}, "agenda_template"),
        ({**PCIO, "chair": "ผู้ว่าราชการจังหวัด"}, "chair"),
    ],
    ids=["missing_name", "blank_name", "name_too_long", "empty_english_name", "unknown_template",
         "missing_template", "unknown_field"],
)
def test_an_invalid_committee_is_refused_with_the_shared_422_body(
    client: TestClient, committees: FakeCommittees, body: dict[str, Any], field: str
) -> None:
    response = create(client, body)

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert error["message_th"] and error["message_en"]
    assert ["body", field] in [f["loc"] for f in error["detail"]["fields"]]
    assert committees.rows == {}


def test_a_malformed_committee_id_is_invalid_input(client: TestClient) -> None:
    response = client.get("/committees/not-a-uuid", headers=SECRETARIAT)

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


# --- creating and reading ---


def test_a_secretariat_creates_a_committee_owned_by_its_own_agency(client: TestClient) -> None:
    response = create(client, {**PCIO, "name_th": "  " + PCIO["name_th"] + " "})

    assert response.status_code == 201
    body = response.json()
    assert body["owner_agency_id"] == "cm-provincial-office"
    assert body["created_by"] == "u-cm-provincial-office"
    assert body["name_th"] == PCIO["name_th"]
    assert body["agenda_template"] == "5_sections"
    assert uuid.UUID(body["committee_id"])


def test_the_english_name_is_optional(client: TestClient) -> None:
    response = create(client, {"name_th": "คณะทำงานจัดทำแผนดิจิทัล", "agenda_template": "6_sections"})

    assert response.status_code == 201
    assert response.json()["name_en"] is None


def test_a_second_committee_with_the_same_thai_name_in_one_agency_is_a_conflict(client: TestClient) -> None:
    create(client, PCIO)

    response = create(client, {**PCIO, "agenda_template": "6_sections"})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "committee_name_taken"


def test_two_agencies_may_each_have_a_committee_with_the_same_name(client: TestClient) -> None:
    create(client, PCIO)

    response = create(client, PCIO, bearer("lp-provincial-office", Role.SECRETARIAT))

    assert response.status_code == 201


def test_a_committee_is_read_back_by_any_user_of_its_agency(client: TestClient) -> None:
    created = create(client, PCIO).json()

    response = client.get(f"/committees/{created['committee_id']}", headers=bearer("cm-provincial-office", Role.CLERK))

    assert response.status_code == 200
    assert response.json() == created


def test_another_agencys_committee_is_not_found(client: TestClient) -> None:
    created = create(client, PCIO).json()

    response = client.get(f"/committees/{created['committee_id']}", headers=bearer("cm-land", Role.SECRETARIAT))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_unknown_committee_is_not_found(client: TestClient) -> None:
    assert client.get(f"/committees/{uuid.uuid4()}", headers=SECRETARIAT).status_code == 404


def test_the_list_holds_only_the_callers_agencys_committees(client: TestClient) -> None:
    ours = create(client, PCIO).json()
    create(client, PCIO, bearer("lp-provincial-office", Role.SECRETARIAT))

    response = client.get("/committees", headers=bearer("cm-provincial-office", Role.EXECUTIVE))

    assert response.status_code == 200
    assert response.json() == [ours]
