"""The OpenAPI schema of notification preferences describes the values the API really answers with."""

import re

import pytest
from pydantic import ValidationError

from notify_service.models import PreferencesRead, PreferencesUpdate


def test_quiet_hours_are_documented_as_the_wall_clock_time_the_api_answers():
    # JSON Schema's format "time" demands an offset ("22:00:00Z"); the API answers Bangkok wall-clock time.
    documented = PreferencesRead.model_json_schema()["properties"]["quiet_start"]["anyOf"][0]
    answered = PreferencesRead(user_id="u-1", quiet_start="22:00+07:00").model_dump(mode="json")["quiet_start"]
    assert "format" not in documented
    assert answered == "22:00:00" and re.fullmatch(documented["pattern"], answered)


def test_a_digest_choice_must_be_a_real_boolean_not_a_number_or_a_word():
    assert PreferencesUpdate(digest=True).digest is True
    for wrong in (0, 1, "yes", "true"):
        with pytest.raises(ValidationError):
            PreferencesUpdate(digest=wrong)
