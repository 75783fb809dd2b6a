"""S3 object store for attachments: content-addressed, size-limited, type-checked by content, verified on read."""

from __future__ import annotations

import asyncio
import hashlib
import re
import unicodedata
import urllib.parse
import zipfile
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import timedelta
from tempfile import SpooledTemporaryFile
from typing import IO, Any

import filetype
import urllib3
from minio import Minio
from minio.error import S3Error
from pypdf import PdfReader

from opensaraban_shared.errors import PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, AppError, ErrorKind

# Uploads up to this size stay in memory; larger ones spill to a temporary file on disk.
SPOOL_MEMORY_BYTES = 8 * 1024 * 1024
# Incoming chunks are hashed and written in batches in a worker thread, so a large upload
# neither blocks the event loop nor pays one thread hop per tiny network chunk.
SPOOL_FLUSH_BYTES = 1024 * 1024
READ_CHUNK_BYTES = 256 * 1024
# Up to this size an upload is written without first asking whether the object exists.
WRITE_WITHOUT_LOOKUP_BYTES = 256 * 1024
# filetype never looks further than this into a file.
SNIFF_BYTES = 8192

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
GIF = "image/gif"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
ZIP = "application/zip"
OCTET_STREAM = "application/octet-stream"

# Office files that carry VBA macros get their own types, so they are refused unless a caller opts in.
DOCM = "application/vnd.ms-word.document.macroEnabled.12"
XLSM = "application/vnd.ms-excel.sheet.macroEnabled.12"
PPTM = "application/vnd.ms-powerpoint.presentation.macroEnabled.12"

# What an official letter's attachments usually are: scans, PDFs and office documents.
# The legacy binary Office formats stay because many agencies still exchange .doc and .xls.
DEFAULT_ALLOWED_MIME_TYPES = frozenset(
    {PDF, PNG, JPEG, TIFF, GIF, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP, DOC, XLS, PPT}
)

_OOXML_PARTS = (("word/", DOCX, DOCM), ("xl/", XLSX, XLSM), ("ppt/", PPTX, PPTM))
_ODF_TYPES = frozenset({ODT, ODS, ODP})
_ZIPPED_DOCUMENTS = frozenset({DOCX, XLSX, PPTX, DOCM, XLSM, PPTM}) | _ODF_TYPES

# An office document's parts inflate some ten times; a zip bomb thousands of times. Up to the floor anything goes
# (very repetitive spreadsheets compress well), above it at most the ratio, and never beyond the ceiling.
INFLATION_FLOOR_BYTES = 64 * 1024 * 1024
INFLATION_RATIO = 100
INFLATION_CEILING_BYTES = 1024 * 1024 * 1024
# Characters that make a name read differently from what it is ("invoice\u202efdp.exe" shows as "invoiceexe.pdf").
_DIRECTION_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

EMPTY_FILE = ErrorKind("empty_file", 422, "ไฟล์ว่างเปล่า", "The file is empty")
MALFORMED_FILE = ErrorKind("malformed_file", 422, "ไฟล์เสียหายหรือไม่สมบูรณ์ จึงเปิดอ่านไม่ได้",
                           "The file is damaged or incomplete and cannot be opened")
ZIP_BOMB = ErrorKind("zip_bomb", 422, "ไฟล์นี้คลายการบีบอัดแล้วใหญ่ผิดปกติ (zip bomb)",
                     "The file would inflate far beyond its size when unpacked (a zip bomb)")
INVALID_FILENAME = ErrorKind("invalid_filename", 422,
                             "ชื่อไฟล์ไม่ถูกต้อง: ห้ามเป็นเส้นทาง ห้ามมีอักขระควบคุมหรืออักขระกลับทิศทางข้อความ",
                             "Not a valid file name: no path, no control or text-direction characters")


@dataclass(frozen=True)
class StoredObject:
    key: str
    sha256: str
    size: int
    mime_type: str


class ChecksumMismatch(Exception):
    """The bytes read back differ from the recorded SHA-256: the stored object is damaged or was replaced."""

    def __init__(self, *, key: str, expected: str, actual: str) -> None:
        super().__init__(f"checksum mismatch for {key}: expected {expected}, got {actual}")
        self.key = key
        self.expected = expected
        self.actual = actual


class ObjectMissing(LookupError):
    """A key the database refers to is not in the bucket."""

    def __init__(self, key: str) -> None:
        super().__init__(f"object {key} is missing")
        self.key = key


# --- Pure helpers (no server needed) ------------------------------------------------------------


