"""Loopback port and HTTP probes, and finding which process holds a port."""

from __future__ import annotations

import errno
import os
import socket
import urllib.error
import urllib.request
from pathlib import Path

from .errors import PortInUseError

# A user's HTTP(S)_PROXY must never see our 127.0.0.1 health checks.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def accepts_connections(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """True when something listens on the port or it cannot be bound (e.g. held on 0.0.0.0)."""
    if accepts_connections(port, host):
        return True
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # SO_REUSEADDR so that sockets in TIME_WAIT from our own last run do not count.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def http_status(url: str, timeout: float = 2.0) -> int | None:
    """Status code of a GET, or None when nothing answers."""
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _listening_inodes(port: int, proc: Path) -> set[str]:
    inodes: set[str] = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = (proc / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) < 10:
                continue
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A = LISTEN
                inodes.add(inode)
    return inodes


def port_owner(port: int, proc: Path = Path("/proc")) -> str | None:
    """Describe the process listening on the port ("pid 42 (java -cp …)"), Linux only, best effort."""
    inodes = _listening_inodes(port, proc)
    if not inodes:
        return None
    targets = {f"socket:[{inode}]" for inode in inodes}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fds = list((entry / "fd").iterdir())
        except OSError:
            continue  # not ours to inspect, or gone
        for fd in fds:
            try:
                if os.readlink(fd) in targets:
                    cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
                    return f"pid {entry.name} ({cmd if len(cmd) <= 60 else cmd[:59] + '…'})"
            except OSError:
                continue
    return None


def require_free(port: int, *, component: str, profile: str) -> None:
    if port_in_use(port):
        raise PortInUseError(port=port, component=component, profile=profile, owner=port_owner(port))
