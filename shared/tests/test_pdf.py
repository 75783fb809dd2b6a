"""Printable Thai documents: bundled Sarabun, shaped text that reads back, tables across pages, Thai line breaks."""

import hashlib
import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from opensaraban_shared.pdf import (
    FONTS_DIR,
    finish,
    new_document,
    wrap_text,
    write_paragraph,
    write_table,
    write_title,
)
from opensaraban_shared.thai import keeps_with_previous, split_at_breaks

CREATED = datetime(2026, 11, 21, 7, 30, tzinfo=UTC)
# Stacked marks (ปั้น, ญี่ปุ่น), letters that lose their tail under a vowel (ฐู, ญุ), and ำ,
# which shaping draws as two glyphs.
TRICKY = "ประจำปี น้ำ ที่ปั้น ญี่ปุ่น ฐูฎุ สำนักงานปลัดกระทรวงศึกษาธิการ"
SUBJECT = "ขอความอนุเคราะห์ข้อมูลสถิติการใช้น้ำประปาของสำนักงานเพื่อประกอบการจัดทำงบประมาณรายจ่ายประจำปี"


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    # Extractors guess spaces from glyph positions (shaped marks move), so compare without them.
    return re.sub(r"\s+", "", text)


def document(**options):
    return new_document(title="เอกสารทดสอบ", created_at=CREATED, **options)


