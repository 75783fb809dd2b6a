"""The frame every service runs in: connections at start-up, HTTP API, Kafka consumers, outbox relay, health."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import uvicorn
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI
from tenacity import AsyncRetrying, RetryCallState, stop_after_delay, wait_exponential

from . import kafka
from .asyncapi import describe_keys_and_headers, message_title
from .consumer import EventConsumer
from .db import Database
from .errors import ERROR_RESPONSES, install_error_handlers
from .events import DIRECTORY, Envelope, Event, Topic
from .http import CorrelationMiddleware
from .kafka import Producer
from .logging import configure_logging, get_logger
from .outbox import OutboxRelay
from .retention import Retention
from .revocation import SessionRevocations, follow_access_changes
from .settings import ServiceSettings
from .storage import ObjectStore
from .supervisor import Supervisor

log = get_logger(__name__)


@dataclass
class Runtime:
    """Everything a running service holds; created in the lifespan, reached through `request.app.state`."""

    settings: ServiceSettings
    db: Database
    store: ObjectStore
    producer: Producer
    broker: KafkaBroker
    relay: OutboxRelay
    consumers: list[EventConsumer] = field(default_factory=list)
    supervisor: Supervisor = field(default_factory=Supervisor)
    """Runs the background tasks (outbox relay, session revocations, the blueprint's jobs); readiness asks it."""
    extensions: dict[str, Any] = field(default_factory=dict)
    """A service's own long-lived helpers made in `on_started` (e.g. a LISTEN connection), found by name."""


@dataclass(frozen=True)
class ServiceBlueprint:
    """What a service declares about itself; `create_app` does the rest the same way for all four."""

    name: str
    title: str
    description: str
    version: str
    migrations: Path
    routers: Sequence[APIRouter]
    publishes: Sequence[type[Event]] = ()
    consumes: Sequence[Topic] = ()
    needs_object_store: bool = False
    build_consumers: Callable[[Runtime], list[EventConsumer]] = lambda _: []
    on_started: Callable[[Runtime], Awaitable[None]] | None = None
    background: Sequence[Callable[[Runtime], Awaitable[None]]] = ()
    """Long-running jobs (e.g. periodic clean-ups), started after start-up and cancelled at shutdown. A job that
    raises is restarted by the runtime's supervisor (see `opensaraban_shared.supervisor`): no retry loop of its own."""


def create_app(blueprint: ServiceBlueprint, settings: ServiceSettings) -> FastAPI:
    client_id = f"{blueprint.name}-{settings.instance_id}"
    db = Database(
        dsn=settings.pg_dsn.get_secret_value(),
        schema=blueprint.name,
        min_size=settings.pg_pool_min,
        max_size=settings.pg_pool_max,
    )
    producer = kafka.Producer(bootstrap=settings.kafka_bootstrap, client_id=client_id)
    broker = KafkaBroker(settings.kafka_bootstrap, client_id=client_id, logger=get_logger("faststream"))
    store = ObjectStore.connect(
        endpoint=settings.s3_endpoint,
        access_key=settings.s3_access_key,
        secret_key=settings.s3_secret_key.get_secret_value(),
        bucket=settings.s3_bucket,
        secure=settings.s3_secure,
    )
    revocations = SessionRevocations()
    runtime = Runtime(
        settings=settings,
        db=db,
        store=store,
        producer=producer,
        broker=broker,
        relay=OutboxRelay(db=db, producer=producer, batch_size=settings.outbox_batch_size, retention=Retention(
            processed_events=timedelta(days=settings.processed_event_retention_days),
            idempotency_keys=timedelta(days=settings.idempotency_key_retention_days))),
    )
    runtime.consumers = blueprint.build_consumers(runtime)
    for consumer in runtime.consumers:
        consumer.subscribe(broker)
    _declare_publications(broker, blueprint.publishes)
    asyncapi = AsyncAPI(broker, title=f"OpenSaraban {blueprint.title}", version=blueprint.version,
                        description=blueprint.description)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # The object-store client blocks; its calls run in threads, which must not be the bottleneck.
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=settings.io_threads))
        await _retry_until_up("postgresql", db.connect)
        await db.migrate(blueprint.migrations)
        await _retry_until_up(
            "kafka",
            lambda: kafka.ensure_topics(
                bootstrap=settings.kafka_bootstrap,
                # The directory topic too: every instance follows it for revoked sessions.
                topics={*(event.topic for event in blueprint.publishes), *blueprint.consumes, DIRECTORY},
                client_id=client_id,
                replication_factor=settings.kafka_replication_factor,
            ),
        )
        await producer.start()
        if blueprint.needs_object_store:
            await _retry_until_up("object_store", store.ensure_bucket)
        await broker.start()
        supervisor = runtime.supervisor
        supervisor.start("outbox-relay", runtime.relay.run)
        supervisor.start("session-revocations", partial(follow_access_changes, revocations,
                                                        bootstrap=settings.kafka_bootstrap, client_id=client_id))
        if blueprint.on_started:
            await blueprint.on_started(runtime)
        for job in blueprint.background:
            supervisor.start(job.__name__, partial(job, runtime))
        log.info("service_started", service=blueprint.name, port=settings.http_port)
        try:
            yield
        finally:
            await supervisor.stop()
            await broker.stop()
            await producer.stop()
            await db.close()
            log.info("service_stopped", service=blueprint.name)

    app = FastAPI(title=f"OpenSaraban {blueprint.title}", description=blueprint.description,
                  version=blueprint.version, lifespan=lifespan, responses=ERROR_RESPONSES)
    app.state.runtime = runtime
    app.state.auth_secret = settings.auth_secret.get_secret_value()
    app.state.session_revocations = revocations
    app.add_middleware(CorrelationMiddleware)
    install_error_handlers(app)
    app.include_router(_health_router(runtime, needs_object_store=blueprint.needs_object_store))

    @app.get("/asyncapi.json", tags=["docs"], summary="เอกสาร AsyncAPI ของ Kafka topic · AsyncAPI document of this service's Kafka topics")
    async def asyncapi_document() -> JSONResponse:
        return JSONResponse(describe_keys_and_headers(asyncapi.to_specification().to_jsonable(), blueprint.publishes))

    for router in blueprint.routers:
        app.include_router(router)
    return app


