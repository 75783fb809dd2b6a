"""ลายมือชื่ออิเล็กทรอนิกส์: an executive sets their signing PIN (which makes their key in its token and has the
CA issue their certificate), sees that certificate, and uploads, replaces or removes the image of their handwritten
signature; a recipient checks a received letter's signatures again, or reports a letter that failed the check as
invalid in one click (it is returned to its sender). docs/signatures.md."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse
from starlette.datastructures import UploadFile as StarletteUpload

from opensaraban_shared.auth import Role
from opensaraban_shared.thai import format_thai_time

from ..i18n import Wording
from ..session import Session, signed_in
from ..upstream import UpstreamError, relay
from .forms import UPLOAD_CHUNK
from .rendering import TEMPLATES, correlation, documents_api, error_page, redirect, render, services, wording

router = APIRouter()
SignedIn = Annotated[Session, Depends(signed_in)]
MIN_PIN = 6
# The documents service's refusals of a signature image (not an image, too large), shown beside the file field.
IMAGE_REFUSALS = (413, 415, 422)
# Verdicts a recipient may report as invalid (a valid or unsigned letter is not reported from here).
FAILED_VERDICTS = ("modified", "untrusted", "revoked")


def full_moment(words: Wording, value: str | None) -> str:
    """'5 ธันวาคม 2569 10.15 น.': when a letter was signed or checked, with the whole Buddhist Era year (a signing
    time is evidence, so never the two-digit short year); '5 December 2026 10:15' in English."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    if words.lang == "en":
        return f"{words.long_date(moment)} {format_thai_time(moment, thai_digits=False)[:5]}"
    return f"{words.long_date(moment)} {format_thai_time(moment, thai_digits=words.thai_digits)}"


def common_name(name: str) -> str:
    """'นายสมชาย ใจดี' out of 'Common Name: นายสมชาย ใจดี, Organization: …' (a certificate's subject or issuer as the
    documents service words it); the whole name when it has no common name."""
    found = re.match(r"Common Name: (.+?)(?:, [A-Z][A-Za-z ]*: |$)", name)
    return found.group(1) if found else name


# The recipient's signature panel (_signature.html) is drawn inside pages other modules render.
TEMPLATES.env.globals.update(full_moment=full_moment, common_name=common_name)


def may_sign(session: Session) -> bool:
    """Executives sign letters, so they have a signing page (the service refuses anyone else's enrollment)."""
    return Role.EXECUTIVE in session.principal.roles


async def my_credential(request: Request, session: Session) -> dict[str, Any] | None:
    """The signed-in person's signing certificate, or None when they have not enrolled."""
    try:
        return await documents_api(request, session.token, "GET", "/signing/credential")
    except UpstreamError as exc:
        if exc.code == "signing_not_enrolled":
            return None
        raise


async def _has_image(request: Request, session: Session) -> bool:
    try:
        async with services(request).documents.stream("/signing/signature-image", token=session.token,
                                                      correlation_id=correlation(request)):
            return True
    except UpstreamError as exc:
        if exc.status == 404:
            return False
        raise


async def _page(request: Request, session: Session, *, errors: dict[str, str] | None = None,
                error: UpstreamError | None = None, status: int | None = None) -> HTMLResponse:
    words = wording(request)
    if not may_sign(session):
        return render(request, "error.html", status_code=403, message=words("signing_executives_only"), back="/")
    credential, has_image = await asyncio.gather(my_credential(request, session), _has_image(request, session))
    return render(request, "signing.html", status_code=status or (error.status if error else 200),
                  credential=credential, has_image=has_image, errors=errors or {},
                  error=error.message(words.lang) if error else None, min_pin=MIN_PIN)


@router.get("/signing", response_class=HTMLResponse)
async def signing_page(request: Request, session: SignedIn) -> HTMLResponse:
    return await _page(request, session)


def pin_errors(pin: str, confirm: str, words: Any) -> dict[str, str]:
    """What is wrong with the two PIN fields, by field, before anything is sent."""
    if len(pin) < MIN_PIN:
        return {"pin": words("pin_too_short")}
    if pin != confirm:
        return {"pin_confirm": words("pin_mismatch")}
    return {}