def test_the_bundled_fonts_are_the_ones_recorded_in_their_readme():
    readme = (FONTS_DIR / "README.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"^\| `([^`]+)` \| `[^`]+` \| `([0-9a-f]{64})` \|$", readme, re.MULTILINE))
    assert set(recorded) == {"Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "OFL.txt"}
    for name, digest in recorded.items():
        assert hashlib.sha256((FONTS_DIR / name).read_bytes()).hexdigest() == digest, name


def test_the_font_licence_and_copyright_travel_with_the_fonts():
    licence = (FONTS_DIR / "OFL.txt").read_text(encoding="utf-8")
    assert "Copyright 2018 The Sarabun Project Authors" in licence
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_a_document_carries_its_title_language_and_creation_date():
    data = finish(document())
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "เอกสารทดสอบ"
    assert reader.metadata["/CreationDate"].startswith("D:20261121073000")
    assert reader.trailer["/Root"]["/Lang"] == "th"
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert all("Sarabun" in fonts[name].get_object()["/BaseFont"] for name in fonts)


def test_thai_text_reads_back_exactly_even_where_shaping_splits_a_character():
    pdf = document()
    write_title(pdf, ["บันทึกข้อความ", "สำนักงานปลัดกระทรวงศึกษาธิการ"])
    write_paragraph(pdf, TRICKY, indent=20)
    text = pages_text(finish(pdf, page_numbers=False))[0]
    assert squash("บันทึกข้อความสำนักงานปลัดกระทรวงศึกษาธิการ" + TRICKY) in squash(text)
    assert not [c for c in text if c < " " and c != "\n"], "no stray control characters (ำ is two glyphs)"


def test_thai_marks_are_shaped_into_their_positional_forms():
    pdf = document()
    write_paragraph(pdf, "ฐู ญุ ปั้น ป่")
    font = pdf.fonts["sarabun"]
    drawn = {glyph.glyph_name for glyph, _code in font.subset.items() if glyph is not None}
    # Only HarfBuzz reaches these glyphs: no character maps to them.
    assert {"thoThanthai.less", "yoYingthai.less", "uni0E49.small"} <= drawn - set(font.cmap.values())


def test_a_long_table_repeats_its_heading_on_every_page_and_keeps_rows_in_order():
    pdf = document()
    headings = ["ลำดับ", "เรื่อง", "หมายเหตุ"]
    rows = [[pdf.digits(n), f"{SUBJECT} ครั้งที่ {pdf.digits(n)}", "กระดาษ"] for n in range(1, 61)]
    write_table(pdf, headings, rows, col_widths=(1, 6, 2), align=("C", "L", "L"))
    pages = pages_text(finish(pdf))
    assert len(pages) >= 3
    for page in pages:
        assert squash(page).startswith("ลำดับเรื่องหมายเหตุ")
    everything = squash("".join(pages))
    positions = [everything.index(squash(f"{SUBJECT}ครั้งที่{pdf.digits(n)}กระดาษ")) for n in range(1, 61)]
    assert positions == sorted(positions)


def test_a_row_taller_than_a_page_continues_overleaf():
    pdf = document()
    huge = " ".join([SUBJECT] * 60)
    write_table(pdf, ["เรื่อง", "หมายเหตุ"], [[huge, "ท้ายตาราง"]], col_widths=(4, 1))
    pages = pages_text(finish(pdf))
    assert len(pages) >= 2
    assert squash("".join(pages)).count(squash(SUBJECT)) == 60


def test_pages_are_numbered_out_of_the_total_in_the_documents_digits():
    for thai_digits, last in ((True, "หน้า ๓/๓"), (False, "หน้า 3/3")):
        pdf = document(thai_digits=thai_digits)
        for _ in range(2):
            pdf.add_page()
        pages = pages_text(finish(pdf, footer_note="พิมพ์เมื่อ ๒๑ พ.ย. ๖๙"))
        assert squash(last) in squash(pages[2])
        assert squash("พิมพ์เมื่อ ๒๑ พ.ย. ๖๙") in squash(pages[0])


def test_the_same_input_gives_the_same_file():
    def render() -> bytes:
        pdf = document()
        write_paragraph(pdf, TRICKY)
        return finish(pdf)

    assert render() == render()


def test_wrapped_lines_fit_their_width_and_lose_nothing():
    pdf = document()
    pdf.set_font("Sarabun", size=12)
    for width in (25, 40, 90):
        lines = wrap_text(pdf, SUBJECT, width)
        assert "".join(lines) == SUBJECT
        assert all(pdf.get_string_width(line) <= width + 0.01 for line in lines)
        assert not any(keeps_with_previous(line[0]) for line in lines)


def test_a_word_wider_than_the_column_is_cut_without_losing_characters():
    pdf = document()
    pdf.set_font("Sarabun", size=12)
    address = "saraban.central.office.of.the.permanent.secretary@example.go.th"
    lines = wrap_text(pdf, address, 30)
    assert len(lines) > 1 and "".join(lines) == address
    assert all(pdf.get_string_width(line) <= 30.01 for line in lines)


def test_newlines_in_the_text_start_new_lines():
    pdf = document()
    assert wrap_text(pdf, "กระดาษ\nส่งสำเนา", 100) == ["กระดาษ", "ส่งสำเนา"]


@pytest.mark.parametrize(
    "text, pieces",
    [
        ("ประชุม", ["ประ", "ชุม"]),
        ("ขอเชิญประชุม", ["ขอ", "เชิญ", "ประ", "ชุม"]),
        ("สำนักงาน", ["สำ", "นัก", "งาน"]),
        ("พิจารณา", ["พิ", "จาร", "ณา"]),
        ("ทะเบียนหนังสือรับ", ["ทะ", "เบียน", "หนัง", "สือ", "รับ"]),
        ("มอบกลุ่มงาน", ["มอบ", "กลุ่ม", "งาน"]),
        ("กรรมการ", ["กรรม", "การ"]),
        ("การ์ดเชิญ", ["การ์ด", "เชิญ"]),
        ("ครั้งที่ 1", ["ครั้ง", "ที่ ", "1"]),
        # Where a cluster may begin, or a syllable's end is unsure, nothing is broken.
        ("มาครับ", ["มาครับ"]),
        ("ไปรษณีย์", ["ไปรษณีย์"]),
        ("เปล่า", ["เปล่า"]),
        ("ขอความ", ["ขอความ"]),
    ],
)
def test_thai_lines_break_between_syllables_and_never_inside_one(text, pieces):
    assert split_at_breaks(text) == pieces


def test_breaking_never_loses_or_reorders_characters():
    for text in (TRICKY, SUBJECT, "ศธ ๐๒๐๖/ว ๑๒๓  two  spaces", "", " เริ่มด้วยช่องว่าง"):
        assert "".join(split_at_breaks(text)) == text
