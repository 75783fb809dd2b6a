"""System libraries and tools from Debian that the project needs, installed by `make setup` when missing.

Run as `python3 -m deploy.devstack.debian`; tests never install anything themselves.
- chromium (+ fonts-liberation): the browser tests drive Debian's Chromium (Playwright's own download does not work
  on our machines).
- libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0: what WeasyPrint loads to typeset PDFs. Pango breaks Thai
  lines at word boundaries with libthai, which it pulls in.
- poppler-utils: pdftotext, pdfsig, pdffonts and pdftoppm; the tests check our PDFs with them.
- libnss3-tools: certutil, which makes the NSS database of trusted test roots that pdfsig checks signatures against
  (`pdfsig -nssdir sql:<dir>`).
- softhsm2: the PKCS#11 token that holds signing keys in development and tests (libsofthsm2.so, softhsm2-util);
  deploy/devstack gives each profile its own configuration and token directory (softhsm.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from .errors import DevstackError
from .progress import say

PACKAGES = ("chromium", "fonts-liberation", "libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0",
            "poppler-utils", "libnss3-tools", "softhsm2")


def missing(packages: tuple[str, ...] = PACKAGES) -> list[str]:
    """The packages dpkg does not report as installed."""
    if shutil.which("dpkg-query") is None:
        return list(packages)
    result = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${db:Status-Status}\n", *packages],
                            text=True, capture_output=True)
    installed = {line.split()[0].split(":")[0] for line in result.stdout.splitlines() if line.endswith(" installed")}
    return [p for p in packages if p not in installed]


def ensure(packages: tuple[str, ...] = PACKAGES) -> None:
    """Install with apt-get whatever of `packages` is missing; does nothing when all are there."""
    needed = missing(packages)
    if not needed:
        return
    listed = " ".join(needed)
    if shutil.which("apt-get") is None:
        raise DevstackError(f"These Debian packages are missing and this system has no apt-get: {listed}.",
                            hint="install their equivalents with your package manager.")
    if os.geteuid() != 0:
        raise DevstackError("Some system packages are missing, and installing them needs root.",
                            hint=f"run 'sudo apt-get install -y {listed}' once, then 'make setup' again.")
    say(f"Installing {listed} with apt-get (PDF typesetting, PDF checks, browser tests, signing token) …")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"],
                    ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *needed]):
        result = subprocess.run(command, env=env, text=True, capture_output=True)
        if result.returncode != 0:
            raise DevstackError(f"'{' '.join(command)}' failed.", hint="check the Debian mirror and try again.",
                                details=(result.stdout + result.stderr)[-3000:])
    still = missing(packages)
    if still:
        raise DevstackError(f"apt-get finished but these packages are still missing: {' '.join(still)}.")


if __name__ == "__main__":
    try:
        ensure()
    except DevstackError as exc:
        print(exc.render(), file=sys.stderr)
        sys.exit(1)
