"""Rich text: what the parse gives each renderer (lists labelled as Thai documents number clauses, tables, bold,
digits) and that nothing typed reaches the page as markup."""

from __future__ import annotations

from opensaraban_shared.richtext import ListBlock, ListItem, Paragraph, Run, Table, html, parse
from opensaraban_shared.richtext.model import plain

NBSP = "\u00a0"


def _labels(block: ListBlock) -> list[str]:
    return [item.label for item in block.items]


def test_each_line_is_a_paragraph_with_its_numbers_in_thai_digits_and_bold_kept():
    blocks = parse("ปี 2569 มี **19 แห่ง** ที่ตอบ\nบรรทัดที่สอง")
    assert blocks == (Paragraph((Run(f"ปี{NBSP}๒๕๖๙ มี "), Run("๑๙ แห่ง", bold=True), Run(" ที่ตอบ"))),
                      Paragraph((Run("บรรทัดที่สอง"),)))


def test_digits_follow_the_document_and_identifiers_keep_theirs():
    assert parse("ครั้งที่ 2 ไฟล์ COVID-19 https://x.go.th/a1", thai_digits=True) == (
        Paragraph((Run(f"ครั้งที่{NBSP}๒ ไฟล์ COVID-19 https://x.go.th/a1"),)),)
    assert parse("ครั้งที่ ๒", thai_digits=False) == (Paragraph((Run(f"ครั้งที่{NBSP}2"),)),)


def test_a_number_stays_on_the_line_of_the_word_before_it():
    (paragraph,) = parse("ร้อยละ 62.5 ภายในเดือนมกราคม 2570 ทุกแห่ง")
    assert plain(paragraph.runs) == f"ร้อยละ{NBSP}๖๒.๕ ภายในเดือนมกราคม{NBSP}๒๕๗๐ ทุกแห่ง"


def test_numbered_lists_print_in_parentheses_then_thai_letters_then_a_closing_parenthesis():
    (intro, outer) = parse("เสนอ ดังนี้\n1. หนึ่ง\n   1. ย่อย\n   2. ย่อย\n      1. ลึก\n2. สอง\n3. สาม")
    assert plain(intro.runs) == "เสนอ ดังนี้"
    assert _labels(outer) == ["(๑)", "(๒)", "(๓)"]
    first_text, inner = outer.items[0].blocks
    assert plain(first_text.runs) == "หนึ่ง"
    assert (inner.level, _labels(inner)) == (1, ["(ก)", "(ข)"])
    deepest = inner.items[1].blocks[1]
    assert (deepest.level, _labels(deepest)) == (2, ["๑)"])


def test_a_list_keeps_its_first_number_and_a_list_typed_in_thai_digits_is_a_list():
    (started,) = parse("4. สี่\n5. ห้า")
    assert _labels(started) == ["(๔)", "(๕)"]
    (thai,) = parse("๑. หนึ่ง\n๒. สอง")
    assert _labels(thai) == ["(๑)", "(๒)"]
    (arabic,) = parse("1. one", thai_digits=False)
    assert _labels(arabic) == ["(1)"]


def test_bullets_nest_under_numbered_items():
    (outer,) = parse("1. หนึ่ง\n   - จุด\n     - ย่อย")
    bullets = outer.items[0].blocks[1]
    assert (bullets.ordered, _labels(bullets)) == (False, ["•"])
    assert _labels(bullets.items[0].blocks[1]) == ["–"]


def test_a_pipe_table_gives_its_header_and_cells_in_order_with_short_rows_filled():
    (intro, table) = parse("ตาราง\n\n| ด้าน | ปี 2568 |\n|---|---|\n| **รับส่ง** | 62.5 |\n| ทักษะ |")
    assert isinstance(table, Table)
    assert [plain(cell) for cell in table.header] == ["ด้าน", f"ปี{NBSP}๒๕๖๘"]
    assert [[plain(cell) for cell in row] for row in table.rows] == [["รับส่ง", "๖๒.๕"], ["ทักษะ", ""]]
    assert table.rows[0][0] == (Run("รับส่ง", bold=True),)


def test_html_links_images_and_other_markdown_print_as_typed():
    typed = "<script>alert(1)</script> [ที่นี่](javascript:alert(1)) ![x](y.png) *เอียง* # หัว"
    (paragraph,) = parse(typed, thai_digits=False)
    assert plain(paragraph.runs) == typed
    out = html(parse(typed + "\n<b>หนา</b>"))
    assert "<script" not in out and "<b>" not in out and "<a" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;b&gt;หนา&lt;/b&gt;" in out


def test_hostile_text_in_a_table_cell_and_a_list_item_is_escaped():
    out = html(parse('| <img src=x onerror="a()"> |\n|---|\n| "q" & \'r\' |\n\n1. <iframe>'))
    assert "<img" not in out and "<iframe" not in out
    assert "&lt;img src=x onerror=&#34;a()&#34;&gt;" in out and "&amp;" in out


def test_html_labels_lists_and_borders_tables_as_printed():
    out = html(parse("1. **หนึ่ง**\n   1. ย่อย\n\n| ก |\n|---|\n| ข |"))
    assert out == ('<ol class="rich-list level-0"><li><p><span class="label">(๑)</span><strong>หนึ่ง</strong></p>'
                   '<ol class="rich-list level-1"><li><p><span class="label">(ก)</span>ย่อย</p></li></ol></li></ol>'
                   '<table class="rich-table"><thead><tr><th>ก</th></tr></thead><tbody><tr><td>ข</td></tr></tbody>'
                   '</table>')


def test_empty_and_deeply_nested_text_does_not_fail():
    assert parse("") == ()
    assert parse("1.") == (ListBlock(True, 0, (ListItem("(๑)", ()),)),)
    deep = "\n".join("  " * n + "- x" for n in range(40))
    assert html(parse(deep))  # markdown-it's nesting limit keeps the rest as text
