"""An official letter as HTML (the browser preview) and as an archival PDF, from the same template for its kind."""

from __future__ import annotations

from collections.abc import Sequence

import weasyprint

from opensaraban_shared import typesetting

from . import continuation, styles
from .page import PageSettings, PrintedLetter
from .sheet import sheet


def render_html(letter: PrintedLetter, page: PageSettings, *, for_browser: bool = False) -> str:
    """The filled template. For a browser: one self-contained page (fonts and emblem inlined, nothing fetched)."""
    template = styles.ENVIRONMENT.get_template(f"{letter.kind.value}.html")
    if for_browser:
        return template.render(s=sheet(letter, page), emblem=styles.emblem_data_url(page.emblem),
                               styles=styles.browser_css(page))
    return template.render(s=sheet(letter, page), emblem=page.emblem.resolve().as_uri(), styles="")


def render_pdf(letter: PrintedLetter, page: PageSettings) -> bytes:
    """PDF/A-2b: page numbers from page 2, continuation marks on every page but the last."""

    def lay_out(html: str, extra: Sequence[weasyprint.CSS] = ()) -> weasyprint.Document:
        # The emblem's folder is the only one (besides the fonts) the letter may read.
        return typesetting.layout(html, base=page.emblem.resolve().parent,
                                  stylesheets=[styles.LETTER_STYLESHEET, styles.page_stylesheet(page), *extra])

    document = lay_out(render_html(letter, page))
    continuation.mark(document, lay_out)
    return typesetting.write(document)
