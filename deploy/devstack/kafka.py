"""Apache Kafka (KRaft, one combined broker+controller): jars from Maven Central, config, start, stop."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from . import net, processes
from .errors import DevstackError, MissingToolError
from .paths import Context, Profile
from .progress import require_free_space, require_tool, run_streamed, say

KAFKA_VERSION = "4.1.2"  # latest 4.1.x on Maven Central when pinned
# kafka 4.1 depends on slf4j-api 1.7.36, so the log4j2 binding is the 1.x one (log4j-slf4j-impl),
# not log4j-slf4j2-impl; without a binding the broker would log nothing at all.
LOG4J_VERSION = "2.25.5"
# An unpinned plugin resolves to an ancient version under Maven 3.8.
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.10.0:copy-dependencies"
PROCESS = "kafka"
STARTED_LINE = "Kafka Server started"
JAVA_HINT = "install a Java 17 runtime, e.g. 'apt-get install openjdk-17-jre-headless' (Debian/Ubuntu)."
MAVEN_HINT = "install Maven, e.g. 'apt-get install maven' (Debian/Ubuntu); it only downloads the Kafka jars."

POM_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by deploy/devstack/kafka.py: only collects the Kafka runtime jars into lib/. -->
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.opensaraban.devstack</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>{kafka}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>{kafka}</version>
    </dependency>
    <dependency>
      <!-- ProducerPerformance / ConsumerPerformance for the benchmark -->
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-tools</artifactId>
      <version>{kafka}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>{log4j}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>{log4j}</version>
    </dependency>
  </dependencies>
</project>
"""

LOG4J2_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by deploy/devstack: everything to stdout, which devstack appends to log/kafka.log. -->
<Configuration status="WARN">
  <Appenders>
    <Console name="stdout" target="SYSTEM_OUT">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </Console>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="stdout"/></Root>
    <!-- Full config dumps and per-request lines drown the few lines that matter in a dev log. -->
    <Logger name="org.apache.kafka.common.config.AbstractConfig" level="WARN"/>
    <Logger name="org.apache.kafka.common.utils.AppInfoParser" level="WARN"/>
    <Logger name="kafka.request.logger" level="WARN"/>
    <Logger name="kafka.network.RequestChannel$" level="WARN"/>
    <Logger name="org.apache.kafka.clients" level="WARN"/>
    <Logger name="state.change.logger" level="WARN"/>
    <Logger name="kafka.log.LogCleaner" level="WARN"/>
    <Logger name="org.apache.kafka.storage.internals.log" level="WARN"/>
    <Logger name="kafka.coordinator.group" level="WARN"/>
    <!-- Raft state transitions and thread start-up chatter: hundreds of lines per start. -->
    <Logger name="org.apache.kafka.raft" level="WARN"/>
    <Logger name="org.apache.kafka.image.loader" level="WARN"/>
    <Logger name="org.apache.kafka.controller.PeriodicTaskControlManager" level="WARN"/>
    <Logger name="org.apache.kafka.server.purgatory" level="WARN"/>
    <Logger name="org.apache.kafka.server.util.timer" level="WARN"/>
    <Logger name="org.apache.kafka.coordinator.common.runtime" level="WARN"/>
    <Logger name="kafka.server.ClientQuotaManager$ThrottledChannelReaper" level="WARN"/>
    <Logger name="kafka.server.NodeToControllerRequestThread" level="WARN"/>
  </Loggers>
