"""Fixtures that start the real Kafka, PostgreSQL and MinIO (profile `test`) and, when asked, the four services."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest
import pytest_asyncio
from playwright.async_api import Browser, async_playwright

from deploy.devstack.browser import HEADLESS_FLAGS, find
from documents_service.demo_data import demo_agencies
from opensaraban_shared import clock
from tests.notify_peers import SmtpSink
from tests.support import REPO, STACK_JSON, devstack


def pytest_configure(config: pytest.Config) -> None:
    # OPENSARABAN_CLOCK (e.g. 2026-12-31T23:50:00+07:00) is pinned now, before any fixture starts a service: the
    # services inherit the pinned form from os.environ and so run on this process's clock to the millisecond,
    # instead of each starting its own ten minutes before midnight when it first reads the setting.
    clock.pin_environment()


# Fixtures that start or reach the real servers; `make unit` leaves out every test marked `integration`.
SERVER_FIXTURES = frozenset({"stack", "services", "smtp", "browser"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that needs the servers must say so, or `make unit` would start them (or hang without them)."""
    unmarked = [item.nodeid for item in items
                if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("integration")]
    if unmarked:
        raise pytest.UsageError("these tests use the real servers but are not marked integration: " + ", ".join(unmarked))


def _infra_already_running() -> bool:
    return "NOT healthy" not in (out := devstack("status", check=False).stdout) and out.count("healthy") >= 3


@pytest.fixture(scope="session")
def stack() -> Iterator[dict]:
    """Endpoints of the real servers. Started here unless already running; then stopped again."""
    started_here = not _infra_already_running()
    devstack("infra-up")
    yield json.loads(STACK_JSON.read_text())
    if started_here and not os.environ.get("OPENSARABAN_KEEP_STACK"):
        devstack("down")


@pytest.fixture(scope="session")
def services(stack: dict) -> Iterator[dict[str, str]]:
    """The four services running as separate processes against the real servers, with demo data loaded."""
    devstack("services-up")
    demo = subprocess.run(
        [str(REPO / ".venv" / "bin" / "python"), "-m", "documents_service.demo_data"],
        cwd=REPO, text=True, capture_output=True, timeout=300,
        env={**os.environ, **service_env("documents")},
    )
    assert demo.returncode == 0, demo.stderr
    asyncio.run(_directory_copies_caught_up(stack["pg_dsn"]))
    yield stack["services"]
    devstack("services-down")


async def _directory_copies_caught_up(pg_dsn: str, timeout_s: float = 60) -> None:
    """Services keep copies of the directory from its events: tests start once meeting's copy has the demo's."""
    demo = [a["agency_id"] for a in demo_agencies()]
    conn = await asyncpg.connect(pg_dsn)
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout_s
        query = "SELECT count(*) FROM unnest($1::text[]) d(agency_id) LEFT JOIN meeting.agencies m USING (agency_id) " \
                "WHERE m.agency_id IS NULL"
        while (missing := await conn.fetchval(query, demo)) and loop.time() < deadline:
            await asyncio.sleep(0.2)
        assert missing == 0, f"meeting's copy of the directory still misses {missing} demo agencies"
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def smtp(stack, services, tmp_path_factory) -> Iterator[SmtpSink]:
    """The real SMTP server notify sends e-mail to; it keeps every message it accepted for the tests to read."""
    sink = SmtpSink(int(stack["notify_smtp"].rsplit(":", 1)[1]), tmp_path_factory.mktemp("smtp") / "mail.jsonl")
    sink.start()
    yield sink
    sink.stop()


def service_env(name: str) -> dict[str, str]:
    lines = devstack("env", name).stdout.splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line)


@pytest_asyncio.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    """Debian's headless Chromium driven by Playwright (installed by `make setup`; tests install nothing)."""
    executable = find()
    if executable is None:
        pytest.fail("chromium is missing: run `make setup` (installs Debian's chromium)")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=list(HEADLESS_FLAGS))
        yield launched
        await launched.close()