def object_key(sha256_hex: str, *, namespace: str = "") -> str:
    # The two-character fan-out keeps listings and per-prefix limits of S3 servers manageable.
    # A namespace ("meeting/") keeps a service's objects apart from another's clean-up in a shared bucket.
    return f"{namespace}sha256/{sha256_hex[:2]}/{sha256_hex}"


def detect_mime_type(file: IO[bytes]) -> str:
    """The MIME type of a seekable file judged from its content alone; leaves the file at position 0."""
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"PK\x03\x04"):
            # filetype only guesses OOXML and ODF from the first entries' names; read the
            # central directory instead, which is authoritative and cheap.
            return _zip_document_type(file)
        return filetype.guess_mime(head) or OCTET_STREAM
    finally:
        file.seek(0)


def _zip_document_type(file: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                return _ooxml_type(names)
            if "mimetype" in names:
                return _odf_type(archive)
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError, RuntimeError):
        # A damaged or crafted archive is no office document; "zip" is refused by default. (zipfile raises
        # NotImplementedError for compression methods it cannot read: that is such an archive too.)
        pass
    return ZIP


def _ooxml_type(names: Iterable[str]) -> str:
    names = list(names)
    has_macros = any(name.lower().endswith("vbaproject.bin") for name in names)
    for prefix, plain, macro_enabled in _OOXML_PARTS:
        if any(name.startswith(prefix) for name in names):
            return macro_enabled if has_macros else plain
    return ZIP


def _odf_type(archive: zipfile.ZipFile) -> str:
    info = archive.getinfo("mimetype")
    # The declared size is checked first so a crafted entry cannot make us inflate a bomb.
    if info.file_size > 100:
        return ZIP
    declared = archive.read(info).decode("ascii", errors="replace").strip()
    return declared if declared in _ODF_TYPES else ZIP


def check_mime_type(mime_type: str, allowed: frozenset[str] | None) -> None:
    if allowed is not None and mime_type not in allowed:
        raise AppError(UNSUPPORTED_MEDIA_TYPE, {"detected": mime_type})


def check_filename(name: str) -> str:
    """An uploaded file's name without surrounding spaces, refused when it is a path or hides what it is."""
    name = name.strip()
    if name in {"", ".", ".."} or "/" in name or "\\" in name:
        raise AppError(INVALID_FILENAME, {"reason": "path"})
    if any(unicodedata.category(c) == "Cc" for c in name):  # NUL, line breaks, escape sequences
        raise AppError(INVALID_FILENAME, {"reason": "control_character"})
    if any(c in _DIRECTION_CONTROLS for c in name):
        raise AppError(INVALID_FILENAME, {"reason": "direction_override"})
    return name


def pdf_pages(file: IO[bytes]) -> int:
    """The number of pages of a PDF; MALFORMED_FILE when it does not open (damaged, truncated) or has no page."""
    file.seek(0)
    try:
        pages = len(PdfReader(file).pages)
    except Exception as exc:  # pypdf raises many kinds of errors for a damaged file
        raise AppError(MALFORMED_FILE, {"error": type(exc).__name__}) from exc
    finally:
        file.seek(0)
    if pages < 1:
        raise AppError(MALFORMED_FILE, {"error": "no_pages"})
    return pages


def check_readable(file: IO[bytes], mime_type: str) -> None:
    """Refuses a file that only looks like an accepted type: a PDF that does not open, or an office document
    whose parts would inflate far beyond its size (a zip bomb that unpacks on the reader's machine)."""
    if mime_type == PDF:
        pdf_pages(file)
    elif mime_type in _ZIPPED_DOCUMENTS:
        size = file.seek(0, 2)
        try:
            with zipfile.ZipFile(file) as archive:
                inflated = sum(info.file_size for info in archive.infolist())
        finally:
            file.seek(0)
        limit = min(INFLATION_CEILING_BYTES, max(INFLATION_FLOOR_BYTES, INFLATION_RATIO * size))
        if inflated > limit:
            raise AppError(ZIP_BOMB, {"inflated_bytes": inflated, "max_inflated_bytes": limit})