@router.post("/signing/enrollment", response_model=None)
async def enroll(request: Request, session: SignedIn, pin: Annotated[str, Form(max_length=64)] = "",
                 pin_confirm: Annotated[str, Form(max_length=64)] = "") -> HTMLResponse | RedirectResponse:
    errors = pin_errors(pin, pin_confirm, wording(request))
    if errors:
        return await _page(request, session, errors=errors, status=422)
    try:
        await documents_api(request, session.token, "POST", "/signing/enrollment", json={"pin": pin})
    except UpstreamError as exc:
        if exc.status == 422:
            return await _page(request, session, errors={"pin": exc.message(wording(request).lang)}, status=422)
        return await _page(request, session, error=exc)
    return redirect("/signing", done="enrolled")


@router.post("/signing/signature-image", response_model=None)
async def upload_image(request: Request, session: SignedIn) -> HTMLResponse | RedirectResponse:
    upload = (await request.form()).get("image")
    words = wording(request)
    if not isinstance(upload, StarletteUpload) or not upload.filename:
        return await _page(request, session, errors={"image": words("no_file_chosen")}, status=422)
    try:
        await _put_image(request, session, upload)
    except UpstreamError as exc:
        if exc.status in IMAGE_REFUSALS:
            return await _page(request, session, errors={"image": exc.message(words.lang)}, status=exc.status)
        return await _page(request, session, error=exc)
    return redirect("/signing", done="image_saved")


async def _put_image(request: Request, session: Session, upload: UploadFile) -> None:
    """Streams the chosen file on as the raw body (the service checks its type by content and its size)."""
    async def chunks() -> AsyncIterator[bytes]:
        while chunk := await upload.read(UPLOAD_CHUNK):
            yield chunk

    await documents_api(request, session.token, "PUT", "/signing/signature-image", content=chunks(),
                        headers={"content-type": upload.content_type or "application/octet-stream"})


@router.post("/signing/signature-image/remove", response_model=None)
async def remove_image(request: Request, session: SignedIn) -> HTMLResponse | RedirectResponse:
    try:
        await documents_api(request, session.token, "DELETE", "/signing/signature-image")
    except UpstreamError as exc:
        return error_page(request, exc, back="/signing")
    return redirect("/signing", done="image_removed")


@router.get("/signing/signature-image")
async def signature_image(request: Request, session: SignedIn) -> StreamingResponse:
    """The image itself, for the preview on the signing page."""
    return await relay(services(request).documents, "/signing/signature-image", token=session.token,
                       correlation_id=correlation(request), view=True)


@router.post("/deliveries/{delivery_id}/signature-check", response_model=None)
async def check_again(request: Request, session: SignedIn, delivery_id: uuid.UUID,
                      letter_id: Annotated[uuid.UUID, Form()]) -> HTMLResponse | RedirectResponse:
    back = f"/letters/{letter_id}?delivery={delivery_id}"
    try:
        await documents_api(request, session.token, "POST", f"/deliveries/{delivery_id}/signature-check")
    except UpstreamError as exc:
        return error_page(request, exc, back=back)
    return redirect(f"/letters/{letter_id}", delivery=str(delivery_id), done="checked")


@router.post("/deliveries/{delivery_id}/report-invalid", response_model=None)
async def report_invalid(request: Request, session: SignedIn, delivery_id: uuid.UUID,
                         letter_id: Annotated[uuid.UUID, Form()]) -> HTMLResponse | RedirectResponse:
    """แจ้งหนังสือไม่ถูกต้อง: returns the delivery to its sender with a reason naming the verdict the system
    recorded (read here, not taken from the form), in Thai as the sender's clerks read it."""
    back = f"/letters/{letter_id}?delivery={delivery_id}"
    try:
        letter = await documents_api(request, session.token, "GET", f"/letters/{letter_id}")
        mine = next((d for d in letter.get("deliveries", []) if d["delivery_id"] == str(delivery_id)), None)
        if mine is None or mine.get("signature_verdict") not in FAILED_VERDICTS:
            return redirect(f"/letters/{letter_id}", delivery=str(delivery_id))
        await documents_api(request, session.token, "POST", f"/deliveries/{delivery_id}/reject",
                            json={"reason": invalid_reason(mine), "wrong_recipient": False})
    except UpstreamError as exc:
        return error_page(request, exc, back=back)
    return redirect(f"/letters/{letter_id}", delivery=str(delivery_id), done="rejected")


def invalid_reason(delivery: dict[str, Any]) -> str:
    """The reason the sender reads: always in Thai (the letter's language), with the verdict and when it was found."""
    thai = Wording("th", thai_digits=False)
    verdict = thai(f"verdict_{delivery['signature_verdict']}").lstrip("✔✖⚠⊘ ")
    return thai("invalid_reason", verdict=verdict, checked=full_moment(thai, delivery.get("signature_checked_at")))
