"""Days in API input are ISO days only: a number is not read as seconds since 1970."""

from datetime import date

import pytest
from pydantic import TypeAdapter, ValidationError

from opensaraban_shared.days import IsoDay

DAY = TypeAdapter(IsoDay)


def test_an_iso_day_is_read():
    assert DAY.validate_python("2026-12-15") == date(2026, 12, 15)
    assert DAY.validate_json('"2026-12-15"') == date(2026, 12, 15)


@pytest.mark.parametrize("wrong", [0, "0", 1765756800, "20261215", "15/12/2569", "2026-13-01"])
def test_anything_else_is_refused(wrong):
    with pytest.raises(ValidationError):
        DAY.validate_python(wrong)
