"""Thai and English dates, clock times and digits as documents and the UI print them."""

from datetime import UTC, date, datetime

import pytest

from opensaraban_shared.thai import format_digits, format_english_date, format_thai_date, format_thai_time

DAY = date(2026, 11, 21)


def test_official_documents_date_in_full_with_thai_digits_and_the_buddhist_year():
    assert format_thai_date(DAY) == "๒๑ พฤศจิกายน ๒๕๖๙"


def test_registers_use_the_short_form_with_a_two_digit_buddhist_year():
    assert format_thai_date(DAY, style="short") == "๒๑ พ.ย. ๖๙"
    assert format_thai_date(date(2026, 1, 5), style="short") == "๕ ม.ค. ๖๙"


def test_arabic_digits_and_the_christian_era_on_request():
    assert format_thai_date(DAY, thai_digits=False) == "21 พฤศจิกายน 2569"
    assert format_thai_date(DAY, buddhist_era=False) == "๒๑ พฤศจิกายน ๒๐๒๖"
    assert format_thai_date(DAY, style="short", thai_digits=False, buddhist_era=False) == "21 พ.ย. 26"
    assert format_thai_date(date(2000, 2, 1), style="short", thai_digits=False, buddhist_era=False) == "1 ก.พ. 00"


def test_every_month_has_its_thai_name():
    names = [format_thai_date(date(2026, month, 1), thai_digits=False).split()[1] for month in range(1, 13)]
    assert names[0] == "มกราคม" and names[6] == "กรกฎาคม" and names[11] == "ธันวาคม"
    assert len(set(names)) == 12


def test_the_english_ui_gets_christian_era_dates_whatever_the_host_locale():
    assert format_english_date(DAY) == "21 November 2026"
    assert format_english_date(DAY, style="short") == "21 Nov 2026"


def test_a_moment_is_dated_by_its_bangkok_day():
    late_evening_utc = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)  # 00:30 on 1 January in Bangkok
    assert format_thai_date(late_evening_utc) == "๑ มกราคม ๒๕๗๐"
    assert format_english_date(late_evening_utc) == "1 January 2027"


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        format_thai_date(datetime(2026, 11, 21, 9, 0))
    with pytest.raises(ValueError):
        format_thai_time(datetime(2026, 11, 21, 9, 0))


def test_an_unknown_style_is_refused():
    with pytest.raises(ValueError):
        format_thai_date(DAY, style="long")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        format_english_date(DAY, style="long")  # type: ignore[arg-type]


def test_clock_times_are_bangkok_time_with_a_dot_and_na():
    assert format_thai_time(datetime(2026, 11, 21, 7, 5, tzinfo=UTC)) == "๑๔.๐๕ น."
    assert format_thai_time(datetime(2026, 11, 21, 7, 5, tzinfo=UTC), thai_digits=False) == "14.05 น."


def test_digits_print_in_the_script_asked_for_whichever_was_typed():
    assert format_digits("ศธ 0206/123", thai_digits=True) == "ศธ ๐๒๐๖/๑๒๓"
    assert format_digits("ศธ ๐๒๐๖/๑๒๓", thai_digits=False) == "ศธ 0206/123"
    assert format_digits(2569, thai_digits=True) == "๒๕๖๙"
