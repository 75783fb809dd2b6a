"""Talking to the outside: e-mail over SMTP and signed webhooks over HTTP. No database here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import aiosmtplib
import httpx

from opensaraban_shared import webhooks

from .settings import NotifySettings


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status_code: int | None = None
    error: str | None = None


MESSAGE_ID_DOMAIN = "opensaraban.example.go.th"


def email_message(settings: NotifySettings, *, delivery_id: str, to: str, content: dict[str, Any]) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = content["subject"]
    # The Message-ID is the delivery's own id, nothing random: when a worker dies between the server's "250"
    # and marking the row sent, the delivery is sent again after its lease, and mail systems drop the copy.
    message["Message-ID"] = f"<{delivery_id}@{MESSAGE_ID_DOMAIN}>"
    message["Content-Language"] = content.get("language", "th")
    message.set_content(content["text"], charset="utf-8")
    return message


async def send_email(settings: NotifySettings, *, delivery_id: str, to: str, content: dict[str, Any]) -> Outcome:
    message = email_message(settings, delivery_id=delivery_id, to=to, content=content)
    try:
        await aiosmtplib.send(
            message, hostname=settings.smtp_host, port=settings.smtp_port, username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            start_tls=settings.smtp_starttls, timeout=settings.smtp_timeout_s, local_hostname=settings.smtp_helo_name,
        )
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
        return Outcome(False, error=f"{type(exc).__name__}: {exc}"[:500])
    return Outcome(True)


async def post_webhook(client: httpx.AsyncClient, *, delivery_id: str, url: str, secret: str, kind: str,
                       content: dict[str, Any]) -> Outcome:
    body = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"content-type": "application/json", webhooks.DELIVERY_HEADER: delivery_id, webhooks.EVENT_HEADER: kind,
               **webhooks.signed_headers(secret, body)}
    try:
        response = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return Outcome(False, error=f"{type(exc).__name__}: {exc}"[:500])
    if 200 <= response.status_code < 300:
        return Outcome(True, response.status_code)
    return Outcome(False, response.status_code, f"HTTP {response.status_code}: {response.text[:200]}")
