"""Metrics workloads: replay of 1 million events, dashboard query latency at that size, freshness of a new letter.

The events are pre-built envelopes (every type the metrics service projects, one fiscal year, 1,000 agencies in
20 provinces under 10 ministries) produced straight to Kafka in batches, as the documents, meeting and
directory services would have published them over a year. The replay reads every record of the three topics:
on a bench stack that kept data from earlier runs that is more than the million generated here
(`metrics_replay_events` says how many).
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer

from opensaraban_shared.events import (
    Actor,
    AgencyChanged,
    AgendaItemSubmitted,
    AgendaPublished,
    LetterAccepted,
    LetterClosed,
    LetterDelivered,
    LetterRouted,
    LetterSent,
    MeetingHeld,
    UserAuthenticated,
    UserChanged,
    new_envelope,
)
from opensaraban_shared.thai import BANGKOK
from tests.metrics_history import admin_headers
from tests.support import bangkok_now

from .report import percentile

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVENTS = 1_000_000
MINISTRIES, PROVINCES, AGENCIES, USERS = 10, 20, 1_000, 20_000
FISCAL_YEAR = 2569  # 1 Oct 2025 – 30 Sep 2026
YEAR_START = datetime(2025, 10, 1, tzinfo=BANGKOK)


def _iso(moment: datetime) -> str:
    return moment.isoformat()


class Templates:
    """One valid envelope per event type, dumped once; events are copies with their fields replaced."""

    def __init__(self) -> None:
        t = YEAR_START
        letter = {"letter_id": uuid.uuid4(), "letter_number": "บค 1/1", "sender_agency_id": "x", "kind": "external",
                  "urgency": 1, "secrecy": 1, "channel": "electronic", "subject": "หนังสือทดสอบสมรรถนะ",
                  "sender_province_code": "10"}
        delivery = {"delivery_id": uuid.uuid4(), "recipient_agency_id": "y", "recipient_province_code": "10"}
        meeting = {"meeting_id": uuid.uuid4(), "committee_id": "c", "committee_name": "คณะกรรมการ",
                   "secretariat_agency_id": "x", "province_code": "10", "meeting_number": "๑/๒๕๖๙", "starts_at": t}
        events = {
            "sent": LetterSent(**letter, send_register_number=1, is_circular=False, recipient_agency_ids=["y"],
                               attachment_count=1, sent_at=t),
            "delivered": LetterDelivered(**letter, **delivery, sent_at=t, delivered_at=t),
            "accepted": LetterAccepted(**letter, **delivery, receive_register_number=1, delivered_at=t, accepted_at=t),
            "routed": LetterRouted(**letter, delivery_id=uuid.uuid4(), routing_id=uuid.uuid4(), agency_id="y",
                                   action="assign", from_user_id="u", deadline=t, routed_at=t),
            "closed": LetterClosed(**letter, delivery_id=uuid.uuid4(), agency_id="y", closed_at=t),
            "agency": AgencyChanged(agency_id="x", name_th="หน่วยงาน", kind="provincial_office", parent_id=None,
                                    province_code="10", active=True, changed_at=t),
            "user": UserChanged(user_id="u", agency_id="x", display_name="ผู้ใช้", roles=["clerk"], active=True,
                                changed_at=t),
            "sign_in": UserAuthenticated(user_id="u", agency_id="x", authenticated_at=t),
            "item": AgendaItemSubmitted(**meeting, item_id=uuid.uuid4(), title="วาระ", section=3,
                                        submitted_by_agency_id="x", late=False, submitted_at=t),
            "published": AgendaPublished(**meeting, version=1, pack_object_key="k", pack_sha256="0" * 64,
                                         pack_size=1, pack_pages=20, item_count=3, late_item_count=0,
                                         member_agency_ids=["a"] * 10, member_user_ids=[], published_at=t),
            "held": MeetingHeld(**meeting, present_count=10, substitute_count=0, absent_count=0, guest_count=0,
                                agenda_published_at=t, held_at=t),
        }
        self.topics = {name: event.topic.name for name, event in events.items()}
        self.dicts = {name: json.loads(new_envelope(event, producer="bench", actor=Actor(agency_id="x"))
                                       .model_dump_json()) for name, event in events.items()}

    def make(self, name: str, key: str, **fields: Any) -> tuple[str, bytes, bytes]:
        envelope = copy.copy(self.dicts[name])
        envelope["event_id"] = str(uuid.uuid4())
        envelope["payload"] = {**envelope["payload"], **fields}
        return self.topics[name], key.encode(), json.dumps(envelope, ensure_ascii=False).encode()


def generate(count: int = EVENTS, seed: int = 2569) -> list[tuple[str, bytes, bytes]]:
    """`count` events of one fiscal year: directory first, then letters, sign-ins and meetings interleaved."""
    rng = random.Random(seed)
    tpl = Templates()
    out: list[tuple[str, bytes, bytes]] = []
    ministries = [f"bm-{m}" for m in range(MINISTRIES)]
    provinces = [f"{10 + p}" for p in range(PROVINCES)]
    agencies = [(f"ba-{a}", provinces[a % PROVINCES], ministries[a % MINISTRIES]) for a in range(AGENCIES)]
    for m in ministries:
        out.append(tpl.make("agency", m, agency_id=m, kind="ministry", parent_id=None, province_code=None))
    for agency_id, province, ministry in agencies:
        out.append(tpl.make("agency", agency_id, agency_id=agency_id, parent_id=ministry, province_code=province))
    users = [(f"bu-{u}", agencies[u % AGENCIES][0]) for u in range(USERS)]
    for user_id, agency_id in users:
        out.append(tpl.make("user", agency_id, user_id=user_id, agency_id=agency_id))

    def moment() -> datetime:
        return YEAR_START + timedelta(seconds=rng.uniform(0, 364 * 86_400))

    while len(out) < count:
        roll = rng.random()
        if roll < 0.15:  # a sign-in
            user_id, agency_id = rng.choice(users)
            out.append(tpl.make("sign_in", agency_id, user_id=user_id, agency_id=agency_id,
                                authenticated_at=_iso(moment())))
        elif roll < 0.16:  # a meeting: three items, a pack (most of the time), held
            secretariat, province, _ = rng.choice(agencies)
            starts = moment()
            common = {"meeting_id": str(uuid.uuid4()), "secretariat_agency_id": secretariat,
                      "province_code": province, "starts_at": _iso(starts)}
            for n in range(3):
                out.append(tpl.make("item", secretariat, **common, item_id=str(uuid.uuid4()), late=n == 0 and
                                    rng.random() < 0.3, submitted_at=_iso(starts - timedelta(days=9))))
            published = starts - timedelta(days=rng.uniform(1, 10)) if rng.random() < 0.8 else None
            if published:
                out.append(tpl.make("published", secretariat, **common, published_at=_iso(published)))
            out.append(tpl.make("held", secretariat, **common, held_at=_iso(starts),
                                agenda_published_at=_iso(published) if published else None))
        else:  # a letter
            (sender, s_prov, _), (recipient, r_prov, _) = rng.sample(agencies, 2)
            sent_at = moment()
            urgency = rng.choice((1, 1, 1, 2, 3, 4))
            letter = {"letter_id": str(uuid.uuid4()), "sender_agency_id": sender, "sender_province_code": s_prov,
                      "urgency": urgency}
            kind = rng.random()
            if kind < 0.10:
                out.append(tpl.make("sent", sender, **letter, channel="paper", recipient_agency_ids=[],
                                    external_recipient_count=1, sent_at=_iso(sent_at)))
                continue
            if kind < 0.15:
                out.append(tpl.make("accepted", recipient, **letter, channel="paper", delivery_id=str(uuid.uuid4()),
                                    recipient_agency_id=recipient, recipient_province_code=r_prov,
                                    delivered_at=None, accepted_at=_iso(sent_at)))
                continue
            delivery = {"delivery_id": str(uuid.uuid4())}
            delivered_at = sent_at + timedelta(seconds=rng.lognormvariate(1.5, 1))
            accepted_at = delivered_at + timedelta(seconds=rng.lognormvariate(9, 1.5))
            out.append(tpl.make("sent", sender, **letter, recipient_agency_ids=[recipient], sent_at=_iso(sent_at)))
            out.append(tpl.make("delivered", recipient, **letter, **delivery, recipient_agency_id=recipient,
                                recipient_province_code=r_prov, sent_at=_iso(sent_at),
                                delivered_at=_iso(delivered_at)))
            out.append(tpl.make("accepted", recipient, **letter, **delivery, recipient_agency_id=recipient,
                                recipient_province_code=r_prov, delivered_at=_iso(delivered_at),
                                accepted_at=_iso(accepted_at)))
            if rng.random() < 0.2:
                assigned_at = accepted_at + timedelta(minutes=5)
                out.append(tpl.make("routed", recipient, **letter, **delivery, agency_id=recipient,
                                    routing_id=str(uuid.uuid4()), deadline=_iso(assigned_at + timedelta(days=3)),
                                    routed_at=_iso(assigned_at)))
                if rng.random() < 0.9:
                    out.append(tpl.make("closed", recipient, **letter, **delivery, agency_id=recipient,
                                        closed_at=_iso(assigned_at + timedelta(seconds=rng.lognormvariate(11, 1))
                                                       )))
    return out[:count]


async def _produce(bootstrap: str, records: list[tuple[str, bytes, bytes]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=50, max_batch_size=512 * 1024, acks=1)
    await producer.start()
    try:
        pending = []
        for topic, key, value in records:
            pending.append(await producer.send(topic, value=value, key=key))
            if len(pending) >= 20_000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        await producer.stop()


def _metrics_env() -> dict[str, str]:
    result = subprocess.run([sys.executable, "-m", "deploy.devstack", "env", "metrics", "--profile", "bench"],
                            cwd=REPO_ROOT, text=True, capture_output=True, check=True)
    return dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)


async def _national_letters(client: httpx.AsyncClient) -> int:
    body = (await client.get("/adoption/distribution", params={"national": "true",
                                                                "fiscal_year": FISCAL_YEAR})).json()
    return sum(body["totals"][k] for k in ("sent_electronic", "sent_paper", "received_electronic", "received_paper"))


async def _wait_until_stable(client: httpx.AsyncClient, *, quiet_s: float = 6, timeout_s: float = 1800) -> int:
    """Waits until the national letter count stops moving (the live consumers caught up)."""
    deadline = time.monotonic() + timeout_s
    last, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        now = await _national_letters(client)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return now
        await asyncio.sleep(1)
    raise RuntimeError("the metrics service did not catch up")


DASHBOARD_CALLS = [("distribution", {"granularity": "month"}), ("channel-mix", {}), ("speed", {}),
                   ("usage", {"granularity": "month"}), ("meetings", {}), ("savings", {}),
                   ("ranking", {"level": "province"})]


async def _dashboard_latencies(client: httpx.AsyncClient, rounds: int = 10) -> list[float]:
    """Every dashboard request, for the nation, a province, a ministry and an agency, over the fiscal year."""
    scopes = [{"national": "true"}, {"province_code": "10"}, {"ministry_id": "bm-3"}, {"agency_id": "ba-7"},
              {"national": "true", "date_from": "2025-11-17", "date_to": "2026-02-09"}]
    latencies = []
    for _ in range(rounds):
        for scope in scopes:
            for measure, extra in DASHBOARD_CALLS:
                params = {"fiscal_year": FISCAL_YEAR, **scope, **extra}
                if "date_from" in params:
                    params.pop("fiscal_year")
                started = time.perf_counter()
                response = await client.get(f"/adoption/{measure}", params=params)
                latencies.append(time.perf_counter() - started)
                response.raise_for_status()
    return latencies


async def _freshness(stack: dict, client: httpx.AsyncClient, samples: int = 50) -> list[float]:
    """From producing a LetterSent to seeing it counted by the API, one letter at a time."""
    tpl = Templates()
    producer = AIOKafkaProducer(bootstrap_servers=stack["kafka_bootstrap"], acks="all")
    await producer.start()
    delays = []
    try:
        for n in range(samples):
            agency = f"bench-fresh-{n % 5}"
            # Counted on the day the letter is sent (not in a fixed fiscal year, which the clock leaves behind).
            sent_at = bangkok_now()
            day = sent_at.date().isoformat()
            params = {"agency_id": agency, "date_from": day, "date_to": day}
            before = (await client.get("/adoption/distribution", params=params)).json()["totals"]["sent_electronic"]
            topic, key, value = tpl.make("sent", agency, letter_id=str(uuid.uuid4()), sender_agency_id=agency,
                                         sent_at=_iso(sent_at))
            started = time.perf_counter()
            await producer.send_and_wait(topic, value=value, key=key)
            while (await client.get("/adoption/distribution", params=params)).json()["totals"][
                    "sent_electronic"] == before:
                if time.perf_counter() - started > 30:
                    raise RuntimeError("a letter did not reach the figures within 30 s")
                await asyncio.sleep(0.01)
            delays.append(time.perf_counter() - started)
    finally:
        await producer.stop()
    return delays


async def run(stack: dict, *, events: int = EVENTS) -> dict[str, float]:
    env = _metrics_env()
    headers = admin_headers(env["METRICS_AUTH_SECRET"])
    async with httpx.AsyncClient(base_url=stack["services"]["metrics"], timeout=60, headers=headers) as client:
        before = await _national_letters(client)
        generated_at = time.perf_counter()
        records = generate(events)
        generate_s = time.perf_counter() - generated_at
        produced_at = time.perf_counter()
        await _produce(stack["kafka_bootstrap"], records)
        produce_s = time.perf_counter() - produced_at
        del records
        await _wait_until_stable(client)
        live_s = time.perf_counter() - produced_at
        after = await _national_letters(client)

        replay_started = time.perf_counter()
        replay = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "metrics_service.replay", cwd=REPO_ROOT, env={**os.environ, **env},
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        stdout, stderr = await replay.communicate()
        replay_s = time.perf_counter() - replay_started
        if replay.returncode != 0:
            raise RuntimeError(f"replay failed: {stderr.decode()[-2000:]}")
        # "replayed N records in …": more than the generated events when the bench stack kept older data.
        replayed = int(stdout.decode().split("replayed ", 1)[1].split()[0])
        if await _national_letters(client) != after:
            raise RuntimeError("the replay did not rebuild the same national letter count")

        latencies = await _dashboard_latencies(client)
        delays = await _freshness(stack, client)
    return {
        "metrics_events_generated_s": generate_s,
        "metrics_events_produced_s": produce_s,
        "metrics_live_consume_1m_events_s": live_s,
        "metrics_letters_projected": after - before,
        "metrics_replay_1m_events_s": replay_s,
        "metrics_replay_events": replayed,
        "metrics_replay_events_per_s": replayed / replay_s,
        "dashboard_query_p50_ms": percentile(latencies, 50) * 1000,
        "dashboard_query_p95_ms": percentile(latencies, 95) * 1000,
        "dashboard_query_p99_ms": percentile(latencies, 99) * 1000,
        "metrics_freshness_p50_ms": percentile(delays, 50) * 1000,
        "metrics_freshness_p95_ms": percentile(delays, 95) * 1000,
        "metrics_freshness_p99_ms": percentile(delays, 99) * 1000,
    }
