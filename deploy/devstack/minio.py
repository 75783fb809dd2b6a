"""MinIO (S3 API) built from source through the Go module proxy, cached, started per profile."""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import time
from pathlib import Path

from . import net, processes
from .errors import BuildError, DevstackError, MissingToolError
from .paths import Context
from .progress import HEARTBEAT_SECONDS, require_free_space, require_tool, run_streamed, say

MODULE = "github.com/minio/minio"
# Last commit on master after the last release tag (RELEASE.2025-10-15T17-29-55Z): it carries later
# security fixes. Upstream declared the community edition unmaintained in Feb 2026, so nothing newer
# will come; the storage code stays S3-generic so another S3 server (e.g. versitygw) can replace it.
MINIO_VERSION = "v0.0.0-20260212201848-7aac2a2c5b7c"
MIN_GO = (1, 24)
PROCESS = "minio"
ROOT_USER = "opensaraban"
ROOT_PASSWORD = "opensaraban-secret"  # MinIO wants at least 8 characters
BUCKET = "opensaraban"
GO_HINT = "install Go 1.24 or newer from https://go.dev/dl/ (or your distribution) and make sure 'go' is on PATH."


def binary(cache: Path, version: str = MINIO_VERSION) -> Path:
    return cache / "minio" / version / "minio"


def go_env(cache: Path, version: str = MINIO_VERSION) -> dict[str, str]:
    return {
        **os.environ,
        # Use the installed Go; never download another toolchain behind the user's back.
        "GOTOOLCHAIN": "local",
        "GOFLAGS": "-mod=mod",
        # A static binary needs no C toolchain.
        "CGO_ENABLED": "0",
        "GOPATH": str(cache / "go"),
        "GOMODCACHE": str(cache / "go" / "pkg" / "mod"),
        "GOCACHE": str(cache / "go" / "build-cache"),
        "GOBIN": str(cache / "minio" / version),
    }


def parse_go_version(output: str) -> tuple[int, int] | None:
    match = re.search(r"go(\d+)\.(\d+)", output)
    return (int(match.group(1)), int(match.group(2))) if match else None


def require_go() -> str:
    go = require_tool("go", purpose=f"to build MinIO from source ({MODULE})", hint=GO_HINT)
    output = subprocess.run([go, "version"], capture_output=True, text=True, env={**os.environ, "GOTOOLCHAIN": "local"}).stdout
    found = parse_go_version(output)
    if found is not None and found < MIN_GO:
        raise MissingToolError(
            f"Building MinIO needs Go {MIN_GO[0]}.{MIN_GO[1]} or newer, but 'go version' says {output.strip()}.",
            hint=GO_HINT,
        )
    return go


def _running_builds(version: str) -> list[int]:
    """Pids of a 'go install' of this MinIO version started by someone else (another shell, CI)."""
    wanted = f"go install {MODULE}@{version}"
    pids = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if wanted in command and int(entry.name) != os.getpid():
            pids.append(int(entry.name))
    return pids


def _wait_for_other_build(pids: list[int], started: float) -> None:
    say(f"MinIO: another build of {MINIO_VERSION} is running (pid {', '.join(map(str, pids))}); waiting for it …")
    last = time.monotonic()
    while any(processes.cmdline(pid) is not None for pid in pids):
        time.sleep(1)
        if time.monotonic() - last >= HEARTBEAT_SECONDS:
            say(f"    still building MinIO… {time.monotonic() - started:.0f} s")
            last = time.monotonic()


def fetch(cache: Path) -> Path:
    """Make sure the MinIO binary is in the cache; build it with 'go install' when it is not."""
    target = binary(cache)
    if target.exists():
        say(f"MinIO {MINIO_VERSION}: binary already cached at {target}")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    # The lock keeps two devstack commands from building into the same directory at once.
    with open(target.parent / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        others = _running_builds(MINIO_VERSION)
        if others:
            _wait_for_other_build(others, started)
        if not target.exists():
            go = require_go()
            require_free_space(cache, what="building MinIO")
            say(f"MinIO {MINIO_VERSION}: building from source with the Go module proxy (a cold build takes "
                f"several minutes; later runs use the cache) …")
            run_streamed([go, "install", f"{MODULE}@{MINIO_VERSION}"], label="building MinIO",
                         registry="the Go module proxy", env=go_env(cache))
    if not target.exists():
        raise BuildError(f"The MinIO build finished but {target} is missing.",
                         hint="run 'python3 -m deploy.devstack fetch' again and read its output.")
    say(f"MinIO {MINIO_VERSION}: ready at {target} ({time.monotonic() - started:.0f} s)")
    return target


def _data_dir(ctx: Context) -> Path:
    return ctx.paths.data / "minio"


def marker(ctx: Context) -> str:
    return str(_data_dir(ctx))


def running_pid(ctx: Context) -> int | None:
    return processes.running_pid(ctx.paths.pid_file(PROCESS), marker(ctx))


def _ready(ctx: Context) -> bool:
    return net.http_status(f"http://127.0.0.1:{ctx.profile.minio}/minio/health/ready", timeout=1.0) == 200


def healthy(ctx: Context) -> bool:
    return running_pid(ctx) is not None and _ready(ctx)


def launch(ctx: Context) -> processes.Launch:
    pid = running_pid(ctx)
    if pid is not None:
        return processes.Launch("MinIO", pid, True, lambda: _wait(ctx, pid))
    exe = binary(ctx.cache)
    if not exe.exists():
        raise DevstackError(
            f"The MinIO binary is not in the cache ({exe}).",
            hint="run 'python3 -m deploy.devstack fetch' (or 'make setup') first.",
        )
    for port, label in ((ctx.profile.minio, "MinIO"), (ctx.profile.minio_console, "MinIO console")):
        net.require_free(port, component=label, profile=ctx.profile.name)
    ctx.paths.ensure()
    _data_dir(ctx).mkdir(exist_ok=True)
    env = {
        **os.environ,
        "MINIO_ROOT_USER": ROOT_USER,
        "MINIO_ROOT_PASSWORD": ROOT_PASSWORD,
        "MINIO_BROWSER": "on",
        # No internet access is assumed; skip the update check.
        "MINIO_UPDATE": "off",
    }
    argv = [str(exe), "server", "--address", f"127.0.0.1:{ctx.profile.minio}",
            "--console-address", f"127.0.0.1:{ctx.profile.minio_console}", str(_data_dir(ctx))]
    pid = processes.start_detached(ctx.paths, PROCESS, argv, env=env, cwd=ctx.paths.root)
    return processes.Launch("MinIO", pid, False, lambda: _wait(ctx, pid))


def _wait(ctx: Context, pid: int) -> float:
    return processes.wait_until(
        lambda: _ready(ctx),
        what=f"MinIO (profile {ctx.profile.name}, port {ctx.profile.minio})",
        timeout=60,
        alive=lambda: processes.cmdline(pid) is not None,
        log_path=ctx.paths.log_file(PROCESS),
    )


def stop(ctx: Context, *, kill: bool = False) -> int | None:
    return processes.stop(ctx.paths.pid_file(PROCESS), marker(ctx), timeout=30, kill=kill)
