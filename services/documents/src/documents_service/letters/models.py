"""API schemas of letters (Base → Create / Update / Read ladder), deliveries and handling inside an agency."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from opensaraban_shared.vocabulary import Channel, LetterKind, Secrecy, Urgency

from ..attachments.models import AttachmentRead


class LetterBase(BaseModel):
    """The fields of an official letter (docs/domain.md, "Fields of an external letter"); kinds use what they need."""

    model_config = ConfigDict(extra="forbid")

    kind: LetterKind = Field(default=LetterKind.EXTERNAL, description="ชนิดของหนังสือ")
    subtype: str | None = Field(default=None, max_length=40,
                                description="directive: order|regulation|bylaw; publicity: announcement|statement|news; "
                                            "evidentiary: certificate|minutes|record|other")
    subject: str = Field(min_length=1, max_length=1000, description="เรื่อง")
    salutation: str = Field(default="", max_length=500, description="คำขึ้นต้น / เรียน")
    reference_text: str = Field(default="", max_length=2000, description="อ้างถึง")
    enclosures_text: str = Field(default="", max_length=2000, description="สิ่งที่ส่งมาด้วย")
    body: str = Field(default="", max_length=200_000, description="ข้อความ")
    closing: str = Field(default="", max_length=200, description="คำลงท้าย, e.g. ขอแสดงความนับถือ")
    signatory_name: str = Field(default="", max_length=300, description="ลงชื่อ")
    signatory_position: str = Field(default="", max_length=300, description="ตำแหน่ง")
    owning_unit: str = Field(default="", max_length=300, description="ส่วนราชการเจ้าของเรื่อง")
    contact: str = Field(default="", max_length=500, description="โทร. / โทรสาร / อีเมล")
    copies_to: list[str] = Field(default_factory=list, max_length=100, description="สำเนาส่ง")
    urgency: Urgency = Field(default=Urgency.NORMAL, description="ชั้นความเร็ว 1 ปกติ … 4 ด่วนที่สุด")
    secrecy: Secrecy = Field(default=Secrecy.NORMAL, description="ชั้นความลับ 1 ปกติ … 4 ลับที่สุด")
    is_circular: bool = Field(default=False, description="หนังสือเวียน: numbered in the 'ว' series")
    deadline: AwareDatetime | None = Field(default=None, description="ด่วนภายใน")
    seal_initials: str = Field(default="", max_length=50, description="หนังสือประทับตรา: ชื่อย่อผู้รับผิดชอบ")
    effective_from: date | None = Field(default=None, description="คำสั่ง: ทั้งนี้ ตั้งแต่")
    issue_number: str = Field(default="", max_length=50, description="แถลงการณ์ / ข่าว: ฉบับที่")


class LetterCreate(LetterBase):
    recipient_agency_ids: list[str] = Field(default_factory=list, max_length=10_000)
    recipient_list_ids: list[str] = Field(default_factory=list, max_length=50, description="Distribution lists")
    attachment_ids: list[uuid.UUID] = Field(default_factory=list, max_length=100,
                                            description="สิ่งที่ส่งมาด้วย: the enclosures, in order")
    main_attachment_id: uuid.UUID | None = Field(
        default=None, description="An uploaded file that is the main letter (a letter made elsewhere); "
                                  "without it the letter is printed from its fields")
    reply_to_letter_id: uuid.UUID | None = Field(default=None, description="The letter this one answers (อ้างถึง)")
    letter_number: str | None = Field(
        default=None, min_length=1, max_length=100,
        description="An agency system's own number (ที่), when its agency keeps its register elsewhere")
    letter_date: date | None = Field(default=None, description="ลงวันที่ given with an agency system's own number")
    send: bool = Field(default=False, description="Number and send at once instead of keeping a draft")

    @field_validator("recipient_agency_ids")
    @classmethod
    def no_duplicate_recipients(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each recipient agency may appear once")
        return value

    @model_validator(mode="after")
    def own_number_with_its_date(self) -> LetterCreate:
        if (self.letter_number is None) != (self.letter_date is None):
            raise ValueError("give letter_number and letter_date together")
        return self


class LetterPreview(LetterBase):
    """Unsaved fields of a letter, to see it laid out while it is being typed."""

    model_config = ConfigDict(extra="ignore")

    subject: str = Field(default="", max_length=1000, description="เรื่อง")


CLEARABLE = frozenset({"subtype", "salutation", "reference_text", "enclosures_text", "body", "closing",
                       "signatory_name", "signatory_position", "owning_unit", "contact", "copies_to", "deadline",
                       "seal_initials", "effective_from", "issue_number", "main_attachment_id",
                       "recipient_agency_ids", "attachment_ids"})
"""Fields a PATCH may clear with null (text becomes '', a list empty); the others refuse null."""


class LetterUpdate(BaseModel):
    """A draft's fields; what is left out stays as it is, null clears what may be empty (CLEARABLE)."""

    model_config = ConfigDict(extra="forbid")

    kind: LetterKind | None = None
    subtype: str | None = Field(default=None, max_length=40)
    subject: str | None = Field(default=None, min_length=1, max_length=1000)
    salutation: str | None = Field(default=None, max_length=500)
    reference_text: str | None = Field(default=None, max_length=2000)
    enclosures_text: str | None = Field(default=None, max_length=2000)
    body: str | None = Field(default=None, max_length=200_000)
    closing: str | None = Field(default=None, max_length=200)
    signatory_name: str | None = Field(default=None, max_length=300)
    signatory_position: str | None = Field(default=None, max_length=300)
    owning_unit: str | None = Field(default=None, max_length=300)
    contact: str | None = Field(default=None, max_length=500)
    copies_to: list[str] | None = Field(default=None, max_length=100)
    urgency: Urgency | None = None
    secrecy: Secrecy | None = None
    is_circular: bool | None = None
    deadline: AwareDatetime | None = None
    seal_initials: str | None = Field(default=None, max_length=50)
    effective_from: date | None = None
    issue_number: str | None = Field(default=None, max_length=50)
    recipient_agency_ids: list[str] | None = Field(default=None, max_length=10_000)
    attachment_ids: list[uuid.UUID] | None = Field(default=None, max_length=100)
    main_attachment_id: uuid.UUID | None = None

    @model_validator(mode="after")
    def null_only_where_a_field_may_be_empty(self) -> LetterUpdate:
        refused = sorted(name for name in self.model_fields_set
                         if getattr(self, name) is None and name not in CLEARABLE)
        if refused:
            raise ValueError(f"these fields cannot be cleared with null: {', '.join(refused)}")
        return self


