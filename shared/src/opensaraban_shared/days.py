"""A calendar day as an API takes it: only the ISO form 2026-12-15. Pydantic alone would also read a number as
seconds since 1970 (`date_to=0` → 1970-01-01), which no caller means."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return value
    raise ValueError("a day is written YYYY-MM-DD, e.g. 2026-12-15")


IsoDay = Annotated[date, BeforeValidator(_iso_day)]
