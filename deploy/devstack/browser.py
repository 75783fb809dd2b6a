"""Headless Chromium for the browser tests: Debian's package, installed by `make setup` when missing.

Run as `python3 -m deploy.devstack.browser` (prints the path); tests never install anything themselves.
Playwright's own browser download does not work on our machines, so Python playwright drives this binary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from .errors import DevstackError
from .progress import say

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Headless on a machine without internet: no calls home at start, no GPU, no sandbox (CI runs as root).
HEADLESS_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")
PACKAGE = "chromium"


def find() -> str | None:
    for path in CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium")


def ensure() -> str:
    """The chromium binary, installed with apt-get first when it is missing."""
    path = find()
    if path:
        return path
    if shutil.which("apt-get") is None:
        raise DevstackError("Chromium is not installed and this system has no apt-get.",
                            hint="install Chromium with your package manager so that /usr/bin/chromium exists.")
    if os.geteuid() != 0:
        raise DevstackError("Chromium is not installed, and installing it needs root.",
                            hint=f"run 'sudo apt-get install -y {PACKAGE}' once, then 'make setup' again.")
    say(f"Installing {PACKAGE} with apt-get (browser tests of the portal and the metrics dashboard) …")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                                                    PACKAGE, "fonts-liberation"]):
        result = subprocess.run(command, env=env, text=True, capture_output=True)
        if result.returncode != 0:
            raise DevstackError(f"'{' '.join(command)}' failed.", hint="check the Debian mirror and try again.",
                                details=(result.stdout + result.stderr)[-3000:])
    path = find()
    if not path:
        raise DevstackError(f"{PACKAGE} was installed but no chromium binary was found.")
    return path


if __name__ == "__main__":
    try:
        print(ensure())
    except DevstackError as exc:
        print(exc.render(), file=sys.stderr)
        sys.exit(1)
