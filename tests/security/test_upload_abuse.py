"""Hostile uploads to documents (letter attachments and paper-letter scans) and meeting (agenda attachments): each is
refused with a clear 4xx code and a Thai and English message, nothing of it is stored in MinIO or PostgreSQL, and the
service stays healthy."""

from __future__ import annotations

import asyncio
import hashlib
import io
import uuid
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import pytest
from minio import Minio
from minio.error import S3Error

from documents_service.settings import DocumentsSettings
from meeting_service.settings import MeetingSettings
from tests.integration.meeting_helpers import blank_pdf
from tests.security.world import World
from tests.support import devstack, minimal_pdf

pytestmark = pytest.mark.integration

MIB = 1024 * 1024


@dataclass(frozen=True)
class Target:
    """An upload endpoint, where it keeps files, and the codes it answers."""

    service: str
    actor: str
    table: str
    namespace: str
    wrong_type: tuple[int, str]
    unreadable: tuple[int, str]


DOCUMENTS = Target("documents", "clerk", "documents.attachments", "", (415, "unsupported_media_type"),
                   (422, "malformed_file"))
MEETING = Target("meeting", "secretariat", "meeting.agenda_uploads", "meeting/", (415, "attachment_not_allowed"),
                 (422, "attachment_not_allowed"))


def configured_limit(target: Target) -> int:
    """The per-file limit the running service was given (its settings' default unless the stack sets one)."""
    settings = DocumentsSettings if target.service == "documents" else MeetingSettings
    name = f"{target.service.upper()}_MAX_ATTACHMENT_BYTES"
    env = dict(line.split("=", 1) for line in devstack("env", target.service).stdout.splitlines() if "=" in line)
    return int(env.get(name, settings.model_fields["max_attachment_bytes"].default))


def zip_bomb(main_part: str) -> bytes:
    """An office document whose one part inflates from about 130 KB to 128 MiB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", f'<?xml version="1.0"?><Types id="{uuid.uuid4()}"/>')
        with archive.open(main_part, "w", force_zip64=True) as part:
            for _ in range(128):
                part.write(bytes(MIB))
    return buffer.getvalue()


def a_pdf() -> bytes:
    return blank_pdf(1)


def truncated_pdf() -> bytes:
    whole = minimal_pdf(f"ตัด {uuid.uuid4()}")
    return whole[: len(whole) // 2]


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200)
# (case, file name, content, documents' answer, meeting's answer); None: the target's own code for that kind.
ABUSE = [
    ("zip bomb as DOCX", "รายงาน.docx", lambda: zip_bomb("word/document.xml"), (422, "zip_bomb"), "wrong_type"),
    ("zip bomb as XLSX", "ตาราง.xlsx", lambda: zip_bomb("xl/workbook.xml"), (422, "zip_bomb"), "wrong_type"),
    ("executable named .pdf", "หนังสือ.pdf", lambda: EXE + uuid.uuid4().bytes, "wrong_type", "wrong_type"),
    ("HTML named .pdf", "หนังสือ.pdf", lambda: f"<html><script>alert('{uuid.uuid4()}')</script></html>".encode(),
     "wrong_type", "wrong_type"),
    ("truncated PDF", "หนังสือ.pdf", truncated_pdf, "unreadable", "unreadable"),
    ("PDF header only", "หนังสือ.pdf", lambda: b"%PDF-1.7\n%" + uuid.uuid4().hex.encode(), "unreadable", "unreadable"),
    ("empty body", "หนังสือ.pdf", lambda: b"", (422, "empty_file"), (422, "empty_file")),
    ("relative path", "../../etc/passwd", a_pdf, (422, "invalid_filename"), (422, "invalid_filename")),
    ("absolute path", "/etc/passwd", a_pdf, (422, "invalid_filename"), (422, "invalid_filename")),
    ("Windows path", "..\\..\\windows\\win.ini", a_pdf, (422, "invalid_filename"), (422, "invalid_filename")),
    ("NUL byte", "letter.pdf\x00.exe", a_pdf, (422, "invalid_filename"), (422, "invalid_filename")),
    ("right-to-left override", "invoice\u202efdp.exe", a_pdf, (422, "invalid_filename"), (422, "invalid_filename")),
    ("very long name", "ก" * 300 + ".pdf", a_pdf, (422, "invalid_input"), (422, "invalid_input")),
]


def expected(target: Target, answer: tuple[int, str] | str) -> tuple[int, str]:
    return getattr(target, answer) if isinstance(answer, str) else answer


@pytest.fixture(scope="module")
async def meeting_id(world: World) -> str:
    return (await world.meeting(opened=True))["meeting_id"]


def upload_path(target: Target, meeting_id: str) -> str:
    return "/attachments" if target is DOCUMENTS else f"/meetings/{meeting_id}/uploads"


async def stored(stack: dict, target: Target, data: bytes) -> tuple[bool, int]:
    """Whether MinIO holds these bytes under the target's key, and how many rows name them."""
    sha256 = hashlib.sha256(data).hexdigest()
    client = Minio(stack["s3_endpoint"], access_key=stack["s3_access_key"], secret_key=stack["s3_secret_key"],
                   secure=False)
    try:
        await asyncio.to_thread(client.stat_object, stack["s3_bucket"],
                                f"{target.namespace}sha256/{sha256[:2]}/{sha256}")
        in_bucket = True
    except S3Error as exc:
        assert exc.code in ("NoSuchKey", "NoSuchObject"), exc
        in_bucket = False
    conn = await asyncpg.connect(stack["pg_dsn"])
    try:
        rows = await conn.fetchval(f"SELECT count(*) FROM {target.table} WHERE sha256 = $1", sha256)
    finally:
        await conn.close()
    return in_bucket, rows


