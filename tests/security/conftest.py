"""Fixtures of the security tests: everyone signed in once, OFFICE's resources made on demand."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.security.world import World
from tests.support import BACK_ENDS


@pytest.fixture(scope="session")
async def world(services) -> AsyncIterator[World]:
    clients = {name: httpx.AsyncClient(base_url=services[name], timeout=300) for name in BACK_ENDS}
    made = World(services, clients)
    await made.sign_everyone_in()
    yield made
    for client in clients.values():
        await client.aclose()
