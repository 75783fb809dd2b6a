"""Thai digits, Buddhist Era years and the Bangkok day as official documents use them."""

import time
from datetime import UTC, date, datetime

import pytest

from opensaraban_shared.thai import arabic_digits, bangkok_day, buddhist_year, format_digits, thai_digits


def test_meeting_numbers_print_in_thai_digits_with_the_buddhist_year():
    assert thai_digits(f"ครั้งที่ 1/{buddhist_year(2026)}") == "ครั้งที่ ๑/๒๕๖๙"


@pytest.mark.parametrize(
    ("prose", "printed"),
    [
        ("ครั้งที่ 1/2569", "ครั้งที่ ๑/๒๕๖๙"),
        ("วาระที่ 4.2.1", "วาระที่ ๔.๒.๑"),
        ("ที่ ชม 0017/ว 1590", "ที่ ชม ๐๐๑๗/ว ๑๕๙๐"),
        ("ประกาศ ณ วันที่ 25 พ.ย. พ.ศ.2569", "ประกาศ ณ วันที่ ๒๕ พ.ย. พ.ศ.๒๕๖๙"),
        ("ตามข้อ 5(2) วงเงิน 1,500.50 บาท", "ตามข้อ ๕(๒) วงเงิน ๑,๕๐๐.๕๐ บาท"),
        ("เวลา 09.30-12.00 น.", "เวลา ๐๙.๓๐-๑๒.๐๐ น."),
    ],
)
def test_numbers_in_thai_prose_print_in_thai_digits(prose, printed):
    assert thai_digits(prose) == printed


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("คณะกรรมการทดสอบ f35ae1", "คณะกรรมการทดสอบ f35ae1"),
        ("คณะกรรมการทดสอบf35ae1 ครั้งที่ 2", "คณะกรรมการทดสอบf35ae1 ครั้งที่ ๒"),
        ("โครงการ OTOD#2 ระยะที่ 2", "โครงการ OTOD#2 ระยะที่ ๒"),
        ("มาตรการ COVID-19 รุ่น v2", "มาตรการ COVID-19 รุ่น v2"),
        ("ดู https://example.go.th/minutes-1-2568.pdf หน้า 3", "ดู https://example.go.th/minutes-1-2568.pdf หน้า ๓"),
        ("(https://example.go.th/รายงาน-1-2568.pdf)", "(https://example.go.th/รายงาน-1-2568.pdf)"),
        ("ที่ www.example.go.th/ข่าว/2569 ครับ", "ที่ www.example.go.th/ข่าว/2569 ครับ"),
        ("ส่งถึง saraban2569@example.go.th ภายใน 3 วัน", "ส่งถึง saraban2569@example.go.th ภายใน ๓ วัน"),
        ("หรือ สารบรรณ2569@ตัวอย่าง.ไทย", "หรือ สารบรรณ2569@ตัวอย่าง.ไทย"),
        ("แนบไฟล์ ผลสำรวจ-2569.pdf จำนวน 2 หน้า", "แนบไฟล์ ผลสำรวจ-2569.pdf จำนวน ๒ หน้า"),
    ],
)
def test_identifiers_keep_their_digits_while_the_prose_around_them_converts(text, printed):
    assert thai_digits(text) == printed


def test_a_file_name_with_spaces_is_beyond_the_guess_so_renderers_keep_it_out():
    # Why layouts insert file names after the conversion: the number words of such a name read as prose.
    assert thai_digits("รายงานผล ปี 2568 ฉบับที่ 3.pdf") == "รายงานผล ปี ๒๕๖๘ ฉบับที่ 3.pdf"


def test_arabic_digits_for_the_screen_leave_identifiers_as_typed_too():
    assert format_digits("ครั้งที่ ๑/๒๕๖๙ https://example.go.th/ประชุม-๑", thai_digits=False) == \
        "ครั้งที่ 1/2569 https://example.go.th/ประชุม-๑"
    assert format_digits("โครงการ OTOD#2 ครั้งที่ 1", thai_digits=True) == "โครงการ OTOD#2 ครั้งที่ ๑"


def test_a_long_line_converts_in_time_proportional_to_its_length():
    # A pattern that retries every start inside a run takes seconds here (milliseconds when linear); a pack has thousands of lines.
    line = " ".join(["1" * 5000, "a1" * 2500, "ก1" * 2500, "-" * 5000, "x" * 5000])
    started = time.perf_counter()
    assert thai_digits(line).count("๑") == 7500
    assert time.perf_counter() - started < 0.5


def test_thai_digits_read_back_as_arabic():
    assert arabic_digits("ชม ๐๐๑๗/ว ๑๕๙๐") == "ชม 0017/ว 1590"
    assert arabic_digits(thai_digits(1234567890)) == "1234567890"


def test_the_register_year_turns_at_midnight_bangkok_time():
    assert bangkok_day(datetime(2026, 12, 31, 16, 59, tzinfo=UTC)) == date(2026, 12, 31)
    assert bangkok_day(datetime(2026, 12, 31, 17, 0, tzinfo=UTC)) == date(2027, 1, 1)


def test_a_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        bangkok_day(datetime(2026, 1, 1))
