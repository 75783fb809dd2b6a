"""The agenda pages of the pack, from templates/agenda.html: official Thai layout in Sarabun, Thai digits, Buddhist Era
dates, QR codes for links, a bookmark per section and item (their headings). The minutes print from the same item
macros (templates/items.html)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from opensaraban_shared import printed, typesetting

from . import layout, qr

TEMPLATES = Path(__file__).with_name("templates")
MINUTES_TEMPLATES = Path(__file__).parents[1] / "minutes" / "templates"

ENVIRONMENT = printed.environment(TEMPLATES, MINUTES_TEMPLATES)
ENVIRONMENT.globals["presented_by"] = layout.presented_by
STYLESHEET = typesetting.stylesheet((TEMPLATES / "meeting.css").read_text(encoding="utf-8"))


ENVIRONMENT.globals["qr"] = qr.data_url


def agenda_html(meeting: dict[str, Any], agenda: dict[str, Any], *, version: int, created_at: datetime) -> str:
    return ENVIRONMENT.get_template("agenda.html").render(
        meeting=meeting, title_lines=layout.title_lines(meeting), version_note=layout.version_note(version),
        sections=agenda["sections"], created=created_at.isoformat(), thai_digits=True)


def agenda_pdf(meeting: dict[str, Any], agenda: dict[str, Any], *, version: int, created_at: datetime) -> bytes:
    return typeset(agenda_html(meeting, agenda, version=version, created_at=created_at))


def typeset(html: str) -> bytes:
    """A meeting document (agenda or minutes) as PDF/A-2b on the official page."""
    return printed.typeset(html, page=printed.OFFICIAL, folder=TEMPLATES, stylesheets=(STYLESHEET,))
