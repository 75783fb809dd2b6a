"""An official letter as HTML (the browser preview) and as an archival PDF, from the same template for its kind."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import weasyprint

from opensaraban_shared import typesetting

from . import continuation, slots, styles
from .page import PageSettings, PrintedLetter
from .sheet import sheet
from .slots import PT_PER_PX, Slot


def render_html(letter: PrintedLetter, page: PageSettings, *, for_browser: bool = False) -> str:
    """The filled template. For a browser: one self-contained page (fonts and emblem inlined, nothing fetched)."""
    template = styles.ENVIRONMENT.get_template(f"{letter.kind.value}.html")
    if for_browser:
        return template.render(s=sheet(letter, page), emblem=styles.emblem_data_url(page.emblem),
                               styles=styles.browser_css(page))
    emblem = page.emblem.resolve()
    # The modification time in the query: a replaced emblem is decoded afresh (typesetting caches images by URL).
    return template.render(s=sheet(letter, page), emblem=f"{emblem.as_uri()}?v={emblem.stat().st_mtime_ns}",
                           styles="")


@dataclass(frozen=True)
class SigningRoom:
    """Where the signature goes in the printed letter: a page (0 = first) and the room in the signature block,
    in PDF points from the page's bottom left."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float


def render_pdf(letter: PrintedLetter, page: PageSettings) -> bytes:
    """PDF/A-2b: page numbers from page 2, continuation marks on every page but the last."""
    return typesetting.write(_laid_out(letter, page))


def render_signable(letter: PrintedLetter, page: PageSettings) -> tuple[bytes, SigningRoom | None]:
    """The PDF, and where in it the signer's visible signature goes (None: the form has no signature block)."""
    document = _laid_out(letter, page)
    return typesetting.write(document), _signing_room(document)


@dataclass(frozen=True)
class SigningCopy:
    """A letter laid out for its signer before it is numbered: the PDF, where the signature goes, and the empty
    lines the number and date are written on when it is signed (printing/slots.py)."""

    pdf: bytes
    room: SigningRoom | None
    slots: tuple[Slot, ...]


def render_signing_copy(letter: PrintedLetter, page: PageSettings) -> SigningCopy | None:
    """`letter` (awaiting_number) laid out for signing; None when its number and date cannot be filled in place."""
    document = _laid_out(letter, page)
    taken = slots.take(document)
    if taken is None:
        return None
    return SigningCopy(typesetting.write(document), _signing_room(document), tuple(taken))


def print_key(letter: PrintedLetter, page: PageSettings) -> str:
    """SHA-256 of everything `letter` prints on `page` (the filled sheet, the page, the emblem file's version): two
    letters with the same key print the same."""
    emblem = page.emblem.resolve()
    printed = {"sheet": asdict(sheet(letter, page)), "page": asdict(page), "emblem": emblem.stat().st_mtime_ns}
    return hashlib.sha256(json.dumps(printed, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class Filled:
    """What a signing copy gets when its letter is numbered and dated: the value of each slot, printed as the
    letter's sheet prints it, and the document's subject."""

    values: dict[str, str]
    subject: str


def filled(letter: PrintedLetter, page: PageSettings) -> Filled:
    """The numbered and dated `letter`'s values for its signing copy."""
    printed = sheet(letter, page)
    return Filled({"number": printed.number.before, "date": printed.date.before,
                   "formal_date": printed.formal_date.before}, printed.description)


def _signing_room(document: weasyprint.Document) -> SigningRoom | None:
    for index, sheet_page in enumerate(document.pages):
        for box in sheet_page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None and "signing-room" in (element.get("class") or "").split():
                x, y = box.border_box_x(), box.border_box_y()
                bottom = sheet_page.height - (y + box.border_height())
                return SigningRoom(index, x * PT_PER_PX, bottom * PT_PER_PX, (x + box.border_width()) * PT_PER_PX,
                                   (bottom + box.border_height()) * PT_PER_PX)
    return None


def _laid_out(letter: PrintedLetter, page: PageSettings) -> weasyprint.Document:

    def lay_out(html: str, extra: Sequence[weasyprint.CSS] = ()) -> weasyprint.Document:
        # The emblem's folder is the only one (besides the fonts) the letter may read.
        return typesetting.layout(html, base=page.emblem.resolve().parent,
                                  stylesheets=[styles.LETTER_STYLESHEET, styles.page_stylesheet(page), *extra])

    document = lay_out(render_html(letter, page))
    continuation.mark(document, lay_out)
    return document
