"""The regulation's continuation mark: at the bottom right of every page but the last, the first word of the next
page ("/ในการนี้..."). CSS cannot know that word: the letter is laid out, each page's first line is read from the
laid-out boxes, and the marks are set in the bottom-right margin boxes of a second, empty document with the same
pages, whose boxes are then drawn on the letter's pages. A margin box never changes the flow, so the letter is not
laid out twice (half the cost of a letter)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import weasyprint
from newmm_tokenizer.tokenizer import word_tokenize
from weasyprint.formatting_structure import boxes

from opensaraban_shared import typesetting
from opensaraban_shared.logging import get_logger

log = get_logger(__name__)

_THAI = range(0x0E01, 0x0E5C)
_MARK = "@bottom-right"


def mark(document: weasyprint.Document,
         lay_out: Callable[[str, Sequence[weasyprint.CSS]], weasyprint.Document]) -> None:
    """Adds the continuation marks to `document`'s pages. `lay_out(html, stylesheets)` lays out HTML with the
    letter's page settings. Should the marks' pages not match the letter's, the letter goes unmarked rather than
    marked wrongly."""
    pages = document.pages
    if len(pages) < 2:
        return
    words = [first_word(page) for page in pages[1:]]
    marks = lay_out(blank_pages(len(pages)), [typesetting.stylesheet(marks_css(words))]).pages
    if [_size(page) for page in marks] != [_size(page) for page in pages]:
        log.warning("continuation_marks_dropped", pages=len(pages), mark_pages=len(marks))
        return
    for page, marked in zip(pages, marks[:-1], strict=False):
        box = page._page_box  # its children are a tuple once laid out
        box.children = (*box.children, *(child for child in marked._page_box.children
                                         if isinstance(child, boxes.MarginBox) and child.at_keyword == _MARK))


def blank_pages(count: int) -> str:
    """`count` pages with nothing in their flow, to carry margin boxes."""
    return '<html lang="th"><body><div>&nbsp;</div>' + '<div style="break-before: page">&nbsp;</div>' * (count - 1)


def marks_css(words: Sequence[str]) -> str:
    """One rule per page that has a next page: words[i] is the first word of page i + 2."""
    return "".join(
        f"@page :nth({n}) {{ {_MARK} {{ content: {_css_string(f'/{word}...')}; vertical-align: top; "
        f"text-align: right; }} }}\n"
        for n, word in enumerate(words, start=1) if word
    )


def first_word(page: weasyprint.Page) -> str:
    """The first word of the page's text in the flow (not its margin boxes, running or fixed elements)."""
    line = next((text for text in map(_text, _lines(page._page_box)) if text.strip()), "")
    token = line.split()[0] if line.split() else ""
    if not any(ord(char) in _THAI for char in token):
        return token
    return next((word for word in word_tokenize(token) if any(char.isalnum() for char in word)), token)


def first_line(page: weasyprint.Page) -> boxes.LineBox | None:
    """The page's first line in the flow that has text or a box in it (what a reader sees first)."""
    return next((line for line in _lines(page._page_box) if _text(line).strip() or _has_box(line)), None)


def _lines(box: boxes.Box) -> Iterator[boxes.LineBox]:
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.MarginBox) or not isinstance(child, boxes.Box) or not child.is_in_normal_flow():
            continue
        if isinstance(child, boxes.LineBox):
            yield child
        else:
            yield from _lines(child)


def _text(line: boxes.LineBox) -> str:
    return "".join(text.text for text in line.descendants() if isinstance(text, boxes.TextBox))


def _has_box(line: boxes.LineBox) -> bool:
    return any(isinstance(box, boxes.InlineBlockBox) for box in line.descendants())


def _size(page: weasyprint.Page) -> tuple[float, float]:
    return page.width, page.height


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