</Configuration>
"""

JVM_OPTIONS = [
    "-Xms256m",
    "-Xmx512m",
    # Same collector settings as Kafka's own kafka-run-class.sh.
    "-XX:+UseG1GC",
    "-XX:MaxGCPauseMillis=20",
    "-XX:InitiatingHeapOccupancyPercent=35",
    "-XX:+ExplicitGCInvokesConcurrent",
    "-Djava.awt.headless=true",
]
# Profiles whose broker only needs to start fast: with the C1 compiler alone the JVM spends no CPU
# on C2 compilation at start-up (measured ~9-18 s -> ~6 s on a busy 2-core machine) at the cost of
# peak throughput, which is why the bench profile keeps the full JIT.
QUICK_START_PROFILES = frozenset({"dev", "test"})


def jvm_options(profile: str) -> list[str]:
    return JVM_OPTIONS + (["-XX:TieredStopAtLevel=1"] if profile in QUICK_START_PROFILES else [])


def lib_dir(cache: Path, version: str = KAFKA_VERSION) -> Path:
    return cache / "kafka" / version / "lib"


def pom_xml(kafka_version: str = KAFKA_VERSION, log4j_version: str = LOG4J_VERSION) -> str:
    return POM_TEMPLATE.format(kafka=kafka_version, log4j=log4j_version)


def new_cluster_id() -> str:
    """22-character URL-safe base64 of 16 random bytes, the format KRaft expects."""
    return base64.urlsafe_b64encode(secrets.token_bytes(16)).decode().rstrip("=")


def server_properties(profile: Profile, log_dirs: Path) -> str:
    settings = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{profile.kafka_controller}",
        "listeners": f"PLAINTEXT://127.0.0.1:{profile.kafka},CONTROLLER://127.0.0.1:{profile.kafka_controller}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{profile.kafka}",
        "controller.listener.names": "CONTROLLER",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name": "PLAINTEXT",
        "log.dirs": str(log_dirs),
        "num.partitions": "4",
        # One node: every internal topic has a single replica.
        "offsets.topic.replication.factor": "1",
        # The default 50 partitions make the very first consumer-group join slow.
        "offsets.topic.num.partitions": "4",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "transaction.state.log.num.partitions": "4",
        # The default waits 3 s for more members before every new group's first rebalance.
        "group.initial.rebalance.delay.ms": "0",
        # Topics are created explicitly by the services; a typo must not silently create one.
        "auto.create.topics.enable": "false",
    }
    lines = [f"# Written by deploy/devstack for profile '{profile.name}'; regenerated on every start."]
    lines += [f"{key}={value}" for key, value in settings.items()]
    return "\n".join(lines) + "\n"


def java_major(version_output: str) -> int | None:
    match = re.search(r'version "(\d+)(?:\.(\d+))?', version_output)
    if not match:
        return None
    major = int(match.group(1))
    # Java 8 and older report "1.8.0_…".
    return int(match.group(2)) if major == 1 and match.group(2) else major


@dataclass(frozen=True)
class Java:
    path: str
    version_text: str


def require_java() -> Java:
    path = require_tool("java", purpose="to run Kafka", hint=JAVA_HINT)
    result = subprocess.run([path, "-version"], capture_output=True, text=True)
    version_text = result.stderr + result.stdout
    major = java_major(version_text)
    if major is not None and major < 17:
        raise MissingToolError(f"Kafka {KAFKA_VERSION} needs Java 17 or newer, but 'java' is Java {major}.", hint=JAVA_HINT)
    return Java(path, version_text)


def class_data_sharing_options(java: Java, version_dir: Path, profile: str) -> list[str]:
    """JVM options that use (or, the first time, record) an AppCDS archive of Kafka's classes.

    Loading classes from the archive roughly halves the broker's start (measured 11 s -> 6 s on
    2 cores). The archive is only valid for one JVM build, hence the key; it is written when the
    JVM exits, so the first run records it (per profile, to avoid two JVMs writing one file) and
    the next start of any profile adopts it. An unusable archive only makes the JVM warn and
    start without it.
    """
    key = hashlib.sha256(java.version_text.encode()).hexdigest()[:12]
    archive = version_dir / f"cds-{key}.jsa"
    if not archive.exists():
        for recorded in version_dir.glob(f"cds-{key}.*.recording"):
            if recorded.stat().st_size > 0:
                recorded.replace(archive)
                break
    if archive.exists():
        return [f"-XX:SharedArchiveFile={archive}"]
    recording = version_dir / f"cds-{key}.{profile}.recording"
    recording.unlink(missing_ok=True)
    # Recording lists every class it cannot archive as a warning: hundreds of harmless log lines.
    return [f"-XX:ArchiveClassesAtExit={recording}", "-Xlog:cds*=off"]


def fetch(cache: Path) -> Path:
    """Make sure the Kafka jars are in the cache; download them with Maven when they are not."""
    lib = lib_dir(cache)
    if lib.is_dir():
        say(f"Kafka {KAFKA_VERSION}: jars already cached in {lib}")
        return lib
    mvn = require_tool("mvn", purpose="to download the Kafka jars from Maven Central", hint=MAVEN_HINT)
    require_java()
    version_dir = lib.parent
    require_free_space(version_dir, needed=1024**3, what="downloading Kafka")
    (version_dir / "pom.xml").write_text(pom_xml())
    partial = version_dir / "lib.partial"
    shutil.rmtree(partial, ignore_errors=True)
    say(f"Kafka {KAFKA_VERSION}: downloading jars from Maven Central into {lib} …")
    elapsed = run_streamed(
        [
            mvn,
            "-q",
            "-B",
            "-Dstyle.color=never",
            f"-Dmaven.repo.local={cache / 'm2'}",
            DEPENDENCY_PLUGIN,
            f"-DoutputDirectory={partial}",
            "-DincludeScope=runtime",
        ],
        label="downloading Kafka jars",
        registry="Maven Central",
        cwd=version_dir,
    )
    # Renamed only when complete, so an interrupted download is never mistaken for a good one.
    partial.rename(lib)
    say(f"Kafka {KAFKA_VERSION}: {len(list(lib.glob('*.jar')))} jars in {elapsed:.0f} s")
    return lib


def _props_path(ctx: Context) -> Path:
    return ctx.paths.kafka_conf / "server.properties"


def _log4j_path(ctx: Context) -> Path:
    return ctx.paths.kafka_conf / "log4j2.xml"


def _data_dir(ctx: Context) -> Path:
    return ctx.paths.data / "kafka"


def marker(ctx: Context) -> str:
    return str(_props_path(ctx))


def running_pid(ctx: Context) -> int | None:
    return processes.running_pid(ctx.paths.pid_file(PROCESS), marker(ctx))


def healthy(ctx: Context) -> bool:
    return running_pid(ctx) is not None and net.accepts_connections(ctx.profile.kafka)


def _cluster_id(ctx: Context) -> str:
    stored = ctx.paths.kafka_conf / "cluster_id"
    if stored.exists():
        return stored.read_text().strip()
    cluster_id = new_cluster_id()
    stored.write_text(cluster_id + "\n")
    return cluster_id


def _java_command(java: Java, ctx: Context, main_class: str, *args: str, extra: tuple[str, ...] = ()) -> list[str]:
    # Java expands the quoted "lib/*" classpath glob itself; no shell involved.
    return [java.path, *jvm_options(ctx.profile.name), *extra, f"-Dlog4j2.configurationFile={_log4j_path(ctx)}",
            "-cp", f"{lib_dir(ctx.cache)}/*", main_class, *args]


def launch(ctx: Context) -> processes.Launch:
    """Start Kafka unless our broker already runs; returns a handle whose wait() blocks until ready."""
    started = time.monotonic()
    pid = running_pid(ctx)
    if pid is not None and net.accepts_connections(ctx.profile.kafka):
        return processes.Launch("Kafka", pid, True, lambda: 0.0)
    if pid is not None:
        # Ours but not listening yet (another devstack call is starting it): just wait.
        return processes.Launch("Kafka", pid, True, lambda: _wait(ctx, since=0, pid=pid, require_line=False))
    lib = lib_dir(ctx.cache)
    if not lib.is_dir():
        raise DevstackError(
            f"The Kafka {KAFKA_VERSION} jars are not in the cache ({lib}).",
            hint="run 'python3 -m deploy.devstack fetch' (or 'make setup') first.",
        )
    java = require_java()
    for port, label in ((ctx.profile.kafka, "Kafka"), (ctx.profile.kafka_controller, "Kafka controller")):
        net.require_free(port, component=label, profile=ctx.profile.name)
    ctx.paths.ensure()
    ctx.paths.kafka_conf.mkdir(parents=True, exist_ok=True)
    _props_path(ctx).write_text(server_properties(ctx.profile, _data_dir(ctx)))
    _log4j_path(ctx).write_text(LOG4J2_TEMPLATE)
    if not (_data_dir(ctx) / "meta.properties").exists():
        _format_storage(java, ctx)
    log = ctx.paths.log_file(PROCESS)
    since = processes.log_size(log)
    cds = class_data_sharing_options(java, lib_dir(ctx.cache).parent, ctx.profile.name)
    command = _java_command(java, ctx, "kafka.Kafka", str(_props_path(ctx)), extra=tuple(cds))
    pid = processes.start_detached(ctx.paths, PROCESS, command, cwd=ctx.paths.root)
    return processes.Launch("Kafka", pid, False, lambda: _wait(ctx, since=since, pid=pid, require_line=True), started)


def _format_storage(java: Java, ctx: Context) -> None:
    command = _java_command(java, ctx, "kafka.tools.StorageTool", "format",
                            "-t", _cluster_id(ctx), "-c", str(_props_path(ctx)))
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise DevstackError(
            f"Formatting the Kafka storage in {_data_dir(ctx)} failed.",
            hint=f"if the directory holds data of another cluster, run 'python3 -m deploy.devstack down "
            f"--purge --profile {ctx.profile.name}' (deletes this profile's data) and try again.",
            details=(result.stdout + result.stderr)[-3000:],
        )


def _wait(ctx: Context, *, since: int, pid: int, require_line: bool) -> float:
    log = ctx.paths.log_file(PROCESS)

    def ready() -> bool:
        if not net.accepts_connections(ctx.profile.kafka):
            return False
        return not require_line or processes.log_contains(log, STARTED_LINE, since=since)

    return processes.wait_until(
        ready,
        what=f"Kafka (profile {ctx.profile.name}, port {ctx.profile.kafka})",
        timeout=90,
        alive=lambda: processes.cmdline(pid) is not None,
        log_path=log,
    )


def stop(ctx: Context, *, kill: bool = False) -> int | None:
    # A clean shutdown flushes the log segments; on a single node it takes a few seconds.
    return processes.stop(ctx.paths.pid_file(PROCESS), marker(ctx), timeout=60, kill=kill)
