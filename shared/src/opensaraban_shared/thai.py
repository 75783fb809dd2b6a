"""Thai time and numerals: the Bangkok day, Buddhist Era years, Thai digits, dates."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Literal

# Thailand has kept UTC+7 without daylight saving since 1920, so a fixed offset is exact and
# needs no tz database on the host (slim containers often lack one).
BANGKOK = timezone(timedelta(hours=7), "Asia/Bangkok")
BUDDHIST_ERA_OFFSET = 543

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def bangkok_day(moment: datetime) -> date:
    """The calendar day in Thailand: what a clerk's register and a monthly report call 'that day'."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("needs a timezone-aware datetime")
    return moment.astimezone(BANGKOK).date()


def buddhist_year(ce_year: int) -> int:
    """พ.ศ. from ค.ศ.: 2026 → 2569."""
    return ce_year + BUDDHIST_ERA_OFFSET


# Identifiers keep their own characters: a URL (up to the next space, Thai path characters and all), an
# e-mail address, and any run of characters that are neither spaces nor Thai and hold a non-Thai letter
# ('f35ae1', 'OTOD#2', 'COVID-19', 'minutes-1-2568.pdf', the '-2569.pdf' of a Thai file name). Numbers on
# their own or inside Thai prose are not identifiers: 'ครั้งที่ 1/2569', '4.2.1', 'ชม 0017/ว 1590', 'พ.ศ.2569'.
# Thai digits count as digits, not as Thai: they belong to the run they stand in. One pattern, split on
# once per string: renderers call this for every line of a pack of hundreds of pages. Every alternative
# starts only where a run starts (after a space or a Thai letter, or at an e-mail's word), so a long
# run is scanned once, not once from each of its characters.
_THAI = "\u0e00-\u0e4f\u0e5a-\u0e7f"
_IDENTIFIERS = re.compile(
    rf"""(
        (?<![^\s{_THAI}])[^\w\s{_THAI}]*(?:[a-z][a-z0-9+.\-]*://|www\.)\S+   # a URL, with what opens it: (https://…)
      | (?<!\S)[^\s@]+@[^\s@]+\.[^\s@]+                                    # an e-mail address, Thai ones too
      | (?<![^\s{_THAI}])(?:[^\w\s{_THAI}]|[\d_])*[^\W\d_{_THAI}][^\s{_THAI}]*   # a run with a letter in it
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def thai_digits(text: str | int) -> str:
    """'ครั้งที่ 1/2569' → 'ครั้งที่ ๑/๒๕๖๙', as official documents print numbers; identifiers keep their digits.

    A renderer that knows a value is an identifier (a file name, which may hold spaces) leaves it out of
    the conversion altogether rather than rely on this guess.
    """
    return _outside_identifiers(str(text), _THAI_DIGITS)


def arabic_digits(text: str) -> str:
    """Accepts what people type in either script: '๑๒๓' → '123'. Every digit: this reads input, not prose."""
    return text.translate(_ARABIC_DIGITS)


def _outside_identifiers(text: str, digits: dict[int, int]) -> str:
    parts = _IDENTIFIERS.split(text)  # the capturing group puts the identifiers at the odd positions
    if len(parts) == 1:
        return text.translate(digits)
    return "".join(part if n % 2 else part.translate(digits) for n, part in enumerate(parts))


THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip
# Our own tables, not strftime('%B'): month names must not depend on the host's locale.
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

DateStyle = Literal["full", "short"]


def format_digits(text: str | int, *, thai_digits: bool) -> str:
    """Numbers as the reader asked for them: Thai digits for print, Arabic for the screen or a machine.

    Either way identifiers keep their own characters (see thai_digits).
    """
    return _outside_identifiers(str(text), _THAI_DIGITS if thai_digits else _ARABIC_DIGITS)


def format_thai_date(
    day: date, *, style: DateStyle = "full", thai_digits: bool = True, buddhist_era: bool = True
) -> str:
    """'๒๑ พฤศจิกายน ๒๕๖๙' (full) or '๒๑ พ.ย. ๖๙' (short, two-digit year), as Thai documents date things.

    A datetime must be timezone-aware and is read as its Bangkok day.
    """
    day = _calendar_day(day)
    year = buddhist_year(day.year) if buddhist_era else day.year
    if style == "full":
        text = f"{day.day} {THAI_MONTHS[day.month - 1]} {year}"
    elif style == "short":
        text = f"{day.day} {THAI_MONTHS_SHORT[day.month - 1]} {year % 100:02d}"
    else:
        raise ValueError(f"unknown date style {style!r}")
    return format_digits(text, thai_digits=thai_digits)


def format_english_date(day: date, *, style: DateStyle = "full") -> str:
    """'21 November 2026' (full) or '21 Nov 2026' (short) for the English UI: Christian Era, Arabic digits."""
    day = _calendar_day(day)
    month = ENGLISH_MONTHS[day.month - 1]
    if style == "short":
        month = month[:3]
    elif style != "full":
        raise ValueError(f"unknown date style {style!r}")
    return f"{day.day} {month} {day.year}"


THAI_WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")  # date.weekday() order


def thai_weekday(day: date) -> str:
    """'วันจันทร์': the Bangkok day's weekday as meeting notices print it."""
    return "วัน" + THAI_WEEKDAYS[_calendar_day(day).weekday()]


def format_thai_time(moment: datetime, *, thai_digits: bool = True) -> str:
    """'๑๔.๓๐ น.': the Bangkok clock time as Thai documents write it (dot, 24-hour, น.)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("needs a timezone-aware datetime")
    local = moment.astimezone(BANGKOK)
    return format_digits(f"{local.hour:02d}.{local.minute:02d} น.", thai_digits=thai_digits)


def _calendar_day(day: date) -> date:
    # datetime is a subclass of date: a moment is read as the Bangkok day, never the host's.
    return bangkok_day(day) if isinstance(day, datetime) else day
