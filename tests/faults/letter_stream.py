"""A steady stream of letters between test agencies, sent the way an agency's system sends them.

Each letter is three calls to the documents API: upload its PDF, create-and-send it (with an Idempotency-Key),
and the recipient's accept (ลงรับ, with its own key). A call that gets no answer or a 5xx answer is retried with
the same key after a short pause, as an agency system would; a 4xx answer is a refusal and ends the letter.
Every attempt is recorded with its time window, so the checks can tell which attempt did the work.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support import minimal_pdf, official_fields

DEMO_PARENT = "cm"  # the demo province: test agencies hang below it like its provincial offices
PASSWORD = "faults-password-2569"
SMTP_DOMAIN = "example.go.th"


@dataclass(frozen=True)
class Agency:
    """A fresh agency made for one test, with one correspondence clerk (who has an e-mail address)."""

    agency_id: str
    clerk_email: str
    clerk: dict[str, str]  # the clerk's Authorization header


async def create_agencies(documents: httpx.AsyncClient, admin: dict[str, str], count: int) -> list[Agency]:
    """New agencies, so their registers start at 1 and every letter, notification and figure of theirs is the test's."""
    run = uuid.uuid4().hex[:8]
    return list(await asyncio.gather(*(_create_agency(documents, admin, f"faults-{run}-{n}", n)
                                       for n in range(1, count + 1))))


async def _create_agency(documents: httpx.AsyncClient, admin: dict[str, str], agency_id: str, n: int) -> Agency:
    created = await documents.post("/agencies", headers=admin, json={
        "agency_id": agency_id, "parent_id": DEMO_PARENT, "kind": "provincial_office", "province_code": "50",
        "name_th": f"สำนักงานทดสอบความทนทาน {agency_id}", "letter_prefix": f"ทส {n:04d}"})
    assert created.status_code == 201, created.text
    email = f"clerk@{agency_id}.{SMTP_DOMAIN}"
    user = await documents.post("/users", headers=admin, json={
        "agency_id": agency_id, "username": f"clerk@{agency_id}", "display_name": f"เจ้าหน้าที่สารบรรณ {n}",
        "roles": ["clerk"], "password": PASSWORD, "email": email})
    assert user.status_code == 201, user.text
    login = await documents.post("/auth/login", json={"username": f"clerk@{agency_id}", "password": PASSWORD})
    assert login.status_code == 200, login.text
    return Agency(agency_id, email, {"Authorization": f"Bearer {login.json()['access_token']}"})


@dataclass(frozen=True)
class Attempt:
    """One HTTP call; `status` None means no answer came (connection refused or cut, timeout)."""

    started: float
    ended: float
    status: int | None
    error: str = ""  # the error code of an error answer (or its text when it has none), or why none came
    correlation_id: str = ""  # sent as X-Correlation-ID: find the attempt in the services' logs

    @property
    def answered_with_error(self) -> bool:
        return self.status is not None and not 200 <= self.status < 300


@dataclass
class Step:
    attempts: list[Attempt] = field(default_factory=list)
    answer: dict[str, Any] | None = None  # the body of the successful answer

    def attempt_at(self, moment: float) -> Attempt | None:
        """The attempt that was under way at `moment` (epoch seconds), if any."""
        return next((a for a in self.attempts if a.started <= moment <= a.ended), None)


@dataclass
class Letter:
    sender: Agency
    recipient: Agency
    subject: str
    pdf: bytes
    upload: Step = field(default_factory=Step)
    send: Step = field(default_factory=Step)
    accept: Step = field(default_factory=Step)
    send_key: str = field(default_factory=lambda: str(uuid.uuid4()))
    accept_key: str = field(default_factory=lambda: str(uuid.uuid4()))
    refused: str = ""  # why an answer ended the letter (a 4xx); empty while all is well

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    @property
    def done(self) -> bool:
        return self.accept.answer is not None

    @property
    def letter_id(self) -> str:
        assert self.send.answer is not None
        return self.send.answer["letter_id"]

    @property
    def delivery_id(self) -> str:
        assert self.send.answer is not None
        return self.send.answer["deliveries"][0]["delivery_id"]

    def steps(self) -> dict[str, Step]:
        return {"upload": self.upload, "send": self.send, "accept": self.accept}


def error_code(response: httpx.Response) -> str:
    """The code of an error answer ({"error": {"code": …}}), or the start of its text when it is not one."""
    try:
        return response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return response.text[:200]


class Refused(Exception):
    """A 4xx answer: the request was understood and refused, so retrying it would not help."""


