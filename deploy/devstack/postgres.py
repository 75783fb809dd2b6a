"""Private PostgreSQL cluster per profile from the Debian binaries: initdb, start, roles, stop."""

from __future__ import annotations

import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

from . import net, processes
from .errors import DevstackError, MissingToolError
from .paths import Context
from .progress import run_streamed, say

PROCESS = "postgres"
APP_USER = "opensaraban"
APP_PASSWORD = "opensaraban"
APP_DATABASE = "opensaraban"
# Bootstrap superuser of the private cluster; reachable only over its unix socket (trust).
SUPERUSER = "postgres"
# PostgreSQL refuses to run as root; as root we run the cluster as this (Debian-created) system user.
OS_USER = "postgres"
INCLUDE_LINE = "include 'devstack.conf'"
INSTALL_HINT = (
    "install the PostgreSQL server, e.g. 'sudo apt-get install -y postgresql' (Debian/Ubuntu), or set "
    "OPENSARABAN_AUTO_INSTALL=1 and run as root to let devstack install it."
)

SETUP_SQL = f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_USER}') THEN
    -- CREATEDB so integration tests may create throw-away databases.
    CREATE ROLE {APP_USER} LOGIN CREATEDB PASSWORD '{APP_PASSWORD}';
  END IF;
END
$$;
SELECT 'CREATE DATABASE {APP_DATABASE} OWNER {APP_USER}'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '{APP_DATABASE}')\\gexec
"""


def dsn(port: int, host: str = "127.0.0.1") -> str:
    return f"postgresql://{APP_USER}:{APP_PASSWORD}@{host}:{port}/{APP_DATABASE}"


def devstack_conf(port: int, socket_dir: Path) -> str:
    return "\n".join(
        [
            "# Written by deploy/devstack on every start; postgresql.conf includes it.",
            f"port = {port}",
            "listen_addresses = '127.0.0.1'",
            f"unix_socket_directories = '{socket_dir}'",
            "max_connections = 200",
            "shared_buffers = 128MB",
            # Data safety over speed, even for a dev cluster: a crash must not corrupt the data.
            "fsync = on",
            "log_line_prefix = '%m [%p] %q%u@%d '",
            "",
        ]
    )


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name)) or (0,)


def find_bin_dir(*, allow_install: bool = True) -> Path:
    """Binaries of the highest installed major version (Debian layout first, then PATH)."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=_version_key)
    if candidates:
        return candidates[-1].parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).resolve().parent
    if allow_install and _may_install():
        _install()
        return find_bin_dir(allow_install=False)
    raise MissingToolError("PostgreSQL server binaries (initdb, pg_ctl) were not found.", hint=INSTALL_HINT)


def _may_install() -> bool:
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return False
    if os.environ.get("OPENSARABAN_AUTO_INSTALL") == "1" or not sys.stdin.isatty():
        return True
    answer = input("PostgreSQL is not installed. Install it now with 'apt-get install -y postgresql'? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def _install() -> None:
    say("Installing PostgreSQL with 'apt-get install -y postgresql' (the Debian package also starts its own "
        "cluster on port 5432; ours is separate and uses the profile's port) …")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        run_streamed(["apt-get", "install", "-y", "postgresql"], label="installing PostgreSQL",
                     registry="the Debian package mirror", env=env)
    except DevstackError:
        # A fresh machine often has no package lists yet.
        run_streamed(["apt-get", "update"], label="updating package lists", registry="the Debian package mirror", env=env)
        run_streamed(["apt-get", "install", "-y", "postgresql"], label="installing PostgreSQL",
                     registry="the Debian package mirror", env=env)


def _data_dir(ctx: Context) -> Path:
    return ctx.paths.data / "postgres"


def _as_root() -> bool:
    return os.geteuid() == 0


def _owner() -> pwd.struct_passwd | None:
    """The unprivileged user that owns the cluster when we run as root; None when we are not root."""
    if not _as_root():
        return None
    try:
        return pwd.getpwnam(OS_USER)
    except KeyError:
        say(f"Creating system user '{OS_USER}' to run PostgreSQL (it refuses to run as root) …")
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER], check=True)
        return pwd.getpwnam(OS_USER)


