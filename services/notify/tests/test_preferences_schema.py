"""The OpenAPI schema of notification preferences describes the values the API really answers with."""

import re

from notify_service.models import PreferencesRead


def test_quiet_hours_are_documented_as_the_wall_clock_time_the_api_answers():
    # JSON Schema's format "time" demands an offset ("22:00:00Z"); the API answers Bangkok wall-clock time.
    documented = PreferencesRead.model_json_schema()["properties"]["quiet_start"]["anyOf"][0]
    answered = PreferencesRead(user_id="u-1", quiet_start="22:00+07:00").model_dump(mode="json")["quiet_start"]
    assert "format" not in documented
    assert answered == "22:00:00" and re.fullmatch(documented["pattern"], answered)
