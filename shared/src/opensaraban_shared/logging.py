"""structlog set-up: one configuration, JSON lines off-terminal, correlation id on every line."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import structlog


def configure_logging(*, service: str, level: str = "INFO", fmt: str = "json") -> None:
    """Call once at process start-up; library loggers (uvicorn, aiokafka) go through the same renderer."""
    shared_processors: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_service(service),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if fmt == "json"
        else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared_processors, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared_processors,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiokafka", "kafka", "urllib3"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))


def _add_service(service: str) -> structlog.types.Processor:
    def processor(_: object, __: str, event_dict: dict) -> dict:
        event_dict.setdefault("service", service)
        return event_dict

    return processor


@contextmanager
def correlation_scope(*, correlation_id: str, **fields: object) -> Iterator[None]:
    """Binds the correlation id (and extra fields) to every log line inside the block."""
    with structlog.contextvars.bound_contextvars(correlation_id=correlation_id, **fields):
        yield


def current_correlation_id() -> str | None:
    """The correlation id of the request or event being handled (bound by the HTTP middleware and the consumers)."""
    return structlog.contextvars.get_contextvars().get("correlation_id")


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)
