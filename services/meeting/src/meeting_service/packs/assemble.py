"""The agenda pack: the agenda pages, then every attached document in agenda order, with bookmarks.

Runs in a worker process (CPU-bound, several seconds for hundreds of pages): plain data in, bytes out.

The agenda pages are PDF/A-2b with their own bookmarks (a section and item heading each). A pack without attachments
is those pages as they are; one with attachments binds in uploaded PDFs whose conformance nobody checked, so it claims
no PDF/A conformance (it keeps the agenda's bookmarks and adds one per attached document).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit

from opensaraban_shared.thai import thai_digits

from . import docx, layout, render


@dataclass(frozen=True)
class Pack:
    pdf: bytes
    pages: int
    docx: bytes


def build_pack(meeting: dict[str, Any], agenda: dict[str, Any], attachments: dict[str, bytes], *, version: int,
               created_at: datetime) -> Pack:
    """`attachments` maps sha256 → PDF bytes for every attachment of the agenda's items."""
    agenda_pdf = render.agenda_pdf(meeting, agenda, version=version, created_at=created_at)
    agenda_docx = docx.agenda_docx(meeting, agenda, version=version)
    agenda_pages = PdfReader(io.BytesIO(agenda_pdf))
    if not attachments:
        return Pack(pdf=agenda_pdf, pages=len(agenda_pages.pages), docx=agenda_docx)
    writer = PdfWriter()
    writer.append(fileobj=agenda_pages, import_outline=True)
    for section in agenda["sections"]:
        section_mark = None
        for item in _items(section["items"]):
            if not item.get("attachments"):
                continue
            starts = []
            for attachment in item["attachments"]:
                starts.append(len(writer.pages))
                writer.append(fileobj=PdfReader(io.BytesIO(attachments[attachment["sha256"]])), import_outline=False)
            # A bookmark points at an existing page: added once the pages are in.
            if section_mark is None:
                section_mark = writer.add_outline_item(title=thai_digits(layout.section_heading(section)),
                                                       page_number=starts[0], fit=Fit.fit())
            item_mark = writer.add_outline_item(title=thai_digits(layout.item_heading(item)), page_number=starts[0],
                                                parent=section_mark, fit=Fit.fit())
            for attachment, start in zip(item["attachments"], starts, strict=True):  # file names as stored
                writer.add_outline_item(title=attachment["filename"], page_number=start, parent=item_mark,
                                        fit=Fit.fit())
    writer.page_mode = "/UseOutlines"  # open with the bookmarks shown
    writer.add_metadata({"/Title": thai_digits(f"ระเบียบวาระการประชุม {meeting['committee_name']} ครั้งที่ "
                                               f"{meeting['meeting_number']}"), "/Creator": "OpenSaraban"})
    out = io.BytesIO()
    writer.write(out)
    return Pack(pdf=out.getvalue(), pages=len(writer.pages), docx=agenda_docx)


def _items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Depth first, as printed."""
    out: list[dict[str, Any]] = []
    for item in items:
        out += [item, *_items(item.get("children", []))]
    return out