async def spool_limited(source: AsyncIterator[bytes], *, spool: IO[bytes], max_bytes: int) -> tuple[str, int]:
    """Copy `source` into `spool` and return (sha256 hex, size); stop reading once max_bytes is exceeded.
    An empty upload is refused."""
    digest = hashlib.sha256()
    size = 0
    pending: list[bytes] = []
    pending_bytes = 0
    try:
        async for chunk in source:
            size += len(chunk)
            if size > max_bytes:
                raise AppError(PAYLOAD_TOO_LARGE, {"max_bytes": max_bytes})
            pending.append(bytes(chunk))
            pending_bytes += len(chunk)
            if pending_bytes >= SPOOL_FLUSH_BYTES:
                await asyncio.to_thread(_absorb, pending, digest=digest, spool=spool)
                pending, pending_bytes = [], 0
        await asyncio.to_thread(_absorb, pending, digest=digest, spool=spool)
    finally:
        # Release whatever feeds the source (e.g. the request body) even when we stop early.
        aclose = getattr(source, "aclose", None)
        if aclose is not None:
            await aclose()
    if size == 0:
        raise AppError(EMPTY_FILE)
    return digest.hexdigest(), size


def _absorb(chunks: list[bytes], *, digest: Any, spool: IO[bytes]) -> None:
    # hashlib releases the GIL on large buffers, so this runs truly in parallel with the loop.
    for chunk in chunks:
        digest.update(chunk)
        spool.write(chunk)


def ascii_filename(name: str, *, default_stem: str = "file") -> str:
    """The name for clients that ignore filename*: its ASCII words kept, the rest dropped ('ชม 0017-123.pdf' →
    '0017-123.pdf'; 'หนังสือเชิญ.pdf' → 'file.pdf'), never a row of underscores."""
    stem, dot, extension = name.rpartition(".") if "." in name else (name, "", "")
    def ascii_part(text: str) -> str:
        kept = "".join(c if c.isascii() and c.isprintable() and c not in '"\\/;' else " " for c in text)
        return re.sub(r"\s+", " ", kept).strip(" -_.")
    extension = ascii_part(extension) if extension.isascii() else ""
    return f"{ascii_part(stem) or default_stem}{'.' + extension if dot and extension else ''}"


def content_disposition(download_name: str, *, fallback: str | None = None) -> str:
    """An attachment header that keeps Thai file names (RFC 6266 + RFC 5987) with an ASCII fallback."""
    encoded = urllib.parse.quote(download_name, safe="")
    return f"attachment; filename=\"{ascii_filename(fallback or download_name)}\"; filename*=UTF-8''{encoded}"


# --- The store ----------------------------------------------------------------------------------


