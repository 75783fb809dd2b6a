"""Thai time and numerals: the Bangkok calendar day, Buddhist Era years and Thai digits."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

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


def thai_digits(text: str | int) -> str:
    """'ครั้งที่ 1/2569' → 'ครั้งที่ ๑/๒๕๖๙', as official documents print numbers."""
    return str(text).translate(_THAI_DIGITS)


def arabic_digits(text: str) -> str:
    """Accepts what people type in either script: '๑๒๓' → '123'."""
    return text.translate(_ARABIC_DIGITS)
