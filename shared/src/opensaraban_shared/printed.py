"""What every printed document but a letter shares: the A4 page (margins, Sarabun, a footer with the document's note
on the left and 'หน้า ๑/๓' on the right), a base HTML template whose <head> becomes the PDF's XMP metadata, and the
Jinja environment a renderer fills its own templates with. Letters have their own page (letters/printing).

One digit style per document: a template prints every number in prose through the `digits` filter (and dates through
`thai_date`), which read the document's `thai_digits` once, from the values it was rendered with. Identifiers (URLs,
file names) are printed as they are, without the filter. Rich text (summaries, discussions: docs/rich-text.md) prints
through the `rich` filter, in the same digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import jinja2
import weasyprint
from markupsafe import Markup

from opensaraban_shared import richtext, typesetting
from opensaraban_shared.thai import DateStyle, format_digits, format_thai_date

TEMPLATES = Path(__file__).with_name("page_templates")


@dataclass(frozen=True, slots=True)
class Page:
    """An A4 page; margins in millimetres."""

    orientation: Literal["portrait", "landscape"] = "portrait"
    top: float = 25
    right: float = 20
    bottom: float = 20
    left: float = 30
    thai_digits: bool = True


# Thai government forms: 3 cm on the binding side, 2 cm on the right, 2.5 cm at the top. Registers are wide tables:
# landscape, narrower margins, nine columns.
OFFICIAL = Page()
REGISTER = Page("landscape", top=15, right=12, bottom=15, left=15)


@jinja2.pass_context
def _digits(context: jinja2.runtime.Context, value: Any) -> str:
    return format_digits(value, thai_digits=context.get("thai_digits", True))


@jinja2.pass_context
def _thai_date(context: jinja2.runtime.Context, day: date, style: DateStyle = "full") -> str:
    return format_thai_date(day, style=style, thai_digits=context.get("thai_digits", True),
                            buddhist_era=context.get("buddhist_era", True))


@jinja2.pass_context
def _rich(context: jinja2.runtime.Context, text: str) -> Markup:
    return richtext.html(richtext.parse(text, thai_digits=context.get("thai_digits", True)))


def environment(*folders: Path) -> jinja2.Environment:
    """Templates from `folders`, which may extend the shared `document.html`."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, TEMPLATES]),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["digits"] = _digits
    env.filters["thai_date"] = _thai_date
    env.filters["rich"] = _rich
    return env


_PAGE_CSS = jinja2.Template((TEMPLATES / "page.css").read_text(encoding="utf-8"))
_DOCUMENT_STYLESHEET = typesetting.stylesheet((TEMPLATES / "document.css").read_text(encoding="utf-8"))


@lru_cache(maxsize=8)
def page_stylesheet(page: Page) -> weasyprint.CSS:
    return typesetting.stylesheet(_PAGE_CSS.render(page=page))


def typeset(html: str, *, page: Page, folder: Path, stylesheets: tuple[weasyprint.CSS, ...] = ()) -> bytes:
    """The filled template as PDF/A-2b on `page`; it may load files from `folder` (its templates') only."""
    return typesetting.typeset(html, base=folder, stylesheets=[_DOCUMENT_STYLESHEET, page_stylesheet(page),
                                                               *stylesheets])
