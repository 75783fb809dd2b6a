"""PostgreSQL access: one asyncpg pool per service, created at start-up, plus schema migrations."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

from .logging import get_logger

log = get_logger(__name__)

# The largest PostgreSQL `int`. Every integer a client sends (offsets, versions, positions) is bounded by it, so
# an absurd number is answered 422 instead of overflowing in the driver.
INT_MAX = 2**31 - 1

_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


class Database:
    """Owns the pool; `transaction()` is how use cases group writes (domain rows + outbox rows)."""

    def __init__(self, *, dsn: str, schema: str, min_size: int = 1, max_size: int = 10) -> None:
        self._dsn = dsn
        self.schema = schema
        self._min_size = min_size
        self._max_size = max_size
        self._pool: asyncpg.Pool | None = None

    @property
    def dsn(self) -> str:
        return self._dsn

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("Database.connect() was not called")
        return self._pool

    async def connect(self) -> None:
        self._pool = await asyncpg.create_pool(
            self._dsn,
            min_size=self._min_size,
            max_size=self._max_size,
            # Each service sees its own schema first; SQL never needs to prefix its tables.
            server_settings={"search_path": f"{self.schema},public", "application_name": self.schema},
            # The default reset runs a query (unlock, unlisten, reset all) on every release. Pool users keep
            # no session state (locks are transaction-scoped, LISTEN has its own connection): skip it.
            reset=_keep_session,
        )

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[asyncpg.Connection]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield conn

    async def ping(self) -> None:
        async with self.pool.acquire(timeout=2) as conn:
            await conn.fetchval("SELECT 1", timeout=2)

    async def migrate(self, directory: Path) -> list[str]:
        """Applies the shared reliability tables, then the service's own `NNN_name.sql` files, each once."""
        applied = await apply_migrations(self.pool, schema=self.schema, directory=RELIABILITY_MIGRATIONS, label="shared")
        return applied + await apply_migrations(self.pool, schema=self.schema, directory=directory, label="service")


async def _keep_session(_: asyncpg.Connection) -> None:
    return None


def migration_files(directory: Path) -> list[Path]:
    files = sorted(p for p in directory.glob("*.sql"))
    for path in files:
        if not _MIGRATION_NAME.match(path.name):
            raise ValueError(f"migration file name must look like 001_create_letters.sql: {path.name}")
    numbers = [p.name[:3] for p in files]
    if len(numbers) != len(set(numbers)):
        raise ValueError(f"two migrations share a number in {directory}")
    return files


async def apply_migrations(pool: asyncpg.Pool, *, schema: str, directory: Path, label: str) -> list[str]:
    """Runs under an advisory lock so replicas starting together apply each file exactly once."""
    applied_now: list[str] = []
    lock_key = int.from_bytes(hashlib.sha256(f"migrate:{schema}".encode()).digest()[:8], "big", signed=True)
    async with pool.acquire() as conn:
        await conn.execute("SELECT pg_advisory_lock($1)", lock_key)
        try:
            await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            await conn.execute(
                f"""CREATE TABLE IF NOT EXISTS "{schema}".schema_migrations (
                    name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"""
            )
            done = {
                r["name"]: r["checksum"]
                for r in await conn.fetch(f'SELECT name, checksum FROM "{schema}".schema_migrations')
            }
            for path in migration_files(directory):
                name = f"{label}/{path.name}"
                sql = path.read_text(encoding="utf-8")
                checksum = hashlib.sha256(sql.encode()).hexdigest()
                if name in done:
                    if done[name] != checksum:
                        raise RuntimeError(f"applied migration {name} was edited; add a new migration instead")
                    continue
                async with conn.transaction():
                    await conn.execute(f'SET LOCAL search_path TO "{schema}", public')
                    await conn.execute(sql)
                    await conn.execute(
                        f'INSERT INTO "{schema}".schema_migrations (name, checksum) VALUES ($1, $2)',
                        name,
                        checksum,
                    )
                applied_now.append(name)
                log.info("migration_applied", schema=schema, migration=name)
        finally:
            await conn.execute("SELECT pg_advisory_unlock($1)", lock_key)
    return applied_now


# Tables every service needs for the reliability primitives; applied before the service's own migrations.
RELIABILITY_MIGRATIONS = Path(__file__).parent / "migrations"
