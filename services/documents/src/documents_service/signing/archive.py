"""Long-term validation: every signed file kept (a sent letter, a recipient's stamped copy) is taken from B-T to
B-LTA a day after it was signed, once the revocation data of that day is published, and its archive timestamp is
renewed before the time-stamping authority's certificate expires. Each round, any replica picks the files that
are due (rows locked, SKIP LOCKED, so replicas share the work), adds to each the certificates, OCSP answers and
CRLs of all its signatures and timestamps plus a document timestamp over them (pades.archive), stores the new
bytes and sets the next due date: a year before that timestamp's certificate expires."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime, timedelta

from pyhanko.pdf_utils.reader import PdfFileReader

from opensaraban_shared.clock import now
from opensaraban_shared.db import Database
from opensaraban_shared.logging import get_logger
from opensaraban_shared.periodic import run_every
from opensaraban_shared.service_app import Runtime

from . import pades, repository
from .desk import SigningDesk, desk_of

log = get_logger(__name__)

EVERY = timedelta(minutes=10)
BATCH = 20
RENEW_BEFORE_EXPIRY = timedelta(days=365)


async def archive_periodically(runtime: Runtime) -> None:
    desk = desk_of(runtime)
    await run_every(EVERY, lambda: archive_due(runtime.db, desk), done="signed_files_archived",
                    failed="archiving_failed")


async def archive_due(db: Database, desk: SigningDesk, *, at: datetime | None = None, batch: int = BATCH) -> int:
    """Archives the files due at `at` (now); returns how many. A TSA that is down leaves them due for next time."""
    at = at or now()
    done = 0
    async with db.transaction() as conn:
        for row in await repository.archive_due(conn, before=at, limit=batch):
            pdf = await desk.store.read_verified(row["object_key"], row["sha256"])
            try:
                archived = await asyncio.to_thread(pades.archive, pdf, validation=desk.trust.context(),
                                                   tsa=desk.timestamper())
            except pades.TimestampUnavailable as down:
                log.warning("archive_timestamp_unavailable", error=str(down)[:300])
                break
            stored = await desk.store.put_bytes(archived)
            await repository.mark_archived(conn, attachment_id=row["attachment_id"], object_key=stored.key,
                                           sha256=stored.sha256, size_bytes=stored.size, at=at,
                                           next_due=_next_due(archived))
            done += 1
    return done


def _next_due(pdf: bytes) -> datetime:
    """A year before the certificate of the newest archive timestamp expires."""
    reader = PdfFileReader(io.BytesIO(pdf))
    stamps = [s for s in reader.embedded_signatures if s.sig_object.get("/Type") == "/DocTimeStamp"]
    return stamps[-1].signer_cert.not_valid_after - RENEW_BEFORE_EXPIRY
