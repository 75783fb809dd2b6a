"""The portal shows a summary as the agenda prints it, from the same parse, with nothing typed injected as HTML."""

from portal_service.i18n import Wording
from portal_service.pages.rendering import TEMPLATES

SUMMARY = "เสนอ ดังนี้\n1. ข้อแรก **สำคัญ**\n   1. ย่อย\n\n| ด้าน | ปี 2569 |\n|---|---|\n| <script>x()</script> | 84.7 |"
AGENDA = {"sections": [{"number": 4, "kind": "consideration", "title": "เรื่องเพื่อพิจารณา", "items": [
    {"number": "4.1", "number_th": "๔.๑", "title": "แผน", "presenting_agency_name": "สำนักงานจังหวัด",
     "summary": SUMMARY, "attachments": [], "children": []}]}]}


def _printed(wording: Wording) -> str:
    return TEMPLATES.get_template("_agenda_printed.html").render(agenda=AGENDA, w=wording)


def test_the_printed_agenda_preview_labels_lists_and_draws_tables_as_the_pdf():
    page = _printed(Wording("th", thai_digits=False))
    assert '<span class="label">(๑)</span>ข้อแรก <strong>สำคัญ</strong>' in page
    assert '<span class="label">(ก)</span>ย่อย' in page
    assert "<th>ปี\u00a0๒๕๖๙</th>" in page  # the printed agenda's digits, whatever the reader chose
    assert "<script" not in page and "&lt;script&gt;x()&lt;/script&gt;" in page


def test_an_item_page_shows_the_summary_in_the_readers_digits():
    assert "<td>84.7</td>" in str(Wording("th", thai_digits=False).rich(SUMMARY))
    assert "<td>๘๔.๗</td>" in str(Wording("th", thai_digits=True).rich(SUMMARY))
