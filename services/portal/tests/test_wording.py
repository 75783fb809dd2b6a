"""The portal speaks Thai first, English on request, with Buddhist Era dates and Thai digits when chosen."""

import re
from datetime import date

import pytest
from portal_service.i18n import TEXT, Wording
from portal_service.pages.rendering import TEMPLATES


def test_every_text_has_thai_and_english():
    for key, (th, en) in TEXT.items():
        assert th.strip() and en.strip(), key


def test_thai_dates_are_buddhist_era_and_use_thai_digits_only_when_chosen():
    assert Wording("th", thai_digits=False).date("2026-11-21") == "21 พ.ย. 69"
    assert Wording("th", thai_digits=True).date("2026-11-21") == "๒๑ พ.ย. ๖๙"
    assert Wording("en", thai_digits=True).date(date(2026, 11, 21)) == "21 Nov 2026"


def test_a_letter_is_dated_in_full_with_thai_digits_whatever_the_reader_chose():
    assert Wording("th", thai_digits=False).letter_date("2026-12-05") == "๕ ธันวาคม ๒๕๖๙"
    assert Wording("th", thai_digits=True).letter_date(date(2026, 12, 5)) == "๕ ธันวาคม ๒๕๖๙"
    assert Wording("en", thai_digits=True).letter_date("2026-12-05") == "5 December 2026"
    assert Wording("th", thai_digits=False).letter_date(None) == ""


def test_subtypes_are_named_in_the_reader_s_language():
    assert (Wording("th", thai_digits=False).subtype("order"), Wording("en", thai_digits=False).subtype("news")) == (
        "คำสั่ง", "News")


def test_timestamps_are_read_on_the_bangkok_clock():
    # 17:30 UTC on 21 Nov is 00:30 on 22 Nov in Bangkok.
    assert Wording("th", thai_digits=False).datetime("2026-11-21T17:30:00+00:00") == "22 พ.ย. 69 00.30 น."
    assert Wording("en", thai_digits=False).datetime("2026-11-21T17:30:00+00:00") == "22 Nov 2026 00.30"


def test_letter_numbers_follow_the_digit_choice():
    assert Wording("th", thai_digits=True).num("ชม 0017/ว 12") == "ชม ๐๐๑๗/ว ๑๒"
    assert Wording("th", thai_digits=False).num("ชม ๐๐๑๗/ว ๑๒") == "ชม 0017/ว 12"


def test_a_letter_number_that_is_a_code_keeps_its_own_characters_on_the_page():
    rows = TEMPLATES.env.get_template("_inbox_rows.html").render(w=Wording("th", thai_digits=True), items=[
        {"letter_id": "1", "delivery_id": "1", "letter_number": "DGA-2569/0123", "subject": "ขอข้อมูล",
         "status": "accepted", "urgency": 1, "receive_register_number": 15, "delivered_at": "2026-11-21T02:00:00+00:00"},
        {"letter_id": "2", "delivery_id": "2", "letter_number": "ชม 0017/ว 1590", "subject": "ขอเชิญประชุม",
         "status": "accepted", "urgency": 1, "receive_register_number": 16, "delivered_at": "2026-11-21T02:00:00+00:00"},
    ])
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", rows)]
    assert "DGA-2569/0123" in cells and "ชม ๐๐๑๗/ว ๑๕๙๐" in cells
    assert "ลงรับแล้ว · เลขรับ ๑๕" in cells


def test_the_inbox_reads_a_closed_letter_as_closed_and_marks_each_urgency_differently():
    rows = TEMPLATES.env.get_template("_inbox_rows.html").render(w=Wording("th", thai_digits=False), items=[
        {"letter_id": str(n), "delivery_id": str(n), "letter_number": f"ชม {n}", "subject": "เรื่อง", "urgency": n,
         "status": "accepted", "receive_register_number": n, "delivered_at": "2026-11-21T02:00:00+00:00",
         "closed_at": "2026-11-22T02:00:00+00:00" if n == 1 else None} for n in (1, 2, 3, 4)])
    statuses = re.findall(r'data-testid="inbox-status">(.*?)</td>', rows)
    assert statuses[0].startswith("เก็บเรื่องแล้ว") and statuses[1].startswith("ลงรับแล้ว")
    marks = re.findall(r'class="urgency-mark (urgency-\d)"[^>]*>([^<]+)<', rows)
    assert marks == [("urgency-2", "ด่วน"), ("urgency-3", "ด่วนมาก"), ("urgency-4", "ด่วนที่สุด")]


@pytest.mark.parametrize(("lang", "expected"), [("th", "ด่วนที่สุด"), ("en", "Most urgent")])
def test_urgency_labels(lang, expected):
    assert Wording(lang, thai_digits=False).urgency(4) == expected


def test_notice_wording_takes_the_number():
    assert Wording("th", thai_digits=False)("accepted_notice", number="12") == "ลงรับแล้ว เลขรับที่ 12"


def test_empty_or_unreadable_dates_show_nothing():
    words = Wording("th", thai_digits=False)
    assert words.date(None) == words.date("") == words.datetime("not a date") == ""


def test_meeting_numbers_and_times_are_printed_as_official_documents_print_them():
    meeting = {"number": 1, "year_be": 2569, "meeting_number": "๑/๒๕๖๙"}
    # Thai digits and the Buddhist Era in Thai whatever digits the reader chose for the rest of the portal.
    assert Wording("th", thai_digits=False).meeting_number(meeting) == "ครั้งที่ ๑/๒๕๖๙"
    assert Wording("en", thai_digits=True).meeting_number(meeting) == "No. 1/2569 (B.E.)"
    assert Wording("th", thai_digits=False).meeting_time("2026-11-25T02:30:00+00:00") == \
        "วันพุธที่ ๒๕ พฤศจิกายน ๒๕๖๙ เวลา ๐๙.๓๐ น."
    assert Wording("en", thai_digits=False).meeting_time("2026-11-25T02:30:00+00:00") == \
        "Wednesday 25 November 2026, 09.30"


def test_agenda_sections_and_items_are_numbered_in_thai_digits_in_thai():
    section = {"number": 4, "title": "เรื่องเพื่อพิจารณา", "kind": "consideration"}
    item = {"number": "4.2.1", "number_th": "๔.๒.๑"}
    assert Wording("th", thai_digits=False).section(section) == "ระเบียบวาระที่ ๔ เรื่องเพื่อพิจารณา"
    assert Wording("en", thai_digits=False).section(section) == "Section 4: For consideration (เรื่องเพื่อพิจารณา)"
    assert (Wording("th", thai_digits=False).item_number(item), Wording("en", thai_digits=True).item_number(item)) == \
        ("๔.๒.๑", "4.2.1")


@pytest.mark.parametrize(("lang", "state", "expected"), [("th", "agenda_open", "เปิดรับเรื่องเสนอ"),
                                                          ("en", "minutes_approved", "Minutes approved")])
def test_meeting_states_are_named_in_the_readers_language(lang, state, expected):
    assert Wording(lang, thai_digits=False).meeting_state(state) == expected
