"""Rules, deadlines and preferences as pure functions: who hears of what, when reminders fire, quiet hours."""

import json
import uuid
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import opensaraban_shared.events as events
from notify_service.handlers import Finish, plan_for
from notify_service.preferences import quiet_until, wants
from opensaraban_shared.events import (
    Actor,
    AgendaItemReviewed,
    AgendaOpened,
    AgendaPublished,
    FollowUpActionCompleted,
    LetterDelivered,
    LetterRouted,
    MeetingCancelled,
    new_envelope,
)
from opensaraban_shared.thai import BANGKOK

EXAMPLES = Path(events.__file__).parent / "examples"


def env(name: str, cls, **changes):
    payload = json.loads((EXAMPLES / f"{name}.v1.json").read_text())["payload"]
    return new_envelope(cls.model_validate({**payload, **changes}), producer="test", actor=Actor(agency_id="x"))


def test_a_delivered_letter_goes_to_the_recipient_agencys_clerks_and_sets_its_deadline():
    plan = plan_for([env("documents.letter_delivered", LetterDelivered)])
    [notice] = plan.notices
    assert (notice.agency_id, notice.user_id, notice.kind) == ("cm-statistics", None, "letter_delivered")
    [deadline] = plan.deadlines
    assert deadline.subject_key.startswith("delivery:") and deadline.kind == "letter_deadline"


def test_a_secret_letters_reminder_facts_never_hold_its_subject():
    plan = plan_for([env("documents.letter_delivered", LetterDelivered, secrecy=2, subject="ลับเฉพาะ")])
    assert "ลับเฉพาะ" not in json.dumps(plan.deadlines[0].facts, ensure_ascii=False)
    assert "ลับเฉพาะ" not in json.dumps(plan.notices[0].message.facts, ensure_ascii=False)


def test_an_assignment_reaches_each_person_with_a_deadline_each():
    plan = plan_for([env("documents.letter_routed", LetterRouted, reaches_user_ids=["u-a", "u-b"])])
    assert [n.user_id for n in plan.notices] == ["u-a", "u-b"]
    assert [d.user_id for d in plan.deadlines] == ["u-a", "u-b"]


def test_an_agenda_reaches_member_agencies_clerks_and_member_people():
    plan = plan_for([env("meeting.agenda_published", AgendaPublished)])
    assert {(n.agency_id, n.user_id) for n in plan.notices if n.user_id is None} == {
        ("cm-provincial-office", None), ("cm-statistics", None), ("cm-dopa", None)}
    assert {n.user_id for n in plan.notices if n.user_id} == {"u-cm-governor", "u-cm-statistics-director"}


def test_only_a_returned_agenda_item_is_told_to_its_submitter():
    assert plan_for([env("meeting.agenda_item_reviewed", AgendaItemReviewed, decision="accepted")]).notices == []
    returned = plan_for([env("meeting.agenda_item_reviewed", AgendaItemReviewed, decision="returned")])
    assert len(returned.notices) == 1


def test_a_cancelled_meeting_is_told_to_its_members_and_ends_every_submission_reminder_it_set():
    opened = plan_for([env("meeting.agenda_opened", AgendaOpened)])
    cancelled = plan_for([env("meeting.meeting_cancelled", MeetingCancelled)])
    assert {(n.agency_id, n.user_id) for n in cancelled.notices} == {
        ("cm-provincial-office", None), ("cm-statistics", None), ("cm-dopa", None),
        ("cm-provincial-office", "u-cm-governor"), ("cm-provincial-office", "u-cm-statistics-director")}
    assert {n.kind for n in cancelled.notices} == {"meeting_cancelled"}
    [notice, *_] = cancelled.notices
    assert notice.message.title_th.startswith("ยกเลิกการประชุม คณะกรรมการ")
    assert "เหตุที่ยกเลิก: ผู้ว่าราชการจังหวัดติดภารกิจเร่งด่วน" in notice.message.body_th
    assert {f.subject_key for f in cancelled.finished} == {d.subject_key for d in opened.deadlines}


def test_a_completed_action_finishes_its_deadline():
    action_id = str(uuid.uuid4())
    plan = plan_for([env("meeting.follow_up_action_completed", FollowUpActionCompleted, action_id=action_id)])
    assert plan.finished == [Finish(f"action:{action_id}")]


def test_quiet_hours_hold_mail_until_they_end_even_across_midnight():
    at = datetime(2026, 11, 21, 23, 30, tzinfo=BANGKOK)
    assert quiet_until(at, time(22, 0), time(7, 0)) == datetime(2026, 11, 22, 7, 0, tzinfo=BANGKOK)
    assert quiet_until(at.astimezone(UTC), time(22, 0), time(7, 0)) == datetime(2026, 11, 22, 7, 0, tzinfo=BANGKOK)
    assert quiet_until(at - timedelta(hours=10), time(22, 0), time(7, 0)) is None
    assert quiet_until(at, None, None) is None


def test_channels_per_kind_default_to_inbox_and_email():
    assert wants(None, kind="deadline", channel="email")
    assert not wants({"deadline": ["inbox"]}, kind="deadline", channel="email")
    assert wants({"deadline": ["inbox"]}, kind="letter_routed", channel="email")
