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
from tests.support import eventually, minimal_pdf, one_connection_per_request

pytestmark = pytest.mark.integration


async def test_a_crashed_kafka_broker_holds_back_events_but_loses_none(stack, services, stream, recovered):
    await stream.wait_for_sent(20)
    async with server_down("kafka", crash=True), one_connection_per_request(timeout=10) as client:
        # Sending needs no broker: the events wait in the outbox, and the documents service says it is not ready.
        await stream.wait_for_sent(10)
        await eventually(lambda: _not_ready(client, services["documents"], "kafka"), what="documents to report kafka down")
        conn = await asyncpg.connect(stack["pg_dsn"])
        try:
            held = await conn.fetchval("SELECT count(*) FROM documents.outbox WHERE published_at IS NULL")
        finally:
            await conn.close()
        assert held >= 10, f"only {held} events wait in the outbox while Kafka is down"
    await all_ready(services)
    await stream.wait_for_sent(10)
    await stream.finish()
    await recovered(stream)


async def test_a_postgresql_restart_fails_requests_cleanly_and_they_succeed_when_retried(services, stream, recovered):
    await stream.wait_for_sent(20)
    stopped_at = time.time()
    async with server_down("postgres"):
        await stream.wait_for_failures(since=stopped_at)
        await asyncio.sleep(2)
    await all_ready(services)
    await stream.wait_for_sent(10)
    await stream.finish()
    await recovered(stream)


# Many parts of a multipart upload, so MinIO is still writing it when the test crashes it: with 16 MB, on a loaded
# machine, the upload once finished between being seen half written and the crash.
SCAN_BYTES = 48 * 1024 * 1024


async def test_an_upload_cut_by_a_minio_crash_answers_503_and_leaves_no_file_behind(
        stack, services, agencies, stream, recovered):
    await stream.wait_for_sent(20)
    clerk = agencies[0].clerk
    store = Minio(stack["s3_endpoint"], access_key=stack["s3_access_key"], secret_key=stack["s3_secret_key"],
                  secure=False)
    async with one_connection_per_request(services["documents"], timeout=60) as documents:
        scan, upload = await _upload_caught_half_written(documents, clerk, store, stack["s3_bucket"])
        crashed_at = time.time()
        async with server_down("minio", crash=True):
            cut = await upload
            await stream.wait_for_failures(since=crashed_at)
        assert (cut.status_code, error_code(cut)) == (503, "service_unavailable"), cut.text
        await _assert_left_nothing(stack, store, scan)
        await all_ready(services)
        again = await _upload(documents, clerk, scan)  # the agency sends the file again; now it is kept whole
        assert again.status_code == 201, again.text
        stored = await documents.get(f"/attachments/{again.json()['attachment_id']}/content", headers=clerk)
        assert stored.content == scan
    await stream.wait_for_sent(10)
    await stream.finish()
    await recovered(stream)


async def _not_ready(client: httpx.AsyncClient, url: str, dependency: str) -> bool:
    response = await client.get(f"{url}/health/ready")
    return response.status_code == 503 and response.json()["checks"][dependency] != "ok"


async def _upload(documents: httpx.AsyncClient, clerk: dict[str, str], scan: bytes) -> httpx.Response:
    return await documents.post("/attachments", params={"filename": "scan.pdf"}, content=scan, headers=clerk)


async def _upload_caught_half_written(documents: httpx.AsyncClient, clerk: dict[str, str], store: Minio,
                                      bucket: str) -> tuple[bytes, asyncio.Task[httpx.Response]]:
    """Uploads large scans until MinIO is seen holding one half-written (a multipart upload under way)."""
    for _ in range(5):
        scan = minimal_pdf("scan", filler=os.urandom(SCAN_BYTES))  # uploads must be PDFs that open
        upload = asyncio.create_task(_upload(documents, clerk, scan))
        key = object_key(hashlib.sha256(scan).hexdigest())
        while not upload.done():
            # The client has no public call for ListMultipartUploads; its internal one is the S3 request itself.
            under_way = await asyncio.to_thread(store._list_multipart_uploads, bucket, prefix=key)
            if under_way.uploads:
                return scan, upload
        assert (await upload).status_code == 201  # stored before we looked: try with another scan
    pytest.fail("MinIO was never seen in the middle of writing a large upload")


async def _assert_left_nothing(stack: dict, store: Minio, scan: bytes) -> None:
    """No attachment row and no object for an upload that answered with an error."""
    digest = hashlib.sha256(scan).hexdigest()
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        assert await conn.fetchval("SELECT count(*) FROM documents.attachments WHERE sha256 = $1", digest) == 0
    finally:
        await conn.close()
    with pytest.raises(S3Error) as missing:
        await asyncio.to_thread(store.stat_object, stack["s3_bucket"], object_key(digest))
    assert missing.value.code == "NoSuchKey"
