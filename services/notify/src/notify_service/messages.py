"""Notification texts in Thai and English; secret letters never reveal their subject."""

from __future__ import annotations

from dataclasses import dataclass

from opensaraban_shared.events import LetterDelivered, LetterEvent, LetterRejected, LetterRouted, LetterWithdrawn
from opensaraban_shared.vocabulary import URGENCY_TH, Secrecy, Urgency


@dataclass(frozen=True)
class Message:
    title_th: str
    title_en: str
    link: str


def _about(event: LetterEvent) -> tuple[str, str]:
    """'ที่ … เรื่อง …' in Thai and English; a secret letter shows its number only."""
    if event.secrecy > Secrecy.NORMAL:
        return f"ที่ {event.letter_number} (หนังสือลับ)", f"no. {event.letter_number} (classified)"
    return f"ที่ {event.letter_number} เรื่อง {event.subject}", f"no. {event.letter_number}: {event.subject}"


def _urgency(event: LetterEvent) -> tuple[str, str]:
    if event.urgency > Urgency.NORMAL:
        return f"[{URGENCY_TH[event.urgency]}] ", f"[{event.urgency.name.replace('_', ' ').lower()}] "
    return "", ""


def letter_delivered(event: LetterDelivered) -> Message:
    link = f"/letters/{event.letter_id}"
    if event.secrecy > Secrecy.NORMAL:
        return Message(
            title_th=f"มีหนังสือลับเข้าใหม่ ที่ {event.letter_number}",
            title_en=f"A classified letter arrived, no. {event.letter_number}",
            link=link,
        )
    urgency_th, urgency_en = _urgency(event)
    return Message(
        title_th=f"{urgency_th}หนังสือเข้าใหม่ ที่ {event.letter_number} เรื่อง {event.subject}",
        title_en=f"{urgency_en}New letter no. {event.letter_number}: {event.subject}",
        link=link,
    )


def letter_rejected(event: LetterRejected) -> Message:
    about_th, about_en = _about(event)
    if event.wrong_recipient:
        return Message(title_th=f"หนังสือ{about_th} ส่งผิดหน่วยงาน: {event.reason}",
                       title_en=f"Letter {about_en} went to the wrong agency: {event.reason}",
                       link=f"/letters/{event.letter_id}")
    return Message(title_th=f"หนังสือ{about_th} ถูกปฏิเสธ: {event.reason}",
                   title_en=f"Letter {about_en} was refused: {event.reason}", link=f"/letters/{event.letter_id}")


def letter_withdrawn(event: LetterWithdrawn) -> Message:
    about_th, about_en = _about(event)
    return Message(title_th=f"ผู้ส่งดึงหนังสือคืน {about_th}", title_en=f"The sender withdrew letter {about_en}",
                   link=f"/letters/{event.letter_id}")


def letter_routed(event: LetterRouted) -> Message:
    about_th, about_en = _about(event)
    urgency_th, urgency_en = _urgency(event)
    if event.action == "assign":
        due = f" กำหนดเสร็จ {event.deadline.date().isoformat()}" if event.deadline else ""
        return Message(title_th=f"{urgency_th}ได้รับมอบหมายหนังสือ {about_th}{due}",
                       title_en=f"{urgency_en}Letter {about_en} was assigned to you", link=f"/letters/{event.letter_id}")
    return Message(title_th=f"{urgency_th}มีหนังสือส่งต่อถึงท่าน {about_th}",
                   title_en=f"{urgency_en}Letter {about_en} was forwarded to you", link=f"/letters/{event.letter_id}")
