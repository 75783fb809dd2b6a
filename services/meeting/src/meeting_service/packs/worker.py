"""A separate process for building PDFs, so a 400-page pack never stalls the event loop (or the GIL)."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import partial
from typing import Any, TypeVar

from opensaraban_shared.logging import get_logger
from opensaraban_shared.service_app import Runtime

log = get_logger(__name__)
T = TypeVar("T")
_pool: ProcessPoolExecutor | None = None


def _warm_up() -> bool:
    """Imports WeasyPrint, pypdf, segno and python-docx and loads the fonts once, not during the first publication."""
    from datetime import UTC, datetime

    from .assemble import build_pack

    meeting = {"committee_name": "คณะกรรมการ", "meeting_number": "๑/๒๕๖๙", "starts_at": datetime.now(UTC).isoformat(),
               "online_url": "https://example.go.th"}
    section = {"number": 1, "number_th": "๑", "title": "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "items": [
        {"number_th": "๑.๑", "title": "ทดสอบ", "presenting_agency_name": "ฝ่ายเลขานุการ", "summary": "ทดสอบ",
         "attachments": [], "children": [], "links": [{"title": "QR", "url": "https://example.go.th"}]}]}
    build_pack(meeting, {"sections": [section]}, {}, version=1, created_at=datetime.now(UTC))
    return True


async def run_pool(_: Runtime) -> None:
    """Background job of the service: owns the pool from start-up to shutdown."""
    global _pool
    _pool = _new_pool()
    try:
        await asyncio.get_running_loop().run_in_executor(_pool, _warm_up)
        log.info("pack_worker_ready")
        await asyncio.Event().wait()
    finally:
        pool, _pool = _pool, None
        pool.shutdown(wait=False, cancel_futures=True)


def _new_pool() -> ProcessPoolExecutor:
    # spawn, not fork: the service process has threads (Kafka client, executor) a fork would copy mid-flight.
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


async def run(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Runs `function` in the worker process; in a thread when no pool runs (unit tests, scripts)."""
    global _pool
    pool = _pool
    if pool is None:
        return await asyncio.to_thread(function, *args, **kwargs)
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, partial(function, *args, **kwargs))
    except BrokenProcessPool:
        # The worker died (out of memory on a huge pack, killed): this build fails, the next gets a new worker.
        log.error("pack_worker_died")
        if _pool is pool:
            _pool = _new_pool()
            pool.shutdown(wait=False)
        raise
