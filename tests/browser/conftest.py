"""A real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright; screenshots go to var/test-artifacts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, async_playwright

from tests.support import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "var" / "test-artifacts" / "portal"
# Headless on a machine without internet: no background calls home, no GPU, no sandbox (runs as root in CI).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: `make setup` installs it (apt-get install chromium)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return CHROMIUM


@pytest_asyncio.fixture(scope="session")
async def browser(chromium: Path) -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


def artifact(name: str) -> str:
    return str(ARTIFACTS / name)


