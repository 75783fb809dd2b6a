"""The templates' Jinja environment and the stylesheets and images a letter needs, each made once and kept: parsed
stylesheets for the typesetter, inlined (data: URL) fonts and emblem for the self-contained browser preview."""

from __future__ import annotations

import base64
import mimetypes
from functools import lru_cache
from pathlib import Path

import jinja2
import weasyprint
from markupsafe import Markup

from opensaraban_shared import typesetting

from ..kinds import DIRECTIVE_TITLES_TH
from .page import PageSettings

TEMPLATES = Path(__file__).with_name("templates")

ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
    trim_blocks=True, lstrip_blocks=True,
)
ENVIRONMENT.globals["DIRECTIVE_TITLES_TH"] = DIRECTIVE_TITLES_TH

_LETTER_CSS = (TEMPLATES / "letter.css").read_text(encoding="utf-8")
_SCREEN_CSS = (TEMPLATES / "screen.css").read_text(encoding="utf-8")
LETTER_STYLESHEET = typesetting.stylesheet(_LETTER_CSS)


@lru_cache(maxsize=16)
def _page_css(page: PageSettings) -> str:
    return ENVIRONMENT.get_template("page.css").render(page=page)


@lru_cache(maxsize=16)
def page_stylesheet(page: PageSettings) -> weasyprint.CSS:
    """page.css filled from the settings, parsed for the typesetter."""
    return typesetting.stylesheet(_page_css(page))


def _data_url(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


@lru_cache(maxsize=1)
def _font_faces() -> str:
    return "".join(
        f"@font-face {{ font-family: Sarabun; font-weight: {weight}; src: url({_data_url(typesetting.FONTS_DIR / name)}); }}\n"
        for weight, name in (("normal", "Sarabun-Regular.ttf"), ("bold", "Sarabun-Bold.ttf"))
    )


@lru_cache(maxsize=16)
def browser_css(page: PageSettings) -> Markup:
    """Every style a browser preview needs, fonts included, to go inside its <style> element."""
    return Markup(_font_faces() + _LETTER_CSS + _page_css(page) + _SCREEN_CSS)


def emblem_data_url(path: Path) -> str:
    """The emblem inlined; read again only when the file changes."""
    return _emblem_data_url(path.resolve(), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _emblem_data_url(path: Path, _modified: int) -> str:
    return _data_url(path)
