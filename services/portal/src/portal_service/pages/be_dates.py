"""Dates typed in the Buddhist Era, as Thai officials write them: '15/12/2569', '๑๕/๑๒/๒๕๖๙', '15 ธ.ค. 69',
'15 ธันวาคม 2569'; and a date written back the same way for the field to show again."""

from __future__ import annotations

import re
from datetime import date

from opensaraban_shared.thai import BUDDHIST_ERA_OFFSET, THAI_MONTHS, THAI_MONTHS_SHORT, arabic_digits

_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})")
_WORDED = re.compile(r"(\d{1,2})\s+(\S+?)\s*(\d{2}|\d{4})")
_MONTHS = {name.replace(".", ""): n for names in (THAI_MONTHS, THAI_MONTHS_SHORT) for n, name in enumerate(names, 1)}
FIRST_BE_YEAR = 2400  # a year typed below this is a Christian Era year, not what the field asks for


def parse_be_date(text: str) -> date | None:
    """The day typed, or None when it is not a whole Buddhist Era date ('69' means 2569)."""
    typed = arabic_digits(text.strip())
    if match := _NUMERIC.fullmatch(typed):
        day, month, year = (int(part) for part in match.groups())
    elif (match := _WORDED.fullmatch(typed)) and match[2].replace(".", "") in _MONTHS:
        day, month, year = int(match[1]), _MONTHS[match[2].replace(".", "")], int(match[3])
    else:
        return None
    year = year + 2500 if year < 100 else year
    if year < FIRST_BE_YEAR:
        return None
    try:
        return date(year - BUDDHIST_ERA_OFFSET, month, day)
    except ValueError:
        return None


def be_field(day: date | str | None) -> str:
    """A day as the field shows it: '15/12/2569' (the reader's digits are applied by the page, like any number)."""
    if not day:
        return ""
    value = date.fromisoformat(day[:10]) if isinstance(day, str) else day
    return f"{value.day}/{value.month}/{value.year + BUDDHIST_ERA_OFFSET}"
