"""Run long fetch/build commands with streamed output and "still building" heartbeats."""

from __future__ import annotations

import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path

from .errors import BuildError, DevstackError, MissingToolError, hint_for_tool_output

HEARTBEAT_SECONDS = 15.0
# Maven 3.8 prints colour resets even in batch mode.
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
COLD_BUILD_BYTES = 3 * 1024**3


def say(message: str) -> None:
    print(message, flush=True)


def require_tool(name: str, *, purpose: str, hint: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise MissingToolError(f"'{name}' was not found on PATH; it is needed {purpose}.", hint=hint)
    return path


def require_free_space(directory: Path, *, needed: int = COLD_BUILD_BYTES, what: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(directory).free
    if free < needed:
        raise DevstackError(
            f"Only {free / 1024**3:.1f} GB are free at {directory}, but {what} needs about "
            f"{needed / 1024**3:.0f} GB (downloads plus build cache).",
            hint="free some disk space, or point OPENSARABAN_CACHE at a disk with more room, and run it again.",
        )


def run_streamed(
    argv: list[str],
    *,
    label: str,
    registry: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    prefix: str = "    ",
) -> float:
    """Run argv, echo its output, print a heartbeat when it is silent; BuildError on failure."""
    started = time.monotonic()
    output: deque[str] = deque(maxlen=40)
    lines: queue.Queue[str | None] = queue.Queue()
    try:
        process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env=env,
            cwd=cwd,
        )
    except OSError as exc:
        raise MissingToolError(f"Could not run {argv[0]}: {exc}.", hint="install it and try again.") from None

    def pump() -> None:
        for line in process.stdout or ():
            lines.put(_ANSI.sub("", line).rstrip())
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    last_output = started
    while True:
        try:
            line = lines.get(timeout=1.0)
        except queue.Empty:
            now = time.monotonic()
            if now - last_output >= HEARTBEAT_SECONDS:
                say(f"{prefix}still {label}… {now - started:.0f} s")
                last_output = now
            continue
        if line is None:
            break
        if not line.strip():
            continue
        output.append(line)
        say(prefix + line)
        last_output = time.monotonic()
    code = process.wait()
    elapsed = time.monotonic() - started
    if code != 0:
        text = "\n".join(output)
        raise BuildError(
            f"{label[:1].upper()}{label[1:]} failed after {elapsed:.0f} s ({' '.join(argv[:3])}… exited with {code}).",
            hint=hint_for_tool_output(text, registry=registry),
            details="--- last output ---\n" + text,
        )
    sys.stdout.flush()
    return elapsed
