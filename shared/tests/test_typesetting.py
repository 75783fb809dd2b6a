"""Typesetting: Thai reads back from the PDF as it was written (poppler's pdftotext, not our code), lines break
between words, fonts are embedded, and a template cannot reach the network."""

import pytest

from opensaraban_shared import typesetting
from tests import pdf_checks

PARAGRAPH = ("ด้วยสำนักงานสถิติจังหวัดเชียงใหม่ได้รับมอบหมายให้สำรวจความพร้อมของหน่วยงานภาครัฐในการปรับเปลี่ยนสู่รัฐบาล"
             "ดิจิทัล สารบรรณอิเล็กทรอนิกส์ และการให้บริการประชาชนผ่านระบบดิจิทัล จึงขอความร่วมมือตอบแบบสำรวจภายใน"
             "วันที่ ๑๕ ธันวาคม ๒๕๖๙ ครั้งที่ ๑/๒๕๖๙")
PAGE = f"""<html lang="th"><head><title>หนังสือทดสอบ</title><meta name="author" content="สำนักงานจังหวัดเชียงใหม่">
</head><body style="font-family: Sarabun; font-size: 16pt; width: 12cm">
<p style="font-weight: bold; font-size: 24pt">ด่วนที่สุด</p><p>{PARAGRAPH}</p></body></html>"""


def test_pdftotext_gives_back_the_thai_text_in_order(tmp_path):
    lines = pdf_checks.text_lines(typesetting.typeset(PAGE, base=tmp_path))

    assert lines[0] == "ด่วนที่สุด"
    assert pdf_checks.without_spaces("".join(lines[1:])) == pdf_checks.without_spaces(PARAGRAPH)


def test_lines_end_between_words_as_another_segmenter_sees_them(tmp_path):
    lines = pdf_checks.text_lines(typesetting.typeset(PAGE, base=tmp_path))[1:]

    assert len(lines) >= 3, "the paragraph should wrap"
    assert pdf_checks.breaks_inside_words(lines, PARAGRAPH) == []


def test_the_judge_of_line_ends_catches_a_break_inside_a_word():
    assert pdf_checks.breaks_inside_words(["ขอความร่วมมือจากจัง", "หวัดเชียงใหม่"]) == ["จัง|หวัด"]


def test_fonts_are_embedded_and_the_file_claims_pdf_a(tmp_path):
    pdf = typesetting.typeset(PAGE, base=tmp_path)

    fonts = pdf_checks.embedded_fonts(pdf)
    assert fonts and all("Sarabun" in name and embedded for name, embedded in fonts), fonts
    assert pdf_checks.metadata(pdf)["pdfaid:part"] == "2"


@pytest.mark.parametrize("url", ["http://127.0.0.1:1/emblem.png", "file:///etc/passwd"])
def test_a_template_cannot_load_anything_but_its_own_files(tmp_path, url):
    with pytest.raises(typesetting.FetchRefused):
        typesetting.typeset(f'<img src="{url}">', base=tmp_path, variant=None)


def test_a_template_loads_its_own_files(tmp_path):
    (tmp_path / "mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')

    assert typesetting.typeset('<img src="mark.svg">', base=tmp_path, variant=None).startswith(b"%PDF")