def _as_owner(argv: list[str]) -> list[str]:
    if not _as_root():
        return argv
    if shutil.which("runuser") is None:
        raise MissingToolError("'runuser' (util-linux) is needed to run PostgreSQL as an unprivileged user.",
                               hint="install util-linux, or run devstack as a normal user.")
    return ["runuser", "-u", OS_USER, "--", *argv]


def _check_traversable(path: Path, owner: pwd.struct_passwd) -> None:
    for directory in [path, *path.parents]:
        mode = directory.stat()
        if mode.st_uid == owner.pw_uid:
            continue
        if not mode.st_mode & stat.S_IXOTH and not (mode.st_gid == owner.pw_gid and mode.st_mode & stat.S_IXGRP):
            raise DevstackError(
                f"PostgreSQL runs as user '{owner.pw_name}' (it refuses root), but that user cannot enter {directory}.",
                hint=f"allow it with 'chmod o+x {directory}', or keep the repository in a directory other users can enter.",
            )


def _prepare_ownership(ctx: Context, owner: pwd.struct_passwd) -> None:
    data = _data_dir(ctx)
    data.mkdir(mode=0o700, exist_ok=True)
    log = ctx.paths.log_file(PROCESS)
    log.touch()
    # The socket and lock file go into run/; root can still write our other pid files there.
    for path in (data, log, ctx.paths.run):
        os.chown(path, owner.pw_uid, owner.pw_gid)
    for directory in (ctx.paths.root, ctx.paths.data):
        directory.chmod(directory.stat().st_mode | stat.S_IXOTH)
    _check_traversable(ctx.paths.run, owner)


def _postmaster_pid(ctx: Context) -> int | None:
    return processes.read_pid(_data_dir(ctx) / "postmaster.pid")


def running_pid(ctx: Context) -> int | None:
    # pg_ctl writes postmaster.pid; we only mirror it into run/postgres.pid for a uniform layout.
    pid = _postmaster_pid(ctx)
    if pid is None:
        return None
    command = processes.cmdline(pid)
    return pid if command is not None and str(_data_dir(ctx)) in command else None


