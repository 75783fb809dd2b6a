"""Unit tests for content sniffing, size limits, hashing and deduplication of the object store (no server)."""

from __future__ import annotations

import hashlib
import io
import struct
import threading
import time
import urllib.parse
import zipfile
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest
from minio.error import S3Error
from pypdf import PdfWriter

from opensaraban_shared import storage
from opensaraban_shared.errors import AppError
from opensaraban_shared.storage import (
    DEFAULT_ALLOWED_MIME_TYPES,
    DOCM,
    DOCX,
    JPEG,
    OCTET_STREAM,
    ODT,
    PDF,
    PNG,
    PPTX,
    XLSX,
    ZIP,
    ObjectStore,
    check_filename,
    check_mime_type,
    check_readable,
    content_disposition,
    detect_mime_type,
    object_key,
    pdf_pages,
    spool_limited,
)

# --- real, minimal samples ---

MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    idat = zlib.compress(b"\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


JPEG_HEAD = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
EXE_HEAD = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 100


def ooxml_bytes(main_part: str, *, extra: dict[str, bytes] | None = None) -> bytes:
    """An office file as LibreOffice writes it: content types first, main part last (filetype misses it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("docProps/app.xml", "<Properties/>")
        archive.writestr("docProps/core.xml", "<coreProperties/>")
        archive.writestr("customXml/item1.xml", "<x/>")
        archive.writestr(main_part, "<document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", ODT, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", EXE_HEAD)
    return buffer.getvalue()


def detect(data: bytes) -> str:
    return detect_mime_type(io.BytesIO(data))


# --- MIME detection ---


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (MINIMAL_PDF, PDF),
        (png_bytes(), PNG),
        (JPEG_HEAD, JPEG),
        (ooxml_bytes("word/document.xml"), DOCX),
        (ooxml_bytes("xl/workbook.xml"), XLSX),
        (ooxml_bytes("ppt/presentation.xml"), PPTX),
        (odt_bytes(), ODT),
    ],
    ids=["pdf", "png", "jpeg", "docx", "xlsx", "pptx", "odt"],
)
def test_accepted_types_are_recognised_from_content(data: bytes, expected: str) -> None:
    assert detect(data) == expected
    check_mime_type(expected, DEFAULT_ALLOWED_MIME_TYPES)


def test_executable_is_rejected_with_the_detected_type() -> None:
    mime = detect(EXE_HEAD)
    with pytest.raises(AppError) as excinfo:
        check_mime_type(mime, DEFAULT_ALLOWED_MIME_TYPES)
    assert excinfo.value.kind.code == "unsupported_media_type"
    assert excinfo.value.detail == {"detected": "application/x-msdownload"}


def test_plain_zip_is_not_mistaken_for_an_office_file() -> None:
    assert detect(plain_zip_bytes()) == ZIP
    assert ZIP not in DEFAULT_ALLOWED_MIME_TYPES


def test_office_file_with_macros_gets_a_type_refused_by_default() -> None:
    docm = ooxml_bytes("word/document.xml", extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    assert detect(docm) == DOCM
    assert DOCM not in DEFAULT_ALLOWED_MIME_TYPES


def test_truncated_zip_is_just_a_zip() -> None:
    assert detect(ooxml_bytes("word/document.xml")[:200]) == ZIP


def test_plain_text_is_of_unknown_type() -> None:
    assert detect("หนังสือราชการ ฉบับนี้เป็นข้อความธรรมดา".encode()) == OCTET_STREAM


def test_detection_leaves_the_file_rewound() -> None:
    file = io.BytesIO(MINIMAL_PDF)
    file.seek(5)
    detect_mime_type(file)
    assert file.tell() == 0


def test_no_allow_list_accepts_anything() -> None:
    check_mime_type("application/x-msdownload", None)


# --- file names and intact content ---


@pytest.mark.parametrize(("name", "reason"), [
    ("../../etc/passwd", "path"), ("/etc/passwd", "path"), ("..\\..\\boot.ini", "path"), ("..", "path"),
    ("  ", "path"), ("letter\x00.pdf", "control_character"), ("letter\n.pdf", "control_character"),
    ("invoice\u202efdp.exe", "direction_override"), ("\u2067report.pdf", "direction_override"),
])
def test_a_name_that_is_a_path_or_hides_what_it_is_is_refused(name: str, reason: str) -> None:
    with pytest.raises(AppError) as excinfo:
        check_filename(name)
    assert excinfo.value.kind.code == "invalid_filename" and excinfo.value.detail == {"reason": reason}


def test_a_thai_name_with_spaces_and_dots_is_kept_trimmed() -> None:
    assert check_filename(" หนังสือเวียน ว 494.ฉบับแก้ไข.pdf ") == "หนังสือเวียน ว 494.ฉบับแก้ไข.pdf"


def pdf_with_pages(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_that_opens_counts_its_pages_and_a_truncated_one_is_malformed() -> None:
    whole = pdf_with_pages(2)
    assert pdf_pages(io.BytesIO(whole)) == 2
    with pytest.raises(AppError) as excinfo:
        check_readable(io.BytesIO(whole[: len(whole) // 2]), PDF)
    assert excinfo.value.kind.code == "malformed_file"


def test_a_pdf_without_pages_is_malformed() -> None:
    with pytest.raises(AppError) as excinfo:
        pdf_pages(io.BytesIO(pdf_with_pages(0)))
    assert excinfo.value.detail == {"error": "no_pages"}


def test_an_office_file_inflating_beyond_the_limits_is_a_zip_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage, "INFLATION_FLOOR_BYTES", 1024 * 1024)
    bomb = ooxml_bytes("word/document.xml", extra={"word/media/zeros.bin": bytes(2 * 1024 * 1024)})
    with pytest.raises(AppError) as excinfo:
        check_readable(io.BytesIO(bomb), detect(bomb))
    assert excinfo.value.kind.code == "zip_bomb"
    check_readable(io.BytesIO(ooxml_bytes("xl/workbook.xml")), XLSX)  # an ordinary one passes


async def test_an_empty_upload_is_refused() -> None:
    with pytest.raises(AppError) as excinfo:
        await spool_limited(CountingSource([]).stream(), spool=io.BytesIO(), max_bytes=10)
    assert excinfo.value.kind.code == "empty_file"


async def test_a_damaged_pdf_is_never_stored_when_only_readable_files_are_wanted() -> None:
    fake = FakeMinio()
    store = ObjectStore(fake, "bucket")  # type: ignore[arg-type]
    with pytest.raises(AppError):
        await store.put_content_addressed(one_chunk(b"%PDF-1.4\n"), max_bytes=10_000, readable_only=True)
    assert fake.puts == 0


# --- streaming, size limit, hashing ---


@dataclass
class CountingSource:
    """An async byte source that records how far it was read and whether it was closed."""

    chunks: list[bytes]
    served: int = 0
    closed: bool = field(default=False)

    async def stream(self) -> AsyncIterator[bytes]:
        try:
            for chunk in self.chunks:
                self.served += 1
                yield chunk
        finally:
            self.closed = True


async def test_oversize_stream_is_aborted_without_reading_the_rest() -> None:
    source = CountingSource([b"x" * 1000] * 10)
    with pytest.raises(AppError) as excinfo:
        await spool_limited(source.stream(), spool=io.BytesIO(), max_bytes=2500)
    assert excinfo.value.kind.code == "payload_too_large"
    assert excinfo.value.detail == {"max_bytes": 2500}
    assert source.served == 3
    assert source.closed


async def test_stream_of_exactly_max_bytes_is_accepted() -> None:
    source = CountingSource([b"a" * 1000, b"b" * 1000])
    _, size = await spool_limited(source.stream(), spool=io.BytesIO(), max_bytes=2000)
    assert size == 2000


async def test_sha256_and_size_match_the_whole_content_across_flushes() -> None:
    # 3 MiB in 64 KiB chunks crosses the 1 MiB flush threshold several times.
    data = bytes(range(256)) * (3 * 4096)
    source = CountingSource([data[i : i + 65536] for i in range(0, len(data), 65536)])
    spool = io.BytesIO()
    sha256, size = await spool_limited(source.stream(), spool=spool, max_bytes=10 * 1024 * 1024)
    assert sha256 == hashlib.sha256(data).hexdigest()
    assert size == len(data)
    assert spool.getvalue() == data


def test_key_fans_out_by_the_first_two_hex_digits() -> None:
    digest = hashlib.sha256(b"x").hexdigest()
    assert object_key(digest) == f"sha256/{digest[:2]}/{digest}"


def test_content_disposition_keeps_thai_names_with_ascii_fallback() -> None:
    header = content_disposition('หนังสือเวียน "ด่วน" 2568.pdf')
    assert header.startswith('attachment; filename="')
    fallback = header.split('filename="')[1].split('"')[0]
    assert fallback == "2568.pdf"
    encoded = header.split("filename*=UTF-8''")[1]
    assert encoded.startswith("%E0%B8%AB")  # ห
    assert " " not in encoded and '"' not in encoded


@pytest.mark.parametrize(("name", "fallback"), [
    ("หนังสือเชิญ.pdf", "file.pdf"), ("ชม 0017.3-123.pdf", "0017.3-123.pdf"), ("report 2026.xlsx", "report 2026.xlsx"),
    ("ทะเบียนหนังสือรับ-cm-provincial-office-2569.csv", "cm-provincial-office-2569.csv"), ("ไฟล์", "file")])
def test_a_thai_name_falls_back_to_its_ascii_words_never_to_underscores(name, fallback) -> None:
    header = content_disposition(name)
    assert f'filename="{fallback}"' in header
    assert urllib.parse.unquote(header.split("filename*=UTF-8''")[1]) == name


def test_a_caller_may_name_the_fallback() -> None:
    assert 'filename="receive-register-2569.csv"' in content_disposition("ทะเบียน.csv", fallback="receive-register-2569.csv")


# --- deduplication logic against a fake client ---


def no_such_key() -> S3Error:
    return S3Error(None, "NoSuchKey", "missing", None, None, None)  # type: ignore[arg-type]


class FakeMinio:
    """Just enough of minio.Minio to observe what the store uploads."""

    def __init__(self) -> None:
        self.objects: dict[str, tuple[bytes, dict[str, str]]] = {}
        self.puts = 0

    def stat_object(self, bucket: str, key: str) -> Any:
        if key not in self.objects:
            raise no_such_key()
        data, metadata = self.objects[key]
        return SimpleNamespace(size=len(data), metadata=metadata)

    def put_object(self, bucket: str, key: str, data: Any, length: int, **kwargs: Any) -> None:
        self.puts += 1
        metadata = {f"x-amz-meta-{k}": v for k, v in kwargs["metadata"].items()}
        self.objects[key] = (data.read(length), metadata)


async def one_chunk(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def test_same_content_is_kept_as_one_object() -> None:
    fake = FakeMinio()
    store = ObjectStore(fake, "bucket")  # type: ignore[arg-type]
    first = await store.put_content_addressed(one_chunk(MINIMAL_PDF), max_bytes=10_000)
    second = await store.put_content_addressed(one_chunk(MINIMAL_PDF), max_bytes=10_000)
    assert first == second
    assert first.mime_type == PDF and first.size == len(MINIMAL_PDF)
    assert list(fake.objects) == [first.key]
    assert fake.objects[first.key][0] == MINIMAL_PDF


async def test_a_large_file_already_stored_is_not_sent_again(monkeypatch) -> None:
    monkeypatch.setattr(storage, "WRITE_WITHOUT_LOOKUP_BYTES", 10)
    fake = FakeMinio()
    store = ObjectStore(fake, "bucket")  # type: ignore[arg-type]
    await store.put_content_addressed(one_chunk(MINIMAL_PDF), max_bytes=10_000)
    await store.put_content_addressed(one_chunk(MINIMAL_PDF), max_bytes=10_000)
    assert fake.puts == 1


async def test_damaged_object_under_the_key_is_rewritten() -> None:
    fake = FakeMinio()
    store = ObjectStore(fake, "bucket")  # type: ignore[arg-type]
    stored = await store.put_content_addressed(one_chunk(MINIMAL_PDF), max_bytes=10_000)
    fake.objects[stored.key] = (b"garbage", {})
    await store.put_content_addressed(one_chunk(MINIMAL_PDF), max_bytes=10_000)
    assert fake.objects[stored.key][0] == MINIMAL_PDF


async def test_refused_type_is_never_uploaded() -> None:
    fake = FakeMinio()
    store = ObjectStore(fake, "bucket")  # type: ignore[arg-type]
    with pytest.raises(AppError):
        await store.put_content_addressed(one_chunk(EXE_HEAD), max_bytes=10_000)
    assert fake.puts == 0


@pytest.mark.timeout(30)  # obeying the header would sleep four minutes
def test_an_object_store_that_says_retry_after_two_minutes_is_retried_at_once_by_our_own_backoff() -> None:
    """MinIO answers 503 with Retry-After: 120 while it starts; a request must not sleep that long."""
    answers = iter([503, 503, 200])

    class Starting(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers["content-length"]))
            self.send_response(next(answers))
            self.send_header("Retry-After", "120")
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Starting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        response = storage._http_pool().request("PUT", f"http://127.0.0.1:{server.server_address[1]}/b/k", body=b"x")
        assert response.status == 200 and time.monotonic() - started < 5
    finally:
        server.shutdown()
        server.server_close()
