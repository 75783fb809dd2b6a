"""What a figure is about: the organisation (agency, province, ministry or nation) and the period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from opensaraban_shared.auth import Principal, Role, ensure_agency
from opensaraban_shared.errors import FORBIDDEN, AppError, ErrorKind
from opensaraban_shared.thai import BUDDHIST_ERA_OFFSET

INVALID_PERIOD = ErrorKind(
    "invalid_period",
    422,
    "ช่วงวันที่ไม่ถูกต้อง: วันเริ่มต้นต้องไม่อยู่หลังวันสิ้นสุด",
    "Invalid period: date_from must not be after date_to",
)
PERIOD_REQUIRED = ErrorKind(
    "period_required",
    422,
    "กรุณาระบุช่วงเวลา: วันเริ่มต้นและวันสิ้นสุด หรือปีงบประมาณ",
    "Give a period: date_from and date_to, or fiscal_year",
)
PERIOD_TOO_LONG = ErrorKind(
    "period_too_long",
    422,
    "ช่วงเวลายาวเกินไป: รายวันได้ไม่เกิน 400 วัน และรวมได้ไม่เกิน 20 ปี",
    "Period too long: at most 400 days by day, 20 years in all",
)
CONFLICTING_FILTERS = ErrorKind(
    "conflicting_filters",
    422,
    "เลือกได้เพียงหนึ่งอย่าง: หน่วยงาน จังหวัด หรือกระทรวง",
    "Choose at most one of agency_id, province_code and ministry_id",
)


class Level(StrEnum):
    AGENCY = "agency"
    PROVINCE = "province"
    MINISTRY = "ministry"
    NATIONAL = "national"


class Granularity(StrEnum):
    DAY = "day"
    MONTH = "month"
    FISCAL_YEAR = "fiscal_year"


@dataclass(frozen=True)
class Scope:
    level: Level
    key: str | None
    date_from: date
    date_to: date

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[date, date]:
    """Thai fiscal year ปีงบประมาณ 2569 runs from 1 October 2025 to 30 September 2026."""
    ce = fiscal_year_be - BUDDHIST_ERA_OFFSET
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def fiscal_year_of(day: date) -> int:
    """The Buddhist Era fiscal year a day belongs to."""
    return day.year + BUDDHIST_ERA_OFFSET + (1 if day.month >= 10 else 0)


def resolve(
    *,
    principal: Principal,
    agency_id: str | None,
    province_code: str | None,
    ministry_id: str | None,
    national: bool,
    date_from: date | None,
    date_to: date | None,
    fiscal_year: int | None,
) -> Scope:
    """Checks the filters and who may see them: anyone sees their own agency, administrators see everything."""
    if fiscal_year is not None and date_from is None and date_to is None:
        date_from, date_to = fiscal_year_bounds(fiscal_year)
    if date_from is None or date_to is None:
        raise AppError(PERIOD_REQUIRED)
    if date_from > date_to:
        raise AppError(INVALID_PERIOD, {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()})
    if date_to - date_from > timedelta(days=366 * 20):
        raise AppError(PERIOD_TOO_LONG, {"date_from": date_from.isoformat(), "date_to": date_to.isoformat()})
    chosen = [(lvl, key) for lvl, key in ((Level.AGENCY, agency_id), (Level.PROVINCE, province_code),
                                          (Level.MINISTRY, ministry_id)) if key]
    if len(chosen) > 1 or (chosen and national):
        raise AppError(CONFLICTING_FILTERS)
    is_admin = Role.ADMINISTRATOR in principal.roles
    if chosen:
        level, key = chosen[0]
    elif national or is_admin:
        level, key = Level.NATIONAL, None
    else:
        level, key = Level.AGENCY, principal.agency_id
    if level is Level.AGENCY:
        ensure_agency(principal, key, allow_admin=True)  # type: ignore[arg-type]
    elif not is_admin:
        raise AppError(FORBIDDEN, {"required_roles": [Role.ADMINISTRATOR.value]})
    return Scope(level=level, key=key, date_from=date_from, date_to=date_to)


def check_granularity(scope: Scope, granularity: Granularity) -> None:
    if granularity is Granularity.DAY and scope.days > 400:
        raise AppError(PERIOD_TOO_LONG, {"granularity": "day", "days": scope.days})
