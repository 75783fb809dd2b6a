"""Unit tests for GET /adoption/letters and GET /metrics: validation, access rules, body shape (no I/O)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from metrics_service import api, queries
from opensaraban_shared.auth import Principal, Role, issue_access_token
from opensaraban_shared.consumer import Outcome
from opensaraban_shared.errors import install_error_handlers
from opensaraban_shared.service_app import get_runtime

SECRET = "unit-test-secret-long-enough-for-hs256!!"
URL = "/adoption/letters"


class FakePool:
    @asynccontextmanager
    async def acquire(self) -> AsyncIterator[object]:
        yield object()


class FakeProjection:
    """Stands in for letter_daily: remembers the queries and answers with canned rows."""

    def __init__(self, rows: list[dict[str, Any]] | None = None) -> None:
        self.rows = rows or []
        self.queries: list[dict[str, Any]] = []

    async def letters_per_day(self, _conn: object, **query: Any) -> list[dict[str, Any]]:
        self.queries.append(query)
        return self.rows


@pytest.fixture
def projection(monkeypatch: pytest.MonkeyPatch) -> FakeProjection:
    fake = FakeProjection()
    monkeypatch.setattr(queries, "letters_per_day", fake.letters_per_day)
    return fake


@pytest.fixture
def runtime() -> SimpleNamespace:
    counts = dict.fromkeys(Outcome, 0) | {Outcome.PROCESSED: 7, Outcome.DUPLICATE: 2}
    return SimpleNamespace(
        db=SimpleNamespace(pool=FakePool()),
        consumers=[SimpleNamespace(group="metrics.letters", counts=counts, lag=3)],
        relay=SimpleNamespace(published_total=0),
    )


@pytest.fixture
def client(runtime: SimpleNamespace) -> TestClient:
    app = FastAPI()  # no lifespan: nothing connects to Kafka or PostgreSQL
    app.state.auth_secret = SECRET
    install_error_handlers(app)
    app.include_router(api.router)
    app.include_router(api.prometheus_router)
    app.dependency_overrides[get_runtime] = lambda: runtime
    return TestClient(app)


def bearer(agency_id: str = "cm-statistics", *roles: Role) -> dict[str, str]:
    principal = Principal(
        subject_id="u-1",
        kind="user",
        agency_id=agency_id,
        roles=frozenset(roles or {Role.CLERK}),
        display_name="ผู้ใช้ทดสอบ",
        clearance=0,
    )
    return {"Authorization": f"Bearer {issue_access_token(principal, secret=SECRET)}"}


PERIOD = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


def test_adoption_needs_a_token(client: TestClient, projection: FakeProjection) -> None:
    response = client.get(URL, params=PERIOD)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
    assert projection.queries == []


def test_a_malformed_date_is_answered_with_the_shared_422_body(client: TestClient, projection: FakeProjection) -> None:
    response = client.get(URL, params={"date_from": "2026-13-01", "date_to": "2026-11-30"}, headers=bearer())

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert [f["loc"] for f in error["detail"]["fields"]] == [["query", "date_from"]]


def test_a_missing_period_is_invalid_input(client: TestClient, projection: FakeProjection) -> None:
    response = client.get(URL, headers=bearer())

    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_input"


def test_a_period_that_ends_before_it_starts_is_an_invalid_period(
    client: TestClient, projection: FakeProjection
) -> None:
    response = client.get(URL, params={"date_from": "2026-11-30", "date_to": "2026-11-01"}, headers=bearer())

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_period"
    assert error["message_th"] and error["message_en"]
    assert error["detail"] == {"date_from": "2026-11-30", "date_to": "2026-11-01"}
    assert projection.queries == []


def test_a_one_day_period_is_valid(client: TestClient, projection: FakeProjection) -> None:
    response = client.get(URL, params={"date_from": "2026-11-20", "date_to": "2026-11-20"}, headers=bearer())

    assert response.status_code == 200


def test_without_agency_id_the_callers_agency_is_shown(client: TestClient, projection: FakeProjection) -> None:
    response = client.get(URL, params=PERIOD, headers=bearer("cm-land"))

    assert response.status_code == 200
    assert response.json()["agency_id"] == "cm-land"
    assert projection.queries == [
        {"agency_id": "cm-land", "date_from": date(2026, 11, 1), "date_to": date(2026, 11, 30)}
    ]


def test_a_user_cannot_see_another_agencys_figures(client: TestClient, projection: FakeProjection) -> None:
    response = client.get(URL, params={**PERIOD, "agency_id": "cm-land"}, headers=bearer("cm-statistics"))

    assert response.status_code == 404
    assert projection.queries == []


def test_an_administrator_may_see_any_agencys_figures(client: TestClient, projection: FakeProjection) -> None:
    headers = bearer("province-admin", Role.ADMINISTRATOR)

    response = client.get(URL, params={**PERIOD, "agency_id": "cm-land"}, headers=headers)

    assert response.status_code == 200
    assert projection.queries[0]["agency_id"] == "cm-land"


def test_days_and_totals_carry_counts_and_electronic_rate(client: TestClient, projection: FakeProjection) -> None:
    projection.rows = [
        {"day": date(2026, 11, 20), "sent_electronic": 3, "sent_paper": 1, "received_electronic": 0, "received_paper": 0},
        {"day": date(2026, 11, 21), "sent_electronic": 0, "sent_paper": 0, "received_electronic": 2, "received_paper": 2},
    ]

    body = client.get(URL, params=PERIOD, headers=bearer()).json()

    assert body["totals"] == {
        "sent_electronic": 3,
        "sent_paper": 1,
        "received_electronic": 2,
        "received_paper": 2,
        "electronic_rate": 0.625,
    }
    assert [(d["day"], d["electronic_rate"]) for d in body["days"]] == [("2026-11-20", 0.75), ("2026-11-21", 0.5)]
    assert (body["date_from"], body["date_to"]) == ("2026-11-01", "2026-11-30")


def test_a_period_without_letters_has_zero_totals_and_a_null_rate(
    client: TestClient, projection: FakeProjection
) -> None:
    body = client.get(URL, params=PERIOD, headers=bearer()).json()

    assert body["days"] == []
    assert body["totals"]["electronic_rate"] is None
    assert body["totals"]["sent_electronic"] == 0


# --- Prometheus ---


def test_prometheus_text_reads_the_consumers_counts(client: TestClient) -> None:
    response = client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert 'opensaraban_events_processed_total{consumer="metrics.letters",outcome="processed"} 7.0' in lines
    assert 'opensaraban_events_processed_total{consumer="metrics.letters",outcome="duplicate"} 2.0' in lines
    assert 'opensaraban_events_processed_total{consumer="metrics.letters",outcome="dead_lettered"} 0.0' in lines
    assert "opensaraban_outbox_published_total 0.0" in lines
    assert 'opensaraban_consumer_lag{consumer="metrics.letters"} 3.0' in lines


def test_prometheus_text_follows_the_live_counts(client: TestClient, runtime: SimpleNamespace) -> None:
    client.get("/metrics")
    runtime.consumers[0].counts[Outcome.PROCESSED] += 1
    runtime.relay.published_total = 5

    lines = client.get("/metrics").text.splitlines()

    assert 'opensaraban_events_processed_total{consumer="metrics.letters",outcome="processed"} 8.0' in lines
    assert "opensaraban_outbox_published_total 5.0" in lines


def test_openapi_documents_prometheus_text_not_json(client: TestClient) -> None:
    documented = client.get("/openapi.json").json()["paths"]["/metrics"]["get"]["responses"]["200"]["content"]
    assert list(documented) == ["text/plain"]
