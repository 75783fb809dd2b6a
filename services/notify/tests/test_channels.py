"""E-mails as built before sending: a delivery sent twice (a worker crashed before marking it) is one message."""

import uuid

from notify_service.channels import email_message
from notify_service.settings import NotifySettings

CONTENT = {"subject": "หนังสือเข้าใหม่ ที่ ชม 0017/1", "language": "th", "text": "มีหนังสือเข้าใหม่"}


def test_sending_a_delivery_again_gives_the_same_message_id_so_mail_systems_drop_the_copy():
    delivery_id = str(uuid.uuid4())
    first, again = (email_message(NotifySettings(), delivery_id=delivery_id, to="clerk@cm-land.example.go.th",
                                  content=CONTENT) for _ in range(2))
    assert first["Message-ID"] == again["Message-ID"] == f"<{delivery_id}@opensaraban.example.go.th>"


def test_two_deliveries_have_two_message_ids():
    one, other = (email_message(NotifySettings(), delivery_id=str(uuid.uuid4()), to="clerk@cm-land.example.go.th",
                                content=CONTENT) for _ in range(2))
    assert one["Message-ID"] != other["Message-ID"]
