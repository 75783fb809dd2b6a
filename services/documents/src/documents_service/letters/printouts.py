"""A letter as it prints: the PrintedLetter filled from the letter, its agency and its files, laid out by the
renderer (letters/printing), and the PDF of a sent letter stored as its main letter.

Laying a letter out to PDF takes over a hundred milliseconds of CPU, so it runs in the service's worker process
(cpu.py), never on the event loop; the browser preview's HTML, a template filled, in a thread."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import Any

import asyncpg

from opensaraban_shared.clock import today
from opensaraban_shared.storage import ObjectStore
from opensaraban_shared.unit_of_work import UnitOfWork
from opensaraban_shared.vocabulary import LetterKind, Secrecy, Urgency

from ..attachments import repository as attachments_repository
from ..attachments.models import AttachmentRead
from ..cpu import POOL
from ..directory import repository as directory_repository
from . import repository
from .printing.page import PLACEHOLDER_EMBLEM, PageSettings, PrintedLetter
from .printing.render import SigningRoom, render_html, render_pdf, render_signable

PDF_ONLY = frozenset({"application/pdf"})


@dataclass(frozen=True)
class Printer:
    """Prints letters with the deployment's emblem and page, and each agency's digit setting."""

    store: ObjectStore
    emblem: Path = PLACEHOLDER_EMBLEM

    async def page_for(self, conn: asyncpg.Connection, agency_id: str) -> PageSettings:
        settings = await directory_repository.letter_settings(conn, agency_id)
        return PageSettings(emblem=self.emblem, thai_digits=settings["thai_digits"])

    async def html(self, conn: asyncpg.Connection, letter: PrintedLetter, agency_id: str) -> str:
        page = await self.page_for(conn, agency_id)
        return await asyncio.to_thread(render_html, letter, page, for_browser=True)

    async def pdf(self, conn: asyncpg.Connection, letter: PrintedLetter, agency_id: str) -> bytes:
        page = await self.page_for(conn, agency_id)
        return await POOL.run(render_pdf, letter, page)

    async def signable(self, conn: asyncpg.Connection, row: Mapping[str, Any], *,
                       prefix: str) -> tuple[bytes, SigningRoom | None]:
        """The numbered letter as its signer signs it, and where the signature goes."""
        printed = await printed_letter(conn, row, number_prefix=prefix)
        page = await self.page_for(conn, row["sender_agency_id"])
        return await POOL.run(render_signable, printed, page)

    async def awaiting_number(self, conn: asyncpg.Connection,
                              row: Mapping[str, Any]) -> tuple[PrintedLetter, PageSettings]:
        """`row` as its signing copy prints it (printing/slots.py): the number and date are written as it is signed."""
        printed = await printed_letter(conn, row, number_prefix="")
        return unnumbered(printed), await self.page_for(conn, row["sender_agency_id"])

    async def store_sent(self, work: UnitOfWork, row: Mapping[str, Any], *, prefix: str) -> AttachmentRead:
        """The sent letter, numbered and dated, printed to PDF and made its main letter (position 0)."""
        conn, principal = work.conn, work.principal
        sent = await repository.get_letter(conn, row["letter_id"])
        printed = await printed_letter(conn, sent, number_prefix=prefix)
        pdf = await self.pdf(conn, printed, principal.agency_id)
        return await self.store_main(work, sent, pdf)

    async def store_main(self, work: UnitOfWork, row: Mapping[str, Any], pdf: bytes, *,
                         replacing: Mapping[str, Any] | None = None) -> AttachmentRead:
        """`pdf` stored and made the letter's main letter (position 0), named after its number; or, `replacing`
        the uploaded main letter (its attachment row), in its place and under its name."""
        conn, principal = work.conn, work.principal
        stored = await self.store.put_content_addressed(_one_chunk(pdf), max_bytes=len(pdf),
                                                        allowed_mime_types=PDF_ONLY)
        filename = replacing["filename"] if replacing else printout_filename(row["letter_number"])
        attachment = AttachmentRead(attachment_id=uuid.uuid4(), filename=filename,
                                    mime_type=stored.mime_type, size_bytes=stored.size, sha256=stored.sha256)
        await attachments_repository.insert_attachment(
            conn, attachment_id=attachment.attachment_id, agency_id=row["sender_agency_id"], sha256=stored.sha256,
            object_key=stored.key, size_bytes=stored.size, mime_type=stored.mime_type, filename=attachment.filename,
            uploaded_by=principal.subject_id)
        if replacing:
            await repository.replace_main_letter(conn, letter_id=row["letter_id"], old=replacing["attachment_id"],
                                                 new=attachment.attachment_id)
        else:
            await repository.set_main_letter(conn, letter_id=row["letter_id"], attachment_id=attachment.attachment_id)
        return attachment


def unnumbered(printed: PrintedLetter) -> PrintedLetter:
    """`printed` as its signing copy prints it: no number, no date, their lines left for the signing to write."""
    return replace(printed, letter_number=None, letter_date=None, awaiting_number=True)


def printer_of(runtime: Any) -> Printer:
    """The deployment's printer: its object store and the emblem its settings name."""
    return Printer(store=runtime.store, emblem=runtime.settings.letter_emblem)


