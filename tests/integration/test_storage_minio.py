"""Integration tests of the object store against the real MinIO of the test stack."""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from minio.error import S3Error

from opensaraban_shared.errors import AppError
from opensaraban_shared.storage import ChecksumMismatch, ObjectMissing, ObjectStore, object_key
from tests.support import split_endpoint, stack_object_store

pytestmark = pytest.mark.integration


@pytest.fixture
async def store(stack: dict[str, Any]) -> AsyncIterator[ObjectStore]:
    yield await stack_object_store(stack)


@pytest.fixture
async def cleanup(store: ObjectStore) -> AsyncIterator[list[str]]:
    keys: list[str] = []
    yield keys
    for key in keys:
        await store.delete(key)


def unique_pdf(size: int = 0) -> bytes:
    """A small PDF whose bytes differ per test, so reruns never meet an earlier test's object."""
    body = f"%PDF-1.7\n% test {uuid.uuid4()}\n".encode()
    return body + os.urandom(max(0, size - len(body))) + b"\n%%EOF\n"


async def chunks_of(data: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def read_all(stream: AsyncIterator[bytes]) -> bytes:
    return b"".join([chunk async for chunk in stream])


def object_url(stack: dict[str, Any], key: str) -> str:
    endpoint, secure = split_endpoint(stack["s3_endpoint"])
    return f"{'https' if secure else 'http'}://{endpoint}/{stack['s3_bucket']}/{quote(key)}"


async def test_upload_is_stored_under_its_sha256(store: ObjectStore, cleanup: list[str]) -> None:
    data = unique_pdf()
    stored = await store.put_content_addressed(chunks_of(data), max_bytes=1024 * 1024)
    cleanup.append(stored.key)

    assert stored.key == object_key(stored.sha256)
    assert stored.mime_type == "application/pdf"
    stat = await asyncio.to_thread(store.client.stat_object, store.bucket, stored.key)
    assert stat.size == len(data)
    assert stat.content_type == "application/pdf"
    assert stat.metadata["x-amz-meta-sha256"] == stored.sha256


async def test_same_content_twice_is_one_object(store: ObjectStore, cleanup: list[str]) -> None:
    data = unique_pdf()
    first = await store.put_content_addressed(chunks_of(data), max_bytes=1024 * 1024)
    cleanup.append(first.key)
    second = await store.put_content_addressed(chunks_of(data, size=7), max_bytes=1024 * 1024)

    assert second == first
    listed = await asyncio.to_thread(lambda: list(store.client.list_objects(store.bucket, prefix=first.key)))
    assert len(listed) == 1


async def test_verified_download_returns_the_original(store: ObjectStore, cleanup: list[str]) -> None:
    data = unique_pdf()
    stored = await store.put_content_addressed(chunks_of(data), max_bytes=1024 * 1024)
    cleanup.append(stored.key)

    assert await read_all(store.open_verified(stored.key, stored.sha256)) == data


async def test_large_upload_spills_to_disk_and_round_trips(store: ObjectStore, cleanup: list[str]) -> None:
    # Above the 8 MiB in-memory spool and above the 5 MiB multipart threshold of the client.
    data = unique_pdf(12 * 1024 * 1024)
    stored = await store.put_content_addressed(chunks_of(data), max_bytes=20 * 1024 * 1024)
    cleanup.append(stored.key)

    assert stored.size == len(data)
    assert await read_all(store.open_verified(stored.key, stored.sha256)) == data


async def test_corrupted_object_fails_verification(store: ObjectStore, cleanup: list[str]) -> None:
    data = unique_pdf()
    stored = await store.put_content_addressed(chunks_of(data), max_bytes=1024 * 1024)
    cleanup.append(stored.key)
    tampered = data.replace(b"%%EOF", b"%%EOX")
    await asyncio.to_thread(
        store.client.put_object, store.bucket, stored.key, io.BytesIO(tampered), len(tampered)
    )

    with pytest.raises(ChecksumMismatch) as excinfo:
        await read_all(store.open_verified(stored.key, stored.sha256))
    assert excinfo.value.expected == stored.sha256


async def test_missing_object_is_reported_as_missing(store: ObjectStore) -> None:
    with pytest.raises(ObjectMissing):
        await read_all(store.open_verified(object_key("0" * 64), "0" * 64))


async def test_presigned_url_downloads_with_thai_file_name(store: ObjectStore, cleanup: list[str]) -> None:
    data = unique_pdf()
    stored = await store.put_content_addressed(chunks_of(data), max_bytes=1024 * 1024)
    cleanup.append(stored.key)

    url = await store.presigned_get_url(stored.key, download_name="หนังสือเวียน ที่ 1-2568.pdf")
    async with httpx.AsyncClient() as http:
        response = await http.get(url)
    assert response.status_code == 200
    assert response.content == data
    disposition = response.headers["content-disposition"]
    assert "filename*=UTF-8''" + quote("หนังสือเวียน ที่ 1-2568.pdf", safe="") in disposition


async def test_presigned_url_expires(store: ObjectStore, cleanup: list[str]) -> None:
    stored = await store.put_content_addressed(chunks_of(unique_pdf()), max_bytes=1024 * 1024)
    cleanup.append(stored.key)

    url = await store.presigned_get_url(stored.key, expires=timedelta(seconds=1))
    await asyncio.sleep(2)
    async with httpx.AsyncClient() as http:
        response = await http.get(url)
    assert response.status_code == 403


async def test_oversize_upload_is_refused_and_nothing_is_stored(store: ObjectStore) -> None:
    data = unique_pdf(3 * 1024 * 1024)
    with pytest.raises(AppError) as excinfo:
        await store.put_content_addressed(chunks_of(data), max_bytes=1024 * 1024)
    assert excinfo.value.kind.code == "payload_too_large"

    key = object_key(hashlib.sha256(data).hexdigest())
    with pytest.raises(S3Error) as missing:
        await asyncio.to_thread(store.client.stat_object, store.bucket, key)
    assert missing.value.code == "NoSuchKey"


async def test_refused_type_is_not_stored(store: ObjectStore) -> None:
    data = b"MZ\x90\x00" + uuid.uuid4().bytes * 64
    with pytest.raises(AppError) as excinfo:
        await store.put_content_addressed(chunks_of(data), max_bytes=1024 * 1024)
    assert excinfo.value.kind.code == "unsupported_media_type"


async def test_bucket_is_not_publicly_readable(
    store: ObjectStore, cleanup: list[str], stack: dict[str, Any]
) -> None:
    stored = await store.put_content_addressed(chunks_of(unique_pdf()), max_bytes=1024 * 1024)
    cleanup.append(stored.key)

    async with httpx.AsyncClient() as http:
        response = await http.get(object_url(stack, stored.key))
    assert response.status_code == 403


async def test_ping_succeeds_for_the_bucket_and_fails_for_a_missing_one(
    store: ObjectStore, stack: dict[str, Any]
) -> None:
    await store.ping()
    missing = ObjectStore(store.client, f"missing-{uuid.uuid4().hex[:12]}")
    with pytest.raises(RuntimeError):
        await missing.ping()