def _is_ready(bin_dir: Path, ctx: Context) -> bool:
    result = subprocess.run(
        [str(bin_dir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(ctx.profile.postgres), "-d", "postgres"],
        capture_output=True,
    )
    return result.returncode == 0


def healthy(ctx: Context) -> bool:
    if running_pid(ctx) is None:
        return False
    try:
        return _is_ready(find_bin_dir(allow_install=False), ctx)
    except DevstackError:
        return False


def _check_socket_path(ctx: Context) -> None:
    socket_path = ctx.paths.run / f".s.PGSQL.{ctx.profile.postgres}"
    # sockaddr_un.sun_path holds 107 bytes on Linux.
    if len(str(socket_path).encode()) > 107:
        raise DevstackError(
            f"The PostgreSQL socket path {socket_path} is longer than the 107 bytes a unix socket allows.",
            hint="move the repository to a shorter path.",
        )


def _initdb(bin_dir: Path, ctx: Context) -> None:
    data = _data_dir(ctx)
    say(f"PostgreSQL: creating a new cluster in {data} …")
    result = subprocess.run(
        _as_owner([
            str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "-E", "UTF8", "--locale=C.UTF-8",
            # Socket: only this machine's users reach it; TCP on loopback still needs the password.
            "--auth-local=trust", "--auth-host=scram-sha-256",
        ]),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise DevstackError(
            f"initdb failed for {data}.",
            hint=f"if the directory is half-initialised, run 'python3 -m deploy.devstack down --purge --profile "
            f"{ctx.profile.name}' and try again.",
            details=(result.stdout + result.stderr)[-3000:],
        )
    conf = data / "postgresql.conf"
    with open(conf, "a") as handle:
        handle.write(f"\n{INCLUDE_LINE}\n")


def launch(ctx: Context) -> processes.Launch:
    """Start the profile's cluster (creating it on first use) and return a handle that finishes setup."""
    bin_dir = find_bin_dir()
    started = time.monotonic()
    pid = running_pid(ctx)
    if pid is not None:
        ctx.paths.pid_file(PROCESS).write_text(f"{pid}\n")
        return processes.Launch("PostgreSQL", pid, True, lambda: _wait(bin_dir, ctx))
    net.require_free(ctx.profile.postgres, component="PostgreSQL", profile=ctx.profile.name)
    ctx.paths.ensure()
    _check_socket_path(ctx)
    owner = _owner()
    if owner is not None:
        _prepare_ownership(ctx, owner)
    else:
        _data_dir(ctx).mkdir(mode=0o700, exist_ok=True)
    if not (_data_dir(ctx) / "PG_VERSION").exists():
        _initdb(bin_dir, ctx)
    conf = _data_dir(ctx) / "devstack.conf"
    conf.write_text(devstack_conf(ctx.profile.postgres, ctx.paths.run))
    if owner is not None:
        os.chown(conf, owner.pw_uid, owner.pw_gid)
    log = ctx.paths.log_file(PROCESS)
    # -w: pg_ctl itself waits until the server accepts connections (or reports why it did not).
    result = subprocess.run(
        _as_owner([str(bin_dir / "pg_ctl"), "start", "-D", str(_data_dir(ctx)), "-l", str(log), "-w", "-t", "60", "-s"]),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        start_new_session=True,
    )
    if result.returncode != 0:
        raise DevstackError(
            f"PostgreSQL (profile {ctx.profile.name}, port {ctx.profile.postgres}) did not start.",
            hint="read the log lines below.",
            details=(result.stdout + result.stderr).strip() + f"\n--- last lines of {log} ---\n" + processes.tail(log),
        )
    pid = running_pid(ctx)
    if pid is not None:
        ctx.paths.pid_file(PROCESS).write_text(f"{pid}\n")
    return processes.Launch("PostgreSQL", pid, False, lambda: _wait(bin_dir, ctx), started)


def _wait(bin_dir: Path, ctx: Context) -> float:
    waited = processes.wait_until(
        lambda: _is_ready(bin_dir, ctx),
        what=f"PostgreSQL (profile {ctx.profile.name}, port {ctx.profile.postgres})",
        timeout=60,
        alive=lambda: running_pid(ctx) is not None,
        log_path=ctx.paths.log_file(PROCESS),
    )
    _ensure_app_role(bin_dir, ctx)
    return waited


def _ensure_app_role(bin_dir: Path, ctx: Context) -> None:
    # Idempotent, so a cluster whose first start was interrupted still gets its role and database.
    result = subprocess.run(
        [str(bin_dir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(ctx.paths.run),
         "-p", str(ctx.profile.postgres), "-U", SUPERUSER, "-d", "postgres"],
        input=SETUP_SQL,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise DevstackError(
            f"Creating the role and database '{APP_DATABASE}' in PostgreSQL failed.",
            hint="read the psql output below.",
            details=(result.stdout + result.stderr)[-3000:],
        )


def stop(ctx: Context, *, kill: bool = False) -> int | None:
    pid = running_pid(ctx)
    pid_file = ctx.paths.pid_file(PROCESS)
    if pid is None:
        pid_file.unlink(missing_ok=True)
        return None
    # fast = roll back open transactions and shut down cleanly; immediate would need crash recovery.
    mode = "immediate" if kill else "fast"
    bin_dir = find_bin_dir(allow_install=False)
    result = subprocess.run(
        _as_owner([str(bin_dir / "pg_ctl"), "stop", "-D", str(_data_dir(ctx)), "-m", mode, "-w", "-t", "60", "-s"]),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 and running_pid(ctx) is not None:
        raise DevstackError(
            f"PostgreSQL (profile {ctx.profile.name}) did not stop.",
            hint=f"look at {ctx.paths.log_file(PROCESS)}; as a last resort stop pid {pid} yourself.",
            details=(result.stdout + result.stderr).strip(),
        )
    pid_file.unlink(missing_ok=True)
    return pid
