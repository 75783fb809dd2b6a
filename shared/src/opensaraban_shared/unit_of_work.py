"""One use case, one transaction: the unit of work carries the connection, who acts, the idempotency key, and the
events and audit records the use case causes. HTTP routes and Kafka handlers open one; use cases receive it and
never open transactions themselves, so use cases combine (an event handler may run several in one transaction).

The events of use cases are built here and nowhere else: `emit()` names the producer, sets the actor from the
principal (a person, an agency system through its API key, or a service acting by itself), and carries the
correlation id of the request or event that started the work and the causation id of the event that caused it.
They reach the outbox when the block ends, in the same transaction as the change they describe. (Shared code
outside use cases, notify's NotificationRecorded and the audit anchors, name their causes themselves.)
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

import asyncpg
from fastapi import Header, Request
from pydantic import BaseModel

from . import audit, idempotency
from .auth import CurrentPrincipal, Principal
from .db import Database
from .events import Actor, Envelope, Event, new_envelope
from .idempotency import IdempotencyKey
from .logging import current_correlation_id
from .outbox import add_to_outbox

M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", bound=Event)


def actor_of(principal: Principal) -> Actor:
    """The event's actor for what `principal` did: its person, its agency's system, or one of our services."""
    if principal.kind == "user":
        return Actor(agency_id=principal.agency_id, user_id=principal.subject_id)
    if principal.kind == "system":
        return Actor(agency_id=principal.agency_id, system_id=principal.subject_id)
    return Actor(agency_id=principal.agency_id, service=principal.service)


@dataclass
class UnitOfWork:
    """What a use case works with: its transaction's connection, who acts, and what it emits and audits."""

    conn: asyncpg.Connection
    principal: Principal
    producer: str
    correlation_id: str
    cause: Envelope[Any] | None = None
    idem: IdempotencyKey | None = None
    events: list[Envelope[Any]] = field(default_factory=list)

    @property
    def actor(self) -> Actor:
        return actor_of(self.principal)

    def emit(self, payload: E, *, caused_by: Envelope[Any] | None = None) -> Envelope[E]:
        """Records the event for the outbox; `caused_by` an event of this same work (default: the work's cause)."""
        envelope = new_envelope(payload, producer=self.producer, actor=self.actor, correlation_id=self.correlation_id,
                                causation=caused_by or self.cause)
        self.events.append(envelope)
        return envelope

    async def audit(self, action: str, *, subject: str, detail: dict[str, Any] | None = None) -> None:
        """Appends to the acting agency's audit chain, in this transaction: the record exists exactly when the
        change does."""
        await audit.append(self.conn, producer=self.producer, chain=self.principal.agency_id,
                           actor=self.principal.subject_id, action=action, subject=subject, detail=detail,
                           anchor_actor=self.actor, correlation_id=self.correlation_id)

    async def replayed(self, model: type[M]) -> M | None:
        """The first answer to a request retried with the same Idempotency-Key; call first."""
        stored = await idempotency.replayed(self.conn, self.idem)
        return None if stored is None else model.model_validate(stored)

    async def remember(self, answer: BaseModel, *, status_code: int) -> None:
        """Keeps the answer for retries of the same Idempotency-Key; call last."""
        await idempotency.remember(self.conn, self.idem, answer, status_code=status_code)


@asynccontextmanager
async def within(conn: asyncpg.Connection, *, principal: Principal, producer: str,
                 correlation_id: str | None = None, cause: Envelope[Any] | None = None,
                 idem: IdempotencyKey | None = None) -> AsyncIterator[UnitOfWork]:
    """A unit of work on a transaction already open (an event consumer's, which also records the event as done).
    An event's work shares its correlation id; other work without one starts a new one."""
    if correlation_id is None:
        correlation_id = cause.correlation_id if cause is not None else current_correlation_id() or str(uuid.uuid4())
    work = UnitOfWork(conn=conn, principal=principal, producer=producer, correlation_id=correlation_id, cause=cause,
                      idem=idem)
    yield work
    await add_to_outbox(conn, work.events)


@asynccontextmanager
async def begin(db: Database, *, principal: Principal, producer: str, correlation_id: str | None = None,
                idem: IdempotencyKey | None = None) -> AsyncIterator[UnitOfWork]:
    """A unit of work in a new transaction: committed with its events when the block ends, rolled back on error."""
    async with db.transaction() as conn, within(conn, principal=principal, producer=producer,
                                                 correlation_id=correlation_id, idem=idem) as work:
        yield work


IdempotencyHeader = Annotated[str | None, Header(
    alias="Idempotency-Key", max_length=idempotency.MAX_KEY_LENGTH,
    description="Send the same key again when retrying: the request then acts once and answers the same")]
StartWork = Callable[[], AbstractAsyncContextManager[UnitOfWork]]


def request_work(*, producer: str, idempotent: bool = False) -> Callable[..., Any]:
    """A FastAPI dependency giving a route `start()`: its request's unit of work (`async with start() as work`),
    for the signed-in principal, with the request's correlation id.

    `idempotent`: the route takes an Idempotency-Key (documented in its OpenAPI) and its use case answers a retry
    with the first answer (`work.replayed()` first, `work.remember()` last). Other routes neither take nor document
    the header: a client must not believe a retry of theirs is safe."""

    async def plain(request: Request, principal: CurrentPrincipal) -> StartWork:
        return _starter(request, principal, producer=producer, idem=None)

    async def with_key(request: Request, principal: CurrentPrincipal,
                       idempotency_key: IdempotencyHeader = None) -> StartWork:
        idem = None
        if idempotency_key:
            body = await request.body()
            idem = IdempotencyKey.of(subject=principal.subject_id, key=idempotency_key, method=request.method,
                                     path=request.url.path, body=body.decode("utf-8", "replace"))
        return _starter(request, principal, producer=producer, idem=idem)

    return with_key if idempotent else plain


def _starter(request: Request, principal: Principal, *, producer: str, idem: IdempotencyKey | None) -> StartWork:
    db: Database = request.app.state.runtime.db
    return lambda: begin(db, principal=principal, producer=producer, correlation_id=request.state.correlation_id,
                         idem=idem)
