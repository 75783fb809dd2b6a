"""Endpoints, credentials and the per-profile auth secret, written to var/<profile>/stack.json."""

from __future__ import annotations

import json
import os
import secrets

from . import kafka, minio, postgres, softhsm, testpki
from .paths import Context, StackPaths


def auth_secret(paths: StackPaths) -> str:
    """Random per-profile secret, generated once so tokens stay valid across restarts."""
    path = paths.auth_secret
    if path.exists():
        return path.read_text().strip()
    paths.root.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    # Written owner-only from the first byte on.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secret + "\n")
    return secret


def infra_endpoints(ctx: Context) -> dict[str, object]:
    profile = ctx.profile
    return {
        "profile": profile.name,
        "kafka_bootstrap": f"127.0.0.1:{profile.kafka}",
        "kafka_lib": str(kafka.lib_dir(ctx.cache)),
        "pg_dsn": postgres.dsn(profile.postgres),
        "s3_endpoint": f"127.0.0.1:{profile.minio}",
        "s3_access_key": minio.ROOT_USER,
        "s3_secret_key": minio.ROOT_PASSWORD,
        "s3_bucket": minio.BUCKET,
        "minio_console": f"http://127.0.0.1:{profile.minio_console}",
        "log_dir": str(ctx.paths.log),
        "pki": testpki.endpoints(ctx),
        "softhsm": {"conf": str(softhsm.ensure_config(ctx.paths)), "module": str(softhsm.pkcs11_module())},
    }


def describe(ctx: Context) -> dict[str, object]:
    # Imported here: services imports this module for the auth secret.
    from .services import SERVICES, smtp_port

    return {
        **infra_endpoints(ctx),
        "services": {name: service.base_url(ctx.profile) for name, service in SERVICES.items()},
        "notify_smtp": f"127.0.0.1:{smtp_port(ctx.profile)}",
    }


def write(ctx: Context) -> dict[str, object]:
    data = describe(ctx)
    ctx.paths.root.mkdir(parents=True, exist_ok=True)
    tmp = ctx.paths.stack_json.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    # Readers (tests) never see a half-written file.
    tmp.replace(ctx.paths.stack_json)
    return data
