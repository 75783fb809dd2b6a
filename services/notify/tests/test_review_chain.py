"""The review chain's notices as pure rules and texts: who hears of a step and of its outcome, in which words,
when the reminder falls due and what ends it; a secret draft never shows its subject or comment."""

import json
from datetime import timedelta
from pathlib import Path

import opensaraban_shared.events as events
from notify_service.handlers import STILL_OPEN, Finish, plan_for, review_step_key
from notify_service.messages import reminder, reminder_facts
from notify_service.review_messages import step_assigned
from opensaraban_shared.events import Actor, new_envelope
from opensaraban_shared.events.documents import ReviewRecalled, ReviewStepAssigned, ReviewStepCompleted

EXAMPLES = Path(events.__file__).parent / "examples"
SECRET_SUBJECT = "แผนปฏิบัติการลับเฉพาะ"


def review(name: str, cls, **changes):
    payload = json.loads((EXAMPLES / f"documents.review_{name}.v1.json").read_text())["payload"]
    return new_envelope(cls.model_validate({**payload, **changes}), producer="test", actor=Actor(agency_id="x"))


def assigned(**changes):
    return review("step_assigned", ReviewStepAssigned, **changes)


def completed(**changes):
    return review("step_completed", ReviewStepCompleted, **changes)


def everything_shown(plan) -> str:
    """Every text and fact a plan could put on any channel (inbox, e-mail, webhook, reminder)."""
    parts = [json.dumps(d.facts, ensure_ascii=False) for d in plan.deadlines]
    for n in plan.notices:
        m = n.message
        parts += [m.title_th, m.title_en, m.body_th, m.body_en, json.dumps(m.facts, ensure_ascii=False)]
    return "\n".join(parts)


def test_a_step_for_a_delegate_reaches_the_delegate_not_the_holder_with_its_urgency():
    plan = plan_for([assigned(subject="ขอความเห็นชอบโครงการ", urgency=4)])
    [notice] = plan.notices
    assert (notice.user_id, notice.agency_id, notice.kind) == ("u-cm-provincial-office-deputy", "cm-provincial-office",
                                                              "review_step")
    assert notice.message.title_th == "[ด่วนที่สุด] มีหนังสือรอลงนาม เรื่อง ขอความเห็นชอบโครงการ"
    assert notice.message.title_en == "[most urgent] A letter awaits your signature: ขอความเห็นชอบโครงการ"
    assert "ผู้ทำการแทน" in notice.message.body_th


def test_a_reviewers_step_reaches_the_holder_and_names_each_urgency():
    for urgency, tag in ((1, ""), (2, "[ด่วน] "), (3, "[ด่วนมาก] "), (4, "[ด่วนที่สุด] ")):
        plan = plan_for([assigned(role="review", position=1, delegate_user_id=None, urgency=urgency, subject="ก")])
        [notice] = plan.notices
        assert notice.user_id == "u-cm-provincial-office-governor"
        assert notice.message.title_th == f"{tag}มีหนังสือรอพิจารณา เรื่อง ก"


def test_a_secret_draft_shows_a_neutral_text_everywhere():
    for level in (2, 3, 4):
        plan = plan_for([assigned(secrecy=level, subject=SECRET_SUBJECT),
                         completed(secrecy=level, subject=SECRET_SUBJECT, action="returned", note="แก้ย่อหน้า ๒",
                                   returned_to_position=0)])
        shown = everything_shown(plan)
        assert SECRET_SUBJECT not in shown and "แก้ย่อหน้า" not in shown
        assert plan.notices[0].message.title_th == "[ด่วนที่สุด] มีหนังสือลับรอลงนาม"
        assert plan.notices[1].message.title_th == "[ด่วนที่สุด] หนังสือลับ ถูกส่งกลับให้แก้ไข"
        assert "ความเห็น: เปิดดูในระบบ" in plan.notices[1].message.body_th


def test_the_agencys_waiting_time_sets_one_still_open_reminder_for_the_same_person():
    event = assigned()
    [deadline] = plan_for([event]).deadlines
    e = event.payload
    assert (deadline.user_id, deadline.kind, deadline.stages) == ("u-cm-provincial-office-deputy", "sign_step", STILL_OPEN)
    assert deadline.due_at == e.assigned_at + timedelta(hours=8) and deadline.started_at == e.assigned_at
    assert deadline.subject_key == f"review:{e.letter_id}:1:2"
    assert plan_for([assigned(remind_after_hours=None)]).deadlines == []


def test_completion_and_recall_finish_that_step_from_their_moment_on():
    done, recalled = completed(), review("recalled", ReviewRecalled)
    assert plan_for([done]).finished == [Finish(review_step_key(done.payload), done.payload.acted_at)]
    assert plan_for([recalled]).finished == [Finish(f"review:{recalled.payload.letter_id}:1:1",
                                                    recalled.payload.recalled_at)]


def test_the_drafter_hears_of_a_return_to_them_a_refusal_and_a_signature_only():
    def told(**changes):
        return [(n.user_id, n.kind, n.message.title_th) for n in plan_for([completed(urgency=1, **changes)]).notices]

    drafter = "u-cm-provincial-office-officer-strategy"
    assert told(action="returned", note="ขอปรับถ้อยคำ", returned_to_position=0) == [
        (drafter, "review_outcome", "หนังสือ เรื่อง ขอเชิญประชุมคณะกรรมการขับเคลื่อนรัฐบาลดิจิทัลระดับจังหวัด ครั้งที่ ๑/๒๕๖๙ "
                                    "ถูกส่งกลับให้แก้ไข: ขอปรับถ้อยคำ")]
    assert told(action="refused", note="ยังไม่ถึงเวลา", subject="ก") == [
        (drafter, "review_outcome", "ผู้ลงนามไม่ลงนามหนังสือ เรื่อง ก: ยังไม่ถึงเวลา")]
    assert told(action="signed", subject="ก") == [(drafter, "review_outcome", "หนังสือ เรื่อง ก ลงนามแล้ว รอออกเลขและส่ง")]
    assert told(action="passed", role="review", position=1) == []
    assert told(action="returned", note="ตรวจซ้ำ", returned_to_position=1) == []  # the reviewer gets the step again


def test_a_delegates_signature_names_the_capacity_in_the_drafters_text():
    [notice] = plan_for([completed()]).notices
    assert "ในฐานะ: รักษาราชการแทน ผู้ว่าราชการจังหวัดเชียงใหม่" in notice.message.body_th
    assert "Acting as: รักษาราชการแทน" in notice.message.body_en


def test_the_still_open_reminder_says_since_when_and_keeps_the_urgency_in_its_lines():
    e = assigned().payload
    message = reminder(kind="sign_step", stage="still_open", due_at=e.assigned_at + timedelta(hours=8),
                       facts=reminder_facts(step_assigned(e)), since=e.assigned_at)
    assert message.title_th.startswith("เตือน: มีหนังสือรอลงนาม เรื่อง ") and "(ตั้งแต่ 3 ธันวาคม 2569 10.15 น.)" in message.title_th
    assert "ชั้นความเร็ว: ด่วนที่สุด" in message.body_th and "ยังรอการลงนามหนังสือจากท่าน" in message.body_th
    assert message.title_en.startswith("Reminder: A letter awaits your signature: ")