class LetterForm(BaseModel):
    """What the drafting form shows for one kind."""

    kind: LetterKind
    label_th: str
    label_en: str
    subtypes: list[dict[str, str]]
    fields: list[str]
    required: list[str]


class LetterForms(BaseModel):
    kinds: list[LetterForm]


class DeliveryRead(BaseModel):
    delivery_id: uuid.UUID
    recipient_agency_id: str | None
    recipient_name: str
    channel: Channel
    status: str
    attempt: int
    delivered_at: datetime
    accepted_at: datetime | None
    receive_register_number: int | None
    rejected_at: datetime | None
    reject_reason: str | None
    withdrawn_at: datetime | None
    closed_at: datetime | None
    signature_verdict: str | None = Field(
        default=None, description="The recipient's verification of the signed main letter: valid, modified, "
                                  "untrusted, revoked; null when it is not digitally signed (docs/signatures.md)")
    signature_checked_at: datetime | None = None
    signature_report: list[dict[str, Any]] | None = Field(
        default=None, description="Per signature: field_name, verdict, signer, issuer, signed_at (the timestamp's "
                                  "time), timestamped, certifying, revoked_at, detail")
    stamped_attachment_id: uuid.UUID | None = Field(
        default=None, description="The recipient's copy with its receipt stamp sealed in, once accepted")

    @field_validator("signature_report", mode="before")
    @classmethod
    def _from_jsonb(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value


class DeliveryPage(BaseModel):
    items: list[DeliveryRead]
    next_offset: int | None


class RoutingRead(BaseModel):
    routing_id: uuid.UUID
    action: str
    from_user_id: str
    to_unit_id: str | None
    to_user_id: str | None
    instruction: str
    deadline: datetime | None
    created_at: datetime


class CommentRead(BaseModel):
    comment_id: uuid.UUID
    user_id: str
    display_name: str
    text: str
    created_at: datetime


class LetterRead(LetterBase):
    model_config = ConfigDict(extra="ignore")

    letter_id: uuid.UUID
    sender_agency_id: str | None
    sender_name: str
    channel: Channel
    status: str
    letter_number: str | None
    letter_date: date | None
    reply_to_letter_id: uuid.UUID | None
    main_letter: Literal["rendered", "uploaded"] = Field(
        description="rendered: printed from the fields (stored as main_attachment_id once sent); uploaded: a file")
    main_attachment_id: uuid.UUID | None
    signatory_capacity: str = Field(default="", description="e.g. 'รักษาราชการแทน ผู้ว่าราชการจังหวัดเชียงใหม่'")
    approved_electronically: bool = Field(default=False, description="Signed through the review chain")
    signed_digitally: bool = Field(
        default=False, description="The main letter carries its signer's PAdES signature (docs/signatures.md)")
    version: int = Field(default=1, description="The draft's version (a new one per revision after a proposal)")
    recipient_agency_ids: list[str]
    external_recipients: list[str]
    attachments: list[AttachmentRead]
    created_at: datetime
    sent_at: datetime | None
    deliveries: list[DeliveryRead] = Field(
        default_factory=list,
        description="Sender: recipients' status (first 200; all of them at /letters/{id}/deliveries). Recipient: its own.")
    delivery_counts: dict[str, int] = Field(default_factory=dict, description="Sender: recipients per status")
    routings: list[RoutingRead] = Field(default_factory=list, description="Recipient: forwarding inside the agency")
    comments: list[CommentRead] = Field(default_factory=list, description="Recipient: เกษียนหนังสือ")


class InboxItem(BaseModel):
    delivery_id: uuid.UUID
    letter_id: uuid.UUID
    letter_number: str | None
    sender_agency_id: str | None
    sender_name_th: str
    subject: str
    urgency: Urgency
    secrecy: Secrecy
    channel: Channel
    deadline: datetime | None
    status: str
    delivered_at: datetime
    receive_register_number: int | None
    closed_at: datetime | None
    signature_verdict: str | None = Field(default=None, description="See DeliveryRead.signature_verdict")


class InboxPage(BaseModel):
    items: list[InboxItem]
    next_offset: int | None


class BulkAcceptRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    delivery_ids: list[uuid.UUID] = Field(min_length=1, max_length=200, description="หนังสือที่จะลงรับ — deliveries "
                                          "to accept; numbered in the order they arrived, oldest first")

    @field_validator("delivery_ids")
    @classmethod
    def _once_each(cls, value: list[uuid.UUID]) -> list[uuid.UUID]:
        if len(set(value)) != len(value):
            raise ValueError("each delivery once")
        return value


class AcceptedDelivery(BaseModel):
    delivery_id: uuid.UUID
    letter_id: uuid.UUID
    receive_register_number: int


class BulkAccepted(BaseModel):
    items: list[AcceptedDelivery] = Field(description="In receipt-number order")


class RejectRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000, description="เหตุผลที่ไม่รับ")
    wrong_recipient: bool = Field(default=False, description="ส่งผิดหน่วยงาน")


