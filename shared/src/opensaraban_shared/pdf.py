"""Printable Thai documents: Sarabun on A4, shaped Thai text, titles, paragraphs and long tables."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from weakref import WeakKeyDictionary

from fpdf import FPDF
from fpdf.enums import TextDirection
from fpdf.fonts import SubsetMap, TTFFont
from fpdf.line_break import Fragment

from opensaraban_shared.thai import DateStyle, format_digits, format_thai_date, keeps_with_previous, split_at_breaks

FONTS_DIR = Path(__file__).with_name("fonts")
FAMILY = "Sarabun"
Orientation = Literal["portrait", "landscape"]
Align = Literal["L", "C", "R"]


@dataclass(frozen=True, slots=True)
class Margins:
    """Page margins in millimetres."""

    top: float
    right: float
    bottom: float
    left: float


# The layout Thai government templates commonly use: 3 cm on the binding side, 2 cm on the right,
# 2.5 cm at the top. Registers are wide tables, so they take narrower margins to fit nine columns.
OFFICIAL_MARGINS = Margins(top=25, right=20, bottom=20, left=30)
REGISTER_MARGINS = Margins(top=15, right=12, bottom=15, left=15)

TITLE_SIZE = 18
BODY_SIZE = 14
TABLE_SIZE = 12
FOOTER_SIZE = 10
LINE_SPACING = 1.45  # line height / font size: room for marks stacked above and below Thai letters
CELL_PADDING = (0.8, 1.2)  # mm, vertical and horizontal
HEADING_FILL = (230, 230, 230)


# Hebrew, Arabic, Syriac, Thaana, N'Ko... and the explicit right-to-left controls.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f\u202b\u202e\u2067]")


# Per font subset, which lives exactly as long as its document; shaped glyphs carry subset codes.
_SHAPED: WeakKeyDictionary[SubsetMap, dict[tuple[Any, ...], Sequence[dict[str, Any]]]] = WeakKeyDictionary()


class _SarabunFont(TTFFont):
    """fpdf2's TrueType font, measuring and shaping faster for long documents (fpdf2 2.8 internals, pinned).

    - Measuring: fpdf2 shapes a string with HarfBuzz just to know its width, twice per line drawn.
      Sarabun's Thai marks have no advance and its substitutions keep the advance, so the sum of
      the characters' advances is the shaped width (kerning aside: a fraction of a point).
    - Shaping: a register repeats the same cell texts (dates, agencies, actions) on many rows;
      each distinct text is shaped once per size and direction. The results are only read.
    """

    __slots__ = ()

    def shaped_text_width(self, text: str, font_size_pt: float, text_shaping_params: Any) -> tuple[int, float]:
        advance = self.cw
        return len(text), sum(advance[ord(c)] for c in text) * font_size_pt * 0.001

    def shape_text(self, text: str, font_size_pt: float, text_shaping_params: Any) -> Sequence[dict[str, Any]]:
        params = text_shaping_params or {}
        key = (
            text,
            font_size_pt,
            params.get("fragment_direction"),
            params.get("script"),
            params.get("language"),
            tuple(sorted((params.get("features") or {}).items())),
        )
        cache = _SHAPED.setdefault(self.subset, {})
        if key not in cache:
            cache[key] = super().shape_text(text, font_size_pt, text_shaping_params)
        return cache[key]


class ThaiPDF(FPDF):
    """An FPDF with Sarabun registered and shaping on, which remembers how numbers and dates print."""

    def __init__(
        self,
        *,
        orientation: Orientation = "portrait",
        margins: Margins = OFFICIAL_MARGINS,
        thai_digits: bool = True,
        buddhist_era: bool = True,
    ) -> None:
        super().__init__(orientation=orientation[0].upper(), unit="mm", format="A4")
        self.thai_digits = thai_digits
        self.buddhist_era = buddhist_era
        for style, file in (("", "Sarabun-Regular.ttf"), ("B", "Sarabun-Bold.ttf")):
            self.add_font(FAMILY, style, FONTS_DIR / file)
            self.fonts[f"{FAMILY.lower()}{style}"].__class__ = _SarabunFont  # fpdf2 builds it in add_font
        # Without shaping, Thai vowels and tone marks pile onto each other instead of stacking.
        self.set_text_shaping(True)
        self.set_margins(left=margins.left, top=margins.top, right=margins.right)
        self.set_auto_page_break(True, margin=margins.bottom)
        self.set_font(FAMILY, size=BODY_SIZE)
        # Text starts exactly at the margin (or a table cell's padding): we wrap to those widths.
        self.c_margin = 0
        # Page numbers are written by finish(), once the total is known, so "{nb}" is not needed.
        self.alias_nb_pages(None)

    def _preload_bidirectional_text(self, text: str, markdown: bool) -> Sequence[Fragment]:
        # With shaping on, fpdf2 runs the Unicode bidirectional algorithm over every string: a
        # third of the time of a long register. Thai and Latin run left to right, so text without
        # a right-to-left character skips it (fpdf2 2.8 internals, pinned).
        if not self.text_shaping or _RIGHT_TO_LEFT.search(text):
            return super()._preload_bidirectional_text(text, markdown)
        self.text_shaping["paragraph_direction"] = TextDirection.LTR
        self.text_shaping["fragment_direction"] = TextDirection.LTR
        return tuple(self._preload_font_styles(text, markdown))

    def digits(self, value: str | int) -> str:
        """A number (or text with digits) in the script this document prints numbers in; identifiers as typed."""
        return format_digits(value, thai_digits=self.thai_digits)

    def date(self, day: date, *, style: DateStyle = "full") -> str:
        """A date in this document's digits and era: '๒๑ พฤศจิกายน ๒๕๖๙'."""
        return format_thai_date(day, style=style, thai_digits=self.thai_digits, buddhist_era=self.buddhist_era)


