"""deploy/devstack's processes: ports already taken, error messages, detached servers that start, stop and crash,
and starting several components all or none; real processes and sockets confined to tmp_path."""

from __future__ import annotations

import socket
import sys
import time
from pathlib import Path

import pytest

from deploy.devstack import kafka, minio, net, processes
from deploy.devstack.cli import INFRASTRUCTURE, main, start_all_or_undo
from deploy.devstack.errors import DevstackError, PortInUseError, hint_for_tool_output
from deploy.devstack.paths import PROFILES

# --- errors ---------------------------------------------------------------------------------------


def _listening_socket() -> socket.socket:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    return listener


def test_port_taken_by_another_program_names_port_profile_and_what_to_do():
    with _listening_socket() as listener:
        port = listener.getsockname()[1]
        with pytest.raises(PortInUseError) as raised:
            net.require_free(port, component="Kafka", profile="test")
    message = " ".join(raised.value.render().split())  # undo the paragraph's line wrapping
    assert f"Port {port} (Kafka, profile 'test')" in message
    assert "down --profile test" in message
    assert "What to do:" in message


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc")
def test_port_owner_names_the_listening_process():
    with _listening_socket() as listener:
        owner = net.port_owner(listener.getsockname()[1])
    assert owner is not None and owner.startswith(f"pid {__import__('os').getpid()} ")


def test_free_port_is_not_reported_in_use():
    with _listening_socket() as listener:
        port = listener.getsockname()[1]
    assert not net.port_in_use(port)


def test_error_render_is_one_paragraph_with_hint_and_optional_details():
    text = DevstackError("Kafka did not start.", hint="read the log.", details="line 1\nline 2").render()
    first_paragraph = text.split("\n\n")[0]
    assert first_paragraph.startswith("error: Kafka did not start. What to do: read the log.")
    assert text.endswith("line 1\nline 2")
    assert "Traceback" not in text


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("[ERROR] Could not transfer artifact org.apache.kafka:kafka_2.13", "unreachable"),
        ("go: github.com/minio/minio: dial tcp: lookup proxy.golang.org: no such host", "unreachable"),
        ("write /root/.cache/x: no space left on device", "disk is full"),
        ("compile error", "read the output"),
    ],
)
def test_tool_failure_hint_names_the_likely_cause(output, expected):
    assert expected in hint_for_tool_output(output, registry="Maven Central")


# --- processes ------------------------------------------------------------------------------------


def test_detached_process_gets_log_and_pid_files_and_stops_on_sigterm(ctx):
    pid = processes.start_detached(
        ctx.paths, "sleeper", [sys.executable, "-c", "import time; print('hello', flush=True); time.sleep(60)"]
    )
    marker = "time.sleep(60)"
    assert processes.read_pid(ctx.paths.pid_file("sleeper")) == pid
    processes.wait_until(lambda: processes.log_contains(ctx.paths.log_file("sleeper"), "hello"), what="sleeper", timeout=10)
    assert processes.running_pid(ctx.paths.pid_file("sleeper"), marker) == pid
    assert processes.stop(ctx.paths.pid_file("sleeper"), marker, timeout=10) == pid
    assert processes.cmdline(pid) is None
    assert not ctx.paths.pid_file("sleeper").exists()


def test_stop_falls_back_to_sigkill_when_sigterm_is_ignored(ctx):
    code = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(60)"
    pid = processes.start_detached(ctx.paths, "stubborn", [sys.executable, "-c", code])
    processes.wait_until(lambda: processes.log_contains(ctx.paths.log_file("stubborn"), "ready"), what="stubborn", timeout=10)
    started = time.monotonic()
    assert processes.stop(ctx.paths.pid_file("stubborn"), "SIG_IGN", timeout=0.5) == pid
    assert processes.cmdline(pid) is None
    assert time.monotonic() - started < 5


