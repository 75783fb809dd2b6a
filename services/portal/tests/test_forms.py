"""Date and time fields mean Thai time, whatever the server's clock says; API timestamps fill them back."""

import pytest
from portal_service.pages.forms import bangkok_moment, local_clock, local_day


@pytest.mark.parametrize("day", ["21/11/2569", "๒๑/๑๑/๒๕๖๙", "21 พ.ย. 69", "2026-11-21"])
def test_a_day_typed_in_the_buddhist_era_or_iso_and_a_clock_time_are_a_moment_in_bangkok(day):
    assert bangkok_moment(day, "09:30") == "2026-11-21T09:30:00+07:00"


@pytest.mark.parametrize(("day", "clock"), [("", "09:30"), ("2026-11-21", ""), ("21/11/2026", "09:30"),
                                            ("30/2/2569", "09:30"), ("2026-02-30", "09:30"), ("2026-11-21", "25:00")])
def test_an_incomplete_or_impossible_moment_is_none(day, clock):
    assert bangkok_moment(day, clock) is None


def test_an_api_timestamp_fills_date_and_time_fields_on_the_bangkok_clock():
    # 17:30 UTC on 21 November is 00:30 on 22 November in Bangkok.
    assert (local_day("2026-11-21T17:30:00+00:00"), local_clock("2026-11-21T17:30:00+00:00")) == ("2026-11-22", "00:30")
    assert local_day(None) == local_clock(None) == ""