def new_document(
    *,
    title: str,
    created_at: datetime,
    orientation: Orientation = "portrait",
    margins: Margins = OFFICIAL_MARGINS,
    thai_digits: bool = True,
    buddhist_era: bool = True,
    author: str = "",
) -> ThaiPDF:
    """A blank document with its metadata set and its first page added.

    `created_at` (timezone-aware) is the creation date in the metadata; pass it in rather than
    'now' so that the same input gives the same file.
    """
    pdf = ThaiPDF(orientation=orientation, margins=margins, thai_digits=thai_digits, buddhist_era=buddhist_era)
    pdf.set_title(title)
    pdf.set_lang("th")
    pdf.set_creator("OpenSaraban")
    if author:
        pdf.set_author(author)
    pdf.set_creation_date(created_at)
    pdf.add_page()
    return pdf


# Line breaking. fpdf2 wraps only at spaces (Thai has none between words) and measures a line by
# reshaping all of it for every character it adds: minutes for a long register. So we wrap text
# ourselves, at the break opportunities thai.split_at_breaks finds, and hand fpdf2 one line at a time.
def wrap_text(pdf: FPDF, text: str, width: float, *, first_line_indent: float = 0) -> list[str]:
    """The lines `text` takes in the current font within `width` mm; newlines in `text` are kept."""
    per_mm = pdf.font_size_pt / 1000 / pdf.k
    advance = pdf.current_font.cw  # type: ignore[union-attr]  # per character, in 1/1000 em

    def measure(piece: str) -> float:
        # The sum of the characters' advances is the shaped width for Sarabun: its Thai marks have
        # no advance and its substitutions keep the advance (kerning aside: a fraction of a point).
        return sum(advance[ord(c)] for c in piece) * per_mm

    lines: list[str] = []
    limit = width - first_line_indent
    for paragraph in text.split("\n"):
        line, line_width = "", 0.0
        for piece in split_at_breaks(paragraph):
            if line and line_width + measure(piece.rstrip(" ")) > limit:
                lines.append(line.rstrip(" "))
                line, line_width, limit = "", 0.0, width
            if not line and measure(piece) > limit:
                # One unbreakable piece wider than the line (a long Latin word, an e-mail address):
                # cut it by characters, keeping marks with their letter.
                *full, piece = _cut_to_width(piece, limit, measure)
                lines.extend(full)
                limit = width
            line += piece
            line_width += measure(piece)
        lines.append(line.rstrip(" "))
        limit = width
    return lines


def _cut_to_width(piece: str, width: float, measure: Callable[[str], float]) -> list[str]:
    parts: list[str] = []
    start = 0
    for end in range(start + 1, len(piece) + 1):
        attached = end < len(piece) and keeps_with_previous(piece[end])
        if not attached and end - start > 1 and measure(piece[start:end]) > width:
            cut = end - 1
            while cut > start + 1 and keeps_with_previous(piece[cut]):
                cut -= 1
            parts.append(piece[start:cut])
            start = cut
    parts.append(piece[start:])
    return parts


