"""deploy/devstack's configuration: profiles and ports, the Kafka, PostgreSQL and MinIO set-up, services' settings and
the command line; pure functions and files under tmp_path."""

from __future__ import annotations

import base64
import re
import stat
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

from deploy.devstack import kafka, minio, postgres, stack
from deploy.devstack.cli import build_parser, main
from deploy.devstack.errors import DevstackError
from deploy.devstack.paths import CLOCK_ENV, PROFILES, Context, StackPaths, get_profile
from deploy.devstack.services import SERVICES, SETTING_NAMES, service_env, service_extras


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
        kafka_port, controller, pg, minio_ports, pki, *service_ports = table[name]
        assert (int(kafka_port), int(controller), int(pg)) == (profile.kafka, profile.kafka_controller, profile.postgres)
        assert int(pki) == profile.pki
        assert minio_ports == f"{profile.minio} / {profile.minio_console}"
        expected = [str(service.port(profile)) for service in SERVICES.values()]
        assert service_ports == expected


def test_no_two_profiles_share_a_port():
    ports = []
    for profile in PROFILES.values():
        ports += [profile.kafka, profile.kafka_controller, profile.postgres, profile.minio, profile.minio_console,
                  profile.pki]
        ports += [service.port(profile) for service in SERVICES.values()]
    assert len(ports) == len(set(ports))


def test_port_shift_moves_every_port_of_the_profile(monkeypatch):
    monkeypatch.setenv("OPENSARABAN_PORT_SHIFT", "100")
    moved, base = get_profile("test"), PROFILES["test"]
    assert (moved.kafka, moved.postgres, moved.minio) == (base.kafka + 100, base.postgres + 100, base.minio + 100)
    assert moved.pki == base.pki + 100
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


def test_profile_keeps_logs_and_pids_one_file_per_process_under_var(tmp_path, monkeypatch):
    monkeypatch.delenv(CLOCK_ENV, raising=False)
    paths = StackPaths.for_profile(get_profile("bench"), repo_root=tmp_path)
    assert paths.log_file("kafka") == tmp_path / "var" / "bench" / "log" / "kafka.log"
    assert paths.pid_file("documents") == tmp_path / "var" / "bench" / "run" / "documents.pid"
    assert paths.stack_json == tmp_path / "var" / "bench" / "stack.json"


def test_a_calendar_run_keeps_its_data_apart_from_ordinary_runs(tmp_path, monkeypatch):
    monkeypatch.setenv(CLOCK_ENV, "2026-12-31T23:50:00+07:00")
    paths = StackPaths.for_profile(get_profile("test"), repo_root=tmp_path)
    assert paths.root == tmp_path / "var" / "test-calendar" and paths.is_calendar_run
    monkeypatch.delenv(CLOCK_ENV)
    assert not StackPaths.for_profile(get_profile("test"), repo_root=tmp_path).is_calendar_run


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


def test_stack_json_says_where_the_test_pki_answers_and_keeps_its_certificates(ctx):
    pki = stack.write(ctx)["pki"]
    assert pki["url"] == "http://127.0.0.1:29010"
    assert pki["tsa_url"] == "http://127.0.0.1:29010/tsa"
    assert pki["ocsp_url"] == "http://127.0.0.1:29010/opensaraban/ocsp/issuing"
    assert pki["crl_url"] == "http://127.0.0.1:29010/opensaraban/crls/issuing/latest.crl"
    assert pki["root_certificate"] == str(ctx.paths.root / "pki" / "certs" / "root.pem")
    assert pki["issuing_ca_certificate"] == str(ctx.paths.root / "pki" / "certs" / "issuing.pem")


def test_the_documents_service_gets_the_profiles_token_and_test_pki(ctx):
    env = service_extras(ctx, SERVICES["documents"])
    conf = ctx.paths.root / "softhsm" / "softhsm2.conf"
    assert env["SOFTHSM2_CONF"] == str(conf)
    assert env["DOCUMENTS_PKCS11_MODULE"].endswith("libsofthsm2.so")
    assert (env["DOCUMENTS_CA_URL"], env["DOCUMENTS_TSA_URL"]) == ("http://127.0.0.1:29010", "http://127.0.0.1:29010/tsa")
    assert env["DOCUMENTS_TRUST_ROOTS"] == str(ctx.paths.root / "pki" / "certs" / "root.pem")
    assert env["DOCUMENTS_REVOCATION_REUSE_S"] == "0"  # tests revoke, then check at once
    bench = Context(get_profile("bench"), StackPaths(ctx.paths.root.parent / "bench"), ctx.cache)
    assert "DOCUMENTS_REVOCATION_REUSE_S" not in service_extras(bench, SERVICES["documents"])
    settings = dict(line.split(" = ", 1) for line in conf.read_text().splitlines() if " = " in line)
    assert settings["directories.tokendir"] == f"{ctx.paths.root / 'softhsm' / 'tokens'}/"
    assert (settings["objectstore.backend"], settings["log.level"]) == ("file", "ERROR")
    assert (ctx.paths.root / "softhsm" / "tokens").is_dir()
    assert service_extras(ctx, SERVICES["meeting"]) == {}


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
