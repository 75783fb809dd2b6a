"""A real SMTP server process for tests: `python -m tests.smtp_sink <port> <file>` appends each message it
accepts to <file> as one JSON line (recipients and the raw message), and says "ready" once it listens."""

from __future__ import annotations

import json
import signal
import sys
import threading

from aiosmtpd.controller import Controller


class FileSink:
    def __init__(self, path: str) -> None:
        self._path = path
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        line = json.dumps({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                           "data": envelope.original_content.decode("utf-8", "replace")})
        self._append(line)
        return "250 Message accepted for delivery"

    def _append(self, line: str) -> None:
        with self._lock, open(self._path, "a", encoding="utf-8") as out:
            out.write(line + "\n")


def main() -> None:
    port, path = int(sys.argv[1]), sys.argv[2]
    controller = Controller(FileSink(path), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
