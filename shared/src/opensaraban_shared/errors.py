"""Errors as values with machine-readable codes, mapped to HTTP status in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import asyncpg
import urllib3.exceptions
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from .logging import get_logger

log = get_logger(__name__)

# Failures of the infrastructure (PostgreSQL, Kafka, the object store away or restarting), not of the request or
# the event: a request answers 503 "try again", an event is retried until they pass.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    TimeoutError,
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    # What asyncpg raises when the server ends the session in the middle of an operation (a restart), e.g.
    # "cannot switch to state 15; another operation (2) is in progress" (MagicStack/asyncpg#1069).
    asyncpg.exceptions.InternalClientError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InsufficientResourcesError,
    asyncpg.SerializationError,
    asyncpg.DeadlockDetectedError,
    KafkaConnectionError,
    KafkaTimeoutError,
    # The object store's client gives up after its own retries with these.
    urllib3.exceptions.MaxRetryError,
    urllib3.exceptions.ProtocolError,
    urllib3.exceptions.TimeoutError,
)


@dataclass(frozen=True)
class ErrorKind:
    """One kind of failure a client can see: its code, HTTP status and bilingual message."""

    code: str
    status: int
    message_th: str
    message_en: str


@dataclass
class AppError(Exception):
    """Raised by use cases; the HTTP layer turns it into a JSON error body."""

    kind: ErrorKind
    detail: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.kind.code}: {self.kind.message_en}"


# Kinds every service shares; services define their own next to their use cases.
UNAUTHENTICATED = ErrorKind("unauthenticated", 401, "กรุณาเข้าสู่ระบบ", "Authentication required")
INVALID_CREDENTIALS = ErrorKind(
    "invalid_credentials", 401, "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "Invalid username or password"
)
FORBIDDEN = ErrorKind("forbidden", 403, "ไม่มีสิทธิ์ดำเนินการนี้", "You are not allowed to do this")
NOT_FOUND = ErrorKind("not_found", 404, "ไม่พบข้อมูลที่ร้องขอ", "The requested resource was not found")
INVALID_INPUT = ErrorKind("invalid_input", 422, "ข้อมูลไม่ถูกต้อง", "The request is not valid")
CONFLICT = ErrorKind("conflict", 409, "ข้อมูลขัดแย้งกับสถานะปัจจุบัน", "The request conflicts with the current state")
PAYLOAD_TOO_LARGE = ErrorKind("payload_too_large", 413, "ไฟล์มีขนาดใหญ่เกินกำหนด", "The file is larger than allowed")
UNSUPPORTED_MEDIA_TYPE = ErrorKind(
    "unsupported_media_type", 415, "ไม่รองรับไฟล์ประเภทนี้", "This file type is not accepted"
)
NOT_JSON = ErrorKind("unsupported_content_type", 415, "ต้องส่งข้อมูลเป็น JSON (Content-Type: application/json)",
                     "Send the request body as JSON (Content-Type: application/json)")
UNSTORABLE_TEXT = ErrorKind(
    "unstorable_text", 422, "ข้อความมีอักขระที่บันทึกไม่ได้ (เช่น NUL)", "The text holds a character that cannot be stored (e.g. NUL)"
)
SERVICE_UNAVAILABLE = ErrorKind(
    "service_unavailable", 503, "ระบบไม่พร้อมให้บริการชั่วคราว กรุณาลองใหม่", "Temporarily unavailable, please retry"
)


class ErrorRead(BaseModel):
    code: str
    message: str
    message_th: str
    message_en: str
    detail: dict[str, Any]


class ErrorResponse(BaseModel):
    """The body of every error answer, documented in each service's OpenAPI for all 4xx statuses."""

    error: ErrorRead


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorResponse, "description": "ข้อผิดพลาดพร้อมรหัส · An error with a machine-readable code"},
}


def error_body(kind: ErrorKind, detail: dict[str, Any] | None = None) -> dict[str, Any]:
    return ErrorResponse(error=ErrorRead(code=kind.code, message=kind.message_th, message_th=kind.message_th,
                                         message_en=kind.message_en, detail=detail or {})).model_dump(mode="json")


def error_response(kind: ErrorKind, detail: dict[str, Any] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    if kind.status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    return JSONResponse(error_body(kind, detail), status_code=kind.status, headers=headers)


_STATUS_KINDS = {k.status: k for k in (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, PAYLOAD_TOO_LARGE)}


def allowed_methods(request: Request) -> list[str]:
    """Every method the request's path answers to. RFC 9110 wants them all in a 405's `Allow`; Starlette names
    only those of the first route on the path, and FastAPI makes one route per method (GET and POST /letters)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


def install_error_handlers(app: FastAPI) -> None:
    """Every error leaves the service as {"error": {code, message_th, message_en, detail}}.

    A dependency that is away answers 503 service_unavailable with Retry-After, not a bare 500: the caller learns
    that the request could not be completed now and that the same request (with the same Idempotency-Key) may be
    sent again. Its transaction did not commit, unless the connection broke during the COMMIT itself, when the
    key is what makes the retry safe.
    """

    async def on_app_error(_: Request, exc: AppError) -> JSONResponse:
        if exc.kind.status == 503:  # away for now: the same request may be sent again after a pause
            return error_response(exc.kind, exc.detail,
                                  headers={"Retry-After": str(exc.detail.get("retry_after_s", 1))})
        return error_response(exc.kind, exc.detail)

    async def on_validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type and not content_type.endswith("json") and any(
                tuple(err.get("loc", ())) == ("body",) for err in exc.errors()):
            return error_response(NOT_JSON, {"content_type": content_type, "expected": "application/json"})
        fields = [
            {"loc": [str(p) for p in err.get("loc", ())], "type": err.get("type"), "msg": err.get("msg")}
            for err in exc.errors()
        ]
        return error_response(INVALID_INPUT, {"fields": fields})

    async def on_http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = _STATUS_KINDS.get(exc.status_code) or ErrorKind(
            f"http_{exc.status_code}", exc.status_code, "คำขอไม่สำเร็จ", str(exc.detail)
        )
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return error_response(kind, headers=headers)

    async def on_unstorable_text(_: Request, exc: asyncpg.DataError) -> JSONResponse:
        # PostgreSQL text cannot hold NUL, and JSON's \u0000 cannot become jsonb: the client sent such text (nothing
        # the services make contains it), so it is the client's error, not the server's.
        return error_response(UNSTORABLE_TEXT, {"reason": exc.sqlstate})

    async def on_transient_error(request: Request, exc: Exception) -> JSONResponse:
        log.warning("request_failed_dependency_unavailable", method=request.method, path=request.url.path,
                    error=repr(exc)[:300])
        response = error_response(SERVICE_UNAVAILABLE, {"retry": True})
        response.headers["Retry-After"] = "1"
        return response

    app.add_exception_handler(AppError, on_app_error)  # type: ignore[arg-type]
    app.add_exception_handler(asyncpg.CharacterNotInRepertoireError, on_unstorable_text)  # type: ignore[arg-type]
    app.add_exception_handler(asyncpg.UntranslatableCharacterError, on_unstorable_text)  # type: ignore[arg-type]
    for transient in TRANSIENT_ERRORS:
        app.add_exception_handler(transient, on_transient_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, on_http_error)  # type: ignore[arg-type]
