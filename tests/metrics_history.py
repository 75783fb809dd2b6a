"""A generated history for the metrics tests: every event type, straight to Kafka, with figures worked out by hand.

The history lives in one fiscal year of a random past year and in agencies, provinces and a ministry named
after a run tag, so the figures of one run are not touched by other tests or by earlier runs (the test
stack keeps its Kafka topics and database between runs).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaProducer

from opensaraban_shared.events import (
    Actor,
    AgencyChanged,
    AgendaItemSubmitted,
    AgendaPublished,
    Envelope,
    Event,
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
from opensaraban_shared.events.documents import ReviewStepCompleted
from opensaraban_shared.thai import BANGKOK
from opensaraban_shared.vocabulary import Channel, LetterKind, Secrecy, Urgency

HOUR = 3600
DAY = 86_400


async def produce(bootstrap: str, envelopes: list[Envelope[Any]]) -> None:
    """Publishes the envelopes in order, keyed as the real producers key them."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5, acks="all", enable_idempotence=True)
    await producer.start()
    try:
        futures = [
            await producer.send(e.topic.name, value=e.to_bytes(), key=e.key.encode(),
                                headers=[(k, v.encode()) for k, v in e.headers().items()])
            for e in envelopes
        ]
        await producer.flush()
        for future in futures:
            await future
    finally:
        await producer.stop()


