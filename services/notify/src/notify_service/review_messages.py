"""Texts of the review chain (เสนอ – ตรวจ – ลงนาม) in Thai and English: a step waiting for its holder or delegate,
and what the drafter hears when the draft is returned, refused or signed.

A draft in review has no number yet: it is named by its subject or, when secret, only as "หนังสือลับ"; a secret
draft's comment or refusal reason is never shown either (it is read in the system).
"""

from __future__ import annotations

from typing import Any

from opensaraban_shared.events.documents import ReviewEvent, ReviewStepAssigned, ReviewStepCompleted
from opensaraban_shared.vocabulary import URGENCY_TH

from .messages import Message, is_secret, urgency_en, urgency_tag, when_en, when_th

ROLE = {"review": ("พิจารณา", "review"), "sign": ("ลงนาม", "signature")}
# Per outcome told to the drafter: the title after the draft's name, and what the note is called.
OUTCOME = {
    "returned": ("{draft_th} ถูกส่งกลับให้แก้ไข", "{draft_en} was returned for changes", "ความเห็น", "Comment"),
    "refused": ("ผู้ลงนามไม่ลงนาม{draft_th}", "The signer refused to sign {draft_en}", "เหตุผล", "Reason"),
    "signed": ("{draft_th} ลงนามแล้ว รอออกเลขและส่ง", "{draft_en} was signed: ready to be numbered and sent",
               "หมายเหตุ", "Note"),
}


def _draft(event: ReviewEvent) -> tuple[str, str]:
    if is_secret(event):
        return "หนังสือลับ", "A classified letter"
    return f"หนังสือ เรื่อง {event.subject}", f"The letter \"{event.subject}\""


def _lines(event: ReviewEvent) -> tuple[list[str], list[str]]:
    if is_secret(event):
        th, en = ["ชั้นความลับ: หนังสือลับ — เปิดดูในระบบเท่านั้น"], ["Secrecy: classified — open it in the system"]
    else:
        th, en = [f"เรื่อง: {event.subject}"], [f"Subject: {event.subject}"]
    th += [f"ชั้นความเร็ว: {URGENCY_TH[event.urgency]}", f"ฉบับที่ {event.version} (เสนอครั้งที่ {event.round})"]
    en += [f"Urgency: {urgency_en(event.urgency)}", f"Version {event.version} (proposal {event.round})"]
    return th, en


def _facts(event: ReviewEvent, **more: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {"letter_id": str(event.letter_id), "agency_id": event.agency_id, "round": event.round,
                             "version": event.version, "urgency": int(event.urgency), "secret": is_secret(event),
                             **more}
    if not is_secret(event):
        facts["subject"] = event.subject
    return facts


def _message(event: ReviewEvent, title_th: str, title_en: str, lines: tuple[list[str], list[str]],
             **facts: Any) -> Message:
    tag_th, tag_en = urgency_tag(event)
    return Message(title_th=f"{tag_th}{title_th}", title_en=f"{tag_en}{title_en}",
                   link=f"/letters/{event.letter_id}", lines_th=tuple(lines[0]), lines_en=tuple(lines[1]),
                   facts=_facts(event, **facts))


def step_assigned(event: ReviewStepAssigned) -> Message:
    """For the step's holder, or their delegate while one acts for them."""
    action_th, action_en = ROLE[event.role]
    lines_th, lines_en = _lines(event)
    lines_th.append(f"เสนอถึงท่านเมื่อ: {when_th(event.assigned_at)}")
    lines_en.append(f"Assigned: {when_en(event.assigned_at)}")
    if event.delegate_user_id:
        lines_th.append("ท่านได้รับเรื่องนี้ในฐานะผู้ทำการแทน (รักษาราชการแทน / ปฏิบัติราชการแทน)")
        lines_en.append("It reaches you as the official acting for the person on the route")
    if is_secret(event):
        title_th, title_en = f"มีหนังสือลับรอ{action_th}", f"A classified letter awaits your {action_en}"
    else:
        title_th = f"มีหนังสือรอ{action_th} เรื่อง {event.subject}"
        title_en = f"A letter awaits your {action_en}: {event.subject}"
    return _message(event, title_th, title_en, (lines_th, lines_en), position=event.position, role=event.role,
                    assigned_at=event.assigned_at.isoformat())


def step_completed(event: ReviewStepCompleted) -> Message:
    """For the drafter: returned for changes (with the comment), refused (with the reason), or signed."""
    draft_th, draft_en = _draft(event)
    title_th, title_en, label_th, label_en = OUTCOME[event.action]
    title_th, title_en = title_th.format(draft_th=draft_th), title_en.format(draft_en=draft_en)
    lines_th, lines_en = _lines(event)
    if event.capacity:
        lines_th.append(f"ในฐานะ: {event.capacity}")
        lines_en.append(f"Acting as: {event.capacity}")
    lines_th.append(f"เมื่อ: {when_th(event.acted_at)}")
    lines_en.append(f"At: {when_en(event.acted_at)}")
    note = event.note.strip()
    if note and is_secret(event):
        lines_th.append(f"{label_th}: เปิดดูในระบบ")
        lines_en.append(f"{label_en}: open it in the system")
    elif note:
        lines_th.append(f"{label_th}: {note}")
        lines_en.append(f"{label_en}: {note}")
        if event.action != "signed":
            title_th, title_en = f"{title_th}: {note}", f"{title_en}: {note}"
    shown = {"note": note} if note and not is_secret(event) else {}
    return _message(event, title_th, title_en, (lines_th, lines_en), action=event.action, position=event.position,
                    **shown)
