"""The letter form without a network: what it sends for each kind, how a draft fills it, and which field a refusal
of the letters API is about, named by its label."""

import pytest
from portal_service.i18n import Wording
from portal_service.pages.letter_form import date_errors, field_errors, payload, values_from_form, values_from_letter
from portal_service.upstream import UpstreamError
from starlette.datastructures import FormData

FORMS = {"kinds": [
    {"kind": "external", "label_th": "หนังสือภายนอก", "label_en": "External letter", "subtypes": [],
     "fields": ["subject", "salutation", "body", "owning_unit", "copies_to"], "required": ["subject", "owning_unit"]},
    {"kind": "directive", "label_th": "หนังสือสั่งการ", "label_en": "Directive",
     "subtypes": [{"value": "order", "label_th": "คำสั่ง", "label_en": "Order"},
                  {"value": "regulation", "label_th": "ระเบียบ", "label_en": "Regulation"}],
     "fields": ["subject", "body", "effective_from"], "required": ["subject", "body"]},
]}
THAI = Wording("th", thai_digits=False)


def refusal(code: str, detail: dict) -> UpstreamError:
    return UpstreamError(status=422, code=code, message_th="ไม่ครบ", message_en="Missing", detail=detail)


def test_an_order_sends_its_subtype_its_date_and_the_files_it_was_given():
    form = FormData([("kind", "directive"), ("subtype", "regulation"), ("subject", "แต่งตั้งคณะทำงาน"),
                     ("body", "ข้อ ๑\r\nข้อ ๒"), ("effective_from", "10/12/2569"), ("urgency", "3"),
                     ("recipient_agency_ids", "cm-statistics"), ("recipient_names", "สถิติ"),
                     ("enclosure_ids", "e1"), ("enclosure_names", "บัญชีรายชื่อ.pdf"), ("enclosure_ids", "e2"),
                     ("enclosure_names", "แผนงาน.pdf"), ("main_letter", "uploaded"), ("main_attachment_id", "m1"),
                     ("main_name", "คำสั่ง.pdf"), ("recipient_list_ids", "list-1")])
    body = payload(values_from_form(form, FORMS), new=True)
    assert body["kind"] == "directive" and body["subtype"] == "regulation" and body["urgency"] == 3
    assert body["effective_from"] == "2026-12-10" and body["body"] == "ข้อ ๑\nข้อ ๒"
    assert body["attachment_ids"] == ["e1", "e2"] and body["main_attachment_id"] == "m1"
    assert body["recipient_agency_ids"] == ["cm-statistics"] and body["recipient_list_ids"] == ["list-1"]


def test_a_change_leaves_out_what_the_form_does_not_show_and_clears_what_was_emptied():
    form = FormData([("kind", "external"), ("subject", "เรื่องเดิม"), ("copies_to", "ผู้ว่าราชการจังหวัด\n\n ปลัดจังหวัด "),
                     ("main_letter", "rendered"), ("main_attachment_id", "m1"), ("main_name", "เก่า.pdf")])
    body = payload(values_from_form(form, FORMS), new=False)
    assert "salutation" not in body and "effective_from" not in body and "recipient_list_ids" not in body
    assert body["copies_to"] == ["ผู้ว่าราชการจังหวัด", "ปลัดจังหวัด"]
    assert body["subtype"] is None and body["deadline"] is None
    assert body["main_attachment_id"] is None  # printed by the system: the uploaded file is no longer the letter


@pytest.mark.parametrize(("kind", "subtype", "kept"), [("directive", "regulation", "regulation"),
                                                       ("directive", "announcement", "order"),
                                                       ("external", "order", None)])
def test_a_change_of_kind_keeps_a_subtype_only_when_the_kind_has_it(kind, subtype, kept):
    assert values_from_form(FormData([("kind", kind), ("subtype", subtype)]), FORMS)["subtype"] == kept


def test_a_saved_draft_fills_the_form_with_its_main_letter_apart_from_its_enclosures():
    letter = {"kind": "external", "subtype": None, "subject": "ส", "copies_to": ["ก", "ข"], "urgency": 2, "secrecy": 1,
              "is_circular": False, "deadline": "2026-12-09T17:30:00+00:00", "main_letter": "uploaded",
              "main_attachment_id": "m1",
              "attachments": [{"attachment_id": "m1", "filename": "หนังสือ.pdf"},
                              {"attachment_id": "e1", "filename": "แผน.pdf"}]}
    values = values_from_letter(letter, [])
    assert values["main_file"] == {"attachment_id": "m1", "filename": "หนังสือ.pdf"}
    assert values["enclosures"] == [{"attachment_id": "e1", "filename": "แผน.pdf"}]
    assert values["copies_to"] == "ก\nข" and values["deadline"] == "10/12/2569"  # the Bangkok day, พ.ศ.


def test_missing_fields_are_each_named_by_their_label_at_their_place():
    errors = field_errors(refusal("missing_fields", {"missing": ["owning_unit", "body"]}), FORMS, "external", THAI)
    assert errors == {"owning_unit": "โปรดกรอกส่วนราชการเจ้าของเรื่อง", "body": "โปรดกรอกข้อความ"}
    english = field_errors(refusal("missing_fields", {"missing": ["owning_unit"]}), FORMS, "external",
                           Wording("en", thai_digits=False))
    assert english == {"owning_unit": "Please fill in Owning unit"}


def test_an_unknown_subtype_names_those_the_kind_allows():
    errors = field_errors(refusal("unknown_subtype", {"allowed": ["order", "regulation"]}), FORMS, "directive", THAI)
    assert errors == {"subtype": "โปรดเลือกประเภทหนังสือ: คำสั่ง, ระเบียบ"}


def test_a_validation_refusal_points_at_its_field_and_recipient_problems_at_the_recipients():
    invalid = refusal("invalid_input", {"fields": [{"loc": ["body", "subject"], "type": "string_too_short"},
                                                   {"loc": ["body", "effective_from"], "type": "date_from_datetime"},
                                                   {"loc": ["body", "recipient_agency_ids"], "type": "value_error"}]})
    assert field_errors(invalid, FORMS, "directive", THAI) == {
        "subject": "โปรดกรอกเรื่อง", "effective_from": "โปรดตรวจสอบทั้งนี้ ตั้งแต่วันที่", "recipients": "โปรดตรวจสอบผู้รับ"}
    assert field_errors(refusal("no_recipients", {}), FORMS, "external", THAI) == {"recipients": "ไม่ครบ"}


def test_days_are_typed_in_the_buddhist_era_sent_as_iso_days_and_an_unreadable_one_is_named():
    form = FormData([("kind", "directive"), ("subtype", "order"), ("effective_from", "๑ ม.ค. ๒๕๗๐"),
                     ("deadline", "15/12/2569")])
    values = values_from_form(form, FORMS)
    assert date_errors(values, THAI) == {}
    body = payload(values, new=True)
    assert body["effective_from"] == "2027-01-01" and body["deadline"] == "2026-12-15T16:30:00+07:00"
    wrong = values_from_form(FormData([("kind", "directive"), ("effective_from", "2026-12-15"),
                                       ("deadline", "31/02/2569")]), FORMS)
    assert set(date_errors(wrong, THAI)) == {"effective_from", "deadline"}
    assert date_errors(wrong, THAI)["deadline"].startswith("กำหนดเสร็จ: โปรดกรอกเป็น วัน/เดือน/ปี พ.ศ.")
