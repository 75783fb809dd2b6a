"""Send-register numbers never repeat and never skip, also when many letters are sent at once."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.support import official_fields, send_letter, sign_in

pytestmark = pytest.mark.integration

SENDER = "cm-tourism-sports"


def number_of(letter: dict) -> int:
    return int(letter["letter_number"].rsplit("/", 1)[1].removeprefix("ว ").strip())


async def test_concurrent_sends_get_consecutive_unique_numbers_per_series(services):
    clerk = await sign_in(services["documents"], f"clerk@{SENDER}")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60,
                                 limits=httpx.Limits(max_connections=40)) as client:
        async def draft(i: int, circular: bool) -> str:
            response = await client.post("/letters", headers=clerk, json={
                **official_fields(f"พร้อมกัน {i}"), "recipient_agency_ids": ["cm-energy", "cm-land"], "is_circular": circular})
            assert response.status_code == 201, response.text
            return response.json()["letter_id"]

        drafts = await asyncio.gather(*(draft(i, circular=i % 3 == 0) for i in range(60)))
        sends = await asyncio.gather(*(client.post(f"/letters/{d}/send", headers=clerk) for d in drafts))
        # Sending the same letter again in parallel must not take a second number.
        again = await asyncio.gather(*(client.post(f"/letters/{d}/send", headers=clerk) for d in drafts[:10]))

    assert all(r.status_code == 200 for r in sends), [r.text for r in sends if r.status_code != 200][:3]
    assert all(r.status_code == 409 and r.json()["error"]["code"] == "letter_not_draft" for r in again)
    letters = [r.json() for r in sends]
    for circular in (False, True):
        series = sorted(number_of(l) for l in letters if l["is_circular"] == circular)
        assert len(series) == len(set(series)), "a number was used twice"
        assert series == list(range(series[0], series[0] + len(series))), "a number was skipped"
    assert all(("/ว " in l["letter_number"]) == l["is_circular"] for l in letters)


async def test_a_unit_numbers_its_letters_with_its_suffix_and_a_person_in_no_unit_with_the_agencys(services):
    # The secretariat works in the office's strategy group (suffix 2); the tourism office's clerk is in no unit.
    in_unit = await sign_in(services["documents"], "secretariat@cm-provincial-office")
    no_unit = await sign_in(services["documents"], f"clerk@{SENDER}")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        numbered = await send_letter(client, in_unit, to=["cm-energy"])
        plain = await send_letter(client, no_unit, to=["cm-energy"])
    prefix = (await client_get(services, no_unit, f"/agencies/{SENDER}"))["letter_prefix"]
    assert numbered["letter_number"].startswith("ชม 0017.2/")
    assert plain["letter_number"] == f"{prefix}/{number_of(plain)}"


async def client_get(services: dict, headers: dict[str, str], path: str) -> dict:
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()
