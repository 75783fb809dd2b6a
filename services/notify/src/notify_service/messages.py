"""Notification texts in Thai and English from templates; secret letters never reveal their subject.

Every message has a short title (inbox, e-mail subject), a few labelled lines (e-mail body), a relative link
and the facts an agency system gets in a webhook. Whatever a secret letter must not reveal is left out here,
once, so no channel can show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from opensaraban_shared.events import (
    AgendaItemReviewed,
    AgendaPublished,
    FollowUpActionCreated,
    LetterDelivered,
    LetterEvent,
    LetterRejected,
    LetterRouted,
    LetterWithdrawn,
    MeetingCancelled,
)
from opensaraban_shared.events.documents import ReviewEvent
from opensaraban_shared.thai import BANGKOK, format_english_date, format_thai_date, format_thai_time
from opensaraban_shared.vocabulary import URGENCY_TH, Secrecy, Urgency


@dataclass(frozen=True)
class Message:
    title_th: str
    title_en: str
    link: str
    lines_th: tuple[str, ...] = ()
    lines_en: tuple[str, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def body_th(self) -> str:
        return "\n".join(self.lines_th)

    @property
    def body_en(self) -> str:
        return "\n".join(self.lines_en)


def is_secret(event: LetterEvent | ReviewEvent) -> bool:
    return event.secrecy > Secrecy.NORMAL


def _about(event: LetterEvent) -> tuple[str, str]:
    """'ที่ … เรื่อง …' in Thai and English; a secret letter shows its number only."""
    if is_secret(event):
        return f"ที่ {event.letter_number} (หนังสือลับ)", f"no. {event.letter_number} (classified)"
    return f"ที่ {event.letter_number} เรื่อง {event.subject}", f"no. {event.letter_number}: {event.subject}"


def urgency_en(urgency: Urgency) -> str:
    return urgency.name.replace("_", " ").lower()


def urgency_tag(event: LetterEvent | ReviewEvent) -> tuple[str, str]:
    """'[ด่วนที่สุด] ' and '[most urgent] ' heading a title; nothing for normal urgency."""
    if event.urgency > Urgency.NORMAL:
        return f"[{URGENCY_TH[event.urgency]}] ", f"[{urgency_en(event.urgency)}] "
    return "", ""


def when_th(moment: datetime) -> str:
    return f"{format_thai_date(moment, thai_digits=False)} {format_thai_time(moment, thai_digits=False)}"


def when_en(moment: datetime) -> str:
    return f"{format_english_date(moment)} {moment.astimezone(BANGKOK):%H:%M}"


def end_of_day(day: date) -> datetime:
    """A due date means 'by the end of that Bangkok day'."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=BANGKOK)


def letter_facts(event: LetterEvent, *, deadline: datetime | None = None) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "letter_id": str(event.letter_id), "letter_number": event.letter_number, "urgency": int(event.urgency),
        "secret": is_secret(event), "sender_agency_id": event.sender_agency_id,
    }
    if not is_secret(event):
        facts["subject"] = event.subject
    if deadline is not None:
        facts["deadline"] = deadline.isoformat()
    return facts


