"""The letter renderer, judged by tools we did not write: poppler reads the PDFs back (text in order, marks on every
page, the emblem, fonts, PDF/A), ICU's segmenter judges the line ends, and the browser preview stands on its own."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from PIL import Image

from documents_service.letters.printing.page import PageSettings, PrintedLetter
from documents_service.letters.printing.render import render_html, render_pdf
from opensaraban_shared.vocabulary import LetterKind, Secrecy, Urgency
from tests import pdf_checks

LONG_PARAGRAPH = (
    "ด้วยสำนักงานจังหวัดเชียงใหม่ได้รับมอบหมายให้จัดประชุมคณะกรรมการขับเคลื่อนรัฐบาลดิจิทัลระดับจังหวัด "
    "เพื่อพิจารณาแผนการปรับเปลี่ยนหน่วยงานภาครัฐในจังหวัดสู่การทำงานแบบไร้กระดาษ การใช้ระบบสารบรรณอิเล็กทรอนิกส์ "
    "และการแลกเปลี่ยนหนังสือราชการระหว่างหน่วยงานผ่านระบบกลางของรัฐ ซึ่งจะช่วยลดระยะเวลาการส่งหนังสือ"
    "จากหลายวันให้เหลือไม่ถึงหนึ่งนาที"
)
INVITATION = ("ในการนี้ จังหวัดเชียงใหม่จึงขอเชิญท่านเข้าร่วมประชุมในวันพฤหัสบดีที่ 15 มกราคม 2570 เวลา 09.30 น.\n"
              "ณ ห้องประชุมสุริยัน ชั้น 3 ศาลากลางจังหวัดเชียงใหม่")
CLOSING_LINE = "จึงเรียนมาเพื่อโปรดพิจารณา"
SENT = PrintedLetter(
    kind=LetterKind.EXTERNAL,
    subtype=None,
    issuer_name="สำนักงานจังหวัดเชียงใหม่",
    issuer_address="ศาลากลางจังหวัดเชียงใหม่\nถนนโชตนา เชียงใหม่ 50300",
    number_prefix="ชม 0017.3",
    letter_number="ชม 0017.3/123",
    letter_date=date(2026, 12, 5),
    draft_month=date(2026, 12, 1),
    subject="ขอเชิญประชุมคณะกรรมการขับเคลื่อนรัฐบาลดิจิทัลระดับจังหวัด",
    salutation="ผู้อำนวยการสำนักงานสถิติจังหวัดเชียงใหม่",
    reference_text="หนังสือสำนักงานสถิติจังหวัดเชียงใหม่ ที่ ชม 0033/456 ลงวันที่ 20 พฤศจิกายน 2569",
    enclosures=["ระเบียบวาระการประชุม จำนวน 1 ชุด", "แบบตอบรับการเข้าร่วมประชุม จำนวน 1 ฉบับ"],
    body=f"{LONG_PARAGRAPH}\n\n{INVITATION}\n\n{CLOSING_LINE}",
    closing="ขอแสดงความนับถือ",
    signatory_name="นายสมชาย ใจดี",
    signatory_position="รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน",
    signatory_capacity="ผู้ว่าราชการจังหวัดเชียงใหม่",
    owning_unit="กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด",
    contact="โทร. 0 5311 2345\nโทรสาร 0 5311 2346\nไปรษณีย์อิเล็กทรอนิกส์ saraban@chiangmai.go.th",
    copies_to=["สำนักงานพาณิชย์จังหวัดเชียงใหม่"],
    urgency=Urgency.NORMAL,
    secrecy=Secrecy.NORMAL,
)
PAGE = PageSettings()
SIGNATURE = ["(นายสมชาย ใจดี)", "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน", "ผู้ว่าราชการจังหวัดเชียงใหม่"]
BODY = [LONG_PARAGRAPH, "ในการนี้", CLOSING_LINE]
MARKS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"  # never start a line

# kind, subtype, extra fields, the texts it must print in this order
KINDS = [
    (LetterKind.EXTERNAL, None, {},
     ["ที่ ชม ๐๐๑๗.๓/๑๒๓", "สำนักงานจังหวัดเชียงใหม่", "ถนนโชตนา เชียงใหม่ ๕๐๓๐๐", "๕ ธันวาคม ๒๕๖๙",
      "เรื่อง " + SENT.subject, "เรียน " + SENT.salutation, "อ้างถึง", "ที่ ชม ๐๐๓๓/๔๕๖",
      "สิ่งที่ส่งมาด้วย ๑. ระเบียบวาระการประชุม", "๒. แบบตอบรับ", *BODY, "ขอแสดงความนับถือ", *SIGNATURE,
      SENT.owning_unit, "โทร. ๐ ๕๓๑๑ ๒๓๔๕", "saraban@chiangmai.go.th", "สำเนาส่ง สำนักงานพาณิชย์จังหวัดเชียงใหม่"]),
    (LetterKind.INTERNAL, None, {},
     ["บันทึกข้อความ", "ส่วนราชการ " + SENT.owning_unit, "ที่ ชม ๐๐๑๗.๓/๑๒๓", "วันที่ ๕ ธันวาคม ๒๕๖๙",
      "เรื่อง " + SENT.subject, "เรียน " + SENT.salutation, *BODY, *SIGNATURE]),
    (LetterKind.SEALED, None, {"seal_initials": "สช."},
     ["ที่ ชม ๐๐๑๗.๓/๑๒๓", "สำนักงานจังหวัดเชียงใหม่", "ถึง " + SENT.salutation, *BODY,
      "สำนักงานจังหวัดเชียงใหม่", "สช.", "๕ ธันวาคม ๒๕๖๙", SENT.owning_unit, "โทร. ๐ ๕๓๑๑ ๒๓๔๕"]),
    (LetterKind.DIRECTIVE, "order",
     {"letter_number": "45/2569", "subject": "แต่งตั้งคณะทำงานสารบรรณอิเล็กทรอนิกส์", "effective_from": date(2027, 1, 1)},
     ["คำสั่งสำนักงานจังหวัดเชียงใหม่", "ที่ ๔๕/๒๕๖๙", "เรื่อง แต่งตั้งคณะทำงานสารบรรณอิเล็กทรอนิกส์", *BODY,
      "ทั้งนี้ ตั้งแต่วันที่ ๑ มกราคม พ.ศ. ๒๕๗๐ เป็นต้นไป", "สั่ง ณ วันที่ ๕ ธันวาคม พ.ศ. ๒๕๖๙", *SIGNATURE]),
    (LetterKind.DIRECTIVE, "regulation", {"subject": "ว่าด้วยงานสารบรรณอิเล็กทรอนิกส์"},
     ["ระเบียบสำนักงานจังหวัดเชียงใหม่", "ว่าด้วยงานสารบรรณอิเล็กทรอนิกส์", "พ.ศ. ๒๕๖๙", LONG_PARAGRAPH,
      "ข้อ ๑ ในการนี้", "ข้อ ๒ " + CLOSING_LINE, "ประกาศ ณ วันที่ ๕ ธันวาคม พ.ศ. ๒๕๖๙", *SIGNATURE]),
    (LetterKind.DIRECTIVE, "bylaw", {"subject": "การประชุมคณะทำงาน"},
     ["ข้อบังคับสำนักงานจังหวัดเชียงใหม่", "ว่าด้วยการประชุมคณะทำงาน", "พ.ศ. ๒๕๖๙", LONG_PARAGRAPH, "ข้อ ๑ ในการนี้",
      "ข้อ ๒", "ประกาศ ณ วันที่ ๕ ธันวาคม พ.ศ. ๒๕๖๙", *SIGNATURE]),
    (LetterKind.PUBLICITY, "announcement", {"subject": "การใช้ระบบสารบรรณอิเล็กทรอนิกส์"},
     ["ประกาศสำนักงานจังหวัดเชียงใหม่", "เรื่อง การใช้ระบบสารบรรณอิเล็กทรอนิกส์", *BODY,
      "ประกาศ ณ วันที่ ๕ ธันวาคม พ.ศ. ๒๕๖๙", *SIGNATURE]),
    (LetterKind.PUBLICITY, "statement", {"issue_number": "2", "signatory_name": ""},
     ["แถลงการณ์สำนักงานจังหวัดเชียงใหม่", "เรื่อง " + SENT.subject, "ฉบับที่ ๒", *BODY,
      "สำนักงานจังหวัดเชียงใหม่", "๕ ธันวาคม ๒๕๖๙"]),
    (LetterKind.PUBLICITY, "news", {"issue_number": "7"},
     ["ข่าวสำนักงานจังหวัดเชียงใหม่", "เรื่อง " + SENT.subject, "ฉบับที่ ๗", *BODY, *SIGNATURE, "๕ ธันวาคม ๒๕๖๙"]),
    (LetterKind.EVIDENTIARY, "certificate", {"subject": "รับรองการปฏิบัติงาน"},
     ["ที่ ชม ๐๐๑๗.๓/๑๒๓", "สำนักงานจังหวัดเชียงใหม่", "หนังสือรับรอง", *BODY, "ให้ไว้ ณ วันที่ ๕ ธันวาคม พ.ศ. ๒๕๖๙",
      *SIGNATURE]),
    (LetterKind.EVIDENTIARY, "minutes", {"subject": "คณะกรรมการขับเคลื่อนรัฐบาลดิจิทัล ครั้งที่ 1/2569"},
     ["รายงานการประชุมคณะกรรมการขับเคลื่อนรัฐบาลดิจิทัล ครั้งที่ ๑/๒๕๖๙", *BODY, *SIGNATURE]),
    (LetterKind.EVIDENTIARY, "record", {},
     ["บันทึกข้อความ", "ที่ ชม ๐๐๑๗.๓/๑๒๓", "เรื่อง " + SENT.subject, "เรียน " + SENT.salutation, *BODY, *SIGNATURE]),
    (LetterKind.EVIDENTIARY, "other", {},
     ["บันทึกข้อความ", "ที่ ชม ๐๐๑๗.๓/๑๒๓", "เรื่อง " + SENT.subject, *BODY, *SIGNATURE]),
]


def _letter(**changes) -> PrintedLetter:
    return dataclasses.replace(SENT, **changes)


def _in_order(texts: list[str], lines: list[str]) -> list[str]:
    """The expected texts missing from the lines, read in order (spaces aside, lines may wrap anywhere)."""
    read = pdf_checks.without_spaces("".join(lines))
    missing, at = [], 0
    for text in texts:
        found = read.find(pdf_checks.without_spaces(text), at)
        if found < 0:
            missing.append(text)
        else:
            at = found + len(pdf_checks.without_spaces(text))
    return missing


@pytest.fixture(scope="module")
def three_pages() -> bytes:
    body = "\n\n".join([LONG_PARAGRAPH] * 5 + [INVITATION] * 4 + [LONG_PARAGRAPH] * 3 + [CLOSING_LINE])
    return render_pdf(_letter(body=body, secrecy=Secrecy.SECRET, urgency=Urgency.MOST_URGENT), PAGE)


@pytest.mark.parametrize(("kind", "subtype", "changes", "expected"), KINDS,
                         ids=[f"{kind.value}-{subtype}" for kind, subtype, *_ in KINDS])
def test_each_kind_prints_its_texts_in_the_regulations_order(kind, subtype, changes, expected):
    pdf = render_pdf(_letter(kind=kind, subtype=subtype, **changes), PAGE)

    lines = pdf_checks.text_lines(pdf)
    assert _in_order(expected, lines) == []
    assert [line for line in lines if line[0] in MARKS] == [], "a vowel or tone mark split from its letter"
    assert "ร่าง" not in lines, "a sent letter carries no draft mark"
    assert pdf_checks.metadata(pdf)["pdfaid:part"] == "2"


def test_the_emblem_is_drawn_on_the_first_page():
    from io import BytesIO

    from pypdf import PdfReader

    page = PdfReader(BytesIO(render_pdf(SENT, PAGE))).pages[0]
    drawn = {name: xobject.get_object()["/Subtype"] for name, xobject in page["/Resources"]["/XObject"].items()}
    assert "/Form" in drawn.values(), "the placeholder SVG is drawn as a form XObject"


def test_a_deployments_own_emblem_image_is_embedded(tmp_path):
    emblem = tmp_path / "garuda.png"
    Image.new("RGB", (300, 300), "black").save(emblem)

    images = pdf_checks.images(render_pdf(SENT, dataclasses.replace(PAGE, emblem=emblem)))
    assert [(image["page"], image["width"], image["height"]) for image in images] == [("1", "300", "300")]


def test_urgency_is_on_the_first_page_and_secrecy_on_every_page(three_pages):
    pages = pdf_checks.page_texts(three_pages)

    assert len(pages) == 3
    assert "ด่วนที่สุด" in pages[0].split("\n")[:3]
    assert all(text.count("ด่วนที่สุด") == 0 for text in pages[1:])
    for text in pages:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[0] == "ลับมาก" or lines[1] == "ลับมาก", lines[:3]  # at the top …
        assert "ลับมาก" in lines[-2:], lines[-3:]  # … and at the bottom (beside the continuation mark)


def test_later_pages_carry_their_number_and_each_page_names_the_next_pages_first_word(three_pages):
    pages = pdf_checks.page_texts(three_pages, layout=True)
    numbers = [re.findall(r"- ([๐-๙]+) -", text) for text in pages]
    assert numbers == [[], ["๒"], ["๓"]]

    plain = pdf_checks.page_texts(three_pages)
    for page, following in zip(plain, plain[1:], strict=False):
        marks = re.findall(r"^/(\S+)\.\.\.$", page, re.MULTILINE)
        first_line = next(line for line in following.splitlines()
                          if line.strip() and line.strip() != "ลับมาก" and not line.startswith("- "))
        assert len(marks) == 1 and marks[0] and first_line.strip().startswith(marks[0]), (marks, first_line)
    assert not re.search(r"^/\S+\.\.\.$", plain[-1], re.MULTILINE), "the last page has no next page"


def test_arabic_digits_when_the_agency_prints_them():
    pdf = render_pdf(_letter(body="\n\n".join([LONG_PARAGRAPH] * 10)), dataclasses.replace(PAGE, thai_digits=False))

    text = "".join(pdf_checks.page_texts(pdf, layout=True))
    assert re.search("[๐-๙]", text) is None
    for expected in ("ที่ ชม 0017.3/123", "5 ธันวาคม 2569", "ถนนโชตนา เชียงใหม่ 50300", "- 2 -"):
        assert expected in text


def test_a_draft_leaves_the_number_and_day_blank_and_says_it_is_a_draft():
    pdf = render_pdf(_letter(letter_number=None, letter_date=None, is_draft=True), PAGE)

    lines = pdf_checks.text_lines(pdf)
    assert "ร่าง" in lines
    assert "ที่ ชม ๐๐๑๗.๓/" in lines
    assert "ธันวาคม ๒๕๖๙" in lines, "the date line prints only the month and the year"


def test_a_long_paragraph_breaks_only_between_words():
    lines = pdf_checks.text_lines(render_pdf(_letter(body=LONG_PARAGRAPH), PAGE))
    start = next(n for n, line in enumerate(lines) if line.startswith("ด้วยสำนักงาน"))
    end = next(n for n, line in enumerate(lines) if line.endswith("หนึ่งนาที"))

    assert end - start >= 3, "the paragraph should wrap"
    assert pdf_checks.breaks_inside_words(lines[start:end + 1], LONG_PARAGRAPH) == []


def test_fonts_are_embedded_and_the_metadata_names_the_letter():
    pdf = render_pdf(SENT, PAGE)

    fonts = pdf_checks.embedded_fonts(pdf)
    assert fonts and all("Sarabun" in name and embedded for name, embedded in fonts), fonts
    found = pdf_checks.metadata(pdf)
    assert found["pdfaid:part"] == "2"
    assert found["dc:title"] == SENT.subject
    assert found["dc:creator"] == SENT.issuer_name
    assert "ชม ๐๐๑๗.๓/๑๒๓" in found["dc:description"]


def test_the_browser_preview_stands_on_its_own():
    html = render_html(_letter(urgency=Urgency.URGENT, secrecy=Secrecy.CONFIDENTIAL, body=LONG_PARAGRAPH), PAGE,
                       for_browser=True)

    assert "http" not in html and "file:" not in html and 'src="/' not in html
    assert html.count("data:font/ttf;base64,") == 2
    assert 'src="data:image/svg+xml;base64,' in html
    assert 'lang="th"' in html and "ด่วน" in html and "ลับ" in html


def test_the_pdf_html_loads_the_emblem_from_its_file_only():
    html = render_html(SENT, PAGE)

    assert re.findall(r'src="([^"]+)"', html) == [PAGE.emblem.resolve().as_uri()]
    assert "<style>" not in html


def test_what_the_letter_says_is_escaped():
    html = render_html(_letter(subject="<script>alert(1)</script>", body="a & b <b>ตัวหนา</b>"), PAGE)

    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;ตัวหนา&lt;/b&gt;" in html and "a &amp; b" in html
