"""Notification texts: Thai first, urgency shown, secret letters never reveal their subject."""

import json
import uuid
from pathlib import Path

import opensaraban_shared.events as events
from notify_service.handlers import notification_id_for
from notify_service.messages import letter_delivered, letter_rejected
from opensaraban_shared.events import LetterDelivered
from opensaraban_shared.vocabulary import Secrecy, Urgency

EXAMPLE = Path(events.__file__).parent / "examples" / "documents.letter_delivered.v1.json"


def delivered(**changes) -> LetterDelivered:
    payload = json.loads(EXAMPLE.read_text())["payload"]
    return LetterDelivered.model_validate({**payload, **changes})


def test_a_normal_letter_names_number_subject_and_urgency_in_thai_and_english():
    message = letter_delivered(delivered(urgency=Urgency.MOST_URGENT, subject="ขอเชิญประชุม"))
    assert message.title_th == "[ด่วนที่สุด] หนังสือเข้าใหม่ ที่ ชม 0017/ว 1590 เรื่อง ขอเชิญประชุม"
    assert message.title_en == "[most urgent] New letter no. ชม 0017/ว 1590: ขอเชิญประชุม"
    assert message.link.startswith("/letters/")


def test_a_normal_urgency_letter_has_no_urgency_tag():
    assert not letter_delivered(delivered(urgency=Urgency.NORMAL)).title_th.startswith("[")


def test_a_secret_letter_never_reveals_its_subject():
    for level in (Secrecy.CONFIDENTIAL, Secrecy.SECRET, Secrecy.TOP_SECRET):
        message = letter_delivered(delivered(secrecy=level, subject="แผนลับเฉพาะ"))
        assert "แผนลับเฉพาะ" not in message.title_th + message.title_en
        assert "หนังสือลับ" in message.title_th


def test_the_same_event_recipient_and_channel_always_name_the_same_notification():
    event_id = uuid.uuid4()
    first = notification_id_for(source_event_id=event_id, recipient="cm-land", channel="inbox")
    assert first == notification_id_for(source_event_id=event_id, recipient="cm-land", channel="inbox")
    assert first != notification_id_for(source_event_id=event_id, recipient="cm-land", channel="email")
    assert first != notification_id_for(source_event_id=uuid.uuid4(), recipient="cm-land", channel="inbox")


def rejected(**changes):
    from opensaraban_shared.events import LetterRejected

    payload = json.loads((EXAMPLE.parent / "documents.letter_rejected.v1.json").read_text())["payload"]
    return LetterRejected.model_validate({**payload, **changes})


def test_a_refusal_goes_to_the_sender_with_the_reason():
    from notify_service.handlers import RULES
    from opensaraban_shared.events import LetterRejected

    event = rejected(wrong_recipient=False, reason="ไม่ใช่อำนาจหน้าที่")
    rule = RULES[LetterRejected]
    assert [r.agency_id for r in rule.recipients(event)] == [event.sender_agency_id]
    assert "ไม่ใช่อำนาจหน้าที่" in rule.message(event).title_th


def test_a_refused_secret_letter_keeps_its_subject_out_of_the_notice():
    event = rejected(secrecy=Secrecy.SECRET, subject="แผนลับเฉพาะ")
    message = letter_rejected(event)
    assert "แผนลับเฉพาะ" not in message.title_th + message.title_en


def test_a_routed_letter_notifies_each_person_it_reaches():
    from notify_service.handlers import RULES
    from opensaraban_shared.events import LetterRouted

    payload = json.loads((EXAMPLE.parent / "documents.letter_routed.v1.json").read_text())["payload"]
    event = LetterRouted.model_validate(payload)
    [recipient] = RULES[LetterRouted].recipients(event)
    assert (recipient.agency_id, recipient.user_id) == (event.agency_id, event.to_user_id)
    assert "มอบหมาย" in RULES[LetterRouted].message(event).title_th
    to_unit = LetterRouted.model_validate({**payload, "to_user_id": None, "to_unit_id": "cm-statistics.survey",
                                           "reaches_user_ids": ["u-a", "u-b"]})
    assert [r.user_id for r in RULES[LetterRouted].recipients(to_unit)] == ["u-a", "u-b"]