class RecipientSelection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipient_agency_ids: list[str] | None = Field(default=None, description="Default: every recipient it applies to")


class PaperSendRequest(BaseModel):
    """Recording that a draft was printed, signed and posted: it is numbered in the send register as paper."""

    model_config = ConfigDict(extra="forbid")

    external_recipients: list[str] = Field(min_length=1, max_length=1000, description="ผู้รับ as on the envelope")


class PaperLetterCreate(BaseModel):
    """A paper letter that arrived by post or by hand, registered in the same receive register."""

    model_config = ConfigDict(extra="forbid")

    letter_number: str = Field(min_length=1, max_length=200, description="ที่ as printed on the letter")
    letter_date: date | None = Field(default=None, description="ลงวันที่")
    sender_agency_id: str | None = Field(default=None, description="When the sender is in the directory")
    sender_name: str = Field(default="", max_length=500, description="จาก, when it is not")
    subject: str = Field(min_length=1, max_length=1000)
    kind: LetterKind = LetterKind.EXTERNAL
    urgency: Urgency = Urgency.NORMAL
    secrecy: Secrecy = Secrecy.NORMAL
    deadline: AwareDatetime | None = None
    scan_attachment_ids: list[uuid.UUID] = Field(min_length=1, max_length=20, description="The scanned pages")
    action_note: str = Field(default="", max_length=2000, description="การปฏิบัติ")

    @model_validator(mode="after")
    def names_its_sender(self) -> PaperLetterCreate:
        if not (self.sender_agency_id or self.sender_name.strip()):
            raise ValueError("give sender_agency_id or sender_name")
        return self


class RouteRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["forward", "assign"] = Field(description="forward = ส่งต่อ, assign = มอบหมายพร้อมกำหนดเสร็จ")
    to_unit_id: str | None = None
    to_user_id: str | None = None
    instruction: str = Field(default="", max_length=2000)
    deadline: AwareDatetime | None = None

    @model_validator(mode="after")
    def has_a_target(self) -> RouteRequest:
        if not (self.to_unit_id or self.to_user_id):
            raise ValueError("give to_unit_id or to_user_id")
        if self.action == "assign" and self.deadline is None:
            raise ValueError("an assignment needs a deadline")
        return self


class CommentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=5000, description="เกษียน e.g. ทราบ / ดำเนินการ / เพื่อโปรดพิจารณา")
