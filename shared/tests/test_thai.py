"""Thai digits, Buddhist Era years and the Bangkok day as official documents use them."""

from datetime import UTC, date, datetime

import pytest

from opensaraban_shared.thai import arabic_digits, bangkok_day, buddhist_year, thai_digits


def test_meeting_numbers_print_in_thai_digits_with_the_buddhist_year():
    assert thai_digits(f"ครั้งที่ 1/{buddhist_year(2026)}") == "ครั้งที่ ๑/๒๕๖๙"


def test_thai_digits_read_back_as_arabic():
    assert arabic_digits("ชม ๐๐๑๗/ว ๑๕๙๐") == "ชม 0017/ว 1590"
    assert arabic_digits(thai_digits(1234567890)) == "1234567890"


def test_the_register_year_turns_at_midnight_bangkok_time():
    assert bangkok_day(datetime(2026, 12, 31, 16, 59, tzinfo=UTC)) == date(2026, 12, 31)
    assert bangkok_day(datetime(2026, 12, 31, 17, 0, tzinfo=UTC)) == date(2027, 1, 1)


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        bangkok_day(datetime(2026, 1, 1))