@pytest.mark.parametrize("target", [DOCUMENTS, MEETING], ids=["documents", "meeting"])
@pytest.mark.parametrize(("case", "filename", "make", "documents", "meeting"), ABUSE, ids=[a[0] for a in ABUSE])
async def test_a_hostile_upload_is_refused_clearly_and_leaves_nothing_behind(
        world, stack, meeting_id, target, case, filename, make, documents, meeting):
    data = make()
    response = await world.clients[target.service].post(
        upload_path(target, meeting_id), params={"filename": filename}, content=data,
        headers=world.headers[target.actor])
    error = response.json()["error"]
    assert (response.status_code, error["code"]) == expected(target, documents if target is DOCUMENTS else meeting)
    assert error["message_th"] and error["message_en"]
    assert await stored(stack, target, data) == (False, 0)


@pytest.mark.parametrize("target", [DOCUMENTS, MEETING], ids=["documents", "meeting"])
async def test_a_file_over_the_configured_limit_is_refused_after_reading_no_more_than_the_limit(
        world, stack, meeting_id, target):
    limit = configured_limit(target)
    sent = 0

    async def one_byte_too_many() -> AsyncIterator[bytes]:
        nonlocal sent
        head = a_pdf()  # a real PDF start, so only the size can be wrong
        for chunk in (head, *[bytes(MIB)] * ((limit - len(head)) // MIB), bytes((limit - len(head)) % MIB + 1)):
            sent += len(chunk)
            yield chunk

    response = await world.clients[target.service].post(
        upload_path(target, meeting_id), params={"filename": "ใหญ่เกิน.pdf"}, content=one_byte_too_many(),
        headers=world.headers[target.actor])
    assert sent == limit + 1
    assert response.status_code == 413 and response.json()["error"]["code"] == "payload_too_large"
    assert response.json()["error"]["detail"]["max_bytes"] == limit  # with the file's name and types, where told


@pytest.mark.parametrize("target", [DOCUMENTS, MEETING], ids=["documents", "meeting"])
async def test_after_the_abuse_the_service_is_healthy_and_takes_a_normal_upload(world, stack, meeting_id, target):
    client = world.clients[target.service]
    assert (await client.get("/health/ready")).status_code == 200
    data = a_pdf()
    response = await client.post(upload_path(target, meeting_id), params={"filename": "หนังสือปกติ.pdf"}, content=data,
                                 headers=world.headers[target.actor])
    assert response.status_code == 201, response.text
    assert await stored(stack, target, data) == (True, 1)