class LetterStream:
    """Starts `per_second` letters a second between random pairs of `agencies` until `finish()`.

    At most `max_in_flight` letters are under way at once: while a dependency is down, retries pile up to
    that bound and the stream slows down instead of flooding the service when it comes back.
    """

    def __init__(self, documents_url: str, agencies: Sequence[Agency], *, per_second: float = 10,
                 max_in_flight: int = 40) -> None:
        assert len(agencies) >= 2
        self.letters: list[Letter] = []
        self._agencies = list(agencies)
        self._interval = 1 / per_second
        self._slots = asyncio.Semaphore(max_in_flight)
        self._client = httpx.AsyncClient(base_url=documents_url, timeout=30,
                                         limits=httpx.Limits(max_connections=max_in_flight))
        self._tasks: set[asyncio.Task[None]] = set()
        self._pacer: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def __aenter__(self) -> LetterStream:
        self._pacer = asyncio.create_task(self._pace(), name="letter-stream")
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stopping.set()
        for task in (*self._tasks, *([self._pacer] if self._pacer else [])):
            task.cancel()
        await asyncio.gather(*self._tasks, *([self._pacer] if self._pacer else []), return_exceptions=True)
        await self._client.aclose()

    async def wait_for_sent(self, count: int, *, timeout_s: float = 60) -> None:
        """Until `count` more letters than now were sent: the stream is flowing (e.g. before a fault)."""
        target = self.sent + count
        deadline = time.monotonic() + timeout_s
        while self.sent < target:
            assert time.monotonic() < deadline, f"only {self.sent} of {target} letters sent after {timeout_s} s"
            await asyncio.sleep(0.1)

    async def finish(self, *, timeout_s: float = 90) -> None:
        """Stops starting letters and waits until every started one was sent and accepted (or refused)."""
        self._stopping.set()
        assert self._pacer is not None
        await self._pacer
        done, pending = await asyncio.wait(self._tasks, timeout=timeout_s) if self._tasks else (set(), set())
        assert not pending, f"{len(pending)} letters still unfinished {timeout_s} s after the stream stopped"
        for task in done:
            task.result()  # a bug in the driver itself must not pass silently

    async def wait_for_failures(self, *, since: float, timeout_s: float = 30) -> None:
        """Until a call started after `since` (epoch seconds) got an error answer or none: the fault reached
        the agencies."""
        deadline = time.monotonic() + timeout_s
        while not any(attempt.started >= since and (attempt.status is None or attempt.answered_with_error)
                      for letter in self.letters for step in letter.steps().values() for attempt in step.attempts):
            assert time.monotonic() < deadline, f"no call failed within {timeout_s} s of the fault"
            await asyncio.sleep(0.1)

    @property
    def sent(self) -> int:
        return sum(letter.send.answer is not None for letter in self.letters)

    def summary(self) -> dict[str, Any]:
        """Letters and every attempt's outcome per step, e.g. {'send': {'201': 240, '503': 5, 'no answer (…)': 3}}."""
        outcomes: dict[str, Counter[str]] = {}
        for letter in self.letters:
            for name, step in letter.steps().items():
                outcomes.setdefault(name, Counter()).update(
                    str(a.status) if a.status is not None else f"no answer ({a.error})" for a in step.attempts)
        return {"letters": len(self.letters), "done": sum(letter.done for letter in self.letters),
                "attempts": {name: dict(counter) for name, counter in outcomes.items()}}

    async def _pace(self) -> None:
        next_at = time.monotonic()
        while True:
            await self._slots.acquire()
            if self._stopping.is_set():
                self._slots.release()
                return
            sender, recipient = random.sample(self._agencies, 2)
            subject = f"ทดสอบความทนทาน {uuid.uuid4()}"
            letter = Letter(sender, recipient, subject, minimal_pdf(subject))
            self.letters.append(letter)
            task = asyncio.create_task(self._run(letter))
            self._tasks.add(task)
            next_at += self._interval
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))

    async def _run(self, letter: Letter) -> None:
        try:
            attachment = await self._call(letter.upload, 201, lambda traced: self._client.post(
                "/attachments", params={"filename": "หนังสือ.pdf"}, content=letter.pdf,
                headers={**letter.sender.clerk, **traced}))
            await self._call(letter.send, 201, lambda traced: self._client.post(
                "/letters", headers={**letter.sender.clerk, "Idempotency-Key": letter.send_key, **traced}, json={
                    **official_fields(letter.subject), "urgency": 3, "send": True,
                    "recipient_agency_ids": [letter.recipient.agency_id],
                    "main_attachment_id": attachment["attachment_id"]}))
            await self._call(letter.accept, 200, lambda traced: self._client.post(
                f"/deliveries/{letter.delivery_id}/accept",
                headers={**letter.recipient.clerk, "Idempotency-Key": letter.accept_key, **traced}))
        except Refused as refusal:
            letter.refused = str(refusal)
        finally:
            self._slots.release()

    @staticmethod
    async def _call(step: Step, ok: int,
                    request: Callable[[dict[str, str]], Awaitable[httpx.Response]]) -> dict[str, Any]:
        """`request` gets the attempt's tracing header and makes the call; retried until `ok` or a refusal."""
        pause = 0.2
        while True:
            started, correlation_id = time.time(), f"faults-{uuid.uuid4()}"
            try:
                response = await request({"X-Correlation-ID": correlation_id})
            except httpx.TransportError as exc:
                step.attempts.append(Attempt(started, time.time(), None, type(exc).__name__, correlation_id))
            else:
                step.attempts.append(Attempt(started, time.time(), response.status_code,
                                             "" if response.status_code == ok else error_code(response), correlation_id))
                if response.status_code == ok:
                    step.answer = response.json()
                    return step.answer
                if response.status_code < 500:
                    raise Refused(f"{response.status_code} {response.text[:300]}")
            await asyncio.sleep(pause)
            pause = min(pause * 2, 2.0)
