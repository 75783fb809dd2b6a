"""The signing copy: a letter laid out for its signer as it reaches the signing step, before it has a number, so
that signing it only writes its number and date into the lines left for them (letters/printing/slots.py) and signs.
Laying out a letter is the costly part of printing it; this way the signing request does not wait for it.

A copy is found by what it prints (render.print_key), so a letter changed since, a signer acting for the holder in
another capacity, or a new emblem or digit setting finds none, and the letter is laid out afresh as it is signed,
as it would be without copies. docs/signatures.md, "The signing copy"."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

import asyncpg

from opensaraban_shared.clock import now
from opensaraban_shared.db import Database
from opensaraban_shared.logging import get_logger
from opensaraban_shared.periodic import run_every
from opensaraban_shared.service_app import Runtime
from opensaraban_shared.storage import ObjectMissing, ObjectStore

from ..cpu import POOL
from ..identity import repository as identity_repository
from ..letters import repository as letters_repository
from ..letters.model import LetterStatus
from ..letters.printing.render import SigningRoom, filled, print_key, render_signing_copy
from ..letters.printing.slots import Slot, lines_pdf
from ..letters.printouts import Printer, printed_letter, unnumbered
from . import pades, repository

log = get_logger(__name__)
NAMESPACE = "signing-copies/"
KEEP = timedelta(days=30)  # a letter waiting longer for its signer is laid out afresh when signed
CLEAN_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class Signable:
    """What the signer's key signs: the letter's PDF, where the visible signature goes, and the lines to write into
    it as it is signed (None: the PDF is already numbered and dated)."""

    pdf: bytes
    room: SigningRoom | None
    lines: pades.Lines | None = None


async def prepare(conn: asyncpg.Connection, printer: Printer, *, letter_id: uuid.UUID, signer_id: str,
                  capacity: str = "") -> asyncpg.Record | None:
    """The letter laid out as `signer_id` would sign it now (in their own name, or in `capacity` when they act for
    the holder), unless a copy of that is kept already; the kept copy. None when there is nothing to prepare: the
    letter moved on, its main letter is an uploaded file, or its number and date cannot be written in place."""
    letter = await letters_repository.get_letter(conn, letter_id)
    signer = await identity_repository.get_user(conn, signer_id)
    if letter is None or signer is None or letter["status"] != LetterStatus.IN_REVIEW \
            or letter["main_letter"] == "uploaded":
        return None
    # As the review chain's signing step fills the signature block (letters_repository.mark_signed).
    signed = {**letter, "signatory_name": signer["display_name"], "signatory_position": signer["position"] or "",
              "signatory_capacity": capacity}
    printed, page = await printer.awaiting_number(conn, signed)
    key = print_key(printed, page)
    if (kept := await repository.signing_copy(conn, letter_id=letter_id, print_key=key)) is not None:
        return kept
    copy = await POOL.run(render_signing_copy, printed, page)
    if copy is None:
        return None
    stored = await printer.store.put_bytes(copy.pdf, namespace=NAMESPACE)
    await repository.add_signing_copy(conn, letter_id=letter_id, print_key=key, object_key=stored.key,
                                      sha256=stored.sha256, signing_room=asdict(copy.room) if copy.room else None,
                                      slots=[asdict(slot) for slot in copy.slots], at=now())
    return await repository.signing_copy(conn, letter_id=letter_id, print_key=key)


async def signable(conn: asyncpg.Connection, printer: Printer, row: Mapping[str, Any], *, prefix: str) -> Signable:
    """The numbered letter `row` to sign: its signing copy with the number and date to write in, or, with no copy
    of what it prints, the letter laid out afresh."""
    printed = await printed_letter(conn, row, number_prefix=prefix)
    page = await printer.page_for(conn, row["sender_agency_id"])
    kept = await repository.signing_copy(conn, letter_id=row["letter_id"], print_key=print_key(unnumbered(printed),
                                                                                               page))
    if kept is not None:
        slots = [Slot(**slot) for slot in json.loads(kept["slots"])]
        numbered = filled(printed, page)
        room = json.loads(kept["signing_room"]) if kept["signing_room"] else None
        try:
            pdf = await printer.store.read_verified(kept["object_key"], kept["sha256"])
        except ObjectMissing:
            pdf = None
        lines = await POOL.run(lines_pdf, slots, numbered.values) if pdf is not None and slots else None
        if pdf is not None and (lines is not None or not slots):
            places = [(slot.page, slot.x, slot.y) for slot in slots]
            return Signable(pdf, SigningRoom(**room) if room else None,
                            pades.Lines(lines, places, numbered.subject) if lines else None)
        log.info("signing_copy_unused", letter_id=str(row["letter_id"]))
    pdf, room = await printer.signable(conn, row, prefix=prefix)
    return Signable(pdf, room)


async def delete_spent(db: Database, store: ObjectStore, *, laid_out_before: datetime | None = None,
                       batch: int = 500) -> int:
    """Deletes the copies of letters signed, sent back or recalled since, and those older than KEEP, with their
    PDFs once no copy refers to them; returns how many PDFs it deleted. A copy signing reads while it goes finds
    its PDF missing and lays the letter out afresh."""
    before = laid_out_before or now() - KEEP
    async with db.pool.acquire() as conn:
        keys = await repository.spent_copy_objects(conn, laid_out_before=before, limit=batch)
    deleted = 0
    for key in keys:
        async with db.transaction() as conn:
            if await repository.delete_spent_copies(conn, object_key=key, laid_out_before=before):
                await store.delete(key)
                deleted += 1
    return deleted


async def clean_periodically(runtime: Runtime) -> None:
    await run_every(CLEAN_EVERY, lambda: delete_spent(runtime.db, runtime.store), done="signing_copies_deleted",
                    failed="signing_copy_cleanup_failed")
