"""Rebuilding every projection by replaying the Kafka topics gives the same figures; new letters show within 5 s."""

from __future__ import annotations

import asyncio
import os
import sys
import time

import asyncpg
import httpx
import pytest

from tests.metrics_history import History, Ids, admin_headers, adoption_history, figures_complete, produce
from tests.support import REPO, devstack, eventually

pytestmark = pytest.mark.integration

MEASURES = ("distribution", "channel-mix", "speed", "usage", "meetings", "savings", "ranking")


@pytest.fixture(scope="module")
def metrics_env(services) -> dict[str, str]:
    return dict(line.split("=", 1) for line in devstack("env", "metrics").stdout.splitlines() if "=" in line)


@pytest.fixture(scope="module")
async def history(stack, services, metrics_env) -> tuple[Ids, History]:
    ids, h = adoption_history()
    await produce(stack["kafka_bootstrap"], h.envelopes)
    async with httpx.AsyncClient(base_url=services["metrics"], timeout=10) as client:
        await eventually(lambda: figures_complete(client, ids, admin_headers(metrics_env["METRICS_AUTH_SECRET"])),
                         timeout_s=60, what="the metrics service to project the generated history")
    return ids, h


async def snapshot(metrics_url: str, headers: dict[str, str], ids: Ids) -> dict[str, object]:
    """Every measure for the history's ministry, provinces and agencies, by month and by day."""
    scopes = [{"ministry_id": ids.ministry}, {"province_code": ids.p1}, {"province_code": ids.p2},
              *({"agency_id": a} for a in (ids.a1, ids.a2, ids.a3, ids.b1, ids.b2, ids.dept))]
    answers: dict[str, object] = {}
    async with httpx.AsyncClient(base_url=metrics_url, timeout=20, headers=headers) as client:
        for scope in scopes:
            for measure in MEASURES:
                params = {**scope, "fiscal_year": ids.fiscal_year}
                response = await client.get(f"/adoption/{measure}", params=params)
                assert response.status_code == 200, response.text
                answers[f"{measure} {scope}"] = response.json()
            daily = await client.get("/adoption/distribution", params={
                **scope, "granularity": "day", "date_from": f"{ids.year}-10-01", "date_to": f"{ids.year}-12-31"})
            answers[f"daily {scope}"] = daily.json()
    return answers


async def projection_rows(pg_dsn: str, ids: Ids) -> dict[str, list[tuple]]:
    """The raw projection rows of the history's agencies, table by table."""
    conn = await asyncpg.connect(pg_dsn)
    try:
        tables = [r["table_name"] for r in await conn.fetch(
            """SELECT table_name FROM information_schema.columns
               WHERE table_schema = 'metrics' AND column_name = 'agency_id' ORDER BY table_name""")]
        out = {}
        for table in tables:
            columns = [r["column_name"] for r in await conn.fetch(
                """SELECT column_name FROM information_schema.columns WHERE table_schema = 'metrics'
                   AND table_name = $1 AND column_name NOT IN ('meeting_id', 'delivery_id') ORDER BY column_name""",
                table)]
            rows = await conn.fetch(
                f"SELECT {', '.join(columns)} FROM metrics.{table} WHERE agency_id LIKE $1 ORDER BY 1, 2, 3",
                f"%{ids.tag}")
            out[table] = sorted(tuple(r) for r in rows)
        return out
    finally:
        await conn.close()


async def run_replay(env: dict[str, str]) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "metrics_service.replay", cwd=REPO, env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=300)
    assert process.returncode == 0, stderr.decode()[-3000:]
    return stdout.decode()


async def test_replaying_the_topics_rebuilds_the_same_figures(stack, services, metrics_env, history):
    ids, _ = history
    headers = admin_headers(metrics_env["METRICS_AUTH_SECRET"])
    before = await snapshot(services["metrics"], headers, ids)
    rows_before = await projection_rows(stack["pg_dsn"], ids)

    output = await run_replay(metrics_env)

    assert "replayed" in output
    assert await snapshot(services["metrics"], headers, ids) == before
    assert await projection_rows(stack["pg_dsn"], ids) == rows_before
    assert rows_before["letter_daily"] and rows_before["duration_daily"] and rows_before["meetings_held"]


async def test_letters_sent_during_a_replay_are_counted_exactly_once(stack, services, metrics_env, history):
    ids, h = history
    headers = admin_headers(metrics_env["METRICS_AUTH_SECRET"])
    late = History(tag=ids.tag, year=ids.year)
    for minute in range(5):
        late.send(ids.b2, ids.p2, [ids.b1], late.at(3, 1, 10, minute))

    replay = asyncio.create_task(run_replay(metrics_env))
    await produce(stack["kafka_bootstrap"], late.envelopes)  # the live consumer and the replay both see them
    await replay

    async def sent_by_b2() -> int:
        async with httpx.AsyncClient(base_url=services["metrics"], timeout=10, headers=headers) as client:
            body = (await client.get("/adoption/distribution", params={
                "agency_id": ids.b2, "fiscal_year": ids.fiscal_year})).json()
        return body["totals"]["sent_electronic"]

    await eventually(lambda: _equals(sent_by_b2, 5), timeout_s=30, what="the five new letters")
    await asyncio.sleep(2)
    assert await sent_by_b2() == 5


async def _equals(probe, expected) -> bool:
    return await probe() == expected


async def test_a_letter_sent_shows_in_the_figures_within_5_seconds(stack, services, metrics_env, history):
    ids, _ = history
    headers = admin_headers(metrics_env["METRICS_AUTH_SECRET"])
    fresh = History(tag=ids.tag, year=ids.year)
    async with httpx.AsyncClient(base_url=services["metrics"], timeout=10, headers=headers) as client:
        async def sent_by_dept() -> int:
            body = (await client.get("/adoption/distribution", params={
                "agency_id": ids.dept, "fiscal_year": ids.fiscal_year})).json()
            return body["totals"]["sent_electronic"]

        delays = []
        for n in range(3):
            before = await sent_by_dept()
            fresh.envelopes.clear()
            fresh.send(ids.dept, None, [ids.a1], fresh.at(4, 1 + n))
            started = time.monotonic()
            await produce(stack["kafka_bootstrap"], fresh.envelopes)
            while await sent_by_dept() != before + 1:
                assert time.monotonic() - started < 5, "the letter did not reach the figures within 5 s"
                await asyncio.sleep(0.05)
            delays.append(time.monotonic() - started)

    assert max(delays) < 5
