"""Unit tests of deploy/devstack: pure functions, plus processes and sockets confined to tmp dirs."""

from __future__ import annotations

import base64
import re
import socket
import stat
import sys
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
# deploy/ is plain source, not an installed package.
sys.path.insert(0, str(REPO_ROOT))

from deploy.devstack import kafka, minio, net, postgres, processes, stack  # noqa: E402
from deploy.devstack.cli import INFRASTRUCTURE, build_parser, main, start_all_or_undo  # noqa: E402
from deploy.devstack.errors import DevstackError, PortInUseError, hint_for_tool_output  # noqa: E402
from deploy.devstack.paths import PROFILES, Context, StackPaths, get_profile  # noqa: E402
from deploy.devstack.services import SERVICES, SETTING_NAMES, service_env  # noqa: E402


@pytest.fixture(autouse=True)
def unshifted_ports(monkeypatch):
    """These tests check the documented port table, so a shift set for a side-by-side stack is ignored."""
    monkeypatch.delenv("OPENSARABAN_PORT_SHIFT", raising=False)


@pytest.fixture
def ctx(tmp_path: Path) -> Context:
    return Context(get_profile("test"), StackPaths(tmp_path / "var" / "test"), tmp_path / "cache")


@pytest.fixture
def var_in_tmp(monkeypatch, tmp_path):
    """Commands run through main() keep their var/<profile>/ under tmp_path."""
    monkeypatch.setattr(StackPaths, "for_profile", classmethod(lambda cls, p, repo_root=None: cls(tmp_path / p.name)))


def _properties(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {key: value for key, value in pairs}


def _conventions_port_table() -> dict[str, list[str]]:
    rows = {}
    for line in (REPO_ROOT / "CONVENTIONS.md").read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells and cells[0] in PROFILES:
            rows[cells[0]] = cells[1:]
    return rows


# --- profiles and paths ---------------------------------------------------------------------------


def test_profile_ports_match_the_table_in_conventions():
    table = _conventions_port_table()
    assert set(table) == set(PROFILES)
    for name, profile in PROFILES.items():
        kafka_port, controller, pg, minio_ports, *service_ports = table[name]
        assert (int(kafka_port), int(controller), int(pg)) == (profile.kafka, profile.kafka_controller, profile.postgres)
        assert minio_ports == f"{profile.minio} / {profile.minio_console}"
        expected = [str(service.port(profile)) for service in SERVICES.values()]
        assert service_ports == expected


def test_no_two_profiles_share_a_port():
    ports = []
    for profile in PROFILES.values():
        ports += [profile.kafka, profile.kafka_controller, profile.postgres, profile.minio, profile.minio_console]
        ports += [service.port(profile) for service in SERVICES.values()]
    assert len(ports) == len(set(ports))


def test_port_shift_moves_every_port_of_the_profile(monkeypatch):
    monkeypatch.setenv("OPENSARABAN_PORT_SHIFT", "100")
    moved, base = get_profile("test"), PROFILES["test"]
    assert (moved.kafka, moved.postgres, moved.minio) == (base.kafka + 100, base.postgres + 100, base.minio + 100)
    assert [service.port(moved) for service in SERVICES.values()] == [
        service.port(base) + 100 for service in SERVICES.values()
    ]


@pytest.mark.parametrize("raw", ["-5", "ten", "5000"])
def test_port_shift_that_is_negative_not_a_number_or_too_big_is_refused(monkeypatch, raw):
    monkeypatch.setenv("OPENSARABAN_PORT_SHIFT", raw)
    with pytest.raises(DevstackError) as raised:
        get_profile("bench")
    assert "OPENSARABAN_PORT_SHIFT" in raised.value.problem


def test_unknown_profile_is_an_error_with_the_valid_choices():
    with pytest.raises(DevstackError) as raised:
        get_profile("prod")
    assert "dev" in raised.value.hint and "bench" in raised.value.hint


def test_profile_keeps_logs_and_pids_one_file_per_process_under_var(tmp_path):
    paths = StackPaths.for_profile(get_profile("bench"), repo_root=tmp_path)
    assert paths.log_file("kafka") == tmp_path / "var" / "bench" / "log" / "kafka.log"
    assert paths.pid_file("documents") == tmp_path / "var" / "bench" / "run" / "documents.pid"
    assert paths.stack_json == tmp_path / "var" / "bench" / "stack.json"


def test_cache_dir_follows_opensaraban_cache(monkeypatch, tmp_path):
    from deploy.devstack.paths import cache_dir

    monkeypatch.setenv("OPENSARABAN_CACHE", str(tmp_path / "c"))
    assert cache_dir() == tmp_path / "c"
    monkeypatch.delenv("OPENSARABAN_CACHE")
    assert cache_dir() == Path.home() / ".cache" / "opensaraban"


# --- Kafka ----------------------------------------------------------------------------------------


def test_cluster_id_is_22_url_safe_base64_chars_of_16_random_bytes():
    ids = {kafka.new_cluster_id() for _ in range(50)}
    assert len(ids) == 50
    for cluster_id in ids:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22}", cluster_id)
        assert len(base64.urlsafe_b64decode(cluster_id + "==")) == 16


