"""Walking skeleton on the real servers: a letter with a PDF goes from one agency to another through all four services."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, timedelta

import httpx
import pytest

from opensaraban_shared import clock
from tests.support import devstack, eventually, minimal_pdf, send_letter, sign_in

pytestmark = pytest.mark.integration

SENDER = "cm-provincial-office"
RECIPIENT = "cm-statistics"


async def sent_electronic(metrics_url: str, headers: dict[str, str], since: date) -> int:
    """The agency's electronic sends counted on `since` (a business day read before sending) and the day after:
    letters sent later fall on one of the two even when midnight passes mid-test."""
    async with httpx.AsyncClient(base_url=metrics_url, timeout=10) as client:
        response = await client.get("/adoption/letters", headers=headers, params={
            "date_from": since.isoformat(), "date_to": (since + timedelta(days=1)).isoformat()})
    response.raise_for_status()
    return response.json()["totals"]["sent_electronic"]


async def notifications_for(notify_url: str, headers: dict[str, str], letter_id: str) -> list[dict]:
    async with httpx.AsyncClient(base_url=notify_url, timeout=10) as client:
        response = await client.get("/notifications", headers=headers, params={"limit": 200})
    response.raise_for_status()
    return [n for n in response.json()["items"] if letter_id in (n["link"] or "")]


async def test_a_sent_letter_reaches_inbox_notification_and_metrics(services):
    sender = await sign_in(services["documents"], f"clerk@{SENDER}")
    recipient = await sign_in(services["documents"], f"clerk@{RECIPIENT}")
    since = clock.today()
    counted_before = await sent_electronic(services["metrics"], sender, since)
    pdf = minimal_pdf(f"walking skeleton {uuid.uuid4()}")

    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as documents:
        letter = await send_letter(documents, sender, to=[RECIPIENT], pdf=pdf)
        assert letter["status"] == "sent"
        # The office's clerk drafts in its correspondence section, whose number is 1.1.
        assert letter["letter_number"].startswith("ชม 0017.1.1/")

        inbox = (await documents.get("/inbox", headers=recipient)).json()["items"]
        delivered = [i for i in inbox if i["letter_id"] == letter["letter_id"]]
        assert len(delivered) == 1 and delivered[0]["letter_number"] == letter["letter_number"]

        attachment = letter["attachments"][0]
        download = await documents.get(f"/attachments/{attachment['attachment_id']}/content", headers=recipient)
        assert download.status_code == 200
        assert download.content == pdf
        assert hashlib.sha256(download.content).hexdigest() == attachment["sha256"]

        outsider = await sign_in(services["documents"], "clerk@cm-land")
        hidden = await documents.get(f"/letters/{letter['letter_id']}", headers=outsider)
        assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "not_found"

    notes = await eventually(lambda: notifications_for(services["notify"], recipient, letter["letter_id"]),
                             what="the recipient's notification")
    assert len(notes) == 1
    assert letter["letter_number"] in notes[0]["title_th"] and "ด่วนมาก" in notes[0]["title_th"]

    async def counted() -> bool:
        return await sent_electronic(services["metrics"], sender, since) == counted_before + 1

    await eventually(counted, what="metrics to count one more electronic letter")


async def test_a_killed_consumer_loses_no_event_and_repeats_none(services):
    """kill -9 notify, send while it is down, start it again: each letter gives exactly one notification."""
    sender = await sign_in(services["documents"], f"clerk@{SENDER}")
    recipient = await sign_in(services["documents"], f"clerk@{RECIPIENT}")
    devstack("stop-service", "notify", "--kill")
    try:
        async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as documents:
            letters = [await send_letter(documents, sender, to=[RECIPIENT]) for _ in range(5)]
    finally:
        devstack("start-service", "notify")

    for letter in letters:
        notes = await eventually(lambda l=letter: notifications_for(services["notify"], recipient, l["letter_id"]),
                                 what=f"notification for {letter['letter_number']}")
        assert len(notes) == 1


async def test_a_restarted_producer_publishes_what_it_committed(services):
    """Letters committed just before documents is killed still reach metrics after it restarts."""
    sender = await sign_in(services["documents"], f"clerk@{SENDER}")
    since = clock.today()
    before = await sent_electronic(services["metrics"], sender, since)
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as documents:
        for _ in range(3):
            await send_letter(documents, sender, to=[RECIPIENT])
    devstack("stop-service", "documents", "--kill")
    devstack("start-service", "documents")

    async def all_counted() -> bool:
        return await sent_electronic(services["metrics"], sender, since) == before + 3

    await eventually(all_counted, timeout_s=30, what="metrics to count the three letters exactly once")


def test_openapi_and_asyncapi_are_served_by_every_service(services):
    backends = {name: url for name, url in services.items() if name != "portal"}  # the portal serves pages
    assert set(backends) == {"documents", "meeting", "notify", "metrics"}
    for name, url in backends.items():
        assert httpx.get(f"{url}/openapi.json", timeout=10).json()["info"]["title"].endswith(name.capitalize())
        asyncapi = httpx.get(f"{url}/asyncapi.json", timeout=10).json()
        assert asyncapi["asyncapi"].startswith("3."), name
        ready = httpx.get(f"{url}/health/ready", timeout=10)
        assert ready.status_code == 200 and ready.json()["checks"]["postgresql"] == "ok", (name, ready.text)


def test_documents_asyncapi_documents_every_letter_event(services):
    document = httpx.get(f"{services['documents']}/asyncapi.json", timeout=10).json()
    text = str(document)
    for event_type in ("documents.letter_sent", "documents.letter_delivered"):
        assert event_type in text
