"""Notify's channels against real peers: e-mail through an SMTP server process, signed webhooks to an HTTP
receiver, live inbox over SSE; each notification once however often its event comes; failures retried, then
dead-lettered; secret letters never reveal their subject anywhere."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import timedelta

import asyncpg
import httpx
import pytest

from opensaraban_shared import webhooks
from opensaraban_shared.events import LetterDelivered
from tests.conftest import service_env
from tests.notify_peers import (
    Publisher,
    WebhookReceiver,
    envelope,
    example,
    new_agency,
    person,
    token_for,
)
from tests.support import bangkok_now, eventually

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
async def publisher(stack, services):
    p = Publisher(stack["kafka_bootstrap"])
    await p.start()
    yield p
    await p.stop()


@pytest.fixture(scope="session")
def secret(services) -> str:
    return service_env("notify")["NOTIFY_AUTH_SECRET"]


@pytest.fixture
async def notify_conn(stack):
    conn = await asyncpg.connect(stack["pg_dsn"], server_settings={"search_path": "notify"})
    yield conn
    await conn.close()


class Agency:
    """A fresh agency with a clerk (e-mail), an officer and their supervisor, known to notify."""

    def __init__(self) -> None:
        self.id = new_agency()
        self.boss = person(self.id, "boss", roles=["executive"], email=f"boss@{self.id}.example.go.th")
        self.clerk = person(self.id, "clerk", roles=["clerk"], email=f"clerk@{self.id}.example.go.th",
                            supervisor=self.boss.user_id)
        self.officer = person(self.id, "officer", roles=["action_officer"], email=f"officer@{self.id}.example.go.th",
                              supervisor=self.boss.user_id)
        self.admin = person(self.id, "admin", roles=["administrator"])

    async def register(self, publisher: Publisher, conn: asyncpg.Connection) -> Agency:
        await publisher.publish(*(envelope(p, self.id) for p in (self.boss, self.clerk, self.officer, self.admin)))
        await eventually(lambda: conn.fetchval("SELECT count(*) = 4 FROM people WHERE agency_id = $1", self.id),
                         what="notify's copy of the agency's people")
        return self


@pytest.fixture
async def agency(publisher, notify_conn) -> Agency:
    return await Agency().register(publisher, notify_conn)


def delivered(to: str, **changes) -> LetterDelivered:
    return example("documents.letter_delivered", LetterDelivered, recipient_agency_id=to, deadline=None, **changes)


async def inbox(services, headers) -> list[dict]:
    async with httpx.AsyncClient(base_url=services["notify"], timeout=10) as client:
        response = await client.get("/notifications", headers=headers, params={"limit": 200})
        assert response.status_code == 200, response.text
        return response.json()["items"]


async def subscribe(services, headers, url: str, **body) -> dict:
    async with httpx.AsyncClient(base_url=services["notify"], timeout=10) as client:
        response = await client.post("/webhooks", headers=headers, json={"url": url, **body})
        assert response.status_code == 201, response.text
        return response.json()


async def test_a_delivered_letter_reaches_the_clerks_inbox_mailbox_and_agency_system_once_each_despite_redelivery(
        services, smtp, publisher, agency, secret, notify_conn):
    receiver = WebhookReceiver()
    try:
        hook = await subscribe(services, token_for(agency.admin, secret), receiver.url)
        event = envelope(delivered(agency.id, subject="ขอเชิญประชุมติดตามงาน", urgency=4))
        await publisher.publish(event, event)  # the same event twice, as after a producer retry
        clerk_mail = await eventually(lambda: asyncio.sleep(0, smtp.messages(agency.clerk.email)),
                                      what="the clerk's e-mail")
        await eventually(lambda: asyncio.sleep(0, receiver.received), what="the webhook")
        # Replay: forget that the event was processed and deliver it again; the dedupe keys still hold.
        await notify_conn.execute("DELETE FROM processed_events WHERE event_id = $1", event.event_id)
        await publisher.publish(event)
        await eventually(lambda: notify_conn.fetchval("SELECT count(*) > 0 FROM processed_events WHERE event_id = $1",
                                             event.event_id), what="the replay to be processed")
        await asyncio.sleep(1.5)  # anything sent twice would show up by now

        notices = [n for n in await inbox(services, token_for(agency.clerk, secret))
                   if n["rule"] == "letter_delivered_to_clerks"]
        assert len(notices) == 1 and "[ด่วนที่สุด]" in notices[0]["title_th"]
        assert len(smtp.messages(agency.clerk.email)) == 1
        assert smtp.messages(agency.officer.email) == []  # not a clerk
        mail = clerk_mail[0]
        assert "ขอเชิญประชุมติดตามงาน" in mail["Subject"] and "ด่วนที่สุด" in mail.get_content()
        assert f"/letters/{event.payload.letter_id}" in mail.get_content()
        assert len(receiver.received) == 1
        request = receiver.received[0]
        assert webhooks.verify(hook["secret"], timestamp=request["headers"][webhooks.TIMESTAMP_HEADER],
                               signature_header=request["headers"][webhooks.SIGNATURE_HEADER], body=request["body"])
        body = json.loads(request["body"])
        assert body["kind"] == "letter_delivered" and body["facts"]["letter_number"] == event.payload.letter_number
    finally:
        receiver.close()


async def test_a_secret_letter_never_shows_its_subject_in_inbox_mail_webhook_or_stream(
        services, smtp, publisher, agency, secret):
    receiver = WebhookReceiver()
    try:
        await subscribe(services, token_for(agency.admin, secret), receiver.url)
        subject = f"แผนลับ {uuid.uuid4().hex[:6]}"
        event = envelope(delivered(agency.id, subject=subject, secrecy=3))
        await publisher.publish(event)
        mail = await eventually(lambda: asyncio.sleep(0, smtp.messages(agency.clerk.email)), what="the e-mail")
        await eventually(lambda: asyncio.sleep(0, receiver.received), what="the webhook")
        [notice] = [n for n in await inbox(services, token_for(agency.clerk, secret))
                    if n["rule"] == "letter_delivered_to_clerks"]
        assert "หนังสือลับ" in notice["title_th"]
        seen = [json.dumps(notice, ensure_ascii=False), str(mail[0]["Subject"]), mail[0].get_content(),
                receiver.received[0]["body"].decode()]
        assert not any(subject in text for text in seen)
        assert json.loads(receiver.received[0]["body"])["facts"]["secret"] is True
    finally:
        receiver.close()


async def test_an_smtp_outage_never_blocks_the_inbox_or_webhooks_and_mail_is_retried_then_dead_lettered(
        services, smtp, publisher, agency, secret, notify_conn):
    receiver = WebhookReceiver()
    admin = token_for(agency.admin, secret)
    smtp.stop()
    try:
        await subscribe(services, admin, receiver.url)
        event = envelope(delivered(agency.id))
        await publisher.publish(event)
        # The other channels go on while e-mail fails.
        await eventually(lambda: asyncio.sleep(0, receiver.received), what="the webhook during the SMTP outage")
        assert [n for n in await inbox(services, token_for(agency.clerk, secret)) if n["rule"] ==
                "letter_delivered_to_clerks"]
        # Retried with backoff, then a dead letter administrators can see (test profile: 5 attempts from 0.5 s).
        async with httpx.AsyncClient(base_url=services["notify"], timeout=10) as client:
            async def dead() -> list[dict]:
                return (await client.get("/admin/dead-letters", headers=admin)).json()

            [letter] = await eventually(dead, timeout_s=40, what="the dead letter")
            assert letter["channel"] == "email" and letter["attempts"] == 5 and "gave up" in letter["last_error"]
            attempts = await notify_conn.fetch("SELECT attempted_at FROM delivery_attempts WHERE delivery_id = $1 "
                                      "ORDER BY attempt", uuid.UUID(letter["delivery_id"]))
            times = [a["attempted_at"] for a in attempts]
            gaps = [(b - a).total_seconds() for a, b in zip(times, times[1:], strict=False)]
            assert gaps == sorted(gaps) and gaps[-1] > 2 * gaps[0]  # exponential backoff
            # Once the server is back, an administrator sends it again.
            smtp.start()
            assert (await client.post(f"/admin/dead-letters/{letter['delivery_id']}/retry", headers=admin)
                    ).status_code == 204
            await eventually(lambda: asyncio.sleep(0, smtp.messages(agency.clerk.email)), what="the resent e-mail")
    finally:
        receiver.close()
        smtp.stop()
        smtp.start()


async def test_a_failing_webhook_is_retried_until_it_answers_and_the_log_shows_every_attempt(
        services, publisher, agency, secret):
    receiver = WebhookReceiver(fail_first=2)
    admin = token_for(agency.admin, secret)
    try:
        hook = await subscribe(services, admin, receiver.url, kinds=["letter_delivered"])
        await publisher.publish(envelope(delivered(agency.id)))
        await eventually(lambda: asyncio.sleep(0, receiver.received), what="the webhook after two failures")
        async with httpx.AsyncClient(base_url=services["notify"], timeout=10) as client:
            async def sent() -> list[dict]:
                log = (await client.get(f"/webhooks/{hook['subscription_id']}/deliveries", headers=admin)).json()
                return [d for d in log if d["status"] == "sent"]

            [entry] = await eventually(sent, what="the delivery log")
        assert [a["status_code"] for a in entry["attempt_log"]] == [500, 500, 200]
        assert receiver.answered == [500, 500, 200]
    finally:
        receiver.close()


async def test_a_webhook_that_keeps_failing_is_disabled_and_its_deliveries_become_dead_letters(
        services, publisher, agency, secret):
    receiver = WebhookReceiver(fail_first=10_000)
    admin = token_for(agency.admin, secret)
    try:
        hook = await subscribe(services, admin, receiver.url)
        await publisher.publish(envelope(delivered(agency.id)), envelope(delivered(agency.id)))
        async with httpx.AsyncClient(base_url=services["notify"], timeout=10) as client:
            async def disabled() -> dict | None:
                [found] = [h for h in (await client.get("/webhooks", headers=admin)).json()
                           if h["subscription_id"] == hook["subscription_id"]]
                return found if not found["active"] else None

            found = await eventually(disabled, timeout_s=40, what="the subscription to be disabled")
            assert found["consecutive_failures"] >= 8 and found["disabled_reason"]
            dead = (await client.get("/admin/dead-letters", headers=admin, params={"channel": "webhook"})).json()
            assert len(dead) == 2
    finally:
        receiver.close()


async def test_new_notifications_are_pushed_to_an_open_browser_over_sse(services, publisher, agency, secret):
    headers = token_for(agency.clerk, secret)
    async with httpx.AsyncClient(base_url=services["notify"], timeout=30) as client:
        async with client.stream("GET", "/notifications/stream", headers=headers) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            lines = response.aiter_lines()
            assert (await anext(lines)) == "event: ready"
            event = envelope(delivered(agency.id, subject="ทดสอบการแจ้งเตือนทันที"))
            await publisher.publish(event)

            async def next_notification() -> dict:
                async for line in lines:
                    if line.startswith("data: ") and "notification_id" in line:
                        return json.loads(line[6:])
                raise AssertionError("stream ended")

            pushed = await asyncio.wait_for(next_notification(), timeout=20)
    assert "ทดสอบการแจ้งเตือนทันที" in pushed["title_th"]


async def test_preferences_choose_channels_hold_mail_in_quiet_hours_and_gather_a_daily_digest(
        services, smtp, publisher, agency, secret, notify_conn):
    clerk = token_for(agency.clerk, secret)
    now = bangkok_now()  # notify decides quiet hours on the business clock; this one reading sets and checks them
    quiet = {"quiet_start": (now - timedelta(hours=1)).strftime("%H:%M"),
             "quiet_end": (now + timedelta(hours=1)).strftime("%H:%M")}
    async with httpx.AsyncClient(base_url=services["notify"], timeout=10) as client:
        # The officer wants no e-mail about withdrawals... and the clerk is in quiet hours.
        response = await client.put("/notifications/preferences", headers=clerk, json=quiet)
        assert response.status_code == 200, response.text
        await publisher.publish(envelope(delivered(agency.id)))
        row = await eventually(lambda: notify_conn.fetchrow("SELECT * FROM deliveries WHERE user_id = $1",
                                                   agency.clerk.user_id), what="the queued e-mail")
        assert row["status"] == "pending" and row["next_attempt_at"] > now + timedelta(minutes=30)

        # Digest: single e-mails are held and go out as one.
        await client.put("/notifications/preferences", headers=clerk, json={"digest": True, "language": "en"})
        await publisher.publish(envelope(delivered(agency.id, subject="เรื่องแรก")),
                                envelope(delivered(agency.id, subject="เรื่องที่สอง")))
        await eventually(lambda: notify_conn.fetchval("SELECT count(*) = 2 FROM deliveries WHERE user_id = $1 AND "
                                             "status = 'held'", agency.clerk.user_id), what="two held e-mails")
        run = await client.post("/admin/digests/run", headers=token_for(agency.admin, secret))
        assert run.json() == {"digests": 1}
        [digest] = await eventually(lambda: asyncio.sleep(0, smtp.messages(agency.clerk.email)), what="the digest")
        assert "digest (2 items)" in digest["Subject"]
        assert "เรื่องแรก" in digest.get_content() and "เรื่องที่สอง" in digest.get_content()

        # Channels per kind: no e-mail for this kind at all, the inbox still has it.
        await client.put("/notifications/preferences", headers=clerk,
                         json={"channels": {"letter_delivered": ["inbox"]}})
        event = envelope(delivered(agency.id))
        await publisher.publish(event)
        await eventually(lambda: notify_conn.fetchval("SELECT count(*) FROM notifications WHERE source_event_id = $1",
                                             event.payload and event.event_id), what="the inbox entry")
        assert await notify_conn.fetchval("SELECT count(*) FROM deliveries d JOIN notifications n USING (notification_id) "
                                 "WHERE n.source_event_id = $1 AND d.channel = 'email'", event.event_id) == 0
