"""Sign-in, API keys and agency boundaries of the documents service, through its public API."""

from __future__ import annotations

import httpx
import pytest

from tests.support import DEMO_PASSWORD, eventually, send_letter, sign_in

pytestmark = pytest.mark.integration

OFFICE = "cm-provincial-office"


async def test_wrong_password_and_unknown_user_get_the_same_answer(services):
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        wrong = await client.post("/auth/login", json={"username": f"clerk@{OFFICE}", "password": "nope"})
        unknown = await client.post("/auth/login", json={"username": "nobody@nowhere", "password": DEMO_PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["error"]["code"] == unknown.json()["error"]["code"] == "invalid_credentials"
    assert wrong.json()["error"]["message_th"]


async def test_an_agency_system_signs_in_with_an_api_key_until_it_is_revoked(services):
    admin = await sign_in(services["documents"], f"admin@{OFFICE}")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        issued = await client.post("/auth/api-keys", headers=admin, json={"name": "ระบบสารบรรณของสำนักงาน"})
        assert issued.status_code == 201, issued.text
        key = issued.json()
        exchanged = await client.post("/auth/token", json={"api_key": key["api_key"]})
        assert exchanged.status_code == 200
        system = {"Authorization": f"Bearer {exchanged.json()['access_token']}"}
        me = (await client.get("/auth/me", headers=system)).json()
        assert me["kind"] == "system" and me["agency_id"] == OFFICE and "agency_system" in me["roles"]
        # The system can send letters for its agency.
        letter = await send_letter(client, system, to=["cm-energy"])
        assert letter["sender_agency_id"] == OFFICE

        listed = (await client.get("/auth/api-keys", headers=admin)).json()
        assert key["key_id"] in [k["key_id"] for k in listed]
        assert all("api_key" not in k for k in listed)

        assert (await client.delete(f"/auth/api-keys/{key['key_id']}", headers=admin)).status_code == 204
        refused = await client.post("/auth/token", json={"api_key": key["api_key"]})
        assert refused.status_code == 401

        async def session_ended():  # the token exchanged before the revocation ends too, not within the hour
            me = await client.get("/auth/me", headers=system)
            return me if me.status_code == 401 and me.json()["error"]["detail"] == {"reason": "session_revoked"} else None

        await eventually(session_ended, timeout_s=15, what="the revoked key's session to be refused")


async def test_only_administrators_issue_api_keys(services):
    clerk = await sign_in(services["documents"], f"clerk@{OFFICE}")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        response = await client.post("/auth/api-keys", headers=clerk, json={"name": "x"})
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"


async def test_requests_without_a_token_are_refused_by_every_service(services):
    paths = {"documents": "/inbox", "notify": "/notifications", "meeting": "/committees",
             "metrics": "/adoption/letters?date_from=2026-01-01&date_to=2026-01-31"}
    async with httpx.AsyncClient(timeout=10) as client:
        for name, path in paths.items():
            response = await client.get(services[name] + path)
            assert response.status_code == 401, (name, response.text)
            assert response.json()["error"]["code"] == "unauthenticated"


async def test_another_agencys_attachment_is_not_found(services):
    sender = await sign_in(services["documents"], f"clerk@{OFFICE}")
    outsider = await sign_in(services["documents"], "clerk@cm-revenue")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        letter = await send_letter(client, sender, to=["cm-energy"])
        attachment_id = letter["attachments"][0]["attachment_id"]
        response = await client.get(f"/attachments/{attachment_id}/content", headers=outsider)
    assert response.status_code == 404


async def test_a_file_that_is_not_a_document_is_refused_with_a_clear_error(services):
    clerk = await sign_in(services["documents"], f"clerk@{OFFICE}")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        response = await client.post("/attachments", params={"filename": "letter.pdf"}, headers=clerk,
                                     content=b"MZ\x90\x00" + b"\x00" * 200)
        path_trick = await client.post("/attachments", params={"filename": "../../etc/passwd"}, headers=clerk,
                                       content=b"%PDF-1.4\n")
    assert response.status_code == 415 and response.json()["error"]["code"] == "unsupported_media_type"
    assert path_trick.status_code == 422


async def test_a_letter_to_an_unknown_agency_is_refused_and_nothing_is_drafted(services):
    clerk = await sign_in(services["documents"], f"clerk@{OFFICE}")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        response = await client.post("/letters", headers=clerk, json={
            "subject": "ผิดที่", "recipient_agency_ids": ["cm-energy", "no-such-agency"]})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unknown_recipients"
    assert response.json()["error"]["detail"]["agency_ids"] == ["no-such-agency"]