def write_title(pdf: ThaiPDF, lines: Sequence[str], *, size: float = TITLE_SIZE) -> None:
    """Centred title lines, the first in bold: document name, then agency, then period."""
    for n, line in enumerate(lines):
        pdf.set_font(FAMILY, "B" if n == 0 else "", size if n == 0 else size - 2)
        _write_lines(pdf, wrap_text(pdf, line, pdf.epw), align="C")
    pdf.ln(2)
    pdf.set_font(FAMILY, "", BODY_SIZE)


def write_paragraph(
    pdf: ThaiPDF, text: str, *, size: float = BODY_SIZE, bold: bool = False, align: Align = "L", indent: float = 0
) -> None:
    """A wrapped paragraph; `indent` (mm) for its first line. fpdf2 cannot do Thai distributed justification."""
    pdf.set_font(FAMILY, "B" if bold else "", size)
    first, *rest = wrap_text(pdf, text, pdf.epw, first_line_indent=indent)
    pdf.set_x(pdf.l_margin + indent)
    _write_lines(pdf, [first], align=align, width=pdf.epw - indent)
    _write_lines(pdf, rest, align=align)


def _write_lines(pdf: FPDF, lines: Sequence[str], *, align: Align, width: float | None = None) -> None:
    height = pdf.font_size * LINE_SPACING
    for line in lines:
        pdf.cell(width if width is not None else pdf.epw, height, line, align=align, new_x="LMARGIN", new_y="NEXT")


def write_table(
    pdf: ThaiPDF,
    headings: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    col_widths: Sequence[float],
    align: Sequence[Align] | None = None,
    size: float = TABLE_SIZE,
) -> None:
    """A full-width table whose heading row repeats on every page and whose cells wrap Thai text.

    `col_widths` are proportions of the width between the margins; `align` is one letter per column.
    A row never splits across pages unless it is taller than a page.

    Drawn with cells and rectangles rather than fpdf2's table(), which lays every cell out twice
    with fpdf2's per-character wrapping: 2,000 rows took minutes instead of seconds.
    """
    if len(col_widths) != len(headings) or (align is not None and len(align) != len(headings)):
        raise ValueError("one width (and one alignment) per heading")
    scale = pdf.epw / sum(col_widths)
    table = _Table(pdf, [w * scale for w in col_widths], tuple(align or ("L",) * len(headings)), size)
    auto_break, bottom = pdf.auto_page_break, pdf.b_margin
    pdf.set_auto_page_break(False, margin=bottom)  # the table breaks pages itself, between rows
    try:
        table.draw_headings(headings)
        for cells in rows:
            table.draw_row(cells)
    finally:
        pdf.set_auto_page_break(auto_break, margin=bottom)
        pdf.set_font(FAMILY, "", BODY_SIZE)


