"""Headless Chromium for the browser tests: Debian's package, which `make setup` installs (deploy/devstack/debian.py).
Playwright's own browser download does not work on our machines, so Python playwright drives this binary."""

from __future__ import annotations

import os
import shutil

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Headless on a machine without internet: no calls home at start, no GPU, no sandbox (CI runs as root).
HEADLESS_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


def find() -> str | None:
    for path in CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium")
