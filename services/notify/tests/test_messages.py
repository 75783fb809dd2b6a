"""Notification texts: Thai first, urgency shown, secret letters never reveal their subject."""

import json
import uuid
from pathlib import Path

import opensaraban_shared.events as events
from notify_service.handlers import notification_id_for
from notify_service.messages import letter_delivered
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