@dataclass
class History:
    """Builds events in the order they happen; each gets a fresh envelope."""

    tag: str
    year: int
    envelopes: list[Envelope[Any]] = field(default_factory=list)

    def at(self, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
        """A Bangkok time in the history: months 10–12 fall in `year`, 1–9 in `year + 1` (one fiscal year)."""
        return datetime(self.year if month >= 10 else self.year + 1, month, day, hour, minute, tzinfo=BANGKOK)

    def emit(self, event: Event, agency_id: str, user_id: str | None = None) -> None:
        self.envelopes.append(new_envelope(event, producer="test-history", actor=Actor(agency_id=agency_id,
                                                                                        user_id=user_id)))

    # --- the directory ---

    def agency(self, agency_id: str, kind: str, parent_id: str | None, province_code: str | None) -> None:
        self.emit(AgencyChanged(agency_id=agency_id, name_th=f"หน่วยงานทดสอบ {agency_id}", name_en=agency_id,
                                kind=kind, parent_id=parent_id, province_code=province_code, active=True,
                                changed_at=self.at(10, 1, 8)), agency_id)

    def user(self, user_id: str, agency_id: str, *, active: bool = True) -> None:
        self.emit(UserChanged(user_id=user_id, agency_id=agency_id, display_name=user_id, roles=["clerk"],
                              active=active, changed_at=self.at(10, 1, 8)), agency_id, user_id)

    def sign_in(self, user_id: str, agency_id: str, when: datetime) -> None:
        self.emit(UserAuthenticated(user_id=user_id, agency_id=agency_id, authenticated_at=when), agency_id, user_id)

    # --- letters ---

    def send(self, sender: str, province: str | None, recipients: list[str], when: datetime, *,
             channel: Channel = Channel.ELECTRONIC, urgency: Urgency = Urgency.NORMAL,
             external: int = 0, approved: bool = False, signed: bool = False) -> dict[str, Any]:
        letter = {
            "letter_id": uuid.uuid4(), "letter_number": f"ทส {random.randint(1, 9999)}", "sender_agency_id": sender,
            "kind": LetterKind.EXTERNAL, "urgency": urgency, "secrecy": Secrecy.NORMAL, "channel": channel,
            "subject": "หนังสือทดสอบ", "sender_province_code": province,
        }
        self.emit(LetterSent(**letter, send_register_number=random.randint(1, 9999), is_circular=len(recipients) > 1,
                             recipient_agency_ids=recipients, external_recipient_count=external,
                             attachment_count=1, sent_at=when, approved_electronically=approved,
                             signed_digitally=signed), sender)
        return letter

    def deliver_and_accept(self, letter: dict[str, Any], recipient: str, province: str | None, sent_at: datetime,
                           *, delivery_s: float, acceptance_s: float) -> tuple[uuid.UUID, datetime]:
        delivery_id = uuid.uuid4()
        delivered_at = sent_at + timedelta(seconds=delivery_s)
        accepted_at = delivered_at + timedelta(seconds=acceptance_s)
        self.emit(LetterDelivered(**letter, delivery_id=delivery_id, recipient_agency_id=recipient,
                                  recipient_province_code=province, sent_at=sent_at, delivered_at=delivered_at),
                  letter["sender_agency_id"])
        self.emit(LetterAccepted(**letter, delivery_id=delivery_id, recipient_agency_id=recipient,
                                 recipient_province_code=province, receive_register_number=random.randint(1, 9999),
                                 delivered_at=delivered_at, accepted_at=accepted_at), recipient)
        return delivery_id, accepted_at

    def register_paper(self, recipient: str, province: str | None, when: datetime) -> None:
        """A paper letter from outside, registered in the receive register on arrival."""
        letter = {
            "letter_id": uuid.uuid4(), "letter_number": "ที่ กระดาษ 1", "sender_agency_id": f"outside-{self.tag}",
            "kind": LetterKind.EXTERNAL, "urgency": Urgency.NORMAL, "secrecy": Secrecy.NORMAL,
            "channel": Channel.PAPER, "subject": "หนังสือกระดาษ",
        }
        self.emit(LetterAccepted(**letter, delivery_id=uuid.uuid4(), recipient_agency_id=recipient,
                                 recipient_province_code=province, receive_register_number=1, delivered_at=None,
                                 accepted_at=when), recipient)

    def assign(self, letter: dict[str, Any], delivery_id: uuid.UUID, agency: str, when: datetime,
               deadline: datetime | None) -> None:
        self.emit(LetterRouted(**letter, delivery_id=delivery_id, routing_id=uuid.uuid4(), agency_id=agency,
                               action="assign", to_user_id="officer", from_user_id="clerk", deadline=deadline,
                               routed_at=when), agency)

    def close(self, letter: dict[str, Any], delivery_id: uuid.UUID, agency: str, when: datetime) -> None:
        self.emit(LetterClosed(**letter, delivery_id=delivery_id, agency_id=agency, closed_at=when), agency)

    def review_step(self, agency: str, province: str | None, urgency: Urgency, assigned_at: datetime,
                    hours: float) -> None:
        """One step of a draft's review chain, acted on `hours` after it was assigned."""
        self.emit(ReviewStepCompleted(
            letter_id=uuid.uuid4(), agency_id=agency, agency_province_code=province, kind=LetterKind.INTERNAL,
            urgency=urgency, secrecy=Secrecy.NORMAL, subject="ร่างทดสอบ", drafter_user_id="drafter", round=1,
            version=1, position=1, role="review", action="passed", holder_user_id="reviewer",
            actor_user_id="reviewer", assigned_at=assigned_at, acted_at=assigned_at + timedelta(hours=hours)), agency)

    # --- meetings ---

    def meeting(self, secretariat: str, province: str | None, starts_at: datetime, *, items: int, late: int,
                packs: list[tuple[datetime, int, int]]) -> None:
        """Items submitted, packs published as (when, pages, members) versions, then the meeting held."""
        common = {"meeting_id": uuid.uuid4(), "committee_id": f"committee-{secretariat}",
                  "committee_name": "คณะกรรมการทดสอบ", "secretariat_agency_id": secretariat,
                  "province_code": province, "meeting_number": "๑/๒๕๐๐", "starts_at": starts_at}
        for n in range(items):
            self.emit(AgendaItemSubmitted(**common, item_id=uuid.uuid4(), title=f"วาระ {n}", section=3,
                                          submitted_by_agency_id=secretariat, late=n < late,
                                          submitted_at=starts_at - timedelta(days=10)), secretariat)
        for version, (when, pages, members) in enumerate(packs, start=1):
            self.emit(AgendaPublished(**common, version=version, pack_object_key=f"packs/{uuid.uuid4()}",
                                      pack_sha256="0" * 64, pack_size=1000, pack_pages=pages, item_count=items,
                                      late_item_count=late, member_agency_ids=[f"m{i}" for i in range(members)],
                                      member_user_ids=[], published_at=when), secretariat)
        self.emit(MeetingHeld(**common, present_count=8, substitute_count=1, absent_count=1, guest_count=0,
                              agenda_published_at=packs[-1][0] if packs else None, held_at=starts_at), secretariat)


@dataclass(frozen=True)
class Ids:
    tag: str
    year: int
    ministry: str
    p1: str
    p2: str
    a1: str
    a2: str
    a3: str
    b1: str
    b2: str
    dept: str

    @property
    def fiscal_year(self) -> int:
        return self.year + 1 + 543


REVIEW_HOURS_MOST_URGENT = (0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 6, 8)


def adoption_history() -> tuple[Ids, History]:
    """The scenario of tests/integration/test_metrics_measures.py (its docstring has the hand-worked figures)."""
    tag = uuid.uuid4().hex[:8]
    year = random.randint(1950, 2015)
    p1, p2 = f"p1-{tag}", f"p2-{tag}"
    ids = Ids(tag=tag, year=year, ministry=f"min-{tag}", p1=p1, p2=p2, a1=f"a1-{tag}", a2=f"a2-{tag}",
              a3=f"a3-{tag}", b1=f"b1-{tag}", b2=f"b2-{tag}", dept=f"dept-{tag}")
    h = History(tag=tag, year=year)
    # Directory: children before parents on purpose (the ministry roll-up must not depend on the order).
    h.agency(ids.a1, "provincial_office", f"pv1-{tag}", p1)
    h.agency(ids.a2, "provincial_office", f"pv1-{tag}", p1)
    h.agency(ids.a3, "provincial_office", f"pv1-{tag}", p1)
    h.agency(ids.b1, "provincial_office", f"pv2-{tag}", p2)
    h.agency(ids.b2, "provincial_office", f"pv2-{tag}", p2)
    h.agency(f"pv1-{tag}", "province", ids.ministry, p1)
    h.agency(f"pv2-{tag}", "province", ids.ministry, p2)
    h.agency(ids.dept, "department", ids.ministry, None)
    h.agency(ids.ministry, "ministry", None, None)
    for n in (1, 2, 3):
        h.user(f"u-a1-{n}-{tag}", ids.a1)
    h.user(f"u-a2-1-{tag}", ids.a2)
    h.user(f"u-b1-1-{tag}", ids.b1)
    h.user(f"u-b1-2-{tag}", ids.b1, active=False)
    h.user(f"u-b2-1-{tag}", ids.b2)

    # A1 → A2: eleven electronic letters, delivered in 1…11 s, accepted after these many seconds.
    acceptance = [600, 1200, 1800, 3600, 5400, 7200, 10800, 14400, 43200, 90000, 172800]
    handled: list[tuple[dict[str, Any], uuid.UUID, datetime]] = []
    for n, accept_s in enumerate(acceptance, start=1):
        sent_at = h.at(11, 15, 9, n)
        letter = h.send(ids.a1, p1, [ids.a2], sent_at, approved=n <= 8, signed=n <= 5)
        delivery_id, accepted_at = h.deliver_and_accept(letter, ids.a2, p1, sent_at, delivery_s=n,
                                                        acceptance_s=accept_s)
        handled.append((letter, delivery_id, accepted_at))
    # A2 assigns four of them: closed in 1 h (deadline 2 h: on time), 2 h (deadline 1 h: late),
    # 2 days (deadline 1 day: late), never (deadline 1 day: open and overdue).
    for (letter, delivery_id, accepted_at), (close_s, deadline_s) in zip(
            handled[:4], [(HOUR, 2 * HOUR), (2 * HOUR, HOUR), (2 * DAY, DAY), (None, DAY)], strict=True):
        assigned_at = accepted_at + timedelta(minutes=1)
        h.assign(letter, delivery_id, ids.a2, assigned_at, assigned_at + timedelta(seconds=deadline_s))
        if close_s is not None:
            h.close(letter, delivery_id, ids.a2, assigned_at + timedelta(seconds=close_s))
    h.send(ids.a1, p1, [], h.at(11, 16), channel=Channel.PAPER, external=2)
    h.register_paper(ids.a2, p1, h.at(11, 20))
    h.send(ids.a3, p1, [], h.at(11, 21), channel=Channel.PAPER, external=1)

    # B1 → B2: two most-urgent electronic letters; B2 itself sends only on paper.
    for delivery_s, accept_s in ((5, 300), (15, 900)):
        sent_at = h.at(12, 2, 10)
        letter = h.send(ids.b1, p2, [ids.b2], sent_at, urgency=Urgency.MOST_URGENT, approved=delivery_s == 5,
                        signed=delivery_s == 5)
        h.deliver_and_accept(letter, ids.b2, p2, sent_at, delivery_s=delivery_s, acceptance_s=accept_s)
    h.send(ids.b2, p2, [], h.at(12, 3), channel=Channel.PAPER, external=1)
    h.send(ids.b2, p2, [], h.at(12, 4), channel=Channel.PAPER, external=1)

    # The department's urgent circular to A1, A2 and B1.
    sent_at = h.at(1, 5, 9)
    circular = h.send(ids.dept, None, [ids.a1, ids.a2, ids.b1], sent_at, urgency=Urgency.URGENT, approved=True,
                       signed=True)
    for recipient, province, accept_s in ((ids.a1, p1, 100_000), (ids.a2, p1, 3600), (ids.b1, p2, 7200)):
        h.deliver_and_accept(circular, recipient, province, sent_at, delivery_s=30, acceptance_s=accept_s)

    # Review chain steps: A1's eleven most urgent, three urgent, one normal; B1's one urgent.
    for n, hours in enumerate(REVIEW_HOURS_MOST_URGENT):
        h.review_step(ids.a1, p1, Urgency.MOST_URGENT, h.at(11, 10, 8, n), hours)
    for hours in (1, 2, 3):
        h.review_step(ids.a1, p1, Urgency.URGENT, h.at(11, 11, 8), hours)
    h.review_step(ids.a1, p1, Urgency.NORMAL, h.at(11, 12, 8), 30)
    h.review_step(ids.b1, p2, Urgency.URGENT, h.at(12, 1, 8), 5)

    # Sign-ins.
    for day in (3, 4, 5):
        h.sign_in(f"u-a1-1-{tag}", ids.a1, h.at(11, day, 8))
    h.sign_in(f"u-a1-1-{tag}", ids.a1, h.at(1, 10, 8))
    h.sign_in(f"u-a1-1-{tag}", ids.a1, h.at(1, 10, 13))  # twice on one day: one active user
    h.sign_in(f"u-a1-2-{tag}", ids.a1, h.at(11, 4, 8))
    h.sign_in(f"u-a2-1-{tag}", ids.a2, h.at(1, 10, 8))
    h.sign_in(f"u-b1-1-{tag}", ids.b1, h.at(11, 20, 8))

    # Meetings: province 1 holds two (one with a pack published 7 days ahead), province 2 one (pack v2, 3 days).
    h.meeting(f"pv1-{tag}", p1, h.at(11, 17), items=3, late=1, packs=[(h.at(11, 10), 40, 10)])
    h.meeting(f"pv1-{tag}", p1, h.at(12, 1), items=2, late=0, packs=[])
    h.meeting(ids.b1, p2, h.at(1, 6), items=1, late=1, packs=[(h.at(1, 1), 10, 5), (h.at(1, 3), 12, 5)])
    return ids, h


def admin_headers(secret: str, agency_id: str = "metrics-test-admin") -> dict[str, str]:
    """A national administrator's token, signed with the stack's secret (no demo user needed)."""
    from opensaraban_shared.auth import Principal, Role, issue_access_token

    principal = Principal(subject_id="metrics-admin", kind="user", agency_id=agency_id,
                          roles=frozenset({Role.ADMINISTRATOR}), display_name="ผู้ดูแลระบบ", clearance=0)
    return {"Authorization": f"Bearer {issue_access_token(principal, secret=secret)}"}


def user_headers(secret: str, agency_id: str) -> dict[str, str]:
    from opensaraban_shared.auth import Principal, Role, issue_access_token

    principal = Principal(subject_id=f"clerk-{agency_id}", kind="user", agency_id=agency_id,
                          roles=frozenset({Role.CLERK}), display_name="เจ้าหน้าที่", clearance=0)
    return {"Authorization": f"Bearer {issue_access_token(principal, secret=secret)}"}


async def figures_complete(client: Any, ids: Ids, headers: dict[str, str]) -> bool:
    """Whether every consumer has projected the whole history (the last figure of each topic is there)."""
    scope = {"ministry_id": ids.ministry, "fiscal_year": ids.fiscal_year}
    dist = (await client.get("/adoption/distribution", params=scope, headers=headers)).json()
    meetings = (await client.get("/adoption/meetings", params=scope, headers=headers)).json()
    usage = (await client.get("/adoption/usage", params=scope, headers=headers)).json()
    speed = (await client.get("/adoption/speed", params=scope, headers=headers)).json()
    totals = dist["totals"]
    handling = [s for s in speed["stages"] if s["stage"] == "handling"]
    review_steps = sum(s["count"] for s in speed["stages"] if s["stage"] == "review_step")
    return (sum(totals[k] for k in ("sent_electronic", "sent_paper", "received_electronic", "received_paper")) == 35
            and meetings["held"] == 3 and meetings["agenda_items"] == 6 and usage["active_users"] == 4
            and usage["registered_users"] == 6 and usage["agencies_registered"] == 9
            and bool(handling) and handling[0]["count"] == 3 and review_steps == 16)
