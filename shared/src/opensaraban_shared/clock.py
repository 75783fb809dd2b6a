"""The one business clock: every 'now' that decides a number, a date, a deadline or a reminder reads it.

In production it is the system clock. For tests of the calendar (New Year, a month's end) the whole system,
every service and the tests themselves, can be set to start at another moment and then run at real speed:

    OPENSARABAN_CLOCK=2026-12-31T23:50:00+07:00 make test

The first process that reads the setting pins it to the moment it read it (`…@<unix seconds>`) and writes
the pinned form back to its environment, so every process it starts (devstack, the services) reads the
same clock to the millisecond instead of each starting its own ten minutes before New Year.

Security and plumbing times (token expiry, webhook signatures, the outbox, retention) stay on the system
clock: other parties check those against their own real clocks.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from .thai import bangkok_day

ENVIRONMENT_VARIABLE = "OPENSARABAN_CLOCK"


@dataclass(frozen=True)
class ClockSetting:
    """The clock read `start` at the system time `anchor` (unix seconds) and has run at real speed since."""

    start: datetime
    anchor: float

    @classmethod
    def parse(cls, text: str, *, read_at: float) -> ClockSetting:
        """'2026-12-31T23:50:00+07:00' (anchored at `read_at`) or '…@1798736400.0' (already pinned)."""
        moment, _, anchor = text.strip().partition("@")
        try:
            start = datetime.fromisoformat(moment)
            pinned = float(anchor) if anchor else read_at
        except ValueError:
            raise ValueError(
                f"{ENVIRONMENT_VARIABLE}={text!r}: expected an ISO 8601 moment with its offset, "
                "e.g. 2026-12-31T23:50:00+07:00") from None
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError(f"{ENVIRONMENT_VARIABLE}={text!r}: the moment needs its UTC offset, e.g. +07:00")
        return cls(start, pinned)

    def pinned(self) -> str:
        return f"{self.start.isoformat()}@{self.anchor!r}"

    def offset(self) -> timedelta:
        return self.start - datetime.fromtimestamp(self.anchor, UTC)


_offset: timedelta | None = None
_frozen_at: datetime | None = None


def now() -> datetime:
    """The business 'now', timezone-aware (UTC)."""
    if _frozen_at is not None:
        return _frozen_at
    return datetime.now(UTC) + _current_offset()


def today() -> date:
    """The business day in Thailand: the Bangkok calendar day of `now()`."""
    return bangkok_day(now())


def _current_offset() -> timedelta:
    global _offset
    if _offset is None:
        _offset = _offset_from_environment()
    return _offset


def _offset_from_environment() -> timedelta:
    text = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if not text:
        return timedelta(0)
    setting = ClockSetting.parse(text, read_at=time.time())
    os.environ[ENVIRONMENT_VARIABLE] = setting.pinned()
    return setting.offset()


def pin_environment() -> None:
    """Pin the setting now, before starting other processes that must share this clock."""
    _current_offset()


@contextmanager
def stopped_at(moment: datetime) -> Iterator[None]:
    """Within the block the clock stands still at `moment`: a test hook for the use cases of this process, so a
    number can be given at 23:59:59 on 31 December exactly, however slow the machine."""
    global _frozen_at
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("needs a timezone-aware datetime")
    saved = _frozen_at
    _frozen_at = moment.astimezone(UTC)
    try:
        yield
    finally:
        _frozen_at = saved
