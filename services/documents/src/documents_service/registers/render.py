"""Register files: the send or receive register of one agency and year as CSV or printable PDF.

Decisions:
- Rows print in the order given: the register's own order, which the caller knows (the send
  register lists each series, ordinary and circular ว, by its own numbers).
- The regulation has no channel column, so in the PDF the channel leads the หมายเหตุ cell
  ("กระดาษ" / "อิเล็กทรอนิกส์"), followed by the remarks on the next line; if the remarks already
  name the channel it is not repeated. The CSV, being for machines, keeps the channel in a column
  of its own after the nine regulation columns and leaves หมายเหตุ as typed.
- CSV dates are ISO 8601 in the Christian Era (2026-11-21) and numbers use Arabic digits, so
  spreadsheets sort and filter them; the PDF prints what a clerk reads (Thai digits, พ.ศ.).
- In the PDF, thai_digits applies to the number-like columns (dates, เลขทะเบียน, ที่), by the shared rule,
  so a code such as 'DGA-2569/0123' in ที่ keeps its digits; free text (จาก, ถึง, เรื่อง, การปฏิบัติ,
  หมายเหตุ) prints as typed. What the system itself writes (the year, the dates, 'และอื่น ๆ รวม ๗๖ แห่ง' after
  a cut list of recipients, page numbers) follows the document's digits.
- The PDF is typeset from templates/register.html (landscape, the heading row repeated on every page, no row split
  across pages unless it is taller than a page).
- A CSV cell that a spreadsheet would run as a formula (starting = + - @) gets a leading
  apostrophe: subjects and names come from outside the agency. A lone "-" (clerks' "nothing")
  is left alone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from opensaraban_shared import printed, typesetting
from opensaraban_shared.thai import buddhist_year, format_digits, format_thai_date, format_thai_time

RegisterKind = Literal["receive", "send"]
Channel = Literal["electronic", "paper"]
Lang = Literal["th", "en"]

TITLES: dict[RegisterKind, str] = {"receive": "ทะเบียนหนังสือรับ", "send": "ทะเบียนหนังสือส่ง"}
CHANNEL_LABELS: dict[Lang, dict[Channel, str]] = {
    "th": {"electronic": "อิเล็กทรอนิกส์", "paper": "กระดาษ"},
    "en": {"electronic": "electronic", "paper": "paper"},
}
NO_ENTRIES = "ไม่มีรายการในทะเบียนนี้"

TEMPLATES = Path(__file__).with_name("templates")
_ENVIRONMENT = printed.environment(TEMPLATES)
_STYLESHEET = typesetting.stylesheet((TEMPLATES / "register.css").read_text(encoding="utf-8"))
# Formula-looking cells are neutralised so a spreadsheet does not run what an outsider typed.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One line of a register, in the regulation's column order."""

    register_date: date  # วันที่: the Bangkok day the letter was registered
    number: int  # เลขทะเบียนรับ / เลขทะเบียนส่ง
    letter_number: str  # ที่: the number printed on the letter
    letter_date: date | None  # ลงวันที่
    from_: str  # จาก
    to: str  # ถึง
    subject: str  # เรื่อง
    action: str  # การปฏิบัติ
    remarks: str  # หมายเหตุ
    channel: Channel
    to_total: int | None = None  # how many recipients in all, when `to` names only the first few

    def __post_init__(self) -> None:
        if self.channel not in ("electronic", "paper"):
            raise ValueError(f"unknown channel {self.channel!r}")


def column_headings(kind: RegisterKind, *, lang: Lang = "th") -> tuple[str, ...]:
    """The regulation's nine column headings (English equivalents for lang='en')."""
    _check_kind(kind)
    if lang == "en":
        number = "Receipt no." if kind == "receive" else "Dispatch no."
        return ("Date", number, "Letter no.", "Letter date", "From", "To", "Subject", "Action", "Remarks")
    number = "เลขทะเบียนรับ" if kind == "receive" else "เลขทะเบียนส่ง"
    return ("วันที่", number, "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ", "หมายเหตุ")