def _declare_publications(broker: KafkaBroker, events: Sequence[type[Event]]) -> None:
    # The outbox relay sends the records, not these publisher objects: they document each event's
    # envelope on its topic in the generated AsyncAPI document.
    for event in events:
        broker.publisher(
            event.topic.name,
            title=message_title(event),
            description=(event.__doc__ or "").strip(),
            schema=Envelope[event],  # type: ignore[valid-type]
        )


async def get_runtime(request: Request) -> Runtime:
    """Async on purpose: FastAPI runs a plain-def dependency in a thread, a hop on every request."""
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
"""The running service's `Runtime`, as a route parameter."""


def _health_router(runtime: Runtime, *, needs_object_store: bool) -> APIRouter:
    router = APIRouter(prefix="/health", tags=["health"])

    @router.get("/live", summary="กระบวนการทำงานอยู่ · The process is up")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready", summary="พร้อมให้บริการ · Kafka, PostgreSQL and the object store answer now",
                responses={503: {"description": "ยังไม่พร้อม · A dependency does not answer (see `checks`)"}})
    async def ready() -> JSONResponse:
        checks = {
            "postgresql": runtime.db.ping(),
            "kafka": runtime.producer.ping(),
            "object_store": runtime.store.ping(),
        }
        results = await asyncio.gather(*(asyncio.wait_for(c, 3) for c in checks.values()), return_exceptions=True)
        status = {name: ("ok" if not isinstance(r, BaseException) else f"down: {type(r).__name__}")
                  for name, r in zip(checks, results, strict=True)}
        required = {"postgresql", "kafka"} | ({"object_store"} if needs_object_store else set())
        down = runtime.supervisor.down
        tasks = {name: (f"down: {down[name]}" if name in down else "ok") for name in runtime.supervisor.names}
        is_ready = all(status[name] == "ok" for name in required) and not down
        body: dict[str, Any] = {
            "status": "ready" if is_ready else "not_ready",
            "checks": status,
            "tasks": tasks,
            "outbox_relay_leader": runtime.relay.is_leader,
        }
        return JSONResponse(body, status_code=200 if is_ready else 503)

    return router


async def _retry_until_up(what: str, connect: Callable[[], Awaitable[Any]], *, timeout_s: float = 120) -> None:
    """A service may start before its dependencies (or outlive their restart): wait, with a log line."""

    def unavailable(state: RetryCallState) -> None:
        log.warning("dependency_unavailable", dependency=what, error=repr(state.outcome.exception())[:300],
                    retry_in_s=state.upcoming_sleep)

    async for attempt in AsyncRetrying(stop=stop_after_delay(timeout_s), wait=wait_exponential(multiplier=0.5, max=5),
                                       before_sleep=unavailable, reraise=True):
        with attempt:
            await connect()


def run(blueprint: ServiceBlueprint, settings: ServiceSettings) -> None:
    """Process entry point shared by the four services."""
    configure_logging(service=blueprint.name, level=settings.log_level, fmt=settings.log_format)
    uvicorn.run(
        create_app(blueprint, settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        loop="uvloop",
        http="httptools",
        timeout_graceful_shutdown=10,
    )
