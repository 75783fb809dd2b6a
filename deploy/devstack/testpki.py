"""The development and test PKI (deploy/testpki), one process per profile, started with the infrastructure."""

from __future__ import annotations

import os

from . import net, processes
from .paths import REPO_ROOT, Context

PROCESS = "pki"
MODULE = "deploy.testpki"
ARCH = "opensaraban"
ISSUING = "issuing"


def url(ctx: Context) -> str:
    return f"http://127.0.0.1:{ctx.profile.pki}"


def endpoints(ctx: Context) -> dict[str, str]:
    """What stack.json says about the PKI; the paths follow deploy/testpki/certomancer.yml."""
    base, certs = url(ctx), ctx.paths.pki / "certs"
    return {
        "url": base,
        "enroll_url": f"{base}/certificates",
        "tsa_url": f"{base}/tsa",
        "ocsp_url": f"{base}/{ARCH}/ocsp/{ISSUING}",
        "crl_url": f"{base}/{ARCH}/crls/{ISSUING}/latest.crl",
        "root_certificate": str(certs / "root.pem"),
        "issuing_ca_certificate": str(certs / "issuing.pem"),
        "tsa_certificate": str(certs / "tsa.pem"),
        "certificates_dir": str(certs),
        "keys_dir": str(ctx.paths.pki / "keys"),
    }


def marker(ctx: Context) -> str:
    return str(ctx.paths.pki)


def running_pid(ctx: Context) -> int | None:
    return processes.running_pid(ctx.paths.pid_file(PROCESS), marker(ctx))


def _ready(ctx: Context) -> bool:
    return net.http_status(f"{url(ctx)}/health", timeout=1.0) == 200


def healthy(ctx: Context) -> bool:
    return running_pid(ctx) is not None and _ready(ctx)


def launch(ctx: Context) -> processes.Launch:
    # Imported here: services imports this module for the documents service's settings.
    from .services import venv_python

    pid = running_pid(ctx)
    if pid is not None:
        return processes.Launch("test PKI", pid, True, lambda: _wait(ctx, pid))
    python = venv_python()
    net.require_free(ctx.profile.pki, component="test PKI", profile=ctx.profile.name)
    argv = [str(python), "-m", MODULE, "--state-dir", marker(ctx), "--port", str(ctx.profile.pki)]
    pid = processes.start_detached(ctx.paths, PROCESS, argv, env={**os.environ, "PYTHONUNBUFFERED": "1"}, cwd=REPO_ROOT)
    return processes.Launch("test PKI", pid, False, lambda: _wait(ctx, pid))


def _wait(ctx: Context, pid: int) -> float:
    return processes.wait_until(
        lambda: _ready(ctx),
        what=f"The test PKI (profile {ctx.profile.name}, {url(ctx)})",
        timeout=90,
        alive=lambda: processes.cmdline(pid) is not None,
        log_path=ctx.paths.log_file(PROCESS),
        hint=f"read its log below (full log: {ctx.paths.log_file(PROCESS)}); 'make setup' installs Certomancer.",
        interval=0.3,
    )


def stop(ctx: Context, *, kill: bool = False) -> int | None:
    return processes.stop(ctx.paths.pid_file(PROCESS), marker(ctx), timeout=20, kill=kill)