def register_csv(
    kind: RegisterKind, agency_name: str, year: int, rows: Iterable[RegisterRow], *, lang: Lang = "th",
    buddhist_era: bool = False,
) -> bytes:
    """The register as CSV: UTF-8 with a byte-order mark (so Excel reads Thai), one header row; dates ISO in the
    Christian Era, or as a clerk writes them with `buddhist_era` (21/11/2569, Arabic digits).

    `year` is the Christian Era year. `agency_name` is not written: the file holds the table only,
    so that it loads as one; the caller puts the agency in the file name.
    """
    entries = _checked(kind, year, rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow((*column_headings(kind, lang=lang), "Channel" if lang == "en" else "ช่องทาง"))
    def day(value: date | None) -> str:
        if value is None:
            return ""
        return f"{value.day:02d}/{value.month:02d}/{buddhist_year(value.year)}" if buddhist_era else value.isoformat()

    for row in entries:
        cells = (
            day(row.register_date),
            str(row.number),
            row.letter_number,
            day(row.letter_date),
            row.from_,
            to_cell(row, thai_digits=False),
            row.subject,
            row.action,
            row.remarks,
            CHANNEL_LABELS[lang][row.channel],
        )
        writer.writerow([_defuse_formula(cell) for cell in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def register_pdf(
    kind: RegisterKind,
    agency_name: str,
    year: int,
    rows: Iterable[RegisterRow],
    *,
    generated_at: datetime,
    thai_digits: bool = True,
    buddhist_era: bool = True,
    days: tuple[date, date] | None = None,
) -> bytes:
    """The register as a landscape A4 PDF: title block, the table (heading on every page), page numbers.

    `year` is the Christian Era year, or `days` the first and last day of the period; `generated_at` (timezone-aware) is printed in the footer and
    becomes the file's creation date, so the same rows and moment give the same document.
    """
    entries = _checked(kind, year, rows)
    shown_year = buddhist_year(year) if buddhist_era else year
    period = f"ประจำปี {'พ.ศ.' if buddhist_era else 'ค.ศ.'} {format_digits(shown_year, thai_digits=thai_digits)}"
    if days is not None:
        first, last = (format_thai_date(d, thai_digits=thai_digits, buddhist_era=buddhist_era) for d in days)
        period = f"ตั้งแต่วันที่ {first} ถึงวันที่ {last}"
    html = _ENVIRONMENT.get_template("register.html").render(
        title=TITLES[kind], agency_name=agency_name, period=period, headings=column_headings(kind),
        rows=[_pdf_cells(row, thai_digits=thai_digits, buddhist_era=buddhist_era) for row in entries],
        no_entries=NO_ENTRIES, created=generated_at.isoformat(), thai_digits=thai_digits,
        printed=f"พิมพ์เมื่อ {format_thai_date(generated_at, thai_digits=thai_digits, buddhist_era=buddhist_era)}"
                f" เวลา {format_thai_time(generated_at, thai_digits=thai_digits)}")
    page = replace(printed.REGISTER, thai_digits=thai_digits)
    return printed.typeset(html, page=page, folder=TEMPLATES, stylesheets=(_STYLESHEET,))


def to_cell(row: RegisterRow, *, thai_digits: bool) -> str:
    """ถึง as printed: the recipients named, then 'และอื่น ๆ รวม ๗๖ แห่ง' when the list names only some."""
    if row.to_total is None:
        return row.to
    return f"{row.to} และอื่น ๆ รวม {format_digits(row.to_total, thai_digits=thai_digits)} แห่ง"


def remarks_cell(row: RegisterRow) -> str:
    """หมายเหตุ as printed: the channel, then the remarks unless they already name it."""
    label = CHANNEL_LABELS["th"][row.channel]
    remarks = row.remarks.strip()
    if not remarks:
        return label
    if label in remarks:
        return remarks
    return f"{label}\n{remarks}"


def _pdf_cells(row: RegisterRow, *, thai_digits: bool, buddhist_era: bool) -> Sequence[str]:
    def day(d: date | None) -> str:
        if d is None:
            return "-"
        return format_thai_date(d, style="short", thai_digits=thai_digits, buddhist_era=buddhist_era)

    return (
        day(row.register_date),
        format_digits(row.number, thai_digits=thai_digits),
        format_digits(row.letter_number, thai_digits=thai_digits),
        day(row.letter_date),
        row.from_,
        to_cell(row, thai_digits=thai_digits),
        row.subject,
        row.action,
        remarks_cell(row),
    )


def _checked(kind: RegisterKind, year: int, rows: Iterable[RegisterRow]) -> list[RegisterRow]:
    _check_kind(kind)
    if year > 2400:
        # A register year of 2569 is almost certainly พ.ศ. passed where ค.ศ. is expected.
        raise ValueError(f"year {year} looks like a Buddhist Era year; pass the Christian Era year")
    return list(rows)


def _check_kind(kind: str) -> None:
    if kind not in TITLES:
        raise ValueError(f"unknown register kind {kind!r}")


def _defuse_formula(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) and cell != "-" else cell
