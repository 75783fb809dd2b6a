"""Uploads no letter uses are removed after the grace period, bytes included; used ones stay."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import httpx
import pytest

from documents_service.attachments.cleanup import delete_unused
from opensaraban_shared.db import Database
from opensaraban_shared.storage import ObjectStore
from tests.support import minimal_pdf, send_letter, sign_in

pytestmark = pytest.mark.integration


@pytest.fixture
async def documents_db(stack):
    db = Database(dsn=stack["pg_dsn"], schema="documents")
    await db.connect()
    yield db
    await db.close()


@pytest.fixture
def store(stack):
    return ObjectStore.connect(endpoint=stack["s3_endpoint"].removeprefix("http://"), access_key=stack["s3_access_key"],
                               secret_key=stack["s3_secret_key"], bucket=stack["s3_bucket"])


async def object_exists(store: ObjectStore, key: str) -> bool:
    return await asyncio.to_thread(lambda: any(True for _ in store.client.list_objects(store.bucket, prefix=key)))


async def test_an_abandoned_upload_is_deleted_and_a_used_one_is_kept(services, documents_db, store):
    clerk = await sign_in(services["documents"], "clerk@cm-provincial-office")
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        abandoned = (await client.post("/attachments", params={"filename": "ทิ้ง.pdf"}, headers=clerk,
                                       content=minimal_pdf(f"abandoned {uuid.uuid4()}"))).json()
        letter = await send_letter(client, clerk, to=["cm-land"])
    used = letter["attachments"][0]
    async with documents_db.pool.acquire() as conn:
        await conn.execute("UPDATE attachments SET created_at = now() - interval '2 days' WHERE attachment_id = ANY($1)",
                           [uuid.UUID(abandoned["attachment_id"]), uuid.UUID(used["attachment_id"])])
        keys = {r["attachment_id"]: r["object_key"] for r in await conn.fetch(
            "SELECT attachment_id, object_key FROM attachments WHERE attachment_id = ANY($1)",
            [uuid.UUID(abandoned["attachment_id"]), uuid.UUID(used["attachment_id"])])}
    abandoned_key = keys[uuid.UUID(abandoned["attachment_id"])]
    used_key = keys[uuid.UUID(used["attachment_id"])]
    assert await object_exists(store, abandoned_key)

    assert await delete_unused(documents_db, store, older_than=timedelta(days=1)) >= 1

    assert not await object_exists(store, abandoned_key)
    assert await object_exists(store, used_key)
    async with documents_db.pool.acquire() as conn:
        remaining = {r["attachment_id"] for r in await conn.fetch(
            "SELECT attachment_id FROM attachments WHERE attachment_id = ANY($1)",
            [uuid.UUID(abandoned["attachment_id"]), uuid.UUID(used["attachment_id"])])}
    assert remaining == {uuid.UUID(used["attachment_id"])}
    async with httpx.AsyncClient(base_url=services["documents"], timeout=30) as client:
        download = await client.get(f"/attachments/{used['attachment_id']}/content", headers=clerk)
    assert download.status_code == 200
