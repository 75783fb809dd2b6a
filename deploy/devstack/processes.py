"""Start detached processes with a log and pid file, check them, wait for readiness, stop them."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DevstackError
from .paths import StackPaths


@dataclass
class Launch:
    """A component that was started (or found running); wait() blocks until it is ready."""

    component: str
    pid: int | None
    reused: bool
    wait: Callable[[], float]
    started: float = field(default_factory=time.monotonic)


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def cmdline(pid: int) -> str | None:
    """Command line of a live process, or None when it is gone (or a zombie)."""
    proc = Path("/proc") / str(pid)
    if Path("/proc/self").exists():
        try:
            # A zombie still has a /proc entry but is as good as dead.
            if (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                _reap(pid)
                return None
            return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            return None
    # Without /proc (macOS) ask ps.
    result = subprocess.run(["ps", "-o", "command=", "-p", str(pid)], capture_output=True, text=True)
    return result.stdout.strip() or None


def _reap(pid: int) -> None:
    # Only children of this very process can be reaped; others belong to init.
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def running_pid(pid_file: Path, marker: str) -> int | None:
    """The pid from the pid file if that process is alive and is ours (its command line has marker).

    The marker check stops us from trusting a pid that the OS has since reused for something else.
    """
    pid = read_pid(pid_file)
    if pid is None:
        return None
    command = cmdline(pid)
    if command is None or marker not in command:
        return None
    return pid


def start_detached(
    paths: StackPaths,
    name: str,
    argv: list[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> int:
    """Start argv in its own session, output appended to log/<name>.log, pid in run/<name>.pid."""
    paths.ensure()
    log_path = paths.log_file(name)
    with open(log_path, "ab") as log:
        log.write(f"\n===== devstack: starting {name} at {time.strftime('%Y-%m-%d %H:%M:%S')} =====\n".encode())
        log.flush()
        try:
            process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=cwd,
                # Own session: Ctrl-C in the terminal that ran devstack must not stop the stack.
                start_new_session=True,
            )
        except OSError as exc:
            raise DevstackError(
                f"Could not start {name}: {exc}.",
                hint=f"check that {argv[0]} exists and is executable.",
            ) from None
    paths.pid_file(name).write_text(f"{process.pid}\n")
    return process.pid


def _signal(pid: int, sig: int) -> None:
    try:
        # Each process leads its own session (start_new_session), so signal the whole group.
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        pass


def stop(pid_file: Path, marker: str, *, timeout: float = 30.0, kill: bool = False) -> int | None:
    """Stop our process: SIGTERM, then SIGKILL after timeout (or SIGKILL at once). Returns its pid."""
    pid = running_pid(pid_file, marker)
    if pid is None:
        pid_file.unlink(missing_ok=True)
        return None
    if not kill:
        _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if cmdline(pid) is None:
                break
            time.sleep(0.1)
    if cmdline(pid) is not None:
        _signal(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while cmdline(pid) is not None and time.monotonic() < deadline:
            time.sleep(0.05)
    pid_file.unlink(missing_ok=True)
    return pid


def tail(path: Path, lines: int = 40) -> str:
    try:
        with open(path, errors="replace") as handle:
            return "".join(deque(handle, maxlen=lines))
    except OSError:
        return f"(no log at {path})"


def log_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def log_contains(path: Path, text: str, *, since: int = 0) -> bool:
    """True when text appears in the log after byte offset since (this run's part only)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(since)
            return text.encode() in handle.read()
    except OSError:
        return False


def wait_until(
    ready: Callable[[], bool],
    *,
    what: str,
    timeout: float,
    alive: Callable[[], bool] | None = None,
    log_path: Path | None = None,
    hint: str = "",
    interval: float = 0.2,
) -> float:
    """Poll ready() until True; fail early when alive() says the process died. Returns seconds waited."""
    started = time.monotonic()
    deadline = started + timeout
    while True:
        if ready():
            return time.monotonic() - started
        if alive is not None and not alive():
            problem = f"{what} exited during start-up."
            break
        if time.monotonic() >= deadline:
            problem = f"{what} was not ready after {timeout:.0f} s."
            break
        time.sleep(interval)
    details = ""
    if log_path is not None:
        details = f"--- last lines of {log_path} ---\n{tail(log_path)}"
    raise DevstackError(problem, hint=hint or "read the log lines below.", details=details)


def rss_kib(pid: int) -> int | None:
    """Resident memory of a process in KiB (Linux), for status output."""
    try:
        for line in (Path("/proc") / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None
