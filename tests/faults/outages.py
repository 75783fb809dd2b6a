"""Faults, injected with the project's own stack launcher: a server stopped or crashed, a service killed.

Each is a context manager that brings back what it took away when the block ends, whatever happened in it, so
the stack is whole again for the next test. The launcher's commands run in this process (a crash lands within
milliseconds, not after an interpreter start) and in a thread, because they block until a server is ready
while the letter stream goes on in the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx

from deploy.devstack import cli
from tests.support import PROFILE, eventually, one_connection_per_request


async def run_devstack(*args: str) -> None:
    code = await asyncio.to_thread(cli.main, [*args, "--profile", PROFILE])
    assert code == 0, f"devstack {' '.join(args)} failed (exit code {code}); its output is above"


async def bring_back(*args: str) -> None:
    """Starts what a fault stopped, trying twice: on a loaded machine a first start may miss the launcher's
    deadline (e.g. Kafka recovering its logs after a crash), and later tests need the whole stack."""
    if await asyncio.to_thread(cli.main, [*args, "--profile", PROFILE]) != 0:
        await run_devstack(*args)


@asynccontextmanager
async def server_down(name: str, *, crash: bool = False) -> AsyncIterator[None]:
    """Kafka, PostgreSQL or MinIO stopped (or crashed) for the block, started again after it."""
    await run_devstack("stop-infra", name, *(["--kill"] if crash else []))
    try:
        yield
    finally:
        await bring_back("start-infra", name)


@asynccontextmanager
async def service_killed(*names: str, crash: bool = True) -> AsyncIterator[None]:
    """Services killed with SIGKILL (a crash; or stopped cleanly), started again (side by side) after the block."""
    await asyncio.gather(*(run_devstack("stop-service", name, *(["--kill"] if crash else [])) for name in names))
    try:
        yield
    finally:
        await asyncio.gather(*(bring_back("start-service", name) for name in names))


async def all_ready(services: Mapping[str, str], *, timeout_s: float = 60) -> None:
    """Every service answers ready (Kafka, PostgreSQL and, where needed, MinIO reachable) without a restart."""
    async with one_connection_per_request(timeout=5) as client:
        for name, url in services.items():
            async def ready(url: str = url) -> bool:
                try:
                    return (await client.get(f"{url}/health/ready")).status_code == 200
                except httpx.TransportError:
                    return False

            await eventually(ready, timeout_s=timeout_s, what=f"the {name} service to be ready again")
