"""Helpers for end-to-end tests: sign in, upload, send, and wait for eventually-consistent results."""

from __future__ import annotations

import asyncio
import importlib
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from deploy.devstack.paths import StackPaths, get_profile
from opensaraban_shared import clock
from opensaraban_shared.events import Topic
from opensaraban_shared.storage import ObjectStore
from opensaraban_shared.thai import BANGKOK

DEMO_PASSWORD = "saraban-demo-2569"
REPO = Path(__file__).resolve().parents[1]
PROFILE = "test"
STACK_PATHS = StackPaths.for_profile(get_profile(PROFILE), REPO)
STACK_JSON = STACK_PATHS.stack_json
ARTIFACTS = STACK_PATHS.root / "artifacts"
"""Screenshots and files the tests keep for people to look at."""
T = TypeVar("T")
BACK_ENDS = ("documents", "meeting", "notify", "metrics")
"""The services with an HTTP API of their own (the portal only renders pages from theirs)."""


def unique_tag() -> str:
    """Six characters that tell a test's records apart, never all digits: pages print a run of digits in Thai digits
    (format_digits), so an all-digit tag would not read back as written; a letter beside them keeps them as typed."""
    return "t" + uuid.uuid4().hex[:5]


def bangkok_now() -> datetime:
    """The business 'now' as Bangkok wall time. It is the services' clock (opensaraban_shared.clock, set by
    OPENSARABAN_CLOCK for calendar tests), never the host's. A test takes the years and days it expects from the
    dates it used or got back, not from a second reading, which may fall on the other side of midnight."""
    return clock.now().astimezone(BANGKOK)


def from_now(**delta: float) -> str:
    """A business moment `delta` (timedelta's keywords) from now, as the APIs take it: a deadline that is still
    ahead (or already past) whatever day the clock says."""
    return (bangkok_now() + timedelta(**delta)).isoformat()


def minimal_pdf(text: str, *, filler: bytes = b"") -> bytes:
    """A small valid one-page PDF whose bytes differ per `text` (so content addressing sees new files);
    `filler` goes into an extra stream object, to make a valid PDF as large as a test needs."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    if filler:
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(filler), filler))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def one_connection_per_request(base_url: str = "", *, timeout: float = 30) -> httpx.AsyncClient:
    """A client that never reuses a connection. The server closes an idle kept-alive one (uvicorn: after 5 s),
    and a request sent on it at that moment fails without having reached the service: checks must not flake so."""
    return httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=httpx.Limits(max_keepalive_connections=0))


async def sign_in(documents_url: str, username: str) -> dict[str, str]:
    async with httpx.AsyncClient(base_url=documents_url, timeout=30) as client:
        response = await client.post("/auth/login", json={"username": username, "password": DEMO_PASSWORD})
        response.raise_for_status()
        return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def send_letter(client: httpx.AsyncClient, headers: dict[str, str], *, to: list[str],
                      subject: str | None = None, pdf: bytes | None = None, **fields: Any) -> dict:
    """Upload one PDF, draft a letter with it as the main letter (and `fields`, e.g. secrecy), send it; returns
    the sent letter."""
    subject = subject or f"ทดสอบ {uuid.uuid4()}"
    upload = await client.post("/attachments", params={"filename": "หนังสือ.pdf"},
                               content=pdf or minimal_pdf(subject), headers=headers)
    assert upload.status_code == 201, upload.text
    draft = await client.post("/letters", headers=headers, json={
        **official_fields(subject), "urgency": 3,
        "recipient_agency_ids": to, "main_attachment_id": upload.json()["attachment_id"], **fields,
    })
    assert draft.status_code == 201, draft.text
    sent = await client.post(f"/letters/{draft.json()['letter_id']}/send", headers=headers)
    assert sent.status_code == 200, sent.text
    return sent.json()


def official_fields(subject: str) -> dict[str, str]:
    """What an external letter must carry before it can be numbered."""
    return {
        "subject": subject, "salutation": "ผู้อำนวยการสำนักงานสถิติจังหวัดเชียงใหม่",
        "body": "ด้วยสำนักงานจังหวัดเชียงใหม่ขอเชิญท่านเข้าร่วมประชุม จึงเรียนมาเพื่อโปรดพิจารณา",
        "closing": "ขอแสดงความนับถือ", "signatory_name": "นายสมชาย ใจดี", "signatory_position": "ผู้ว่าราชการจังหวัดเชียงใหม่",
        "owning_unit": "กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด", "contact": "โทร. 0 5311 2345",
    }


async def eventually(probe: Callable[[], Awaitable[T | None]], *, timeout_s: float = 20, what: str) -> T:
    """Polls until `probe` returns something truthy; fails with `what` on timeout."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = await probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        await asyncio.sleep(0.1)


