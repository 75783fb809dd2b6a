"""Peers of the notify service for integration tests: a real SMTP server process, an HTTP webhook receiver,
events published straight to Kafka (as the meeting and documents services would), and tokens for test people."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_string, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaProducer

from opensaraban_shared.auth import Principal, Role, issue_access_token
from opensaraban_shared.events import Actor, Envelope, Event, UserChanged, new_envelope
from tests.support import REPO


class SmtpSink:
    """The SMTP server as a separate process; stop() and start() simulate an outage."""

    def __init__(self, port: int, path: Path) -> None:
        self.port = port
        self.path = path
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        if self._process is not None:
            return
        self._process = subprocess.Popen([sys.executable, "-m", "tests.smtp_sink", str(self.port), str(self.path)],
                                         cwd=REPO, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None and self._process.stdout.readline().strip() == "ready"

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None

    def messages(self, to: str | None = None) -> list[EmailMessage]:
        if not self.path.exists():
            return []
        found = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if to is None or to in record["rcpt_tos"]:
                found.append(message_from_string(record["data"], policy=policy.default))
        return found


@dataclass
class WebhookReceiver:
    """An HTTP server in a thread; fails the first `fail_first` requests with `fail_status`."""

    fail_first: int = 0
    fail_status: int = 500
    received: list[dict[str, Any]] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                status = receiver.fail_status if len(receiver.answered) < receiver.fail_first else 200
                receiver.answered.append(status)
                if status == 200:
                    receiver.received.append({"headers": dict(self.headers), "body": body})
                self.send_response(status)
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/hook"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class Publisher:
    """Puts events on their topics as the other services' outbox relays would."""

    def __init__(self, bootstrap: str) -> None:
        self._producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")

    async def start(self) -> None:
        await self._producer.start()

    async def stop(self) -> None:
        await self._producer.stop()

    async def publish(self, *envelopes: Envelope[Any]) -> None:
        for e in envelopes:
            await self._producer.send_and_wait(e.topic.name, value=e.to_bytes(), key=e.key.encode(),
                                               headers=[(k, v.encode()) for k, v in e.headers().items()])


def envelope(event: Event, agency_id: str = "test") -> Envelope[Any]:
    return new_envelope(event, producer="tests", actor=Actor(agency_id=agency_id))


def person(agency_id: str, name: str, *, roles: list[str], email: str | None = None, supervisor: str | None = None,
           unit_id: str | None = None, language: str = "th") -> UserChanged:
    return UserChanged(user_id=f"u-{agency_id}-{name}", agency_id=agency_id, unit_id=unit_id, display_name=name,
                       email=email, language=language, roles=roles, supervisor_user_id=supervisor, active=True,
                       changed_at=datetime.now(UTC))


def token_for(user: UserChanged, secret: str) -> dict[str, str]:
    roles = frozenset(Role(r) for r in user.roles)
    principal = Principal(subject_id=user.user_id, kind="user", agency_id=user.agency_id, roles=roles,
                          display_name=user.display_name, clearance=0)
    return {"Authorization": f"Bearer {issue_access_token(principal, secret=secret)}"}


def new_agency() -> str:
    return f"t-{uuid.uuid4().hex[:10]}"


def wait_for(predicate, *, timeout_s: float = 20, what: str) -> Any:
    """Blocking poll, for peers living in threads or files."""
    deadline = time.monotonic() + timeout_s
    while True:
        if result := predicate():
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.1)


EXAMPLES = Path(__file__).resolve().parents[1] / "shared/src/opensaraban_shared/events/examples"


def example(name: str, event_cls: type[Event], **changes: Any) -> Any:
    """An event from the contract's example file, with fresh ids and the given changes."""
    payload = json.loads((EXAMPLES / f"{name}.v1.json").read_text())["payload"]
    for key in ("letter_id", "delivery_id", "routing_id", "meeting_id", "item_id", "action_id"):
        if key in payload:
            payload[key] = str(uuid.uuid4())
    return event_cls.model_validate({**payload, **changes})