def _letter_lines(event: LetterEvent, *, deadline: datetime | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    th = [f"ที่: {event.letter_number}"]
    en = [f"Number: {event.letter_number}"]
    if is_secret(event):
        th.append("ชั้นความลับ: หนังสือลับ — เปิดดูในระบบเท่านั้น")
        en.append("Secrecy: classified — open it in the system")
    else:
        th.append(f"เรื่อง: {event.subject}")
        en.append(f"Subject: {event.subject}")
    th.append(f"ชั้นความเร็ว: {URGENCY_TH[event.urgency]}")
    en.append(f"Urgency: {urgency_en(event.urgency)}")
    if deadline is not None:
        th.append(f"กำหนด: {when_th(deadline)}")
        en.append(f"Due: {when_en(deadline)}")
    return tuple(th), tuple(en)


def letter_delivered(event: LetterDelivered) -> Message:
    link = f"/letters/{event.letter_id}"
    lines_th, lines_en = _letter_lines(event, deadline=event.deadline)
    facts = letter_facts(event, deadline=event.deadline)
    if is_secret(event):
        return Message(
            title_th=f"มีหนังสือลับเข้าใหม่ ที่ {event.letter_number}",
            title_en=f"A classified letter arrived, no. {event.letter_number}",
            link=link, lines_th=lines_th, lines_en=lines_en, facts=facts,
        )
    tag_th, tag_en = urgency_tag(event)
    return Message(
        title_th=f"{tag_th}หนังสือเข้าใหม่ ที่ {event.letter_number} เรื่อง {event.subject}",
        title_en=f"{tag_en}New letter no. {event.letter_number}: {event.subject}",
        link=link, lines_th=lines_th, lines_en=lines_en, facts=facts,
    )


def letter_rejected(event: LetterRejected) -> Message:
    about_th, about_en = _about(event)
    lines_th, lines_en = _letter_lines(event)
    facts = {**letter_facts(event), "reason": event.reason, "wrong_recipient": event.wrong_recipient}
    link = f"/letters/{event.letter_id}"
    if event.wrong_recipient:
        return Message(title_th=f"หนังสือ{about_th} ส่งผิดหน่วยงาน: {event.reason}",
                       title_en=f"Letter {about_en} went to the wrong agency: {event.reason}", link=link,
                       lines_th=(*lines_th, f"เหตุผล: {event.reason}"), lines_en=(*lines_en, f"Reason: {event.reason}"),
                       facts=facts)
    return Message(title_th=f"หนังสือ{about_th} ถูกปฏิเสธ: {event.reason}",
                   title_en=f"Letter {about_en} was refused: {event.reason}", link=link,
                   lines_th=(*lines_th, f"เหตุผล: {event.reason}"), lines_en=(*lines_en, f"Reason: {event.reason}"),
                   facts=facts)


def letter_withdrawn(event: LetterWithdrawn) -> Message:
    about_th, about_en = _about(event)
    lines_th, lines_en = _letter_lines(event)
    return Message(title_th=f"ผู้ส่งดึงหนังสือคืน {about_th}", title_en=f"The sender withdrew letter {about_en}",
                   link=f"/letters/{event.letter_id}", lines_th=lines_th, lines_en=lines_en, facts=letter_facts(event))


def letter_routed(event: LetterRouted) -> Message:
    about_th, about_en = _about(event)
    tag_th, tag_en = urgency_tag(event)
    lines_th, lines_en = _letter_lines(event, deadline=event.deadline)
    facts = {**letter_facts(event, deadline=event.deadline), "action": event.action}
    link = f"/letters/{event.letter_id}"
    if event.action == "assign":
        due = f" กำหนดเสร็จ {event.deadline.date().isoformat()}" if event.deadline else ""
        return Message(title_th=f"{tag_th}ได้รับมอบหมายหนังสือ {about_th}{due}",
                       title_en=f"{tag_en}Letter {about_en} was assigned to you", link=link,
                       lines_th=lines_th, lines_en=lines_en, facts=facts)
    return Message(title_th=f"{tag_th}มีหนังสือส่งต่อถึงท่าน {about_th}",
                   title_en=f"{tag_en}Letter {about_en} was forwarded to you", link=link,
                   lines_th=lines_th, lines_en=lines_en, facts=facts)


def _meeting_lines(event: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return ((f"คณะกรรมการ: {event.committee_name}", f"การประชุมครั้งที่ {event.meeting_number}",
             f"วันประชุม: {when_th(event.starts_at)}"),
            (f"Committee: {event.committee_name}", f"Meeting no. {event.meeting_number}",
             f"Meeting date: {when_en(event.starts_at)}"))


def _meeting_facts(event: Any) -> dict[str, Any]:
    return {"meeting_id": str(event.meeting_id), "committee_id": event.committee_id,
            "committee_name": event.committee_name, "meeting_number": event.meeting_number,
            "starts_at": event.starts_at.isoformat()}


def agenda_published(event: AgendaPublished) -> Message:
    lines_th, lines_en = _meeting_lines(event)
    return Message(
        title_th=f"เผยแพร่ระเบียบวาระการประชุม {event.committee_name} ครั้งที่ {event.meeting_number} (ฉบับที่ {event.version})",
        title_en=f"Agenda published: {event.committee_name}, meeting {event.meeting_number} (version {event.version})",
        link=f"/meetings/{event.meeting_id}/agenda", lines_th=lines_th, lines_en=lines_en,
        facts={**_meeting_facts(event), "version": event.version},
    )


def meeting_cancelled(event: MeetingCancelled) -> Message:
    lines_th, lines_en = _meeting_lines(event)
    reason = event.reason or "-"
    return Message(
        title_th=f"ยกเลิกการประชุม {event.committee_name} ครั้งที่ {event.meeting_number}",
        title_en=f"Meeting cancelled: {event.committee_name}, meeting {event.meeting_number}",
        link=f"/meetings/{event.meeting_id}",
        lines_th=(*lines_th, f"เหตุที่ยกเลิก: {reason}"), lines_en=(*lines_en, f"Reason: {reason}"),
        facts={**_meeting_facts(event), "reason": event.reason},
    )


def agenda_item_returned(event: AgendaItemReviewed) -> Message:
    lines_th, lines_en = _meeting_lines(event)
    comment = event.comment or "-"
    return Message(
        title_th=f"ระเบียบวาระ \"{event.title}\" ถูกส่งกลับให้แก้ไข",
        title_en=f"Agenda item \"{event.title}\" was returned for revision",
        link=f"/meetings/{event.meeting_id}/items/{event.item_id}",
        lines_th=(*lines_th, f"ความเห็น: {comment}"), lines_en=(*lines_en, f"Comment: {comment}"),
        facts={**_meeting_facts(event), "item_id": str(event.item_id), "title": event.title, "comment": event.comment},
    )


def follow_up_action_created(event: FollowUpActionCreated) -> Message:
    lines_th, lines_en = _meeting_lines(event)
    due = end_of_day(event.due_date)
    return Message(
        title_th=f"มีเรื่องที่ต้องดำเนินการตามมติที่ประชุม: {event.description} (ภายใน {format_thai_date(event.due_date, thai_digits=False)})",
        title_en=f"Follow-up action from the meeting: {event.description} (due {format_english_date(event.due_date)})",
        link=f"/meetings/{event.meeting_id}/actions/{event.action_id}",
        lines_th=(*lines_th, f"กำหนด: {when_th(due)}"), lines_en=(*lines_en, f"Due: {when_en(due)}"),
        facts={**_meeting_facts(event), "action_id": str(event.action_id), "description": event.description,
               "due_date": event.due_date.isoformat()},
    )


# --- Deadline reminders: built from the facts stored with the reminder (already redacted) -----------------

WHAT = {
    "letter_deadline": ("หนังสือ", "letter"),
    "assignment_deadline": ("งานที่ได้รับมอบหมาย", "assignment"),
    "agenda_submission": ("การเสนอระเบียบวาระ", "agenda submission"),
    "follow_up_action": ("การดำเนินการตามมติ", "follow-up action"),
    "review_step": ("การพิจารณาหนังสือ", "review"),
    "sign_step": ("การลงนามหนังสือ", "signature"),
}


def reminder(*, kind: str, stage: str, due_at: datetime, facts: dict[str, Any], owner_name: str | None = None,
             since: datetime | None = None) -> Message:
    """`owner_name` set: the message is for the owner's supervisor, about the owner's overdue work.
    A still_open reminder has no due date: the work waits for its owner `since` then."""
    what_th, what_en = WHAT[kind]
    about_th, about_en = facts["about_th"], facts["about_en"]
    due_th, due_en = f"กำหนด: {when_th(due_at)}", f"Due: {when_en(due_at)}"
    if stage == "still_open":
        waiting_th = f" (ตั้งแต่ {when_th(since)})" if since else ""
        waiting_en = f" (since {when_en(since)})" if since else ""
        title_th, title_en = f"เตือน: {about_th}{waiting_th}", f"Reminder: {about_en}{waiting_en}"
        due_th, due_en = f"ยังรอ{what_th}จากท่าน{waiting_th}", f"Still waiting for your {what_en}{waiting_en}"
    elif stage == "approaching":
        title_th = f"ใกล้ถึงกำหนด{what_th}: {about_th} (ภายใน {when_th(due_at)})"
        title_en = f"Due soon ({what_en}): {about_en} (by {when_en(due_at)})"
    elif owner_name:
        title_th = f"เลยกำหนด{what_th}ของ {owner_name}: {about_th} (กำหนด {when_th(due_at)})"
        title_en = f"Overdue {what_en} of {owner_name}: {about_en} (was due {when_en(due_at)})"
    else:
        title_th = f"เลยกำหนด{what_th}แล้ว: {about_th} (กำหนด {when_th(due_at)})"
        title_en = f"Overdue {what_en}: {about_en} (was due {when_en(due_at)})"
    return Message(title_th=title_th, title_en=title_en, link=facts["link"],
                   lines_th=(*facts.get("lines_th", ()), due_th), lines_en=(*facts.get("lines_en", ()), due_en),
                   facts={**facts.get("public", {}), "stage": stage, "due_at": due_at.isoformat()})


def reminder_facts(message: Message) -> dict[str, Any]:
    """What a reminder keeps from the message of the event that set the deadline (already redacted)."""
    return {"about_th": _strip_tags(message.title_th), "about_en": _strip_tags(message.title_en),
            "link": message.link, "lines_th": list(message.lines_th), "lines_en": list(message.lines_en),
            "public": message.facts}


def _strip_tags(title: str) -> str:
    return title.split("] ", 1)[1] if title.startswith("[") and "] " in title else title


# --- E-mail ---------------------------------------------------------------------------------------------

def email_text(*, title: str, body: str, link: str, base_url: str, language: str) -> str:
    footer = ("เปิดดูในระบบ: " if language == "th" else "Open: ") + base_url.rstrip("/") + link
    sign = ("— ระบบสารบรรณอิเล็กทรอนิกส์ OpenSaraban (อีเมลนี้ส่งอัตโนมัติ)" if language == "th"
            else "— OpenSaraban e-office (automatic message)")
    return f"{title}\n\n{body}\n\n{footer}\n\n{sign}\n"


def digest_subject(count: int, language: str) -> str:
    return (f"สรุปการแจ้งเตือนประจำวัน ({count} รายการ)" if language == "th"
            else f"Your daily notification digest ({count} items)")


def agenda_opened(event: Any) -> Message:
    lines_th, lines_en = _meeting_lines(event)
    return Message(
        title_th=f"เสนอเรื่องเข้าระเบียบวาระ {event.committee_name} ครั้งที่ {event.meeting_number}",
        title_en=f"Agenda items for {event.committee_name}, meeting {event.meeting_number}",
        link=f"/meetings/{event.meeting_id}/agenda", lines_th=lines_th, lines_en=lines_en,
        facts={**_meeting_facts(event), "submission_deadline": event.submission_deadline.isoformat()},
    )
