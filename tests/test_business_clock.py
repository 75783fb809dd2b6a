"""A calendar run (OPENSARABAN_CLOCK=2026-12-31T23:50:00+07:00 make test) puts the tests and the services they
start on one business clock."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime

from opensaraban_shared import clock
from opensaraban_shared.clock import ClockSetting
from tests.support import REPO

NEW_YEARS_EVE = "2026-12-31T23:50:00+07:00"
# pytest's start in a fresh process: nothing has read the clock yet, then the session hook runs.
SESSION_START = ("import os; from tests import conftest; conftest.pytest_configure(None); "
                 f"print(os.environ[{clock.ENVIRONMENT_VARIABLE!r}])")


def test_the_session_pins_the_clock_setting_before_its_fixtures_start_the_services():
    # The fixtures start the services (with this environment) before any test reads the clock, which would pin
    # it too late: unpinned, every service would start its own clock at 23:50 when it first reads the setting.
    env = {**os.environ, clock.ENVIRONMENT_VARIABLE: NEW_YEARS_EVE}
    session = subprocess.run([sys.executable, "-c", SESSION_START], env=env, cwd=REPO, capture_output=True,
                             text=True, timeout=120)
    assert session.returncode == 0, session.stderr
    # read_at=0: a setting still without its anchor would come back anchored at 0.
    pinned = ClockSetting.parse(session.stdout.strip(), read_at=0.0)
    assert pinned.start == datetime.fromisoformat(NEW_YEARS_EVE) and pinned.anchor > 0, session.stdout