def test_pid_file_of_a_different_program_is_not_trusted(ctx):
    processes.start_detached(ctx.paths, "other", [sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert processes.running_pid(ctx.paths.pid_file("other"), "kafka.Kafka") is None
    finally:
        processes.stop(ctx.paths.pid_file("other"), "time.sleep", kill=True)


def test_wait_fails_fast_with_the_log_tail_when_the_process_exits(ctx):
    pid = processes.start_detached(
        ctx.paths, "crasher", [sys.executable, "-c", "import sys; print('boom: bad config'); sys.exit(3)"]
    )
    started = time.monotonic()
    with pytest.raises(DevstackError) as raised:
        processes.wait_until(lambda: False, what="crasher", timeout=30,
                             alive=lambda: processes.cmdline(pid) is not None, log_path=ctx.paths.log_file("crasher"))
    assert time.monotonic() - started < 10
    assert "exited during start-up" in raised.value.problem
    assert "boom: bad config" in raised.value.details


def test_wait_times_out_with_a_clear_message(ctx):
    with pytest.raises(DevstackError) as raised:
        processes.wait_until(lambda: False, what="Nothing", timeout=0.3)
    assert "not ready after" in raised.value.problem


def test_log_contains_only_looks_at_this_runs_part_of_the_log(tmp_path):
    log = tmp_path / "kafka.log"
    log.write_text("old run: Kafka Server started\n")
    since = processes.log_size(log)
    assert not processes.log_contains(log, kafka.STARTED_LINE, since=since)
    with open(log, "a") as handle:
        handle.write("new run: Kafka Server started\n")
    assert processes.log_contains(log, kafka.STARTED_LINE, since=since)


def test_no_profile_port_lies_in_the_kernels_ephemeral_range():
    """Outgoing connections take ephemeral ports (32768–60999 on Linux); a server port there can be stolen."""

    for profile in PROFILES.values():
        ports = [profile.kafka, profile.kafka_controller, profile.postgres, profile.minio, profile.minio_console,
                 profile.service_base + 4]
        assert all(port < 32768 for port in ports), profile


def _launch(component: str, *, reused: bool = False, fails: bool = False) -> processes.Launch:
    def wait() -> float:
        if fails:
            raise DevstackError(f"{component} exited during start-up")
        return 0.0

    return processes.Launch(component, 4242, reused, wait)


def test_a_failed_start_stops_what_it_started_and_leaves_running_components_alone():
    stopped: list[str] = []
    steps = [
        (lambda: _launch("Kafka"), lambda: stopped.append("Kafka")),
        (lambda: _launch("MinIO", reused=True), lambda: stopped.append("MinIO")),
        (lambda: _launch("PostgreSQL", fails=True), lambda: stopped.append("PostgreSQL")),
    ]
    with pytest.raises(DevstackError, match="PostgreSQL exited"):
        start_all_or_undo(steps)
    assert stopped == ["Kafka", "PostgreSQL"]


def test_a_launch_that_raises_stops_the_components_launched_before_it():
    stopped: list[str] = []

    def refuse() -> processes.Launch:
        raise DevstackError("port 29000 is taken")

    with pytest.raises(DevstackError, match="taken"):
        start_all_or_undo([(lambda: _launch("Kafka"), lambda: stopped.append("Kafka")),
                            (refuse, lambda: stopped.append("MinIO"))])
    assert stopped == ["Kafka"]


def test_stop_infra_stops_or_crashes_only_the_named_server(monkeypatch, capsys, var_in_tmp):
    calls: list[tuple[str, bool]] = []
    for name, module in INFRASTRUCTURE.items():
        monkeypatch.setattr(module, "stop", lambda ctx, kill=False, name=name: calls.append((name, kill)) or 4242)
    assert main(["stop-infra", "kafka", "--kill", "--profile", "test"]) == 0
    assert main(["stop-infra", "postgres", "--profile", "test"]) == 0
    assert calls == [("kafka", True), ("postgres", False)]
    assert capsys.readouterr().out.splitlines() == ["  kafka        pid 4242 killed", "  postgres     pid 4242 stopped"]


def test_start_infra_stops_the_server_again_when_it_does_not_become_ready(monkeypatch, var_in_tmp):
    stopped: list[bool] = []
    monkeypatch.setattr(minio, "launch", lambda ctx: _launch("MinIO", fails=True))
    monkeypatch.setattr(minio, "stop", lambda ctx, kill=False: stopped.append(kill) or 4242)
    assert main(["start-infra", "minio", "--profile", "test"]) == 1
    assert stopped == [True]
