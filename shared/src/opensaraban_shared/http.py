"""HTTP plumbing every service mounts: correlation ids on requests and log lines."""

from __future__ import annotations

import time
import uuid
from typing import Any

import structlog
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .logging import get_logger

log = get_logger("http")

CORRELATION_HEADER = "x-correlation-id"


def file_download(*media_types: str) -> dict[str, Any]:
    """Route arguments documenting a download of these media types, instead of FastAPI's default JSON."""
    return {"response_class": Response, "responses": {200: {
        "description": "ไฟล์ · The file", "content": {media_type: {} for media_type in media_types}}}}


class CorrelationMiddleware:
    """Takes the caller's X-Correlation-ID (or makes one), binds it to logs and echoes it back."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(CORRELATION_HEADER.encode(), b"").decode("latin-1")
        correlation_id = incoming if 0 < len(incoming) <= 128 else str(uuid.uuid4())
        scope.setdefault("state", {})["correlation_id"] = correlation_id
        status = 500
        started = time.perf_counter()

        async def send_with_header(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((CORRELATION_HEADER.encode(), correlation_id.encode()))
            await send(message)

        with structlog.contextvars.bound_contextvars(correlation_id=correlation_id):
            try:
                await self.app(scope, receive, send_with_header)
            finally:
                if not scope["path"].startswith(("/health", "/metrics")):  # probes and scrapes
                    log.info(
                        "http_request",
                        method=scope["method"],
                        path=scope["path"],
                        status=status,
                        duration_ms=round((time.perf_counter() - started) * 1000, 1),
                    )
