"""The letter and delivery model without a database: every transition, allowed and refused, and the events it causes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from documents_service.letters import model
from documents_service.letters.model import Delivery, DeliveryStatus, Letter, LetterFacts, LetterStatus
from opensaraban_shared.errors import AppError
from opensaraban_shared.vocabulary import Channel, LetterKind, Secrecy, Urgency

AT = datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC)  # 23:59:59 on 31 December in Bangkok
NEW_YEAR = datetime(2026, 12, 31, 17, 0, 0, tzinfo=UTC)
FACTS = LetterFacts(letter_id=uuid.uuid4(), letter_number="ชม 0017/12", sender_agency_id="cm-office",
                    kind=LetterKind.EXTERNAL, urgency=Urgency.URGENT, secrecy=Secrecy.NORMAL,
                    channel=Channel.ELECTRONIC, subject="ขอเชิญประชุม", sender_province_code="50")


def draft(**changes) -> Letter:
    row = {"letter_id": FACTS.letter_id, "sender_agency_id": "cm-office", "status": "draft", "kind": "external",
           "subtype": None, "is_circular": False, "urgency": 2, "secrecy": 1, "channel": "electronic",
           "subject": "ขอเชิญประชุม", "salutation": "ผู้อำนวยการ", "body": "ด้วย…", "closing": "ขอแสดงความนับถือ",
           "signatory_name": "นายสมชาย ใจดี", "signatory_position": "ผู้ว่าราชการจังหวัด", "owning_unit": "กลุ่มงาน",
           "recipient_agency_ids": ["cm-land", "cm-energy"], "deadline": None, "letter_number": None}
    return Letter({**row, **changes})


def delivery(status: str, **changes) -> Delivery:
    return Delivery({"delivery_id": uuid.uuid4(), "letter_id": FACTS.letter_id, "recipient_agency_id": "cm-land",
                     "status": status, "delivered_at": AT, "receive_register_number": None, "closed_at": None,
                     **changes})


def refused(code: str, call) -> None:
    with pytest.raises(AppError) as error:
        call()
    assert error.value.kind.code == code


# --- numbering and sending ---

def test_a_draft_is_numbered_in_the_register_of_the_bangkok_year_it_is_sent_in():
    assert draft().numbering(at=AT, channel=Channel.ELECTRONIC) == model.Numbering("send", 2026)
    assert draft().numbering(at=NEW_YEAR, channel=Channel.ELECTRONIC) == model.Numbering("send", 2027)
    assert draft(is_circular=True).numbering(at=AT, channel=Channel.ELECTRONIC).series == "send_circular"
    order = draft(kind="directive", subtype="order")
    assert order.numbering(at=AT, channel=Channel.ELECTRONIC).series == "directive_order"


def test_sending_delivers_to_every_recipient_with_one_event_each_after_letter_sent():
    numbering = draft().numbering(at=AT, channel=Channel.ELECTRONIC)
    sending = draft().send(numbering, number=12, prefix="ชม 0017.3", at=AT, channel=Channel.ELECTRONIC,
                           sender_province_code="50", recipient_provinces={"cm-land": "50", "cm-energy": None},
                           attachment_count=2)

    assert sending.letter_number == "ชม 0017.3/12" and sending.number == 12
    assert [(d.recipient_agency_id, d.status) for d in sending.deliveries] == [
        ("cm-land", DeliveryStatus.DELIVERED), ("cm-energy", DeliveryStatus.DELIVERED)]
    assert sending.sent.recipient_agency_ids == ["cm-land", "cm-energy"] and sending.sent.send_register_number == 12
    assert [(e.recipient_agency_id, e.recipient_province_code) for e in sending.delivered] == [
        ("cm-land", "50"), ("cm-energy", None)]
    # Every letter event carries the sender's province (metrics count by province).
    assert {e.sender_province_code for e in (sending.sent, *sending.delivered)} == {"50"}


def test_an_order_is_numbered_n_slash_buddhist_year():
    order = draft(kind="directive", subtype="order")
    sending = order.send(order.numbering(at=NEW_YEAR, channel=Channel.ELECTRONIC), number=1, prefix="ชม 0017",
                         at=NEW_YEAR, channel=Channel.ELECTRONIC, sender_province_code="50", recipient_provinces={},
                         attachment_count=0)
    assert sending.letter_number == "1/2570"


def test_a_paper_send_posts_to_outside_addressees_and_delivers_to_no_agency():
    letter = draft(recipient_agency_ids=[])
    sending = letter.send(letter.numbering(at=AT, channel=Channel.PAPER), number=3, prefix="ชม 0017", at=AT,
                          channel=Channel.PAPER, sender_province_code="50", recipient_provinces={},
                          external_recipients=["บริษัท ก จำกัด"], attachment_count=1)
    assert [(d.recipient_name, d.status) for d in sending.deliveries] == [("บริษัท ก จำกัด", DeliveryStatus.POSTED)]
    assert sending.delivered == () and sending.sent.external_recipient_count == 1


def test_only_a_complete_draft_with_recipients_is_sent():
    refused("letter_not_draft", lambda: draft(status="sent").numbering(at=AT, channel=Channel.ELECTRONIC))
    refused("letter_not_draft", lambda: draft(status="received_paper").check_draft())
    refused("no_recipients", lambda: draft(recipient_agency_ids=[]).numbering(at=AT, channel=Channel.ELECTRONIC))
    refused("missing_fields", lambda: draft(salutation="").numbering(at=AT, channel=Channel.ELECTRONIC))
    draft().check_draft()


# --- withdrawing and resending (the repository picks the rows by WITHDRAWABLE / REDELIVERABLE) ---

def test_only_unaccepted_deliveries_can_be_withdrawn_and_only_those_out_of_the_inbox_resent():
    assert DeliveryStatus.ACCEPTED not in model.WITHDRAWABLE and DeliveryStatus.WITHDRAWN not in model.WITHDRAWABLE
    assert DeliveryStatus.DELIVERED in model.WITHDRAWABLE and DeliveryStatus.WRONG_RECIPIENT in model.WITHDRAWABLE
    assert model.REDELIVERABLE == {DeliveryStatus.WITHDRAWN, DeliveryStatus.REJECTED, DeliveryStatus.WRONG_RECIPIENT}


def test_withdrawing_and_resending_nothing_is_refused():
    refused("nothing_to_withdraw", lambda: model.withdrawn(FACTS, [], at=AT))
    refused("nothing_to_resend", lambda: model.redelivered(FACTS, [], at=AT, sent_at=AT, deadline=None,
                                                           recipient_provinces={}))


def test_a_resent_letter_is_delivered_again_with_its_attempt_and_the_recipients_province():
    row = {"delivery_id": uuid.uuid4(), "recipient_agency_id": "cm-land", "attempt": 2}
    [event] = model.redelivered(FACTS, [row], at=NEW_YEAR, sent_at=AT, deadline=None,
                                recipient_provinces={"cm-land": "50"})
    assert (event.attempt, event.recipient_province_code, event.sender_province_code) == (2, "50", "50")
    assert (event.sent_at, event.delivered_at) == (AT, NEW_YEAR)


# --- the recipient's delivery ---

def test_a_delivered_letter_is_accepted_with_its_receipt_number():
    event = delivery("delivered").accept(FACTS, number=7, at=NEW_YEAR, recipient_province_code="50")
    assert (event.receive_register_number, event.accepted_at, event.delivered_at) == (7, NEW_YEAR, AT)
    assert model.register_year(event.accepted_at) == 2027


@pytest.mark.parametrize(("status", "code"), [("accepted", "already_accepted"), ("rejected", "not_acceptable"),
                                              ("wrong_recipient", "not_acceptable"), ("withdrawn", "not_acceptable"),
                                              ("posted", "not_acceptable")])
def test_only_a_delivered_letter_can_be_accepted_or_refused(status, code):
    refused(code, lambda: delivery(status).accept(FACTS, number=1, at=AT, recipient_province_code=None))
    refused(code, lambda: delivery(status).reject(FACTS, reason="x", wrong_recipient=False, at=AT,
                                                  recipient_province_code=None))


def test_refusing_rejects_or_marks_the_wrong_recipient():
    status, event = delivery("delivered").reject(FACTS, reason="ไม่ใช่เรื่องของหน่วยงาน", wrong_recipient=True, at=AT,
                                                 recipient_province_code="50")
    assert status is DeliveryStatus.WRONG_RECIPIENT and event.wrong_recipient and event.reason
    assert delivery("delivered").reject(FACTS, reason="x", wrong_recipient=False, at=AT,
                                        recipient_province_code=None)[0] is DeliveryStatus.REJECTED


def test_routing_and_closing_come_after_acceptance_and_a_matter_closes_once():
    accepted = delivery("accepted")
    routed = accepted.route(FACTS, routing_id=uuid.uuid4(), action="assign", from_user_id="u-clerk",
                            to_unit_id="unit-1", to_user_id=None, reaches_user_ids=["u-a", "u-b", "u-a"],
                            deadline=NEW_YEAR, at=AT)
    assert routed.reaches_user_ids == ["u-a", "u-b"] and routed.agency_id == "cm-land"
    assert accepted.close(FACTS, at=AT).closed_at == AT
    refused("already_closed", lambda: delivery("accepted", closed_at=AT).close(FACTS, at=NEW_YEAR))
    for status in ("delivered", "rejected", "withdrawn"):
        refused("not_accepted_yet", lambda s=status: delivery(s).close(FACTS, at=AT))
        refused("not_accepted_yet", lambda s=status: delivery(s).check_accepted())
        refused("not_accepted_yet", lambda s=status: delivery(s).route(
            FACTS, routing_id=uuid.uuid4(), action="forward", from_user_id="u", to_unit_id="x", to_user_id=None,
            reaches_user_ids=[], deadline=None, at=AT))


def test_a_withdrawn_delivery_is_hidden_from_its_recipient():
    assert not delivery("withdrawn").visible_to_recipient
    assert all(delivery(s).visible_to_recipient for s in DeliveryStatus if s is not DeliveryStatus.WITHDRAWN)


def test_a_paper_letter_registered_on_arrival_has_no_delivery_time():
    paper = LetterFacts(**{**FACTS.fields(), "channel": Channel.PAPER})
    assert delivery("delivered").accept(paper, number=1, at=AT, recipient_province_code=None).delivered_at is None


def test_letter_statuses_are_the_ones_stored():
    assert {s.value for s in LetterStatus} == {"draft", "in_review", "signed", "sent", "received_paper"}  # 009