def test_server_properties_make_one_kraft_node_on_the_profile_ports(tmp_path):
    profile = get_profile("dev")
    props = _properties(kafka.server_properties(profile, tmp_path / "kafka"))
    assert props["process.roles"] == "broker,controller"
    assert props["node.id"] == "1"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:19093"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert props["advertised.listeners"] == "PLAINTEXT://127.0.0.1:19092"
    assert props["controller.listener.names"] == "CONTROLLER"
    assert props["inter.broker.listener.name"] == "PLAINTEXT"
    assert props["log.dirs"] == str(tmp_path / "kafka")


def test_server_properties_suit_a_single_fast_node(tmp_path):
    props = _properties(kafka.server_properties(get_profile("test"), tmp_path))
    assert props["offsets.topic.replication.factor"] == "1"
    assert props["transaction.state.log.replication.factor"] == "1"
    assert props["transaction.state.log.min.isr"] == "1"
    assert props["group.initial.rebalance.delay.ms"] == "0"
    assert int(props["offsets.topic.num.partitions"]) <= 4
    assert props["auto.create.topics.enable"] == "false"
    assert props["num.partitions"] == "4"


def test_kafka_pom_pins_versions_and_the_slf4j_1x_log4j_binding():
    pom = kafka.pom_xml()
    assert f"<artifactId>kafka_2.13</artifactId>\n      <version>{kafka.KAFKA_VERSION}</version>" in pom
    assert "<artifactId>kafka-tools</artifactId>" in pom
    # Kafka 4.1 ships slf4j-api 1.7.x: the slf4j2 binding would leave the broker silent.
    assert "log4j-slf4j-impl" in pom and "log4j-slf4j2-impl" not in pom
    assert re.fullmatch(r"4\.1\.\d+", kafka.KAFKA_VERSION)


def test_log4j_config_keeps_the_started_line_visible():
    config = kafka.LOG4J2_TEMPLATE
    assert '<Root level="INFO">' in config
    assert 'name="kafka.server.KafkaRaftServer"' not in config


def test_bench_profile_keeps_the_full_jit_while_dev_and_test_start_quickly():
    assert "-XX:TieredStopAtLevel=1" not in kafka.jvm_options("bench")
    assert "-XX:TieredStopAtLevel=1" in kafka.jvm_options("dev")
    assert "-XX:TieredStopAtLevel=1" in kafka.jvm_options("test")
    assert {"-Xms256m", "-Xmx512m"} <= set(kafka.jvm_options("bench"))


def test_class_data_archive_is_recorded_once_then_adopted_by_every_profile(tmp_path):
    java = kafka.Java("/usr/bin/java", 'openjdk version "17.0.15"')
    first = kafka.class_data_sharing_options(java, tmp_path, "test")
    recording = Path(first[0].split("=", 1)[1])
    assert first[0].startswith("-XX:ArchiveClassesAtExit=") and recording.name.endswith(".test.recording")
    recording.write_bytes(b"archive written by the JVM at exit")
    adopted = kafka.class_data_sharing_options(java, tmp_path, "dev")
    assert adopted[0].startswith("-XX:SharedArchiveFile=")
    assert Path(adopted[0].split("=", 1)[1]).exists() and not recording.exists()
    other_jvm = kafka.Java("/usr/bin/java", 'openjdk version "21.0.2"')
    assert kafka.class_data_sharing_options(other_jvm, tmp_path, "dev")[0].startswith("-XX:ArchiveClassesAtExit=")


@pytest.mark.parametrize(
    ("output", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15', 17),
        ('openjdk version "21" 2023-09-19', 21),
        ('java version "1.8.0_402"', 8),
        ("nonsense", None),
    ],
)
def test_java_major_version_is_read_from_java_version_output(output, major):
    assert kafka.java_major(output) == major


# --- PostgreSQL -----------------------------------------------------------------------------------


def test_postgres_settings_keep_fsync_on_and_listen_only_on_loopback(tmp_path):
    conf = postgres.devstack_conf(25432, tmp_path / "run")
    assert "fsync = on" in conf
    assert "port = 25432" in conf
    assert "listen_addresses = '127.0.0.1'" in conf
    assert f"unix_socket_directories = '{tmp_path / 'run'}'" in conf
    assert "max_connections = 200" in conf
    assert "shared_buffers = 128MB" in conf


def test_postgres_dsn_uses_the_app_role_and_database():
    assert postgres.dsn(15432) == "postgresql://opensaraban:opensaraban@127.0.0.1:15432/opensaraban"


def test_postgres_setup_sql_is_idempotent():
    sql = postgres.SETUP_SQL
    assert "IF NOT EXISTS (SELECT FROM pg_roles" in sql
    assert "WHERE NOT EXISTS (SELECT FROM pg_database" in sql


