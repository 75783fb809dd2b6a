"""HTML and CSS typeset into archival PDFs by WeasyPrint: the one way the project turns a template into a PDF.

- Lines break at Thai word boundaries: Pango asks libthai where Thai words end, and may break only where a second
  dictionary (PyThaiNLP's, through newmm-tokenizer) agrees. libthai's dictionary lacks many compounds of official
  prose (ปีงบประมาณ, ผู้บริหาร) and would split them; each Thai word newmm finds in the body's text that libthai would
  split (asked directly, through ctypes) is set unbreakable (white-space: nowrap), with a zero-width space around it
  as the break opportunity, which the text layer leaves out.
  Not inside tables: a narrow cell must still break a word wider than itself, which an unbreakable one would overflow.
- The fonts are the project's own Sarabun files, embedded and subset. Nothing is ever fetched from the network:
  a template may load only files under the directories its caller names, or `data:` URLs.
- The text layer reads back as the source text. Pango positions Thai vowels and tone marks as separate glyphs,
  some raised or lowered, and a PDF reader that only sees glyphs splits them from their letters ("ครัง้ ที่").
  Every line of text is therefore wrapped in a marked-content span whose /ActualText is the line's own text
  (ISO 32000-1, 14.9.4), which poppler, Acrobat and screen readers read instead of the glyphs.
- PDF/A-2b by default, with the title, author, subject and date the HTML <head> gives as XMP metadata, and tagged
  (a structure tree of headings, paragraphs, lists, tables and figures, as the templates' HTML says) so screen
  readers follow it. A letter passes every rule of veraPDF's PDF/UA-1 profile but the PDF/UA identification in the
  metadata, which a PDF/A-2b file does not declare (measured on the bench letter; about 10 % more CPU to write). Images are
  drawn without interpolation, which PDF/A forbids (ISO 19005-2, 6.2.8); WeasyPrint asks for it unless told.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pydyf
import weasyprint
import weasyprint.draw.text as _drawing
import weasyprint.urls
from newmm_tokenizer.tokenizer import word_tokenize
from weasyprint.text.fonts import FontConfiguration

FONTS_DIR = Path(__file__).with_name("fonts")
PDF_VARIANT = "pdf/a-2b"

FONT_FACES = f"""
@font-face {{ font-family: Sarabun; font-weight: normal; src: url({(FONTS_DIR / "Sarabun-Regular.ttf").as_uri()}); }}
@font-face {{ font-family: Sarabun; font-weight: bold; src: url({(FONTS_DIR / "Sarabun-Bold.ttf").as_uri()}); }}
img {{ image-rendering: crisp-edges; }}
"""


class FetchRefused(weasyprint.urls.FatalURLFetchingError):
    """A template asked for something outside the directories it may read; it stops the typesetting."""


_BREAK = "\u200b"  # zero-width space: a break opportunity, no text
_THAI = re.compile("[\u0e01-\u0e4e]")
# Text between tags, outside <style>, <script> and <table>; the <head> is left out by the caller.
_TEXT = re.compile(r"(<(style|script|table)\b.*?</\2>)|>([^<]+)(?=<)", re.DOTALL | re.IGNORECASE)


class _LibThai:
    """libthai's word breaker, the one Pango asks, called directly (ctypes) to learn where it would break a word."""

    def __init__(self) -> None:
        self._lib = ctypes.CDLL(ctypes.util.find_library("thai") or "libthai.so.0")
        self._lib.th_brk_new.restype = ctypes.c_void_p
        self._lib.th_brk_new.argtypes = [ctypes.c_char_p]
        self._lib.th_brk_find_breaks.restype = ctypes.c_int
        self._lib.th_brk_find_breaks.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int),
                                                 ctypes.c_size_t]
        self._breaker = self._lib.th_brk_new(None)
        self._lock = threading.Lock()  # one breaker object; libthai does not share it between threads

    @functools.lru_cache(maxsize=50_000)  # noqa: B019 - one instance for the life of the process
    def splits(self, word: str) -> bool:
        """Whether libthai would break a line inside `word` (it is written in TIS-620, one byte a letter)."""
        try:
            encoded = word.encode("tis_620")
        except UnicodeEncodeError:
            return False
        positions = (ctypes.c_int * len(encoded))()
        with self._lock:
            found = self._lib.th_brk_find_breaks(self._breaker, encoded, positions, len(encoded))
        return any(0 < positions[i] < len(encoded) for i in range(found))


