"""The portal speaks Thai first, English on request, with Buddhist Era dates and Thai digits when chosen."""

from datetime import date

import pytest
from portal_service.i18n import TEXT, Wording


def test_every_text_has_thai_and_english():
    for key, (th, en) in TEXT.items():
        assert th.strip() and en.strip(), key


def test_thai_dates_are_buddhist_era_and_use_thai_digits_only_when_chosen():
    assert Wording("th", thai_digits=False).date("2026-11-21") == "21 พ.ย. 69"
    assert Wording("th", thai_digits=True).date("2026-11-21") == "๒๑ พ.ย. ๖๙"
    assert Wording("en", thai_digits=True).date(date(2026, 11, 21)) == "21 Nov 2026"


def test_timestamps_are_read_on_the_bangkok_clock():
    # 17:30 UTC on 21 Nov is 00:30 on 22 Nov in Bangkok.
    assert Wording("th", thai_digits=False).datetime("2026-11-21T17:30:00+00:00") == "22 พ.ย. 69 00.30 น."
    assert Wording("en", thai_digits=False).datetime("2026-11-21T17:30:00+00:00") == "22 Nov 2026 00.30"


def test_letter_numbers_follow_the_digit_choice():
    assert Wording("th", thai_digits=True).num("ชม 0017/ว 12") == "ชม ๐๐๑๗/ว ๑๒"
    assert Wording("th", thai_digits=False).num("ชม ๐๐๑๗/ว ๑๒") == "ชม 0017/ว 12"


@pytest.mark.parametrize(("lang", "expected"), [("th", "ด่วนที่สุด"), ("en", "Most urgent")])
def test_urgency_labels(lang, expected):
    assert Wording(lang, thai_digits=False).urgency(4) == expected


def test_notice_wording_takes_the_number():
    assert Wording("th", thai_digits=False)("accepted_notice", number="12") == "ลงรับแล้ว เลขรับที่ 12"


def test_empty_or_unreadable_dates_show_nothing():
    words = Wording("th", thai_digits=False)
    assert words.date(None) == words.date("") == words.datetime("not a date") == ""
