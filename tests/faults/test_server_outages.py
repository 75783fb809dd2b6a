"""Kafka, PostgreSQL and MinIO go away under a steady stream of letters and come back: nothing is lost or doubled."""

from __future__ import annotations

import asyncio
import hashlib
import os
import time

import asyncpg
import httpx
import pytest
from minio import Minio
from minio.error import S3Error

from opensaraban_shared.storage import object_key
from tests.faults.letter_stream import error_code
from tests.faults.outages import all_ready, server_down
from tests.support import eventually

pytestmark = pytest.mark.integration


async def test_a_crashed_kafka_broker_holds_back_events_but_loses_none(services, stream, recovered):
    await stream.wait_for_sent(30)
    async with server_down("kafka", crash=True), httpx.AsyncClient(timeout=10) as client:
        # Sending needs no broker: the events wait in the outbox, and the documents service says it is not ready.
        await stream.wait_for_sent(10)
        await eventually(lambda: _not_ready(client, services["documents"], "kafka"), what="documents to report kafka down")
    await all_ready(services)
    await stream.wait_for_sent(20)
    await stream.finish()
    await recovered(stream)


async def test_a_postgresql_restart_fails_requests_cleanly_and_they_succeed_when_retried(services, stream, recovered):
    await stream.wait_for_sent(30)
    stopped_at = time.time()
    async with server_down("postgres"):
        await eventually(lambda: asyncio.sleep(0, stream.failures_since(stopped_at)),
                         what="the agencies' requests to fail while PostgreSQL is down")
        await asyncio.sleep(2)
    await all_ready(services)
    await stream.wait_for_sent(20)
    await stream.finish()
    await recovered(stream)


SCAN_BYTES = 24 * 1024 * 1024  # large enough that the object store is still writing it when it crashes


async def test_an_upload_cut_by_a_minio_crash_answers_an_error_and_leaves_no_file_behind(
        stack, services, agencies, stream, recovered):
    await stream.wait_for_sent(30)
    clerk = agencies[0].clerk
    scans = [b"%PDF-1.7\n" + os.urandom(SCAN_BYTES) for _ in range(3)]
    async with httpx.AsyncClient(base_url=services["documents"], timeout=60) as documents:
        bodies_sent = [asyncio.Event() for _ in scans]
        uploads = [asyncio.create_task(_upload(documents, clerk, scan, sent)) for scan, sent in zip(scans, bodies_sent,
                                                                                                     strict=True)]
        await asyncio.gather(*(sent.wait() for sent in bodies_sent))
        crashed_at = time.time()
        async with server_down("minio", crash=True):
            answers = await asyncio.gather(*uploads)
            await eventually(lambda: asyncio.sleep(0, stream.failures_since(crashed_at)),
                             what="the stream's uploads to fail while MinIO is down")
        cut = [scan for scan, answer in zip(scans, answers, strict=True) if answer.status_code != 201]
        assert cut, f"MinIO crashed after every large upload was stored: {[a.status_code for a in answers]}"
        assert all((a.status_code, error_code(a)) == (503, "service_unavailable") for a in answers
                   if a.status_code != 201), [(a.status_code, a.text[:200]) for a in answers]
        await _assert_left_nothing(stack, cut)
        await all_ready(services)
        for scan in cut:  # the agency sends the file again, and this time it is kept whole
            again = await _upload(documents, clerk, scan, asyncio.Event())
            assert again.status_code == 201, again.text
            stored = await documents.get(f"/attachments/{again.json()['attachment_id']}/content", headers=clerk)
            assert stored.content == scan
    await stream.wait_for_sent(20)
    await stream.finish()
    await recovered(stream)


async def _not_ready(client: httpx.AsyncClient, url: str, dependency: str) -> bool:
    response = await client.get(f"{url}/health/ready")
    return response.status_code == 503 and response.json()["checks"][dependency] != "ok"


async def _upload(documents: httpx.AsyncClient, clerk: dict[str, str], scan: bytes,
                  body_sent: asyncio.Event) -> httpx.Response:
    """Streams the scan in 1 MiB chunks and says when the last one went out (the service then stores it)."""

    async def chunks():
        for start in range(0, len(scan), 1 << 20):
            yield scan[start:start + (1 << 20)]
        body_sent.set()

    return await documents.post("/attachments", params={"filename": "scan.pdf"}, content=chunks(), headers=clerk)


async def _assert_left_nothing(stack: dict, scans: list[bytes]) -> None:
    """No attachment row and no object (not even a partial one) for uploads that answered with an error."""
    digests = [hashlib.sha256(scan).hexdigest() for scan in scans]
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        rows = await conn.fetchval("SELECT count(*) FROM documents.attachments WHERE sha256 = ANY($1::text[])", digests)
    finally:
        await conn.close()
    assert rows == 0, f"{rows} attachment rows left by uploads that answered with an error"
    store = Minio(stack["s3_endpoint"], access_key=stack["s3_access_key"], secret_key=stack["s3_secret_key"],
                  secure=False)
    for digest in digests:
        with pytest.raises(S3Error) as missing:
            await asyncio.to_thread(store.stat_object, stack["s3_bucket"], object_key(digest))
        assert missing.value.code == "NoSuchKey"
