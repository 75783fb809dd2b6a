"""Every kind of document the system prints, at a real size, judged by tools we did not write: an agenda of five
sections with nested items (๔.๒.๑), long Thai paragraphs and an item whose summary has a table and a numbered list
(docs/rich-text.md), its minutes, a year's register and a letter.

For each PDF: no line ends inside a word (ICU's segmenter, not libthai, which broke the lines), pdftotext gives the
text back in order, the fonts are embedded, the metadata claims PDF/A-2b, and veraPDF, the reference validator,
passes it. The meeting documents are made here without servers: the integration tests print the same templates
through the API (tests/integration/test_meeting_publish.py, test_meeting_minutes.py)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from docx import Document
from docx.oxml.ns import qn

from documents_service.letters.printing.page import PageSettings, PrintedLetter
from documents_service.letters.printing.render import render_pdf
from documents_service.registers.render import RegisterRow, register_pdf
from meeting_service.minutes.render import minutes_pdf
from meeting_service.packs.assemble import build_pack
from opensaraban_shared.thai import thai_digits
from opensaraban_shared.vocabulary import LetterKind, Secrecy, Urgency
from tests import pdf_checks

CREATED = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
PARAGRAPHS = [
    "ด้วยสำนักงานสถิติจังหวัดเชียงใหม่ได้รับมอบหมายจากสำนักงานสถิติแห่งชาติให้สำรวจความพร้อมของหน่วยงานภาครัฐ"
    "ในจังหวัดในการปรับเปลี่ยนสู่รัฐบาลดิจิทัล ครอบคลุมส่วนราชการประจำจังหวัด 19 แห่ง โดยใช้แบบสำรวจออนไลน์"
    "และการสัมภาษณ์ผู้บริหารเทคโนโลยีสารสนเทศระดับสูงของแต่ละหน่วยงาน",
    "ผลการสำรวจพบว่าหน่วยงานส่วนใหญ่ยังส่งหนังสือราชการทั้งทางไปรษณีย์และทางระบบสารบรรณอิเล็กทรอนิกส์ควบคู่กัน "
    "ทำให้เกิดความซ้ำซ้อนและสิ้นเปลืองงบประมาณ จึงเสนอให้จังหวัดกำหนดแนวทางการรับส่งหนังสือราชการ"
    "ทางอิเล็กทรอนิกส์เป็นหลักภายในปีงบประมาณ พ.ศ. 2570",
    "ที่ประชุมได้อภิปรายอย่างกว้างขวางเกี่ยวกับความสามารถของระบบเครือข่ายของจังหวัด การพัฒนาทักษะดิจิทัล"
    "ของบุคลากร และการจัดสรรงบประมาณสำหรับการจัดหาอุปกรณ์ลงลายมือชื่ออิเล็กทรอนิกส์ให้แก่ผู้บริหารทุกระดับ",
]
# A comparison table whose long cells wrap, then a numbered list with a nested one (docs/rich-text.md).
TABLE = [["ด้าน", "ปี 2568", "ปี 2569", "ข้อสังเกตของฝ่ายเลขานุการ"],
         ["การรับส่งหนังสือราชการทางระบบสารบรรณอิเล็กทรอนิกส์", "ร้อยละ 62.5", "ร้อยละ 84.7",
          "เพิ่มขึ้นตามนโยบายจังหวัดดิจิทัลและการจัดหาอุปกรณ์ลงลายมือชื่ออิเล็กทรอนิกส์"],
         ["ทักษะดิจิทัลของบุคลากรภาครัฐในจังหวัด", "ร้อยละ 48.0", "ร้อยละ 55.3",
          "ยังต่ำกว่าค่าเฉลี่ยของประเทศ ควรจัดอบรมเพิ่มเติมโดยเฉพาะผู้บริหารระดับอำเภอ"]]
PROPOSALS = [("(๑)", "ให้ทุกส่วนราชการประจำจังหวัดรับส่งหนังสือราชการทางระบบสารบรรณอิเล็กทรอนิกส์เป็นหลัก"),
             ("(ก)", "หนังสือภายนอกส่งทางระบบทั้งหมดภายในเดือนมกราคม 2570"),
             ("(ข)", "หนังสือภายในส่งทางระบบทั้งหมดภายในเดือนมีนาคม 2570"),
             ("(๒)", "ให้สำนักงานสถิติจังหวัดเชียงใหม่รายงานความก้าวหน้าต่อที่ประชุมทุกไตรมาส")]
RICH_SUMMARY = "\n".join([
    "สำนักงานจังหวัดเปรียบเทียบผลการสำรวจความพร้อมรัฐบาลดิจิทัลของส่วนราชการประจำจังหวัด ดังนี้", "",
    *("| " + " | ".join(row) + " |" for row in TABLE[:1]), "|---|---|---|---|",
    *("| " + " | ".join(row) + " |" for row in TABLE[1:]), "",
    "ฝ่ายเลขานุการจึงเสนอที่ประชุมพิจารณา ดังนี้",
    f"1. {PROPOSALS[0][1]}", f"   1. {PROPOSALS[1][1]}", f"   2. {PROPOSALS[2][1]}", f"2. {PROPOSALS[3][1]}"])
RICH_PRINTED = [thai_digits(text) for text in (
    "สำนักงานจังหวัดเปรียบเทียบผลการสำรวจความพร้อมรัฐบาลดิจิทัลของส่วนราชการประจำจังหวัด ดังนี้",
    *(cell for row in TABLE for cell in row), "ฝ่ายเลขานุการจึงเสนอที่ประชุมพิจารณา ดังนี้",
    *(f"{label} {text}" for label, text in PROPOSALS))]
MEETING = {"committee_name": "คณะกรรมการผู้บริหารเทคโนโลยีสารสนเทศระดับสูงประจำจังหวัดเชียงใหม่",
           "meeting_number": "๒/๒๕๖๙", "starts_at": "2026-11-25T09:30:00+07:00", "room": "ห้องประชุมสุริยัน",
           "floor": "3", "building": "ศาลากลางจังหวัดเชียงใหม่", "online_url": "https://meet.example.go.th/pcio"}
STATISTICS = "สำนักงานสถิติจังหวัดเชียงใหม่"
PROVINCE = "สำนักงานจังหวัดเชียงใหม่"


def _item(number: str, title: str, agency: str, summary: str, *children: dict, links=(), printed=None) -> dict:
    """`printed`: what the summary prints, in order, where it is not its lines (rich text)."""
    return {"item_id": number, "number": number, "number_th": thai_digits(number), "title": title,
            "presenting_agency_name": agency, "summary": summary, "attachments": [], "links": list(links),
            "printed": printed or [thai_digits(line) for line in summary.splitlines()],
            "children": list(children), "discussion": PARAGRAPHS[2],
            "resolution": f"เห็นชอบ และมอบหมาย{agency}ดำเนินการตามที่เสนอ แล้วรายงานผลต่อที่ประชุมครั้งต่อไป"}


SECTIONS = [
    {"number": 1, "number_th": "๑", "title": "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
     "items": [_item("1.1", "นโยบายการขับเคลื่อนจังหวัดดิจิทัล", PROVINCE, PARAGRAPHS[0])]},
    {"number": 2, "number_th": "๒", "title": "เรื่องรับรองรายงานการประชุม",
     "items": [_item("2.1", "รับรองรายงานการประชุม ครั้งที่ 1/2569 เมื่อวันที่ 20 สิงหาคม 2569", PROVINCE, "")]},
    {"number": 3, "number_th": "๓", "title": "เรื่องเพื่อทราบ",
     "items": [_item("3.1", "ผลการสำรวจความพร้อมรัฐบาลดิจิทัลของหน่วยงานในจังหวัด", STATISTICS,
                     f"{PARAGRAPHS[0]}\n{PARAGRAPHS[1]}",
                     links=[{"title": "แดชบอร์ดข้อมูลจังหวัด", "url": "https://dashboard.example.go.th/cm"}]),
               _item("3.2", "ความก้าวหน้าการใช้ระบบสารบรรณอิเล็กทรอนิกส์", PROVINCE, PARAGRAPHS[1])]},
    {"number": 4, "number_th": "๔", "title": "เรื่องเพื่อพิจารณา",
     "items": [_item("4.1", "แผนปฏิบัติการดิจิทัลจังหวัด พ.ศ. 2570", PROVINCE, RICH_SUMMARY, printed=RICH_PRINTED),
               _item("4.2", "โครงการพัฒนาทักษะดิจิทัลของบุคลากรภาครัฐ", STATISTICS, PARAGRAPHS[0],
                     _item("4.2.1", "หลักสูตรการใช้ลายมือชื่ออิเล็กทรอนิกส์", STATISTICS, PARAGRAPHS[2]),
                     _item("4.2.2", "งบประมาณการจัดอบรม", PROVINCE, PARAGRAPHS[1]))]},
    {"number": 5, "number_th": "๕", "title": "เรื่องอื่น ๆ", "items": []},
]
ATTENDANCE = [
    {"status": "present", "name": "ผู้ว่าราชการจังหวัดเชียงใหม่", "position": "ผู้ว่าราชการจังหวัดเชียงใหม่",
     "substitute_name": None, "reason": None},
    {"status": "present", "name": "นายสมชาย ใจดี", "position": "สถิติจังหวัดเชียงใหม่", "substitute_name": None,
     "reason": None},
    {"status": "substitute", "name": "นางสาววิไล ศรีสุข", "position": "พลังงานจังหวัดเชียงใหม่",
     "substitute_name": "นายสมศักดิ์ แทนดี", "reason": None},
    {"status": "absent", "name": "นายประเสริฐ มั่นคง", "position": "เจ้าพนักงานที่ดินจังหวัดเชียงใหม่",
     "substitute_name": None, "reason": "ติดราชการ"},
]


def _walk(items: list[dict]) -> list[dict]:
    return [x for item in items for x in (item, *_walk(item["children"]))]


ITEMS = [item for section in SECTIONS for item in _walk(section["items"])]
SUBJECTS = ["ขอเชิญประชุมคณะกรรมการขับเคลื่อนรัฐบาลดิจิทัลระดับจังหวัด", "ขอความร่วมมือตอบแบบสำรวจระดับความพร้อม",
            "รายงานผลการดำเนินงานโครงการจังหวัดบุรีรัมย์และจังหวัดสุรินทร์", "ขออนุมัติเดินทางไปราชการต่างจังหวัด"]
AGENCIES = ["สำนักงานปลัดกระทรวงมหาดไทย", "สำนักงานจังหวัดบุรีรัมย์", "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน)",
            "สำนักงานสถิติแห่งชาติ"]
REGISTER_ROWS = [
    RegisterRow(register_date=date(2026, 1, 2) + timedelta(days=n * 364 // 300), number=n,
                letter_number=f"ชม 0017/{n}", letter_date=date(2026, 1, 2) + timedelta(days=n * 364 // 300),
                from_=AGENCIES[n % 4], to=AGENCIES[(n + 1) % 4], subject=SUBJECTS[n % 4],
                action="มอบกลุ่มงานบริหารทั่วไปดำเนินการ", remarks="", channel="paper" if n % 7 == 0 else "electronic",
                to_total=76 if n % 50 == 0 else None)
    for n in range(1, 301)]
LETTER = PrintedLetter(
    kind=LetterKind.EXTERNAL, subtype=None, issuer_name=PROVINCE,
    issuer_address="ศาลากลางจังหวัดเชียงใหม่\nถนนโชตนา เชียงใหม่ 50300", number_prefix="ชม 0017.3",
    letter_number="ชม 0017.3/123", letter_date=date(2026, 12, 5), draft_month=date(2026, 12, 1),
    subject="ขอเชิญประชุมคณะกรรมการผู้บริหารเทคโนโลยีสารสนเทศระดับสูงประจำจังหวัด",
    salutation="ผู้อำนวยการสำนักงานสถิติจังหวัดเชียงใหม่", reference_text="", enclosures=["ระเบียบวาระการประชุม จำนวน 1 ชุด"],
    body="\n\n".join(PARAGRAPHS), closing="ขอแสดงความนับถือ", signatory_name="นายสมชาย ใจดี",
    signatory_position="ผู้ว่าราชการจังหวัดเชียงใหม่", signatory_capacity="",
    owning_unit="กลุ่มงานยุทธศาสตร์และข้อมูลเพื่อการพัฒนาจังหวัด", contact="โทร. 0 5311 2345",
    copies_to=[], urgency=Urgency.NORMAL, secrecy=Secrecy.NORMAL)


@pytest.fixture(scope="module")
def pack():
    return build_pack(MEETING, {"sections": SECTIONS}, {}, version=1, created_at=CREATED)


@pytest.fixture(scope="module")
def pdfs(pack) -> dict[str, bytes]:
    minutes = {"sections": SECTIONS, "attendance": ATTENDANCE, "minute_taker": "นางสาวจดดี บันทึก",
               "reviewer": "นางสาววิไล ศรีสุข", "started_at": "2026-11-25T09:30:00+07:00",
               "ended_at": "2026-11-25T12:00:00+07:00"}
    return {"agenda": pack.pdf,
            "minutes": minutes_pdf(MEETING, minutes, created_at=CREATED),
            "register": register_pdf("receive", PROVINCE, 2026, REGISTER_ROWS, generated_at=CREATED),
            "letter": render_pdf(LETTER, PageSettings())}


def _printed(text: str) -> str:
    return thai_digits(text)


def _item_texts(*, minutes: bool) -> dict[str, list[str]]:
    """In order: what each document prints of the items; and the paragraphs whose line ends are judged."""
    order: list[str] = []
    for section in SECTIONS:
        order.append(f"ระเบียบวาระที่ {section['number_th']} {section['title']}")
        for item in _walk(section["items"]):
            order.append(f"{item['number_th']} {_printed(item['title'])}")
            if minutes:
                order += [item["discussion"], f"มติที่ประชุม {item['resolution']}"]
            else:
                order += item["printed"]
    return {"order": [text for text in order if text]}


def test_the_agenda_reads_back_in_order_with_its_conventions(pdfs):
    lines = pdf_checks.body_lines(pdfs["agenda"])
    head = ["ระเบียบวาระการประชุม", MEETING["committee_name"], "ครั้งที่ ๒/๒๕๖๙",
            "ในวันพุธที่ ๒๕ พฤศจิกายน ๒๕๖๙ เวลา ๐๙.๓๐ น.", "ณ ห้องประชุมสุริยัน ชั้น ๓ ศาลากลางจังหวัดเชียงใหม่"]
    assert pdf_checks.missing_in_order(head + _item_texts(minutes=False)["order"], lines) == []
    text = pdf_checks.without_spaces("".join(lines))
    # '(โดย …)' where the presenter differs from the parent item's: not on ๔.๒.๑, on ๔.๒.๒.
    sub_items = text[text.index("๔.๒.๑"):text.index("๔.๒.๒")]
    assert "(โดย" not in sub_items
    assert pdf_checks.without_spaces(f"๔.๒.๒ งบประมาณการจัดอบรม (โดย {PROVINCE})") in text
    assert text.count(pdf_checks.without_spaces(f"(โดย {STATISTICS})")) == 2  # ๓.๑ and ๔.๒
    assert "3" not in text.replace("https://", "")  # one digit style: ชั้น ๓, ครั้งที่ ๑/๒๕๖๙ …


def test_a_summary_prints_its_table_cell_by_cell_and_its_lists_labelled_apart_from_the_agenda_numbers(pdfs):
    lines = pdf_checks.body_lines(pdfs["agenda"])
    text = pdf_checks.without_spaces("".join(lines))
    summary = text[text.index("๔.๑"):text.index("๔.๒")]
    assert pdf_checks.missing_in_order(RICH_PRINTED, lines) == []
    labels = [label for label, _ in PROPOSALS]
    assert [summary.index(label) for label in labels] == sorted(summary.index(label) for label in labels)
    assert "|" not in summary and "**" not in summary and "1." not in summary


def test_the_docx_has_the_table_as_a_word_table_and_the_same_list_labels(pack):
    document = Document(io.BytesIO(pack.docx))
    (table,) = document.tables
    assert [[pdf_checks.without_spaces(cell.text) for cell in row.cells] for row in table.rows] == [
        [pdf_checks.without_spaces(thai_digits(cell)) for cell in row] for row in TABLE]
    assert table.style.name == "Table Grid"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # the header repeats on each page
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    labelled = [p for p in document.paragraphs if p.text.split("\t")[0] in {label for label, _ in PROPOSALS}]
    assert [p.text.replace("\u00a0", " ") for p in labelled] == [
        f"{label}\t{thai_digits(text)}" for label, text in PROPOSALS]
    outer, nested = labelled[0].paragraph_format, labelled[1].paragraph_format
    assert nested.left_indent > outer.left_indent and outer.first_line_indent < 0  # labels hang, (ก) deeper


def test_the_minutes_print_every_level_of_item_with_its_resolution(pdfs):
    lines = pdf_checks.body_lines(pdfs["minutes"])
    people = ["ผู้มาประชุม", "๑. ผู้ว่าราชการจังหวัดเชียงใหม่", "๒. นายสมชาย ใจดี สถิติจังหวัดเชียงใหม่",
              "๓. นายสมศักดิ์ แทนดี แทน นางสาววิไล ศรีสุข พลังงานจังหวัดเชียงใหม่", "ผู้ไม่มาประชุม",
              "๑. นายประเสริฐ มั่นคง เจ้าพนักงานที่ดินจังหวัดเชียงใหม่ (ติดราชการ)", "เริ่มประชุมเวลา ๐๙.๓๐ น."]
    ending = ["เลิกประชุมเวลา ๑๒.๐๐ น.", "(นางสาวจดดี บันทึก)", "ผู้จดรายงานการประชุม"]
    assert pdf_checks.missing_in_order(people + _item_texts(minutes=True)["order"] + ending, lines) == []
    text = pdf_checks.without_spaces("".join(lines))
    assert text.count("ผู้ว่าราชการจังหวัดเชียงใหม่") == 1  # the position is not repeated after the same name
    assert text.count("มติที่ประชุม") == len(ITEMS)


def test_the_register_reads_back_row_by_row_with_its_footer_in_thai_digits(pdfs):
    lines = pdf_checks.body_lines(pdfs["register"])
    rows = [f"{thai_digits(str(row.number))} ชม {thai_digits(row.letter_number.split()[1])}" for row in REGISTER_ROWS]
    assert pdf_checks.missing_in_order(["ทะเบียนหนังสือรับ", PROVINCE, "ประจำปี พ.ศ. ๒๕๖๙", *rows], lines) == []
    assert pdf_checks.without_spaces("และอื่น ๆ รวม ๗๖ แห่ง") in pdf_checks.without_spaces("".join(lines))
    pages = pdf_checks.page_texts(pdfs["register"], raw=True)
    assert all(pdf_checks.without_spaces("วันที่") in pdf_checks.without_spaces(page) for page in pages)


@pytest.mark.parametrize("name", ["agenda", "minutes", "letter"])
def test_no_line_of_a_paragraph_ends_inside_a_word(pdfs, name):
    lines = pdf_checks.body_lines(pdfs[name])
    paragraphs = {"agenda": [*(_printed(p) for p in PARAGRAPHS[:2]), *RICH_PRINTED],
                  "minutes": [PARAGRAPHS[2], *(f"มติที่ประชุม {item['resolution']}" for item in ITEMS)],
                  "letter": [_printed(p) for p in PARAGRAPHS]}[name]
    assert pdf_checks.breaks_inside_paragraphs(paragraphs, lines) == []


def test_no_line_of_a_register_cell_ends_inside_a_word(pdfs):
    lines = pdf_checks.body_lines(pdfs["register"])
    cells = [*SUBJECTS, *AGENCIES, "มอบกลุ่มงานบริหารทั่วไปดำเนินการ"]
    assert pdf_checks.breaks_inside_paragraphs(cells, lines) == []


@pytest.mark.parametrize("name", ["agenda", "minutes", "register", "letter"])
def test_fonts_are_embedded_and_the_metadata_claims_pdf_a_2b(pdfs, name):
    fonts = pdf_checks.embedded_fonts(pdfs[name])
    assert fonts and all("Sarabun" in font and embedded for font, embedded in fonts), fonts
    metadata = pdf_checks.metadata(pdfs[name])
    assert (metadata["pdfaid:part"], metadata["pdfaid:conformance"]) == ("2", "B")
    assert metadata["dc:title"] and metadata["dc:creator"]


def test_verapdf_finds_every_document_pdf_a_2b_conformant(pdfs):
    assert pdf_checks.pdfa_failures(pdfs) == {name: [] for name in pdfs}
