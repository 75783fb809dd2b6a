"""Fixtures shared by the integration test modules."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.support import sign_in


@pytest.fixture
async def meeting_api(services) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the meeting service (publishing builds a pack, hence the long timeout)."""
    async with httpx.AsyncClient(base_url=services["meeting"], timeout=120) as client:
        yield client


@pytest.fixture
async def people(services) -> dict[str, dict[str, str]]:
    """Who works on the test committees (tests/integration/meeting_helpers.MEMBERS): the secretariat of the
    provincial office, clerks of member agencies, and a clerk of an agency not on the committee."""
    documents = services["documents"]
    return {
        "secretariat": await sign_in(documents, "secretariat@cm-provincial-office"),
        "statistics": await sign_in(documents, "clerk@cm-statistics"),
        "land": await sign_in(documents, "clerk@cm-land"),
        "energy": await sign_in(documents, "clerk@cm-energy"),
        "revenue": await sign_in(documents, "clerk@cm-revenue"),  # not on the committee
    }