async def _one_chunk(data: bytes) -> AsyncIterator[bytes]:
    yield data


def printout_filename(letter_number: str) -> str:
    """'ชม 0017.3-123.pdf': the number as stored (Arabic digits), with no '/' in a file name."""
    return letter_number.replace("/", "-") + ".pdf"


async def printed_letter(conn: asyncpg.Connection, letter: Mapping[str, Any], *, number_prefix: str,
                         enclosure_names: Sequence[str] | None = None) -> PrintedLetter:
    """What `letter` (a row of letters, or the fields of one being typed) puts on paper."""
    sender = (await directory_repository.agencies_by_id(conn, [letter["sender_agency_id"]]))[letter["sender_agency_id"]]
    if enclosure_names is None:
        files = await attachments_repository.letter_attachments(conn, letter["letter_id"])
        enclosure_names = [f["filename"] for f in files if f["attachment_id"] != letter["main_attachment_id"]]
    return printed_from(letter, issuer_name=sender["name_th"], issuer_address=sender["address_th"],
                        number_prefix=number_prefix, enclosure_names=enclosure_names)


def printed_from(fields: Mapping[str, Any], *, issuer_name: str, issuer_address: str, number_prefix: str,
                 enclosure_names: Sequence[str]) -> PrintedLetter:
    typed = [line.strip() for line in (fields.get("enclosures_text") or "").splitlines() if line.strip()]
    letter_number = fields.get("letter_number")
    return PrintedLetter(
        kind=LetterKind(fields["kind"]), subtype=fields.get("subtype"), issuer_name=issuer_name,
        issuer_address=issuer_address, number_prefix=number_prefix, letter_number=letter_number,
        letter_date=fields.get("letter_date"), draft_month=today(), subject=fields.get("subject") or "",
        salutation=fields.get("salutation") or "", reference_text=fields.get("reference_text") or "",
        enclosures=typed or [PurePath(name).stem for name in enclosure_names], body=fields.get("body") or "",
        closing=fields.get("closing") or "", signatory_name=fields.get("signatory_name") or "",
        signatory_position=fields.get("signatory_position") or "",
        signatory_capacity=fields.get("signatory_capacity") or "",
        owning_unit=fields.get("owning_unit") or "", contact=fields.get("contact") or "",
        copies_to=list(fields.get("copies_to") or []), urgency=Urgency(fields.get("urgency") or 1),
        secrecy=Secrecy(fields.get("secrecy") or 1), seal_initials=fields.get("seal_initials") or "",
        effective_from=fields.get("effective_from"), issue_number=fields.get("issue_number") or "",
        is_draft=letter_number is None)
