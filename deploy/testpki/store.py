"""The certificates the issuing CA made at run time and their revocations, in SQLite under var/<profile>/pki/."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS certificates (
    serial TEXT PRIMARY KEY,            -- lower-case hex, no leading zeros
    profile TEXT NOT NULL,              -- signer | seal
    subject TEXT NOT NULL,              -- RFC 4514 string, for people reading the database
    certificate_der BLOB NOT NULL,
    issued_at TEXT NOT NULL,            -- ISO 8601, UTC
    revoked_at TEXT,
    revocation_reason TEXT
)
"""


@dataclass(frozen=True)
class StoredCertificate:
    serial: int
    profile: str
    certificate_der: bytes
    issued_at: datetime
    revoked_at: datetime | None
    revocation_reason: str | None


def serial_hex(serial: int) -> str:
    return format(serial, "x")


class CertificateStore:
    """One connection, used under a lock: the PKI serves a handful of requests at a time."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(SCHEMA)

    def add(self, serial: int, profile: str, subject: str, certificate_der: bytes, issued_at: datetime) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO certificates (serial, profile, subject, certificate_der, issued_at) VALUES (?, ?, ?, ?, ?)",
                (serial_hex(serial), profile, subject, certificate_der, issued_at.isoformat()),
            )

    def get(self, serial: int) -> StoredCertificate | None:
        with self._lock:
            row = self._db.execute(
                "SELECT serial, profile, certificate_der, issued_at, revoked_at, revocation_reason "
                "FROM certificates WHERE serial = ?", (serial_hex(serial),)).fetchone()
        return _stored(row) if row else None

    def revoke(self, serial: int, reason: str, at: datetime) -> StoredCertificate | None:
        """Marks the certificate revoked now; a second call keeps the first time and reason. None: unknown serial."""
        with self._lock:
            self._db.execute(
                "UPDATE certificates SET revoked_at = ?, revocation_reason = ? WHERE serial = ? AND revoked_at IS NULL",
                (at.isoformat(), reason, serial_hex(serial)))
        return self.get(serial)

    def revoked(self) -> list[StoredCertificate]:
        with self._lock:
            rows = self._db.execute(
                "SELECT serial, profile, certificate_der, issued_at, revoked_at, revocation_reason "
                "FROM certificates WHERE revoked_at IS NOT NULL ORDER BY revoked_at").fetchall()
        return [_stored(row) for row in rows]


def _stored(row: tuple) -> StoredCertificate:
    serial, profile, der, issued_at, revoked_at, reason = row
    return StoredCertificate(int(serial, 16), profile, der, datetime.fromisoformat(issued_at),
                             datetime.fromisoformat(revoked_at) if revoked_at else None, reason)
