"""The regulation's continuation mark: at the bottom right of every page but the last, the first word of the next
page ("/ในการนี้..."). CSS cannot know that word, so the letter is laid out once, each page's first line is read
from the laid-out boxes, and the letter is laid out again with the marks in the pages' bottom-right margin boxes,
which do not change the flow."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import weasyprint
from newmm_tokenizer.tokenizer import word_tokenize
from weasyprint.formatting_structure import boxes

from opensaraban_shared import typesetting
from opensaraban_shared.logging import get_logger

log = get_logger(__name__)

_THAI = range(0x0E01, 0x0E5C)


def marked(document: weasyprint.Document,
           lay_out: Callable[[Sequence[weasyprint.CSS]], weasyprint.Document]) -> weasyprint.Document:
    """`document` laid out again by `lay_out` with the continuation marks; unchanged when it has one page, or,
    should the second layout paginate differently, unmarked rather than marked wrongly."""
    if len(document.pages) < 2:
        return document
    words = [first_word(page) for page in document.pages[1:]]
    again = lay_out([typesetting.stylesheet(marks_css(words))])
    if len(again.pages) != len(document.pages) or [first_word(page) for page in again.pages[1:]] != words:
        log.warning("continuation_marks_dropped", pages=len(document.pages), pages_marked=len(again.pages))
        return document
    return again


def marks_css(words: Sequence[str]) -> str:
    """One rule per page that has a next page: words[i] is the first word of page i + 2."""
    return "".join(
        f'@page :nth({n}) {{ @bottom-right {{ content: {_css_string(f"/{word}...")}; vertical-align: top; }} }}\n'
        for n, word in enumerate(words, start=1) if word
    )


def first_word(page: weasyprint.Page) -> str:
    """The first word of the page's text in the flow (not its margin boxes, running or fixed elements)."""
    line = next((text for text in _lines(page._page_box) if text.strip()), "")
    token = line.split()[0] if line.split() else ""
    if not any(ord(char) in _THAI for char in token):
        return token
    return next((word for word in word_tokenize(token) if any(char.isalnum() for char in word)), token)


def _lines(box: boxes.Box) -> Iterator[str]:
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.MarginBox) or not isinstance(child, boxes.Box) or not child.is_in_normal_flow():
            continue
        if isinstance(child, boxes.LineBox):
            yield "".join(text.text for text in child.descendants() if isinstance(text, boxes.TextBox))
        else:
            yield from _lines(child)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
