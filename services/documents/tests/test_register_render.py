"""Send and receive registers as CSV for spreadsheets and as printable PDF, laid out as the regulation has them."""

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest

from documents_service.registers.render import (
    NO_ENTRIES,
    RegisterRow,
    column_headings,
    register_csv,
    register_pdf,
    remarks_cell,
)
from tests import pdf_checks

AGENCY = "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาเชียงใหม่ เขต ๑"
PRINTED = datetime(2026, 11, 21, 7, 30, tzinfo=UTC)
RECEIVE_HEADINGS = ("วันที่", "เลขทะเบียนรับ", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ")
SEND_HEADINGS = ("วันที่", "เลขทะเบียนส่ง", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ")


def row(number: int, **changes) -> RegisterRow:
    values = dict(
        register_date=date(2026, 11, 21),
        number=number,
        letter_number=f"ศธ 0206/{number + 100}",
        letter_date=date(2026, 11, 19),
        from_="สำนักงานปลัดกระทรวงศึกษาธิการ",
        to="ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
        subject=f"ขอเชิญประชุมคณะกรรมการพิจารณางบประมาณรายจ่ายประจำปี ครั้งที่ {number}",
        action="มอบกลุ่มงานบริหารทั่วไปดำเนินการ",
        remarks="",
        channel="electronic",
    )
    return RegisterRow(**(values | changes))


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text as poppler's pdftotext reads it in drawing order (a table row by row), without whitespace."""
    return [squash(page) for page in pdf_checks.page_texts(data, raw=True)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_columns_are_headed_as_the_regulation_has_them():
    assert column_headings("receive") == RECEIVE_HEADINGS
    assert column_headings("send") == SEND_HEADINGS
    assert column_headings("receive", lang="en")[:2] == ("Date", "Receipt no.")
    assert column_headings("send", lang="en")[:2] == ("Date", "Dispatch no.")


def test_csv_opens_in_excel_as_thai_with_iso_dates_and_plain_numbers():
    rows = [row(1, remarks="ด่วน"), row(2, channel="paper", letter_date=None)]
    data = register_csv("receive", AGENCY, 2026, rows)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM tells Excel the file is UTF-8
    header, first, second = csv_rows(data)
    assert tuple(header) == (*RECEIVE_HEADINGS, "ช่องทาง")
    assert first == [
        "2026-11-21",
        "1",
        "ศธ 0206/101",
        "2026-11-19",
        "สำนักงานปลัดกระทรวงศึกษาธิการ",
        "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
        "ขอเชิญประชุมคณะกรรมการพิจารณางบประมาณรายจ่ายประจำปี ครั้งที่ 1",
        "มอบกลุ่มงานบริหารทั่วไปดำเนินการ",
        "ด่วน",
        "อิเล็กทรอนิกส์",
    ]
    assert second[0:4] == ["2026-11-21", "2", "ศธ 0206/102", ""]
    assert second[-2:] == ["", "กระดาษ"]


def test_csv_in_english_has_english_headings_and_channel_codes():
    header, first = csv_rows(register_csv("send", AGENCY, 2026, [row(1)], lang="en"))
    assert header == [*column_headings("send", lang="en"), "Channel"]
    assert header[2:4] == ["Letter no.", "Letter date"]
    assert first[-1] == "electronic"


def test_csv_cells_that_look_like_formulas_are_not_run_by_the_spreadsheet():
    _, first = csv_rows(register_csv("receive", AGENCY, 2026, [row(1, subject='=HYPERLINK("http://x")', from_="@x")]))
    assert first[6] == '\'=HYPERLINK("http://x")'
    assert first[4] == "'@x"
    _, first = csv_rows(register_csv("receive", AGENCY, 2026, [row(1, remarks="-")]))
    assert first[8] == "-"  # a clerk's "nothing" is not a formula


def test_an_empty_register_is_a_csv_with_its_header_only():
    assert csv_rows(register_csv("send", AGENCY, 2026, [])) == [[*SEND_HEADINGS, "ช่องทาง"]]


def test_a_buddhist_era_year_an_unknown_kind_or_channel_is_refused():
    with pytest.raises(ValueError, match="Buddhist Era"):
        register_csv("receive", AGENCY, 2569, [row(1)])
    with pytest.raises(ValueError, match="Buddhist Era"):
        register_pdf("receive", AGENCY, 2569, [], generated_at=PRINTED)
    with pytest.raises(ValueError):
        register_csv("outgoing", AGENCY, 2026, [row(1)])  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        row(1, channel="fax")


def test_remarks_start_with_the_channel_unless_they_already_name_it():
    assert remarks_cell(row(1)) == "อิเล็กทรอนิกส์"
    assert remarks_cell(row(1, channel="paper", remarks="ส่งสำเนาให้ฝ่ายการเงิน")) == "กระดาษ\nส่งสำเนาให้ฝ่ายการเงิน"
    assert remarks_cell(row(1, channel="paper", remarks="ต้นฉบับกระดาษ เก็บที่ตู้ ๓")) == "ต้นฉบับกระดาษ เก็บที่ตู้ ๓"


def test_the_printed_register_has_title_agency_year_headings_and_rows_in_thai_digits():
    rows = [row(n, channel="paper" if n == 2 else "electronic") for n in (1, 2, 3)]
    pages = pdf_pages(register_pdf("receive", AGENCY, 2026, rows, generated_at=PRINTED))
    first = pages[0]
    assert first.startswith(squash(f"ทะเบียนหนังสือรับ{AGENCY}ประจำปี พ.ศ. ๒๕๖๙"))
    assert squash("".join(RECEIVE_HEADINGS)) in first
    lines = [
        "๒๑ พ.ย. ๖๙ ๑ ศธ ๐๒๐๖/๑๐๑ ๑๙ พ.ย. ๖๙",
        "๒๑ พ.ย. ๖๙ ๒ ศธ ๐๒๐๖/๑๐๒ ๑๙ พ.ย. ๖๙",
        "๒๑ พ.ย. ๖๙ ๓ ศธ ๐๒๐๖/๑๐๓ ๑๙ พ.ย. ๖๙",
    ]
    positions = [first.index(squash(line)) for line in lines]
    assert positions == sorted(positions)
    assert squash("ขอเชิญประชุมคณะกรรมการพิจารณางบประมาณรายจ่ายประจำปี ครั้งที่ 2") in first
    assert "กระดาษ" in first and "อิเล็กทรอนิกส์" in first
    assert squash("พิมพ์เมื่อ ๒๑ พฤศจิกายน ๒๕๖๙ เวลา ๑๔.๓๐ น.") in first
    assert squash("หน้า ๑/๑") in first


def test_the_printed_register_keeps_codes_addresses_and_file_names_as_typed():
    rows = [
        row(1, letter_number="ชม 0017/ว 1590", subject="ขอข้อมูลโครงการ OTOD#2 ตอบที่ saraban2569@example.go.th",
            remarks="แนบ รายงานผล ปี 2568 ฉบับที่ 3.pdf"),
        row(2, letter_number="DGA-2569/0123"),  # a code of letters and numbers, not a Thai letter number
    ]
    (page,) = pdf_pages(register_pdf("receive", AGENCY, 2026, rows, generated_at=PRINTED))
    assert squash("๒๑ พ.ย. ๖๙ ๑ ชม ๐๐๑๗/ว ๑๕๙๐ ๑๙ พ.ย. ๖๙") in page
    assert squash("๒๑ พ.ย. ๖๙ ๒ DGA-2569/0123 ๑๙ พ.ย. ๖๙") in page
    assert squash("ขอข้อมูลโครงการ OTOD#2 ตอบที่ saraban2569@example.go.th") in page
    assert squash("แนบ รายงานผล ปี 2568 ฉบับที่ 3.pdf") in page


def test_arabic_digits_and_the_christian_era_on_request():
    data = register_pdf("send", AGENCY, 2026, [row(7)], generated_at=PRINTED, thai_digits=False, buddhist_era=False)
    (page,) = pdf_pages(data)
    assert page.startswith(squash("ทะเบียนหนังสือส่ง") + squash(AGENCY) + squash("ประจำปี ค.ศ. 2026"))
    assert squash("".join(SEND_HEADINGS)) in page
    assert squash("21 พ.ย. 26 7 ศธ 0206/107 19 พ.ย. 26") in page
    assert not re.search("[๐-๙]", page.replace(squash(AGENCY), ""))  # the agency's name is printed as typed
    assert squash("หน้า 1/1") in page


def test_an_empty_register_prints_one_page_saying_it_has_no_entries():
    pages = pdf_pages(register_pdf("receive", AGENCY, 2026, [], generated_at=PRINTED))
    assert len(pages) == 1
    assert squash("".join(RECEIVE_HEADINGS)) in pages[0]
    assert squash(NO_ENTRIES) in pages[0]


def test_a_long_register_repeats_its_headings_on_every_page_and_keeps_the_order_given():
    # The send register lists each series by its own numbers: ordinary letters, then circulars (ว).
    rows = [row(n, register_date=date(2026, 1 + n // 20, 1 + n % 20)) for n in range(1, 121)]
    rows += [row(n, letter_number=f"ศธ 0206/ว {n}") for n in (1, 2)]
    data = register_pdf("receive", AGENCY, 2026, rows, generated_at=PRINTED, thai_digits=False)
    pages = pdf_pages(data)
    assert len(pages) > 5
    for page in pages:
        assert squash("".join(RECEIVE_HEADINGS)) in page
    assert squash(f"หน้า {len(pages)}/{len(pages)}") in pages[-1]
    everything = "".join(pages)
    letter_numbers = [f"ศธ 0206/{n + 100}" for n in range(1, 121)] + ["ศธ 0206/ว 1", "ศธ 0206/ว 2"]
    positions = [everything.index(squash(number)) for number in letter_numbers]
    assert positions == sorted(positions)


def test_the_same_register_and_moment_give_the_same_file():
    def render() -> bytes:
        return register_pdf("send", AGENCY, 2026, [row(1), row(2)], generated_at=PRINTED)

    assert render() == render()


def test_a_cut_list_of_recipients_says_how_many_in_the_documents_digits():
    cut = row(1, to="สำนักงานจังหวัดเชียงใหม่, สำนักงานจังหวัดลำพูน", to_total=76)
    (page,) = pdf_pages(register_pdf("send", AGENCY, 2026, [cut], generated_at=PRINTED))
    assert squash("สำนักงานจังหวัดลำพูน และอื่น ๆ รวม ๗๖ แห่ง") in page
    (page,) = pdf_pages(register_pdf("send", AGENCY, 2026, [cut], generated_at=PRINTED, thai_digits=False))
    assert squash("และอื่น ๆ รวม 76 แห่ง") in page
    _, first = csv_rows(register_csv("send", AGENCY, 2026, [cut]))
    assert first[5] == "สำนักงานจังหวัดเชียงใหม่, สำนักงานจังหวัดลำพูน และอื่น ๆ รวม 76 แห่ง"


def test_csv_can_show_buddhist_era_days_as_a_clerk_writes_them():
    _, first = csv_rows(register_csv("receive", AGENCY, 2026, [row(1)], buddhist_era=True))
    assert first[0] == "21/11/2569" and first[3] == "19/11/2569"


def test_a_pdf_for_a_range_of_days_says_which_days_it_covers():
    days = (date(2026, 10, 1), date(2026, 12, 31))
    (page,) = pdf_pages(register_pdf("receive", AGENCY, 2026, [row(1)], generated_at=PRINTED, days=days))
    assert "ตั้งแต่วันที่๑ตุลาคม๒๕๖๙ถึงวันที่๓๑ธันวาคม๒๕๖๙" in page  # pdf_pages drops spaces