class ObjectStore:
    """One bucket of an S3 server. The minio client is blocking, so every call runs in a worker thread."""

    def __init__(self, client: Minio, bucket: str) -> None:
        self._client = client
        self._bucket = bucket

    @classmethod
    def connect(
        cls,
        *,
        endpoint: str,
        access_key: str,
        secret_key: str,
        bucket: str,
        secure: bool = False,
        region: str | None = None,
    ) -> ObjectStore:
        """Build the client (no network I/O happens here)."""
        client = Minio(
            endpoint,
            access_key=access_key,
            secret_key=secret_key,
            secure=secure,
            region=region,
            http_client=_http_pool(),
        )
        return cls(client, bucket)

    @property
    def bucket(self) -> str:
        return self._bucket

    @property
    def client(self) -> Minio:
        return self._client

    async def ensure_bucket(self) -> None:
        """Create the bucket when missing. No bucket policy is ever set: nothing is public."""
        if await asyncio.to_thread(self._client.bucket_exists, self._bucket):
            return
        try:
            await asyncio.to_thread(self._client.make_bucket, self._bucket)
        except S3Error as exc:
            # Another instance starting at the same moment may have won the race.
            if exc.code != "BucketAlreadyOwnedByYou":
                raise

    async def ping(self, *, timeout: float = 5.0) -> None:
        """Raise unless the server answers and the bucket exists (for readiness probes)."""
        exists = await asyncio.wait_for(asyncio.to_thread(self._client.bucket_exists, self._bucket), timeout)
        if not exists:
            raise RuntimeError(f"bucket {self._bucket} does not exist")

    async def put_content_addressed(
        self,
        source: AsyncIterator[bytes],
        *,
        max_bytes: int,
        allowed_mime_types: frozenset[str] | None = DEFAULT_ALLOWED_MIME_TYPES,
        namespace: str = "",
        readable_only: bool = False,
    ) -> StoredObject:
        """Store the stream under its SHA-256 once; `allowed_mime_types=None` accepts any type.
        `readable_only` also refuses damaged PDFs and zip bombs (see check_readable) before anything is stored."""
        with SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES) as spool:
            sha256, size = await spool_limited(source, spool=spool, max_bytes=max_bytes)
            mime_type = await asyncio.to_thread(detect_mime_type, spool)
            check_mime_type(mime_type, allowed_mime_types)
            if readable_only:
                await asyncio.to_thread(check_readable, spool, mime_type)
            stored = StoredObject(key=object_key(sha256, namespace=namespace), sha256=sha256, size=size, mime_type=mime_type)
            # A small file is cheaper to write again than to look up first (one request instead of two);
            # a large one is looked up so the same scan is not sent twice.
            if size <= WRITE_WITHOUT_LOOKUP_BYTES or not await self._holds(stored):
                # Concurrent uploads of the same bytes may both get here; they write identical
                # content under the same key, so the last writer changes nothing.
                await asyncio.to_thread(self._put, spool, stored)
            return stored

    async def put_bytes(self, data: bytes, *, namespace: str = "") -> StoredObject:
        """Store bytes made by the service itself (a generated PDF) under their SHA-256; any type."""

        async def one_chunk() -> AsyncIterator[bytes]:
            yield data

        return await self.put_content_addressed(one_chunk(), max_bytes=max(len(data), 1), allowed_mime_types=None,
                                                namespace=namespace)

    async def read_verified(self, key: str, expected_sha256: str) -> bytes:
        """The whole object, checked against its SHA-256 (ChecksumMismatch / ObjectMissing otherwise)."""
        return b"".join([chunk async for chunk in self.open_verified(key, expected_sha256)])

    async def _holds(self, stored: StoredObject) -> bool:
        try:
            stat = await asyncio.to_thread(self._client.stat_object, self._bucket, stored.key)
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject"):
                return False
            raise
        recorded = (stat.metadata or {}).get("x-amz-meta-sha256")
        # An object under our key with another size or checksum was damaged or replaced:
        # writing the good bytes again repairs it instead of deduplicating onto it.
        return stat.size == stored.size and recorded == stored.sha256

    def _put(self, spool: IO[bytes], stored: StoredObject) -> None:
        spool.seek(0)
        self._client.put_object(
            self._bucket,
            stored.key,
            spool,
            stored.size,
            content_type=stored.mime_type,
            metadata={"sha256": stored.sha256},
        )

    async def open_verified(self, key: str, expected_sha256: str) -> AsyncIterator[bytes]:
        """Stream an object and raise ChecksumMismatch after the last chunk if its SHA-256 is wrong.

        The check can only finish after every byte has been handed out, so a streaming HTTP
        response will already have sent data; the caller must abort the connection on the error.
        """
        response = await asyncio.to_thread(self._get, key)
        digest = hashlib.sha256()
        try:
            while chunk := await asyncio.to_thread(_read_and_hash, response, digest):
                yield chunk
        finally:
            response.close()
            response.release_conn()
        actual = digest.hexdigest()
        if actual != expected_sha256.lower():
            raise ChecksumMismatch(key=key, expected=expected_sha256, actual=actual)

    def _get(self, key: str) -> urllib3.BaseHTTPResponse:
        try:
            return self._client.get_object(self._bucket, key)
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject"):
                raise ObjectMissing(key) from exc
            raise

    async def presigned_get_url(
        self, key: str, *, expires: timedelta = timedelta(minutes=5), download_name: str | None = None
    ) -> str:
        """A short-lived URL the browser can download from directly, without our credentials."""
        headers = {"response-content-disposition": content_disposition(download_name)} if download_name else None
        # Signing is local, but the client may first look up the bucket's region over the network.
        return await asyncio.to_thread(
            self._client.presigned_get_object, self._bucket, key, expires=expires, response_headers=headers
        )

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._client.remove_object, self._bucket, key)


def _read_and_hash(response: urllib3.BaseHTTPResponse, digest: Any) -> bytes:
    chunk: bytes = response.read(READ_CHUNK_BYTES)
    digest.update(chunk)
    return chunk


def _http_pool() -> urllib3.PoolManager:
    # minio's own default waits five minutes to connect or read and retries five times, which
    # would hang readiness probes and requests for half an hour when the server is unreachable.
    return urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=5, read=60),
        # As many connections as the default thread pool can use at once, so none is thrown away.
        maxsize=32,
        # Not the server's Retry-After: MinIO answers 503 with "Retry-After: 120" (60 in newer versions) while it
        # starts, and obeying it held each request, and a worker thread, for minutes. Our short backoff, then a
        # 503 to our caller, who retries.
        retries=urllib3.Retry(total=3, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504],
                              respect_retry_after_header=False),
    )
