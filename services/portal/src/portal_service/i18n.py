"""Thai-first wording of the portal with English on request, and how dates and numbers are shown."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from fastapi import Request

from opensaraban_shared.thai import format_digits, format_english_date, format_thai_date, format_thai_time
from opensaraban_shared.vocabulary import SECRECY_TH, URGENCY_TH, Secrecy, Urgency

Lang = Literal["th", "en"]
LANG_COOKIE = "opensaraban_lang"
DIGITS_COOKIE = "opensaraban_digits"

TEXT: dict[str, tuple[str, str]] = {
    "app_name": ("สารบรรณอิเล็กทรอนิกส์ OpenSaraban", "OpenSaraban e-office"),
    "skip_to_content": ("ข้ามไปยังเนื้อหา", "Skip to content"),
    "sign_in": ("เข้าสู่ระบบ", "Sign in"),
    "sign_out": ("ออกจากระบบ", "Sign out"),
    "username": ("ชื่อผู้ใช้", "Username"),
    "password": ("รหัสผ่าน", "Password"),
    "home": ("หน้าแรก", "Home"),
    "inbox": ("หนังสือเข้า", "Inbox"),
    "compose": ("ร่าง/ส่งหนังสือ", "Compose"),
    "sent": ("หนังสือส่ง", "Sent"),
    "search": ("ค้นหา", "Search"),
    "registers": ("ทะเบียน", "Registers"),
    "adoption": ("สถิติการใช้งานไร้กระดาษ", "Paper-free adoption"),
    "paper_letter": ("ลงรับหนังสือกระดาษ", "Register a paper letter"),
    "language": ("ภาษา", "Language"),
    "thai_digits": ("เลขไทย", "Thai digits"),
    "arabic_digits": ("เลขอารบิก", "Arabic digits"),
    "agency": ("หน่วยงาน", "Agency"),
    "roles": ("บทบาท", "Roles"),
    "number": ("ที่", "No."),
    "subject": ("เรื่อง", "Subject"),
    "from": ("จาก", "From"),
    "to": ("ถึง", "To"),
    "date": ("ลงวันที่", "Date"),
    "delivered_at": ("ได้รับเมื่อ", "Delivered"),
    "urgency": ("ชั้นความเร็ว", "Urgency"),
    "secrecy": ("ชั้นความลับ", "Secrecy"),
    "deadline": ("กำหนดเสร็จ", "Deadline"),
    "status": ("สถานะ", "Status"),
    "receipt_number": ("เลขรับ", "Receipt no."),
    "no_letters": ("ยังไม่มีหนังสือ", "No letters yet"),
    "overdue": ("เกินกำหนด", "Overdue"),
    "new": ("ใหม่", "New"),
    "open": ("เปิด", "Open"),
    "all": ("ทั้งหมด", "All"),
    "accept": ("ลงรับ", "Accept (register)"),
    "accepted_notice": ("ลงรับแล้ว เลขรับที่ {number}", "Registered as receipt no. {number}"),
    "reject": ("ไม่รับ / ส่งคืน", "Refuse"),
    "reason": ("เหตุผล", "Reason"),
    "wrong_recipient": ("ส่งผิดหน่วยงาน", "Sent to the wrong agency"),
    "rejected_notice": ("ส่งคืนผู้ส่งแล้ว", "Returned to the sender"),
    "route": ("ส่งต่อ / มอบหมาย", "Forward / assign"),
    "forward": ("ส่งต่อ", "Forward"),
    "assign": ("มอบหมาย", "Assign"),
    "to_person": ("ถึงบุคคล", "To a person"),
    "to_unit": ("ถึงหน่วยย่อย", "To a unit"),
    "instruction": ("คำสั่งการ / ข้อความ", "Instruction"),
    "routed_notice": ("ส่งต่อแล้ว", "Forwarded"),
    "comment": ("เกษียนหนังสือ", "Write an instruction (เกษียน)"),
    "comment_text": ("ข้อความเกษียน", "Instruction text"),
    "commented_notice": ("บันทึกเกษียนแล้ว", "Instruction recorded"),
    "close": ("เก็บเรื่อง", "Close the matter"),
    "closed_notice": ("เก็บเรื่องแล้ว", "Matter closed"),
    "attachments": ("สิ่งที่ส่งมาด้วย / ไฟล์แนบ", "Attachments"),
    "download": ("ดาวน์โหลด", "Download"),
    "salutation": ("เรียน", "To (salutation)"),
    "reference": ("อ้างถึง", "Reference"),
    "enclosures": ("สิ่งที่ส่งมาด้วย", "Enclosures"),
    "body": ("ข้อความ", "Body"),
    "closing": ("คำลงท้าย", "Closing"),
    "signatory": ("ผู้ลงนาม", "Signatory"),
    "position": ("ตำแหน่ง", "Position"),
    "owning_unit": ("ส่วนราชการเจ้าของเรื่อง", "Owning unit"),
    "contact": ("ติดต่อ", "Contact"),
    "kind": ("ชนิดของหนังสือ", "Kind of letter"),
    "circular": ("หนังสือเวียน (ว)", "Circular (ว series)"),
    "recipients": ("ผู้รับ", "Recipients"),
    "find_agency": ("ค้นหาหน่วยงานผู้รับ", "Find a recipient agency"),
    "add": ("เพิ่ม", "Add"),
    "remove": ("ลบ", "Remove"),
    "distribution_lists": ("บัญชีรายชื่อผู้รับ", "Distribution lists"),
    "files": ("ไฟล์ (หนังสือหลักเป็นไฟล์แรก)", "Files (the main letter first)"),
    "already_uploaded": ("ไฟล์ที่อัปโหลดแล้ว", "Files already uploaded"),
    "send_now": ("ออกเลขและส่ง", "Number and send"),
    "save_draft": ("บันทึกร่าง", "Save as draft"),
    "sent_notice": ("ส่งแล้ว เลขที่ {number}", "Sent as {number}"),
    "draft_notice": ("บันทึกร่างแล้ว", "Draft saved"),
    "recipient_status": ("สถานะผู้รับ", "Recipients' status"),
    "withdraw": ("ดึงหนังสือคืน", "Withdraw"),
    "resend": ("ส่งซ้ำ", "Resend"),
    "search_text": ("คำค้น (ไทยหรืออังกฤษ)", "Words (Thai or English)"),
    "date_from": ("ตั้งแต่วันที่", "From date"),
    "date_to": ("ถึงวันที่", "To date"),
    "direction": ("ทิศทาง", "Direction"),
    "direction_sent": ("ส่งออก", "Sent"),
    "direction_received": ("รับเข้า", "Received"),
    "no_results": ("ไม่พบหนังสือ", "No letters found"),
    "register_receive": ("ทะเบียนหนังสือรับ", "Receive register"),
    "register_send": ("ทะเบียนหนังสือส่ง", "Send register"),
    "year_be": ("ปี พ.ศ.", "Year (B.E.)"),
    "format": ("รูปแบบ", "Format"),
    "export": ("ส่งออก", "Export"),
    "letter_number_printed": ("ที่ (ตามที่พิมพ์ในหนังสือ)", "Number as printed"),
    "sender_name": ("จาก (ชื่อผู้ส่ง)", "From (sender's name)"),
    "scan": ("ไฟล์สแกน", "Scan"),
    "action_note": ("การปฏิบัติ", "Action taken"),
    "registered_paper_notice": ("ลงรับหนังสือกระดาษแล้ว เลขรับที่ {number}", "Paper letter registered as no. {number}"),
    "error": ("เกิดข้อผิดพลาด", "Something went wrong"),
    "not_found": ("ไม่พบหน้าที่ต้องการ", "Page not found"),
    "live_updates": ("รายการนี้ปรับปรุงอัตโนมัติ", "This list updates by itself"),
    "paper": ("กระดาษ", "Paper"),
    "electronic": ("อิเล็กทรอนิกส์", "Electronic"),
    "welcome": ("สวัสดี", "Welcome"),
    "what_needs_you": ("งานที่รอคุณ", "What needs you"),
    "notifications": ("การแจ้งเตือน", "Notifications"),
    "unread": ("ยังไม่ได้อ่าน", "unread"),
    "no_notifications": ("ยังไม่มีการแจ้งเตือน", "No notifications yet"),
}

STATUS_TEXT: dict[str, tuple[str, str]] = {
    "draft": ("ร่าง", "Draft"),
    "sent": ("ส่งแล้ว", "Sent"),
    "delivered": ("รอลงรับ", "Awaiting registration"),
    "accepted": ("ลงรับแล้ว", "Registered"),
    "rejected": ("ไม่รับ", "Refused"),
    "wrong_recipient": ("ส่งผิดหน่วยงาน", "Wrong recipient"),
    "withdrawn": ("ดึงคืนแล้ว", "Withdrawn"),
    "posted": ("ส่งทางไปรษณีย์", "Posted on paper"),
    "closed": ("เก็บเรื่องแล้ว", "Closed"),
}
URGENCY_EN = {Urgency.NORMAL: "Normal", Urgency.URGENT: "Urgent", Urgency.VERY_URGENT: "Very urgent",
              Urgency.MOST_URGENT: "Most urgent"}
SECRECY_EN = {Secrecy.NORMAL: "Normal", Secrecy.CONFIDENTIAL: "Confidential", Secrecy.SECRET: "Secret",
              Secrecy.TOP_SECRET: "Top secret"}
KIND_TEXT: dict[str, tuple[str, str]] = {
    "external": ("หนังสือภายนอก", "External letter"),
    "internal": ("หนังสือภายใน (บันทึกข้อความ)", "Internal memo"),
    "sealed": ("หนังสือประทับตรา", "Sealed letter"),
    "directive": ("หนังสือสั่งการ", "Directive"),
    "publicity": ("หนังสือประชาสัมพันธ์", "Publicity"),
    "evidentiary": ("หนังสือที่เจ้าหน้าที่ทำขึ้นหรือรับไว้เป็นหลักฐาน", "Evidentiary document"),
}


def lang_of(request: Request) -> Lang:
    return "en" if request.cookies.get(LANG_COOKIE) == "en" else "th"


def thai_digits_of(request: Request) -> bool:
    return request.cookies.get(DIGITS_COOKIE) == "thai"


class Wording:
    """What a template needs to speak the reader's language: texts, labels and date formats."""

    def __init__(self, lang: Lang, *, thai_digits: bool) -> None:
        self.lang = lang
        self.thai_digits = thai_digits

    def __call__(self, key: str, **values: object) -> str:
        th, en = TEXT[key]
        return (en if self.lang == "en" else th).format(**values)

    def _pick(self, pair: tuple[str, str]) -> str:
        return pair[1] if self.lang == "en" else pair[0]

    def status(self, status: str) -> str:
        return self._pick(STATUS_TEXT.get(status, (status, status)))

    def kind(self, kind: str) -> str:
        return self._pick(KIND_TEXT.get(kind, (kind, kind)))

    def urgency(self, level: int) -> str:
        return URGENCY_EN[Urgency(level)] if self.lang == "en" else URGENCY_TH[Urgency(level)]

    def secrecy(self, level: int) -> str:
        return SECRECY_EN[Secrecy(level)] if self.lang == "en" else SECRECY_TH[Secrecy(level)]

    def num(self, value: object) -> str:
        return format_digits(str(value), thai_digits=self.thai_digits) if value is not None else ""

    def date(self, value: str | date | None) -> str:
        moment = _parse(value)
        if moment is None:
            return ""
        if self.lang == "en":
            return format_english_date(moment, style="short")
        return format_thai_date(moment, style="short", thai_digits=self.thai_digits)

    def datetime(self, value: str | datetime | None) -> str:
        moment = _parse(value)
        if not isinstance(moment, datetime):
            return self.date(moment)
        if self.lang == "en":
            return f"{format_english_date(moment, style='short')} {format_thai_time(moment, thai_digits=False)[:5]}"
        return f"{self.date(moment)} {format_thai_time(moment, thai_digits=self.thai_digits)}"


def _parse(value: str | date | None) -> date | None:
    """An API timestamp (aware datetime) or day ('2026-11-21'); None when empty or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        return None
