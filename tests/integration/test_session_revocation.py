"""A person whose access changes loses their old sessions in every service at once, not when the token expires."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.support import DEMO_PASSWORD, eventually, sign_in

pytestmark = pytest.mark.integration

OFFICE = "cm-provincial-office"
# One read-only call per back end that any signed-in clerk may make.
PROBES = {"documents": "/auth/me", "meeting": "/committees", "notify": "/notifications/unread-count"}


async def _sign_in_as(documents: str, username: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=documents, timeout=30) as client:
        response = await client.post("/auth/login", json={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _answers(services: dict[str, str], headers: dict[str, str]) -> dict[str, tuple[int, str | None]]:
    """Per back end: the status, and the reason of a 401."""
    answers = {}
    async with httpx.AsyncClient(timeout=30) as client:
        for name, path in PROBES.items():
            response = await client.get(services[name] + path, headers=headers)
            reason = response.json()["error"]["detail"].get("reason") if response.status_code == 401 else None
            answers[name] = (response.status_code, reason)
    return answers


@pytest.mark.parametrize("change", ["roles", "deactivate", "password_reset"])
async def test_an_access_change_ends_the_persons_sessions_everywhere_and_only_theirs(services, change):
    documents = services["documents"]
    admin = await sign_in(documents, f"admin@{OFFICE}")
    bystander = await sign_in(documents, f"clerk@{OFFICE}")
    username = f"revoked.{uuid.uuid4().hex[:8]}@{OFFICE}"
    async with httpx.AsyncClient(base_url=documents, timeout=30) as docs:
        created = await docs.post("/users", headers=admin, json={
            "username": username, "display_name": "สมปอง ทดลอง", "roles": ["clerk"], "clearance": 0,
            "password": DEMO_PASSWORD})
        assert created.status_code == 201, created.text
        user_id = created.json()["user_id"]
        person = await _sign_in_as(documents, username)
        assert {status for status, _ in (await _answers(services, person)).values()} == {200}

        if change == "roles":
            changed = await docs.put(f"/users/{user_id}/access", headers=admin,
                                     json={"roles": ["clerk", "action_officer"], "clearance": 1})
        elif change == "deactivate":
            changed = await docs.put(f"/users/{user_id}/access", headers=admin,
                                     json={"roles": ["clerk"], "clearance": 0, "active": False})
        else:
            changed = await docs.post(f"/users/{user_id}/password", headers=admin,
                                      json={"new_password": DEMO_PASSWORD + "-ใหม่"})
        assert changed.status_code in (200, 204), changed.text

    async def refused_everywhere():
        answers = await _answers(services, person)
        return answers if set(answers.values()) == {(401, "session_revoked")} else None

    await eventually(refused_everywhere, timeout_s=15, what="the old session to be refused by every back end")
    assert {status for status, _ in (await _answers(services, bystander)).values()} == {200}
    if change == "roles":
        fresh = await _sign_in_as(documents, username)
        assert {status for status, _ in (await _answers(services, fresh)).values()} == {200}


async def test_retiring_an_agency_ends_the_sessions_of_its_people_and_systems_everywhere(services):
    documents = services["documents"]
    national, bystander = await sign_in(documents, "admin@nso"), await sign_in(documents, f"clerk@{OFFICE}")
    agency_id = f"retired-{uuid.uuid4().hex[:8]}"
    async with httpx.AsyncClient(base_url=documents, timeout=30) as docs:
        created = await docs.post("/agencies", headers=national, json={
            "agency_id": agency_id, "parent_id": "cm", "kind": "provincial_office", "province_code": "50",
            "name_th": f"สำนักงานที่จะยุบ {agency_id}", "letter_prefix": "ยบ 0001"})
        assert created.status_code == 201, created.text
        for role in ("clerk", "administrator"):
            made = await docs.post("/users", headers=national, json={
                "agency_id": agency_id, "username": f"{role}@{agency_id}", "display_name": "ผู้ใช้ทดสอบ",
                "roles": [role], "password": DEMO_PASSWORD})
            assert made.status_code == 201, made.text
        person = await _sign_in_as(documents, f"clerk@{agency_id}")
        issued = await docs.post("/auth/api-keys", headers=await _sign_in_as(documents, f"administrator@{agency_id}"),
                                 json={"name": "ระบบสารบรรณของสำนักงาน"})
        assert issued.status_code == 201, issued.text
        exchanged = await docs.post("/auth/token", json={"api_key": issued.json()["api_key"]})
        assert exchanged.status_code == 200, exchanged.text
        system = {"Authorization": f"Bearer {exchanged.json()['access_token']}"}
        assert {status for status, _ in (await _answers(services, person)).values()} == {200}
        assert (await docs.get("/auth/me", headers=system)).status_code == 200

        retired = await docs.patch(f"/agencies/{agency_id}", headers=national, json={"active": False})
        assert retired.status_code == 200, retired.text

        async def refused_everywhere():
            answers = {who: await _answers(services, headers) for who, headers in (("person", person),
                                                                                  ("system", system))}
            refused = all(set(a.values()) == {(401, "session_revoked")} for a in answers.values())
            return answers if refused else None

        await eventually(refused_everywhere, timeout_s=15, what="the retired agency's sessions to be refused")
        assert {status for status, _ in (await _answers(services, bystander)).values()} == {200}
        login = await docs.post("/auth/login", json={"username": f"clerk@{agency_id}", "password": DEMO_PASSWORD})
        assert login.status_code == 401, login.text
        assert (await docs.post("/auth/token", json={"api_key": issued.json()["api_key"]})).status_code == 401
