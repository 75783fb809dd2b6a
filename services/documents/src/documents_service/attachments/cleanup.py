"""Removes uploads that no letter uses after a grace period, so a failed or abandoned send leaves no file behind."""

from __future__ import annotations

from datetime import timedelta

from opensaraban_shared.db import Database
from opensaraban_shared.periodic import run_every
from opensaraban_shared.service_app import Runtime
from opensaraban_shared.storage import ObjectStore

from . import repository

GRACE = timedelta(hours=24)
EVERY = timedelta(hours=1)


async def delete_unused(db: Database, store: ObjectStore, *, older_than: timedelta = GRACE, batch: int = 500) -> int:
    """Deletes attachment rows no letter links that are older than `older_than`, and their objects once no
    row refers to them. Per object the check and the delete happen under the same lock uploads take."""
    async with db.pool.acquire() as conn:
        keys = await repository.unused_object_keys(conn, older_than=older_than, limit=batch)
    removed = 0
    for key in keys:
        async with db.transaction() as conn:
            await repository.lock_object(conn, key)
            removed += await repository.delete_unused_rows(conn, object_key=key, older_than=older_than)
            if not await repository.object_in_use(conn, key):
                await store.delete(key)
                await repository.record_deleted_object(conn, key)
    return removed


async def run_periodically(runtime: Runtime) -> None:
    """Every replica may run it: the per-object lock keeps concurrent runs safe."""
    await run_every(EVERY, lambda: delete_unused(runtime.db, runtime.store), done="unused_attachments_deleted",
                    failed="attachment_cleanup_failed")
