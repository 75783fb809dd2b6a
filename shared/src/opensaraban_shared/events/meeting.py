"""Events of the meeting service: committee meetings, their agenda, publication, minutes and follow-up actions."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import AwareDatetime, Field

from .envelope import Event, register
from .topics import MEETINGS


class MeetingEvent(Event):
    """What every event about one meeting carries. Keyed by the secretariat's agency, so a committee's events
    stay in order."""

    topic = MEETINGS
    key_field = "secretariat_agency_id"

    meeting_id: uuid.UUID
    committee_id: str
    committee_name: str
    secretariat_agency_id: str = Field(description="Agency whose secretariat runs the committee")
    province_code: str | None = Field(default=None, description="Province of the secretariat's agency, if any")
    meeting_number: str = Field(description="ครั้งที่, as printed, e.g. '๑/๒๕๖๙'")
    starts_at: AwareDatetime


@register
class MeetingScheduled(MeetingEvent):
    """A meeting was created for a committee (state: planned)."""

    event_type = "meeting.meeting_scheduled"

    member_agency_ids: list[str]
    member_user_ids: list[str]
    scheduled_at: AwareDatetime


@register
class AgendaOpened(MeetingEvent):
    """Member agencies may now submit agenda items, until the deadline."""

    event_type = "meeting.agenda_opened"

    submission_deadline: AwareDatetime
    member_agency_ids: list[str]
    member_user_ids: list[str]
    opened_at: AwareDatetime


@register
class AgendaItemSubmitted(MeetingEvent):
    """A member agency (or the secretariat itself) put an item on the draft agenda."""

    event_type = "meeting.agenda_item_submitted"

    item_id: uuid.UUID
    title: str
    section: int = Field(ge=1, description="Agenda section (ระเบียบวาระที่) wanted")
    submitted_by_agency_id: str
    submitted_by_user_id: str | None = None
    late: bool = Field(description="Submitted after the submission deadline")
    submitted_at: AwareDatetime


@register
class AgendaItemReviewed(MeetingEvent):
    """The secretariat accepted a submitted item, returned it for revision with a comment, or deferred it."""

    event_type = "meeting.agenda_item_reviewed"

    item_id: uuid.UUID
    title: str
    decision: Literal["accepted", "returned", "deferred"]
    comment: str | None = None
    submitted_by_agency_id: str
    submitted_by_user_id: str | None = None
    reviewed_by_user_id: str
    reviewed_at: AwareDatetime


@register
class AgendaPublished(MeetingEvent):
    """A frozen version of the agenda and its pack (PDF in the object store) was published to the members."""

    event_type = "meeting.agenda_published"

    version: int = Field(ge=1)
    pack_object_key: str
    pack_sha256: str
    pack_size: int = Field(ge=1)
    pack_pages: int = Field(ge=1)
    item_count: int = Field(ge=0)
    late_item_count: int = Field(ge=0)
    changes: list[str] = Field(default_factory=list, description="What changed since the previous version")
    member_agency_ids: list[str]
    member_user_ids: list[str]
    published_at: AwareDatetime


@register
class InvitationLetterRequested(MeetingEvent):
    """Asks the documents service to send the invitation letter (หนังสือเชิญประชุม), with the agenda pack attached,
    from the secretariat's agency to every member agency, so invitations are tracked like any letter."""

    event_type = "meeting.invitation_letter_requested"

    request_id: uuid.UUID = Field(description="One letter per request id, however often it is delivered")
    version: int = Field(ge=1)
    requested_by_user_id: str
    recipient_agency_ids: list[str] = Field(min_length=1)
    subject: str
    body: str
    pack_object_key: str
    pack_sha256: str
    pack_size: int = Field(ge=1)
    pack_filename: str
    requested_at: AwareDatetime
    # Added later, optional: what the printed letter needs besides subject and body (documents fills defaults).
    salutation: str = Field(default="", description="เรียน, e.g. 'กรรมการผู้บริหารเทคโนโลยีสารสนเทศระดับสูงประจำจังหวัด'")
    signatory_name: str = Field(default="", description="ลงชื่อ")
    signatory_position: str = Field(default="", description="ตำแหน่ง")
    owning_unit: str = Field(default="", description="ส่วนราชการเจ้าของเรื่อง")
    signer_user_id: str | None = Field(
        default=None, description="The secretariat asked this person to sign the invitation: it goes up the review "
                                  "chain as the requester's draft instead of being sent at once")


@register
class MeetingHeld(MeetingEvent):
    """The meeting took place; attendance was recorded."""

    event_type = "meeting.meeting_held"

    present_count: int = Field(ge=0)
    substitute_count: int = Field(ge=0)
    absent_count: int = Field(ge=0)
    guest_count: int = Field(ge=0)
    agenda_published_at: AwareDatetime | None = Field(
        description="When the agenda pack was published electronically; None: no electronic pack")
    held_at: AwareDatetime


@register
class MeetingCancelled(MeetingEvent):
    """The secretariat cancelled the meeting before it took place (ยกเลิกการประชุม); its members are told, and the
    reminders of its submission deadline end."""

    event_type = "meeting.meeting_cancelled"

    reason: str = Field(default="", description="เหตุที่ยกเลิก, as the secretariat wrote it; may be empty")
    previous_state: str = Field(description="The meeting's state when cancelled, e.g. 'agenda_open'")
    member_agency_ids: list[str]
    member_user_ids: list[str]
    cancelled_at: AwareDatetime


@register
class MinutesApproved(MeetingEvent):
    """The minutes of this meeting were approved (normally at the next meeting, section 2) and locked."""

    event_type = "meeting.minutes_approved"

    approved_at_meeting_id: uuid.UUID | None = None
    approved_at: AwareDatetime


@register
class FollowUpActionCreated(MeetingEvent):
    """A resolution (มติที่ประชุม) created a follow-up action owned by an agency, due on a date."""

    event_type = "meeting.follow_up_action_created"

    action_id: uuid.UUID
    item_id: uuid.UUID
    description: str
    owner_agency_id: str
    owner_user_id: str | None = None
    due_date: date
    created_at: AwareDatetime


@register
class FollowUpActionCompleted(MeetingEvent):
    """The owner reported a follow-up action done."""

    event_type = "meeting.follow_up_action_completed"

    action_id: uuid.UUID
    owner_agency_id: str
    completed_at: AwareDatetime
