"""The signing copy's slots: the lines that carry a letter's number and date, left empty when the letter is laid out
before it is numbered, and typeset on their own when it is signed.

A letter is laid out for its signer when it reaches the signing step (about 150 ms of CPU for a two-page letter).
Its number and date are taken only when it is signed, inside the signature (docs/signatures.md). So the copy is laid
out with every line that holds the number or the date left empty, and what each such line said around the value is
kept with where it was. When the letter is signed, those lines alone are typeset, with the number and date, one page
each the size of the line (about 20 ms), and the signer draws them into the copy as part of the signed revision.

A line is typeset again in full (the words before and after the value too), with its own alignment, size and weight,
so a centred "สั่ง ณ วันที่ ๕ ธันวาคม พ.ศ. ๒๕๖๙" stays centred."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import weasyprint
from markupsafe import escape
from weasyprint.formatting_structure import boxes

from opensaraban_shared import typesetting

from . import continuation

PT_PER_PX = 0.75  # CSS pixels (1/96 in) to PDF points (1/72 in)
_BREAK = "\u200b"
_ALIGN = {"center": "center", "right": "right", "end": "right"}  # anything else reads from the left


@dataclass(frozen=True)
class Slot:
    """A line of the copy left empty for a value: which value, where the line is (PDF points from the page's
    bottom left), what it says around the value, and how its text is set."""

    value: str  # number, date or formal_date (printing/sheet.py: the Fill it stands for)
    page: int  # 0 = first
    x: float
    y: float
    width: float
    height: float
    before: str
    after: str
    align: str  # left, center or right
    bold: bool
    font_size_pt: float


def take(document: weasyprint.Document) -> list[Slot] | None:
    """Empties the laid-out letter's slot lines and says where they were. None: the copy cannot be filled in
    place, because a slot line begins a page after the first (the page before names its first word in its
    continuation mark, which the copy does not know yet)."""
    found = []
    for index, page in enumerate(document.pages):
        first = continuation.first_line(page)
        for block, line, slot_box in _slot_lines(page._page_box):
            if index > 0 and line is first:
                return None
            found.append(_slot(index, page, block, line, slot_box))
            line.children = ()
    return found


def lines_pdf(slots: Sequence[Slot], values: Mapping[str, str]) -> bytes | None:
    """The slot lines with their values, page i the size of slot i. None: a value does not fit on its line (the
    letter is then laid out afresh, numbered)."""
    pages, rules = [], []
    for n, slot in enumerate(slots):
        rules.append(f"@page s{n} {{ size: {slot.width:.3f}pt {slot.height:.3f}pt; margin: 0 }}\n"
                     f".s{n} {{ page: s{n}; font-size: {slot.font_size_pt:.3f}pt; line-height: {slot.height:.3f}pt; "
                     f"text-align: {slot.align}; font-weight: {'bold' if slot.bold else 'normal'} }}\n")
        pages.append(f'<div class="s{n}">{escape(slot.before + values[slot.value] + slot.after)}</div>')
    html = (f"<!doctype html><html lang='th'><head><meta charset='utf-8'><title>slots</title><style>"
            f"html, body {{ margin: 0 }} div {{ white-space: nowrap; break-before: page }}{''.join(rules)}</style>"
            f"</head><body>{''.join(pages)}</body></html>")
    document = typesetting.layout(html, base=typesetting.FONTS_DIR)
    if len(document.pages) != len(slots) or any(_overflows(page) for page in document.pages):
        return None
    # Not PDF/A on its own: it is drawn inside the letter, which is.
    return typesetting.write(document, variant=None)


def _slot_lines(box: boxes.Box, block: boxes.Box | None = None,
                line: boxes.LineBox | None = None) -> Iterator[tuple[boxes.Box, boxes.LineBox, boxes.Box]]:
    """(the block holding the line, the line, the slot's box) for every slot."""
    for child in getattr(box, "children", ()):
        if not isinstance(child, boxes.Box):
            continue
        if line is not None and block is not None and _slot_name(child):
            yield block, line, child
        elif isinstance(child, boxes.LineBox):
            yield from _slot_lines(child, box, child)
        else:
            yield from _slot_lines(child, block, line)


def _slot_name(box: boxes.Box) -> str:
    element = getattr(box, "element", None)
    return (element.get("data-slot") or "") if element is not None and box.element_tag == "span" else ""


def _slot(index: int, page: weasyprint.Page, block: boxes.Box, line: boxes.LineBox, slot_box: boxes.Box) -> Slot:
    """The line as wide as its block's content (where its alignment measures from), as high as it is."""
    before, after, seen = [], [], False
    for child in line.descendants():
        if child is slot_box:
            seen = True
        elif isinstance(child, boxes.TextBox):
            (after if seen else before).append(child.text.replace(_BREAK, ""))
    style = line.style
    bottom = page.height - (line.position_y + line.height)
    return Slot(value=_slot_name(slot_box), page=index, x=block.content_box_x() * PT_PER_PX, y=bottom * PT_PER_PX,
                width=block.width * PT_PER_PX, height=line.height * PT_PER_PX, before="".join(before),
                after="".join(after), align=_ALIGN.get(str(style["text_align_all"]), "left"),
                bold=int(style["font_weight"]) >= 600, font_size_pt=style["font_size"] * PT_PER_PX)


def _overflows(page: weasyprint.Page) -> bool:
    for box in page._page_box.descendants():
        if isinstance(box, boxes.LineBox) and box.children:
            left = min(child.position_x for child in box.children)
            right = max(child.position_x + child.margin_width() for child in box.children)
            if right - left > page.width + 0.5:
                return True
    return False
