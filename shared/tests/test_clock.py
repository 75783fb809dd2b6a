"""The business clock: set for calendar tests, pinned so that every process reads the same moment."""

from datetime import UTC, date, datetime, timedelta

import pytest

from opensaraban_shared import clock
from opensaraban_shared.clock import ClockSetting

NEW_YEARS_EVE = datetime.fromisoformat("2026-12-31T23:50:00+07:00")


def test_a_setting_without_anchor_is_pinned_to_the_moment_it_was_read():
    setting = ClockSetting.parse("2026-12-31T23:50:00+07:00", read_at=1_000_000.0)
    again = ClockSetting.parse(setting.pinned(), read_at=2_000_000.0)
    assert again == setting
    assert again.offset() == NEW_YEARS_EVE - datetime.fromtimestamp(1_000_000.0, UTC)


@pytest.mark.parametrize("text", ["2026-12-31T23:50:00", "31/12/2569 23:50", "2026-12-31T23:50:00+07:00@soon"])
def test_a_setting_without_offset_or_unreadable_is_refused_with_the_variable_named(text):
    with pytest.raises(ValueError, match="OPENSARABAN_CLOCK"):
        ClockSetting.parse(text, read_at=0.0)


def test_the_environment_setting_moves_the_clock_and_is_pinned_for_child_processes(monkeypatch):
    monkeypatch.setenv(clock.ENVIRONMENT_VARIABLE, "2026-12-31T23:50:00+07:00")
    monkeypatch.setattr(clock, "_offset", None)
    assert abs(clock.now() - NEW_YEARS_EVE) < timedelta(seconds=5)
    assert clock.today() == date(2026, 12, 31)
    pinned = ClockSetting.parse(clock.os.environ[clock.ENVIRONMENT_VARIABLE], read_at=0.0)
    assert pinned.start == NEW_YEARS_EVE and pinned.anchor > 0


def test_without_a_setting_the_clock_is_the_system_clock(monkeypatch):
    monkeypatch.delenv(clock.ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setattr(clock, "_offset", None)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=1)


def test_stopped_at_holds_the_clock_within_the_block_only():
    before = clock.now()
    new_year = datetime.fromisoformat("2027-01-01T00:00:00+07:00")
    with clock.stopped_at(new_year):
        assert clock.now() == new_year and clock.now().tzinfo == UTC
        assert clock.today() == date(2027, 1, 1)
    assert abs(clock.now() - before) < timedelta(seconds=5)