_LIBTHAI = _LibThai()


def _thai_words_whole(text: str) -> str:
    """Only the words libthai would split are wrapped: an element per word would cost layout time (about 5 times
    the CPU of a letter, measured), while the compounds it splits are a few per page."""
    return "".join(f'{_BREAK}<span style="white-space: nowrap">{word}</span>{_BREAK}'
                   if len(word) > 2 and _THAI.search(word) and _LIBTHAI.splits(word) else word
                   for word in word_tokenize(text))


def keep_thai_words_whole(html: str) -> str:
    """The body's text with every Thai word libthai would split set unbreakable (see the module's docstring)."""
    head, tag, body = html.partition("<body")
    if not tag:
        head, body = "", html

    def glue(match: re.Match[str]) -> str:
        if match.group(1) or not _THAI.search(match.group(3)):
            return match.group(0)
        return f">{_thai_words_whole(match.group(3))}"

    return head + tag + _TEXT.sub(glue, body)


def _line_with_actual_text(stream: Any, textbox: Any, *args: Any) -> Any:
    text = textbox.text.replace(_BREAK, "")
    stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
    try:
        return _draw_line(stream, textbox, *args)
    finally:
        stream.end_marked_content()


# WeasyPrint draws each line of a text box with this module function (weasyprint 70.0, pinned): wrap it once.
if getattr(_drawing.draw_first_line, "__name__", "") != _line_with_actual_text.__name__:
    _draw_line = _drawing.draw_first_line
    _drawing.draw_first_line = _line_with_actual_text

_FONTS = FontConfiguration()
# Decoded images by URL, kept for the life of the process (emblems, seals): a letter's emblem is decoded once, not
# once per letter. A caller whose file may change puts its modification time in the URL's query.
_IMAGES: dict[str, Any] = {}
_FONT_STYLESHEET = weasyprint.CSS(string=FONT_FACES, font_config=_FONTS)


class _LocalFiles(weasyprint.urls.URLFetcher):
    """Reads `data:` URLs and files under the given folders; refuses everything else, the network above all."""

    def __init__(self, roots: Sequence[Path]) -> None:
        super().__init__(allowed_protocols=("data", "file"), fail_on_errors=True)
        self._roots = [FONTS_DIR.resolve(), *(root.resolve() for root in roots)]

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self._roots):
                raise FetchRefused(f"refused to load {url!r}: templates may load only their own files")
        elif not url.startswith("data:"):
            raise FetchRefused(f"refused to load {url!r}: templates never load anything from the network")
        return super().fetch(url, headers)


def stylesheet(css: str) -> weasyprint.CSS:
    """A stylesheet parsed once and kept: pass it to `layout` for every document that uses it."""
    return weasyprint.CSS(string=css, font_config=_FONTS)


def layout(html: str, *, base: Path, stylesheets: Iterable[weasyprint.CSS] = ()) -> weasyprint.Document:
    """Lay out `html` into pages. Relative URLs in it resolve against `base`, the only folder (besides the fonts)
    it may read."""
    document = weasyprint.HTML(string=keep_thai_words_whole(html), base_url=base.as_uri() + "/",
                               url_fetcher=_LocalFiles([base]))
    laid_out = document.render(stylesheets=[_FONT_STYLESHEET, *stylesheets], font_config=_FONTS, cache=_IMAGES)
    for page in laid_out.pages:  # bookmarks are made from the headings' text
        page.bookmarks = [(level, label.replace(_BREAK, ""), *rest) for level, label, *rest in page.bookmarks]
    return laid_out


def write(document: weasyprint.Document, *, variant: str | None = PDF_VARIANT) -> bytes:
    """The laid-out document as PDF bytes: tagged, PDF/A-2b unless told otherwise."""
    return document.write_pdf(pdf_variant=variant, uncompressed_pdf=False, pdf_tags=True)


def typeset(html: str, *, base: Path, stylesheets: Iterable[weasyprint.CSS] = (),
            variant: str | None = PDF_VARIANT) -> bytes:
    """`layout` then `write`, for documents that need nothing between the two."""
    return write(layout(html, base=base, stylesheets=stylesheets), variant=variant)