def service_openapi(service: str) -> dict:
    """A back end's OpenAPI document as its app factory builds it (no server, no connection)."""
    from opensaraban_shared.service_app import create_app

    package = f"{service}_service"
    settings = getattr(importlib.import_module(f"{package}.settings"), f"{service.capitalize()}Settings")()
    return create_app(importlib.import_module(f"{package}.app").BLUEPRINT, settings).openapi()


def verify_audit_log(dsn: str, schema: str, *, anchors_from: str | None = None) -> subprocess.CompletedProcess[str]:
    """Runs the audit log's verify command on one schema (exit 1 and a BROKEN line per break); with `anchors_from`
    (Kafka bootstrap) each chain's head is checked against its anchor too."""
    anchors = ["--anchors-from", anchors_from] if anchors_from else []
    return subprocess.run([sys.executable, "-m", "opensaraban_shared.audit", "--dsn", dsn, "--schema", schema,
                           *anchors], capture_output=True, text=True, timeout=120)


async def settles(probe: Callable[[], Awaitable[T]], expected: T, *, timeout_s: float = 30, what: str) -> None:
    """Polls until `probe` returns exactly `expected`; on timeout fails showing how the last answer differs."""
    deadline = time.monotonic() + timeout_s
    while (actual := await probe()) != expected:
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still different after {timeout_s} s\n{difference(actual, expected)}")
        await asyncio.sleep(0.2)


def difference(actual: object, expected: object, *, show: int = 10) -> str:
    """What is missing, unexpected or different, for mappings (e.g. counts by key); else both values."""
    if not (isinstance(actual, dict) and isinstance(expected, dict)):
        return f"actual:   {actual!r}\nexpected: {expected!r}"
    missing = [k for k in expected if k not in actual]
    unexpected = [k for k in actual if k not in expected]
    changed = [f"{k!r}: {actual[k]!r} instead of {expected[k]!r}" for k in expected if k in actual
               and actual[k] != expected[k]]
    return "\n".join(f"{label} ({len(items)}): {items[:show]}" for label, items in (
        ("missing", missing), ("unexpected", unexpected), ("different", changed)) if items)


def devstack(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Runs the project's own stack launcher; its output is shown when a step fails."""
    result = subprocess.run(
        [sys.executable, "-m", "deploy.devstack", *args, "--profile", PROFILE],
        cwd=REPO, text=True, capture_output=True, timeout=1800,
    )
    if check and result.returncode != 0:
        pytest.fail(f"devstack {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return result


async def records_so_far(bootstrap: str, topic: Topic) -> list[ConsumerRecord]:
    """Every record on the topic up to its current end, read by a consumer of no group (commits nothing)."""
    partitions = [TopicPartition(topic.name, p) for p in range(topic.partitions)]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None)
    await consumer.start()
    found: list[ConsumerRecord] = []
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        while [p for p in partitions if await consumer.position(p) < ends[p]]:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                found += records
    finally:
        await consumer.stop()
    return found


def split_endpoint(endpoint: str) -> tuple[str, bool]:
    """Accept both `host:port` and `http(s)://host:port` as written in stack.json."""
    if endpoint.startswith("https://"):
        return endpoint.removeprefix("https://").rstrip("/"), True
    return endpoint.removeprefix("http://").rstrip("/"), False


async def stack_object_store(stack: dict[str, Any]) -> ObjectStore:
    """The test stack's MinIO bucket."""
    endpoint, secure = split_endpoint(stack["s3_endpoint"])
    store = ObjectStore.connect(endpoint=endpoint, access_key=stack["s3_access_key"],
                                secret_key=stack["s3_secret_key"], bucket=stack["s3_bucket"], secure=secure)
    await store.ensure_bucket()
    return store


def openssl(*args: str) -> subprocess.CompletedProcess[str]:
    """Runs the openssl command line (a checker we did not write: verify, ocsp, crl, ts, req)."""
    return subprocess.run(["openssl", *args], capture_output=True, text=True, timeout=30)