class _Table:
    def __init__(self, pdf: ThaiPDF, widths: list[float], align: tuple[Align, ...], size: float) -> None:
        self.pdf, self.widths, self.align, self.size = pdf, widths, align, size
        self.headings: list[list[str]] = []

    @property
    def line_height(self) -> float:
        return self.size / self.pdf.k * LINE_SPACING

    def draw_headings(self, headings: Sequence[str]) -> None:
        self.pdf.set_font(FAMILY, "B", self.size)  # headings are measured in bold
        self.headings = self._wrap(headings)
        if self.pdf.y + self._height(self.headings) + self.line_height > self.pdf.page_break_trigger:
            self.pdf.add_page()  # a heading row alone at the foot of a page would be orphaned
        self._draw(self.headings, heading=True)

    def draw_row(self, cells: Sequence[str]) -> None:
        self.pdf.set_font(FAMILY, "", self.size)
        lines = self._wrap(cells)
        while any(lines):
            needed, room, fresh = max(map(len, lines)), self._room(self.pdf.y), self._room(self._body_top())
            if needed > room and room < fresh and (needed <= fresh or room == 0):
                self._new_page()
                continue
            # Fewer lines than needed only for a row taller than a whole page: it goes on overleaf.
            take = max(1, min(needed, room))
            self._draw([cell[:take] for cell in lines])
            lines = [cell[take:] for cell in lines]
            if any(lines):
                self._new_page()

    def _room(self, y: float) -> int:
        """How many lines of a row fit between `y` and the foot of the page."""
        return max(0, int((self.pdf.page_break_trigger - y - 2 * CELL_PADDING[0]) // self.line_height))

    def _body_top(self) -> float:
        return self.pdf.t_margin + self._height(self.headings)

    def _new_page(self) -> None:
        self.pdf.add_page()
        self._draw(self.headings, heading=True)

    def _wrap(self, cells: Sequence[str]) -> list[list[str]]:
        pad_x = CELL_PADDING[1]
        return [wrap_text(self.pdf, cell, width - 2 * pad_x) for cell, width in zip(cells, self.widths, strict=True)]

    def _height(self, lines: list[list[str]]) -> float:
        return max(map(len, lines)) * self.line_height + 2 * CELL_PADDING[0]

    def _draw(self, lines: list[list[str]], *, heading: bool = False) -> None:
        pdf, pad_y, pad_x = self.pdf, *CELL_PADDING
        top, height = pdf.y, self._height(lines)
        x = pdf.l_margin
        pdf.set_font(FAMILY, "B" if heading else "", self.size)
        if heading:
            pdf.set_fill_color(*HEADING_FILL)
        for cell, width, align in zip(lines, self.widths, self.align, strict=True):
            pdf.rect(x, top, width, height, style="DF" if heading else "D")
            # Headings are centred both ways; body text starts at the top of its cell.
            y = top + pad_y + ((height - 2 * pad_y - len(cell) * self.line_height) / 2 if heading else 0)
            for line in cell:
                if line:
                    pdf.set_xy(x + pad_x, y)
                    pdf.cell(width - 2 * pad_x, self.line_height, line, align="C" if heading else align)
                y += self.line_height
            x += width
        pdf.set_xy(pdf.l_margin, top + height)


def finish(pdf: ThaiPDF, *, page_numbers: bool = True, footer_note: str = "") -> bytes:
    """The PDF file. Writes 'หน้า ๑/๓' on every page (the total is known only now) and a note on the left."""
    if page_numbers or footer_note:
        _write_footers(pdf, page_numbers=page_numbers, note=footer_note)
    _map_extra_glyphs_to_no_text(pdf)
    return bytes(pdf.output())


def _write_footers(pdf: ThaiPDF, *, page_numbers: bool, note: str) -> None:
    total, last = pdf.pages_count, pdf.page
    auto_break, bottom = pdf.auto_page_break, pdf.b_margin
    y = pdf.h - bottom + 3
    pdf.set_auto_page_break(False, margin=bottom)  # the footer sits in the bottom margin
    pdf.set_font(FAMILY, "", FOOTER_SIZE)
    for page in range(1, total + 1):
        pdf.page = page
        pdf.current_font_is_set_on_page = False  # each page's content states its own font
        if note:
            pdf.set_xy(pdf.l_margin, y)
            pdf.cell(pdf.epw / 2, 6, note, align="L")
        if page_numbers:
            pdf.set_xy(pdf.l_margin + pdf.epw / 2, y)
            pdf.cell(pdf.epw / 2, 6, f"หน้า {pdf.digits(page)}/{pdf.digits(total)}", align="R")
    pdf.page = last
    pdf.set_auto_page_break(auto_break, margin=bottom)


class _NoText(int):
    """A ToUnicode target that fpdf2 writes as an empty string: `<0003> <>`."""

    def __format__(self, spec: str) -> str:
        return ""


def _map_extra_glyphs_to_no_text(pdf: FPDF) -> None:
    # Shaping draws some characters with more glyphs than characters: ำ becomes a circle and an า.
    # fpdf2 2.8 gives the first glyph the text and the others no ToUnicode entry at all, so copying
    # or extracting 'ประจำปี' yields a stray control character (or a random Latin letter) after ำ.
    # An explicit empty mapping makes those glyphs contribute nothing. Relies on fpdf2 internals
    # (pinned); the tests extract text to catch a change.
    for font in pdf.fonts.values():
        subset = getattr(font, "subset", None)
        if subset is None:
            continue
        for glyph, _code in subset.items():
            if glyph is not None and glyph.unicode == ():
                glyph.unicode = (_NoText(0),)
