"""Fixtures of the fault tests: fresh agencies, a steady stream of letters between them, and the final checks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import asyncpg
import pytest

from tests.faults.invariants import assert_recovered
from tests.faults.letter_stream import Agency, LetterStream, create_agencies
from tests.support import eventually, one_connection_per_request, sign_in

AGENCIES = 4


@pytest.fixture
async def agencies(stack, services) -> list[Agency]:
    async with one_connection_per_request(services["documents"]) as documents:
        made = await create_agencies(documents, await sign_in(services["documents"], "admin@nso"), AGENCIES)
    # notify learns people from the directory topic, the letters come on another: wait until it knows the
    # clerks, or the first letters would find nobody to e-mail (not a fault of the system under test).
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        await eventually(lambda: conn.fetchval(
            "SELECT count(*) = $2 FROM notify.people WHERE agency_id = ANY($1::text[]) AND email IS NOT NULL",
            [a.agency_id for a in made], len(made)), what="notify's copy of the test agencies' clerks")
    finally:
        await conn.close()
    return made


@pytest.fixture
async def stream(services, agencies) -> AsyncIterator[LetterStream]:
    """About ten letters a second between the test agencies, from the start of the test until `finish()`."""
    async with LetterStream(services["documents"], agencies) as letters:
        yield letters


@pytest.fixture
def recovered(stack, services, smtp, agencies) -> Callable[..., Awaitable[None]]:
    """Checks, once the stream has finished, that the system recovered and lost nothing (see invariants.py)."""

    async def check(stream: LetterStream, *, resends_allowed: bool = False) -> None:
        print(f"\nletter stream: {stream.summary()}")
        await assert_recovered(pg_dsn=stack["pg_dsn"], documents_url=services["documents"], smtp=smtp,
                               stream=stream, agencies=agencies, resends_allowed=resends_allowed)

    return check
