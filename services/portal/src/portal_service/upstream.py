"""Calls to the services' public HTTP APIs on behalf of the signed-in person (their token, their rights)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi.responses import StreamingResponse

from opensaraban_shared.http import CORRELATION_HEADER


class UpstreamError(Exception):
    """A service refused or could not answer; carries its machine code and both messages for the page."""

    def __init__(self, *, status: int, code: str, message_th: str, message_en: str, detail: Any = None) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.message_th = message_th
        self.message_en = message_en
        self.detail = detail

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_th


def _error_from(response: httpx.Response, service: str) -> UpstreamError:
    try:
        error = response.json()["error"]
        return UpstreamError(status=response.status_code, code=error["code"], message_th=error["message_th"],
                             message_en=error["message_en"], detail=error.get("detail"))
    except (ValueError, KeyError, TypeError):
        return UpstreamError(status=response.status_code, code="upstream_error",
                             message_th=f"บริการ {service} ตอบผิดพลาด ({response.status_code})",
                             message_en=f"The {service} service answered with an error ({response.status_code})")


def _unavailable(service: str) -> UpstreamError:
    return UpstreamError(status=503, code="service_unavailable",
                         message_th=f"บริการ {service} ไม่พร้อมใช้งานในขณะนี้ โปรดลองใหม่อีกครั้ง",
                         message_en=f"The {service} service is not available right now; please try again")


class Upstream:
    """One service's API: a pooled HTTP client created at start-up and closed at shutdown."""

    def __init__(self, name: str, base_url: str, *, timeout_s: float) -> None:
        self.name = name
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout_s)

    def _headers(self, token: str | None, correlation_id: str | None, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if correlation_id:
            headers[CORRELATION_HEADER] = correlation_id
        return headers

    async def _request(self, method: str, path: str, *, token: str | None, correlation_id: str | None,
                       headers: dict[str, str] | None, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._client.request(method, path, headers=self._headers(token, correlation_id, headers),
                                                  **kwargs)
        except httpx.TransportError as exc:
            raise _unavailable(self.name) from exc
        if response.status_code >= 400:
            raise _error_from(response, self.name)
        return response

    async def call(self, method: str, path: str, *, token: str | None, correlation_id: str | None = None,
                   headers: dict[str, str] | None = None, **kwargs: Any) -> Any:
        """JSON answer of the service, or UpstreamError with its code and messages."""
        response = await self._request(method, path, token=token, correlation_id=correlation_id, headers=headers,
                                       **kwargs)
        return response.json() if response.content else None

    async def call_text(self, method: str, path: str, *, token: str | None, correlation_id: str | None = None,
                        **kwargs: Any) -> str:
        """A text answer of the service (an HTML page it laid out), or UpstreamError."""
        response = await self._request(method, path, token=token, correlation_id=correlation_id, headers=None,
                                       **kwargs)
        return response.text

    @asynccontextmanager
    async def stream(self, path: str, *, token: str | None, correlation_id: str | None = None,
                     params: dict[str, Any] | None = None) -> AsyncIterator[httpx.Response]:
        """A streamed GET (files, registers, server-sent events): the body is never held whole in memory."""
        request = self._client.build_request("GET", path, params=params, headers=self._headers(token, correlation_id, None),
                                             timeout=httpx.Timeout(self._client.timeout.connect, read=None))
        try:
            response = await self._client.send(request, stream=True)
        except httpx.TransportError as exc:
            raise _unavailable(self.name) from exc
        try:
            if response.status_code >= 400:
                await response.aread()
                raise _error_from(response, self.name)
            yield response
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()


PASSED_HEADERS = ("content-type", "content-disposition", "content-length", "cache-control")
# Files the browser may show in the tab instead of saving (its own PDF and image viewers): never HTML or scripts.
VIEWABLE_TYPES = ("application/pdf", "image/png", "image/jpeg")


async def relay(upstream: Upstream, path: str, *, token: str | None, correlation_id: str | None,
                params: dict[str, Any] | None = None, view: bool = False) -> StreamingResponse:
    """Passes a service's streamed answer (a file, a register, server-sent events) on to the browser.

    The upstream answer is opened first, so a refusal becomes the portal's error page before any byte is sent.
    `view`: a PDF or image opens in the browser (inline) instead of being saved; other files are still saved.
    """
    context = upstream.stream(path, token=token, correlation_id=correlation_id, params=params)
    response = await context.__aenter__()

    async def body() -> AsyncIterator[bytes]:
        try:
            async for chunk in response.aiter_bytes():
                yield chunk
        finally:
            await context.__aexit__(None, None, None)

    headers = {k: v for k, v in response.headers.items() if k.lower() in PASSED_HEADERS}
    if view and response.headers.get("content-type", "").split(";")[0].strip() in VIEWABLE_TYPES:
        headers["content-disposition"] = "inline" + headers.get("content-disposition", "").removeprefix("attachment")
    headers["x-content-type-options"] = "nosniff"
    return StreamingResponse(body(), headers=headers, status_code=response.status_code)


class Services:
    """The four services the portal renders from."""

    def __init__(self, *, documents: Upstream, meeting: Upstream, notify: Upstream, metrics: Upstream) -> None:
        self.documents = documents
        self.meeting = meeting
        self.notify = notify
        self.metrics = metrics

    def all(self) -> tuple[Upstream, ...]:
        return (self.documents, self.meeting, self.notify, self.metrics)