# --- MinIO ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "version"),
    [("go version go1.26.8 linux/amd64", (1, 26)), ("go version go1.23.4 darwin/arm64", (1, 23)), ("", None)],
)
def test_go_version_is_read_from_go_version_output(output, version):
    assert minio.parse_go_version(output) == version


def test_minio_build_keeps_everything_in_the_cache_and_uses_local_go(tmp_path):
    env = minio.go_env(tmp_path)
    assert env["GOTOOLCHAIN"] == "local"
    assert env["CGO_ENABLED"] == "0"
    assert env["GOBIN"] == str(tmp_path / "minio" / minio.MINIO_VERSION)
    for key in ("GOPATH", "GOMODCACHE", "GOCACHE"):
        assert env[key].startswith(str(tmp_path))
    assert minio.binary(tmp_path) == tmp_path / "minio" / minio.MINIO_VERSION / "minio"


def test_minio_root_password_is_long_enough_for_minio():
    assert len(minio.ROOT_PASSWORD) >= 8


# --- services, env and stack.json -----------------------------------------------------------------


def test_service_env_has_every_setting_with_the_service_prefix(ctx):
    for name, service in SERVICES.items():
        env = service_env(ctx, service)
        urls = [f"{other.upper()}_URL" for other in ("documents", "meeting", "notify", "metrics")]
        urls.append("METRICS_DASHBOARD_URL")
        expected = [*SETTING_NAMES, *urls] if service.calls_services else list(SETTING_NAMES)
        assert list(env) == [service.env_prefix + key for key in expected], name
        assert env[f"{service.env_prefix}HTTP_PORT"] == str(service.port(ctx.profile))
        assert env[f"{service.env_prefix}S3_SECURE"] == "false"
        assert env[f"{service.env_prefix}LOG_FORMAT"] == "json"
        assert env[f"{service.env_prefix}KAFKA_BOOTSTRAP"] == "127.0.0.1:29092"


def test_auth_secret_is_generated_once_per_profile_and_private(ctx):
    first = stack.auth_secret(ctx.paths)
    assert len(first) >= 32
    assert stack.auth_secret(ctx.paths) == first
    assert stat.S_IMODE(ctx.paths.auth_secret.stat().st_mode) == 0o600
    other = StackPaths(ctx.paths.root.parent / "dev")
    assert stack.auth_secret(other) != first


def test_stack_json_has_endpoints_credentials_and_service_urls(ctx):
    data = stack.write(ctx)
    assert data["kafka_bootstrap"] == "127.0.0.1:29092"
    assert data["pg_dsn"] == postgres.dsn(25432)
    assert data["s3_endpoint"] == "127.0.0.1:29000"
    assert (data["s3_access_key"], data["s3_secret_key"], data["s3_bucket"]) == (
        minio.ROOT_USER, minio.ROOT_PASSWORD, "opensaraban")
    assert data["kafka_lib"] == str(kafka.lib_dir(ctx.cache))
    assert data["services"] == {
        "documents": "http://127.0.0.1:8201",
        "meeting": "http://127.0.0.1:8202",
        "notify": "http://127.0.0.1:8203",
        "metrics": "http://127.0.0.1:8204",
        "portal": "http://127.0.0.1:8205",
    }
    assert ctx.paths.stack_json.exists()


def test_the_portal_is_told_where_the_four_services_answer(ctx):
    env = service_env(ctx, SERVICES["portal"])
    assert env["PORTAL_DOCUMENTS_URL"] == "http://127.0.0.1:8201"
    assert env["PORTAL_METRICS_URL"] == "http://127.0.0.1:8204"


def test_env_command_prints_key_value_lines(capsys, var_in_tmp):
    assert main(["env", "meeting", "--profile", "bench"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "MEETING_HTTP_PORT=8302" in lines
    assert all(re.fullmatch(r"MEETING_[A-Z0-9_]+=.*", line) for line in lines)


def test_profile_option_is_accepted_before_and_after_the_command():
    parser = build_parser()
    assert parser.parse_args(["--profile", "test", "status"]).profile == "test"
    assert parser.parse_args(["status", "--profile", "bench"]).profile == "bench"
    assert not hasattr(parser.parse_args(["status"]), "profile")


def test_missing_venv_tells_to_run_make_setup(tmp_path):
    from deploy.devstack.services import venv_python

    with pytest.raises(DevstackError) as raised:
        venv_python(tmp_path)
    assert "make setup" in raised.value.hint


@pytest.mark.parametrize("module", ["documents_service.no_such_module", "no_such_package.demo_data"])
def test_demo_data_is_skipped_with_a_warning_while_its_module_does_not_exist(ctx, monkeypatch, capsys, module):
    from deploy.devstack import services

    monkeypatch.setattr(services, "venv_python", lambda: Path(sys.executable))
    monkeypatch.setattr(services, "DEMO_MODULE", module)
    ctx.paths.ensure()
    assert services.run_demo_data(ctx) is False
    assert f"warning: {module} does not exist yet" in capsys.readouterr().out


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
    from deploy.devstack.paths import PROFILES

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
