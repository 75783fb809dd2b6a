"""The supervisor of background tasks, without servers: a crashed task is restarted after a pause, and the
service's readiness names it while it is down."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import httpx
from fastapi import FastAPI

from opensaraban_shared.service_app import _health_router
from opensaraban_shared.supervisor import RestartPolicy, Supervisor

QUICK = RestartPolicy(first_pause_s=0.05, max_pause_s=0.2, healthy_after_s=60)


class CrashesTwiceThenRuns:
    def __init__(self) -> None:
        self.starts = 0
        self.running = asyncio.Event()

    async def __call__(self) -> None:
        self.starts += 1
        if self.starts <= 2:
            raise ConnectionRefusedError(111, "Connection refused")
        self.running.set()
        await asyncio.Event().wait()


async def test_a_task_that_crashes_twice_is_restarted_until_it_runs() -> None:
    supervisor, job = Supervisor(QUICK), CrashesTwiceThenRuns()
    supervisor.start("outbox-relay", job)
    try:
        await asyncio.wait_for(job.running.wait(), timeout=5)
        assert job.starts == 3
        assert supervisor.down == {}
    finally:
        await supervisor.stop()


async def test_a_task_is_down_between_its_crash_and_its_restart() -> None:
    gate = asyncio.Event()

    async def crashes_once() -> None:
        if not gate.is_set():
            gate.set()
            raise RuntimeError("PostgreSQL went away")
        await asyncio.Event().wait()

    supervisor = Supervisor(RestartPolicy(first_pause_s=0.3))
    supervisor.start("scheduler", crashes_once)
    try:
        await gate.wait()
        await asyncio.sleep(0)  # the crash is handled
        assert supervisor.down == {"scheduler": "RuntimeError"}
        await asyncio.sleep(0.5)
        assert supervisor.down == {}
    finally:
        await supervisor.stop()


def test_pauses_double_up_to_the_cap_and_start_over_after_a_healthy_run() -> None:
    policy = RestartPolicy(first_pause_s=0.5, max_pause_s=10, healthy_after_s=60)
    pauses, pause = [], None
    for _ in range(7):
        pause = policy.next_pause(pause, ran_s=1)
        pauses.append(pause)

    assert pauses == [0.5, 1, 2, 4, 8, 10, 10]
    assert policy.next_pause(10, ran_s=61) == 0.5


async def test_a_finished_task_is_not_restarted() -> None:
    starts = []

    async def one_off() -> None:
        starts.append(1)

    supervisor = Supervisor(QUICK)
    supervisor.start("warm-up", one_off)
    await asyncio.sleep(0.2)
    assert starts == [1] and supervisor.down == {}
    await supervisor.stop()


def _app_with_health(supervisor: Supervisor) -> FastAPI:
    async def ok() -> None:
        return None

    runtime = SimpleNamespace(db=SimpleNamespace(ping=ok), producer=SimpleNamespace(ping=ok),
                              store=SimpleNamespace(ping=ok), relay=SimpleNamespace(is_leader=True),
                              supervisor=supervisor)
    app = FastAPI()
    app.include_router(_health_router(runtime, needs_object_store=False))  # type: ignore[arg-type]
    return app


async def test_readiness_names_a_crashed_task_while_it_is_down_and_is_ready_once_it_runs() -> None:
    supervisor, job = Supervisor(RestartPolicy(first_pause_s=0.4, max_pause_s=0.4)), CrashesTwiceThenRuns()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=_app_with_health(supervisor)),
                                 base_url="http://service") as client:
        supervisor.start("watch_lag", job)
        try:
            await asyncio.sleep(0.1)  # first crash, restart in 0.4 s
            down = await client.get("/health/ready")
            assert down.status_code == 503
            assert down.json()["status"] == "not_ready"
            assert down.json()["tasks"] == {"watch_lag": "down: ConnectionRefusedError"}

            await asyncio.wait_for(job.running.wait(), timeout=5)
            up = await client.get("/health/ready")
            assert up.status_code == 200
            assert up.json()["tasks"] == {"watch_lag": "ok"}
        finally:
            await supervisor.stop()
