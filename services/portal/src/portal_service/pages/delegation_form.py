"""The delegation form, without a network: what was typed (dates in the Buddhist Era), the period it asks the API
for (whole Bangkok days), the days a period covers, and which field a refusal is about."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from starlette.datastructures import FormData

from opensaraban_shared import clock
from opensaraban_shared.thai import BANGKOK

from ..i18n import Wording
from ..upstream import UpstreamError
from .be_dates import parse_be_date

FIELDS = ("kind", "holder_user_id", "delegate_user_id", "post_title", "scope", "starts_on", "ends_on")
# The API's names → the form's, for a refusal about one of them.
API_FIELDS = {"kind": "kind", "holder_user_id": "holder_user_id", "delegate_user_id": "delegate_user_id",
              "post_title": "post_title", "scope": "scope", "starts_at": "starts_on", "ends_at": "ends_on"}
LABELS = {"kind": "delegation_kind", "holder_user_id": "holder", "delegate_user_id": "delegate_person",
          "post_title": "post_title", "scope": "scope", "starts_on": "starts_on", "ends_on": "ends_on"}
CODE_FIELDS = {"delegation_overlaps": "starts_on", "delegation_ends_before_start": "ends_on"}


def values_from_form(form: FormData) -> dict[str, str]:
    return {name: str(form.get(name) or "").strip() for name in FIELDS}


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), BANGKOK)


def delegation_body(values: dict[str, str], words: Wording) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """POST /delegations from the form: from the first day's start (or from now, for today) to the end of the last
    day, Bangkok time; or, when a date cannot be read, the message beside it."""
    days = {name: parse_be_date(values[name]) for name in ("starts_on", "ends_on")}
    errors = {name: words("bad_be_date") for name, day in days.items() if day is None}
    if errors:
        return None, errors
    body: dict[str, Any] = {name: values[name] for name in FIELDS[:5]}
    # Starting today means from now: the part of the day gone by would overlap a leave ended early this morning.
    starts_at = max(_day_start(days["starts_on"]), clock.now().astimezone(BANGKOK))
    ends_at = _day_start(days["ends_on"] + timedelta(days=1))
    body |= {"starts_at": starts_at.isoformat(), "ends_at": ends_at.isoformat()}
    return body, {}


def last_day(ends_at: str) -> date:
    """The last whole day a period [starts_at, ends_at) covers, as the form took it."""
    return (datetime.fromisoformat(ends_at).astimezone(BANGKOK) - timedelta(microseconds=1)).date()


def delegation_errors(exc: UpstreamError, words: Wording) -> dict[str, str]:
    """Which fields a refusal is about; an overlap or an end before the start beside the dates."""
    if exc.code in CODE_FIELDS:
        return {CODE_FIELDS[exc.code]: exc.message(words.lang)}
    about = (exc.detail or {}).get("field")  # not_in_agency names the person's field
    if about in API_FIELDS:
        return {API_FIELDS[about]: exc.message(words.lang)}
    errors: dict[str, str] = {}
    for problem in (exc.detail or {}).get("fields", []):  # pydantic's: loc is ["body", <field>, ...]
        loc = [str(part) for part in problem.get("loc", [])][1:]
        message = str(problem.get("msg", ""))
        if loc and loc[0] in API_FIELDS:
            name = API_FIELDS[loc[0]]
            errors.setdefault(name, words("field_invalid", label=words(LABELS[name])))
        elif "ends_at" in message:  # the model's own checks: the end after the start, nobody for themselves
            errors.setdefault("ends_on", words("ends_before_start"))
        elif "themselves" in message:
            errors.setdefault("delegate_user_id", words("delegate_is_holder"))
    return errors
