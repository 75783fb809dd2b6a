"""Fixtures shared by the integration test modules."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest


@pytest.fixture
async def meeting_api(services) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the meeting service (publishing builds a pack, hence the long timeout)."""
    async with httpx.AsyncClient(base_url=services["meeting"], timeout=120) as client:
        yield client
