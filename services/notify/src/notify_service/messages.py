"""Notification texts in Thai and English; secret letters never reveal their subject."""

from __future__ import annotations

from dataclasses import dataclass

from opensaraban_shared.events import LetterDelivered
from opensaraban_shared.vocabulary import URGENCY_TH, Secrecy, Urgency


@dataclass(frozen=True)
class Message:
    title_th: str
    title_en: str
    link: str


def letter_delivered(event: LetterDelivered) -> Message:
    link = f"/letters/{event.letter_id}"
    if event.secrecy > Secrecy.NORMAL:
        return Message(
            title_th=f"มีหนังสือลับเข้าใหม่ ที่ {event.letter_number}",
            title_en=f"A classified letter arrived, no. {event.letter_number}",
            link=link,
        )
    urgency_th = f"[{URGENCY_TH[event.urgency]}] " if event.urgency > Urgency.NORMAL else ""
    urgency_en = f"[{event.urgency.name.replace('_', ' ').lower()}] " if event.urgency > Urgency.NORMAL else ""
    return Message(
        title_th=f"{urgency_th}หนังสือเข้าใหม่ ที่ {event.letter_number} เรื่อง {event.subject}",
        title_en=f"{urgency_en}New letter no. {event.letter_number}: {event.subject}",
        link=link,
    )
