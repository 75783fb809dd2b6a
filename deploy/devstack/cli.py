"""Command line: fetch, infra-up, up, services-up/-down, start-/stop-service, start-/stop-infra, down, status, env."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from . import kafka, minio, net, postgres, processes, services, stack, testpki
from .errors import DevstackError
from .paths import CLOCK_ENV, DEFAULT_PROFILE, PROFILES, Context
from .progress import say


def cmd_fetch(ctx: Context, args: argparse.Namespace) -> None:
    started = time.monotonic()
    kafka.fetch(ctx.cache)
    minio.fetch(ctx.cache)
    say(f"PostgreSQL: using binaries in {postgres.find_bin_dir()}")
    say(f"fetch done in {time.monotonic() - started:.0f} s (cache: {ctx.cache})")


# A component to start: how to launch it, and how to stop it again.
Step = tuple[Callable[[], processes.Launch], Callable[[], int | None]]


def start_all_or_undo(steps: list[Step]) -> None:
    """Launch every component, then wait for all; on any failure stop what this call started, and re-raise.

    So a failed `up` (a port taken, a crashed JVM, Ctrl-C) leaves no half-started stack behind;
    components that were already running before the call are left alone.
    """
    launches: list[processes.Launch] = []
    try:
        for launch, _ in steps:
            launches.append(launch())
        _wait_all(launches)
    except BaseException:
        for started, (_, stop) in zip(launches, steps, strict=False):
            if not started.reused:
                _report_stop(started.component, stop())
        raise


def _wait_all(launches: list[processes.Launch]) -> None:
    """Wait for all launches at once, so each reports its own start-up time; raise the first failure."""

    def wait(launch: processes.Launch) -> float:
        launch.wait()
        return time.monotonic() - launch.started

    with ThreadPoolExecutor(max_workers=len(launches) or 1) as pool:
        futures = [pool.submit(wait, launch) for launch in launches]
        for launch, future in zip(launches, futures, strict=True):
            ready_after = future.result()
            how = "already running" if launch.reused else f"started, ready after {ready_after:.1f} s"
            say(f"  {launch.component:<12} pid {launch.pid}  {how}")


def _require_free_ports(ctx: Context) -> None:
    """Check every port before starting anything, so a conflict leaves no half-started stack behind."""
    p = ctx.profile
    wanted = (
        (kafka.running_pid(ctx), ((p.kafka, "Kafka"), (p.kafka_controller, "Kafka controller"))),
        (minio.running_pid(ctx), ((p.minio, "MinIO"), (p.minio_console, "MinIO console"))),
        (postgres.running_pid(ctx), ((p.postgres, "PostgreSQL"),)),
        (testpki.running_pid(ctx), ((p.pki, "test PKI"),)),
    )
    for pid, ports in wanted:
        if pid is None:
            for port, label in ports:
                net.require_free(port, component=label, profile=p.name)


def cmd_infra_up(ctx: Context, args: argparse.Namespace) -> None:
    started = time.monotonic()
    # Both are no-ops once cached, so a newcomer's first 'up' also fetches.
    kafka.fetch(ctx.cache)
    minio.fetch(ctx.cache)
    fetched = time.monotonic()
    say(f"Starting infrastructure for profile '{ctx.profile.name}' …")
    _require_free_ports(ctx)
    if ctx.paths.is_calendar_run and not any(m.healthy(ctx) for m in INFRASTRUCTURE.values()):
        # Each calendar run starts empty: letters another run dated on another day would sort among its own.
        say(f"calendar run ({CLOCK_ENV}={os.environ[CLOCK_ENV]}): starting from empty data in {ctx.paths.root}")
        shutil.rmtree(ctx.paths.data, ignore_errors=True)
    # Kafka and MinIO are spawned first so the JVM boots while PostgreSQL starts.
    start_all_or_undo([
        (lambda: kafka.launch(ctx), lambda: kafka.stop(ctx, kill=True)),
        (lambda: minio.launch(ctx), lambda: minio.stop(ctx, kill=True)),
        (lambda: postgres.launch(ctx), lambda: postgres.stop(ctx)),
        (lambda: testpki.launch(ctx), lambda: testpki.stop(ctx, kill=True)),
    ])
    data = stack.write(ctx)
    say(f"infrastructure ready in {time.monotonic() - fetched:.1f} s"
        + (f" (plus {fetched - started:.0f} s fetching)" if fetched - started > 1 else ""))
    say(f"wrote {ctx.paths.stack_json}:")
    say(json.dumps(data, indent=2))


def _require_infra(ctx: Context) -> None:
    # The documents service reads the test PKI's root certificate and calls its CA and TSA.
    down = [name for name, ok in (("Kafka", kafka.healthy(ctx)), ("PostgreSQL", postgres.healthy(ctx)),
                                  ("MinIO", minio.healthy(ctx)), ("the test PKI", testpki.healthy(ctx))) if not ok]
    if down:
        raise DevstackError(
            f"{', '.join(down)} of profile '{ctx.profile.name}' not running, so the services cannot start.",
            hint=f"run 'python3 -m deploy.devstack infra-up --profile {ctx.profile.name}' first (or 'up').",
        )


def cmd_services_up(ctx: Context, args: argparse.Namespace) -> None:
    services.venv_python()
    _require_infra(ctx)
    stack.write(ctx)
    started = time.monotonic()
    say(f"Starting services for profile '{ctx.profile.name}' …")
    start_all_or_undo([(lambda s=s: services.launch(ctx, s), lambda s=s: services.stop(ctx, s, kill=True))
                        for s in services.SERVICES.values()])
    say(f"services ready in {time.monotonic() - started:.1f} s")


def cmd_services_down(ctx: Context, args: argparse.Namespace) -> None:
    for service in services.SERVICES.values():
        _report_stop(service.name, services.stop(ctx, service))


def cmd_start_service(ctx: Context, args: argparse.Namespace) -> None:
    service = services.get_service(args.name)
    services.venv_python()
    start_all_or_undo([(lambda: services.launch(ctx, service), lambda: services.stop(ctx, service, kill=True))])


def cmd_stop_service(ctx: Context, args: argparse.Namespace) -> None:
    service = services.get_service(args.name)
    _report_stop(service.name, services.stop(ctx, service, kill=args.kill), killed=args.kill)


# The servers by command-line name; each module has launch(ctx) and stop(ctx, kill=...).
INFRASTRUCTURE = {"kafka": kafka, "postgres": postgres, "minio": minio, "pki": testpki}


def cmd_start_infra(ctx: Context, args: argparse.Namespace) -> None:
    component = INFRASTRUCTURE[args.name]
    start_all_or_undo([(lambda: component.launch(ctx), lambda: component.stop(ctx, kill=True))])


def cmd_stop_infra(ctx: Context, args: argparse.Namespace) -> None:
    component = INFRASTRUCTURE[args.name]
    _report_stop(args.name, component.stop(ctx, kill=args.kill), killed=args.kill)


def _report_stop(name: str, pid: int | None, *, killed: bool = False) -> None:
    if pid is None:
        say(f"  {name:<12} not running")
    else:
        say(f"  {name:<12} pid {pid} {'killed' if killed else 'stopped'}")


def _print_urls(ctx: Context) -> None:
    say("")
    say(f"OpenSaraban is up (profile '{ctx.profile.name}'):")
    for service in services.SERVICES.values():
        base = service.base_url(ctx.profile)
        if service.calls_services:
            say(f"  {service.name:<10} {base}   ← open this in a browser (demo users: README)")
        else:
            say(f"  {service.name:<10} {base}   API docs {base}{services.DOCS_PATH}   "
                f"events (AsyncAPI) {base}{services.ASYNCAPI_PATH}")
    say(f"  MinIO console http://127.0.0.1:{ctx.profile.minio_console}  "
        f"(user {minio.ROOT_USER}, password {minio.ROOT_PASSWORD})")
    say(f"  test PKI      {testpki.url(ctx)}  (CA, CRL, OCSP, /tsa; root certificate "
        f"{testpki.endpoints(ctx)['root_certificate']})")
    say(f"  logs          {ctx.paths.log}/")
    say(f"  endpoints     {ctx.paths.stack_json}")
    say(f"  stop with     python3 -m deploy.devstack down --profile {ctx.profile.name}")


def cmd_up(ctx: Context, args: argparse.Namespace) -> None:
    # Fail on a missing .venv before spending time on the infrastructure.
    services.venv_python()
    cmd_infra_up(ctx, args)
    cmd_services_up(ctx, args)
    services.run_demo_data(ctx)
    _print_urls(ctx)


def cmd_down(ctx: Context, args: argparse.Namespace) -> None:
    say(f"Stopping profile '{ctx.profile.name}' …")
    cmd_services_down(ctx, args)
    # Reverse dependency order: nothing writes to Kafka or PostgreSQL once the services are gone.
    _report_stop("MinIO", minio.stop(ctx))
    _report_stop("Kafka", kafka.stop(ctx))
    _report_stop("PostgreSQL", postgres.stop(ctx))
    _report_stop("test PKI", testpki.stop(ctx))
    if args.purge:
        shutil.rmtree(ctx.paths.data, ignore_errors=True)
        say(f"  deleted {ctx.paths.data}")


def _status_line(name: str, pid: int | None, ports: str, ok: bool) -> str:
    rss = processes.rss_kib(pid) if pid else None
    memory = f"{rss / 1024:.0f} MiB" if rss else "-"
    state = "healthy" if ok else ("running, NOT healthy" if pid else "stopped")
    return f"  {name:<12} {str(pid or '-'):<8} {ports:<14} {memory:>8}  {state}"


def cmd_status(ctx: Context, args: argparse.Namespace) -> None:
    profile = ctx.profile
    say(f"Profile '{profile.name}' ({ctx.paths.root})")
    say(f"  {'process':<12} {'pid':<8} {'port(s)':<14} {'RSS':>8}  state")
    say(_status_line("kafka", kafka.running_pid(ctx), f"{profile.kafka},{profile.kafka_controller}", kafka.healthy(ctx)))
    say(_status_line("postgres", postgres.running_pid(ctx), str(profile.postgres), postgres.healthy(ctx)))
    say(_status_line("minio", minio.running_pid(ctx), f"{profile.minio},{profile.minio_console}", minio.healthy(ctx)))
    say(_status_line("pki", testpki.running_pid(ctx), str(profile.pki), testpki.healthy(ctx)))
    for service in services.SERVICES.values():
        pid = services.running_pid(ctx, service)
        say(_status_line(service.name, pid, str(service.port(profile)), pid is not None and services.healthy(ctx, service)))


def cmd_env(ctx: Context, args: argparse.Namespace) -> None:
    service = services.get_service(args.name)
    for key, value in {**services.service_env(ctx, service), **services.service_extras(ctx, service)}.items():
        print(f"{key}={value}")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--profile", choices=sorted(PROFILES), default=argparse.SUPPRESS,
                        help=f"which stack (ports, var/<profile>/); default {DEFAULT_PROFILE}")
    parser = argparse.ArgumentParser(
        prog="python3 -m deploy.devstack", parents=[common],
        description="Fetch, build, start and stop the OpenSaraban stack (Kafka, PostgreSQL, MinIO, the test PKI, services) "
                    "without Docker.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")

    def add(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    add("fetch", cmd_fetch, "download/build Kafka jars and the MinIO binary into the cache")
    add("infra-up", cmd_infra_up,
        "start Kafka, PostgreSQL, MinIO and the test PKI (reusing running ones) and write stack.json")
    add("up", cmd_up, "infra-up, start the four services, load demo data, print the URLs")
    add("services-up", cmd_services_up, "start the four services (infrastructure must be up)")
    add("services-down", cmd_services_down, "stop the four services")
    add("start-service", cmd_start_service, "start one service and wait until it is ready").add_argument(
        "name", choices=sorted(services.SERVICES))
    stop_service = add("stop-service", cmd_stop_service, "stop one service (SIGTERM, or SIGKILL with --kill)")
    stop_service.add_argument("name", choices=sorted(services.SERVICES))
    stop_service.add_argument("--kill", action="store_true", help="SIGKILL at once, like a crash")
    add("start-infra", cmd_start_infra,
        "start one of Kafka, PostgreSQL, MinIO, the test PKI and wait until it is ready").add_argument(
        "name", choices=sorted(INFRASTRUCTURE))
    stop_infra = add("stop-infra", cmd_stop_infra,
                     "stop one of Kafka, PostgreSQL, MinIO, the test PKI (clean stop, or a crash with --kill) to rehearse "
                     "an outage")
    stop_infra.add_argument("name", choices=sorted(INFRASTRUCTURE))
    stop_infra.add_argument("--kill", action="store_true",
                            help="SIGKILL Kafka, MinIO or the test PKI; PostgreSQL stops in 'immediate' mode (crash recovery next start)")
    down = add("down", cmd_down, "stop services, MinIO, Kafka, PostgreSQL and the test PKI; data is kept")
    down.add_argument("--purge", action="store_true", help="also delete var/<profile>/data")
    add("status", cmd_status, "show what runs, pids, ports, memory and health")
    add("env", cmd_env, "print the KEY=VALUE environment a service needs for this profile").add_argument(
        "name", choices=sorted(services.SERVICES))
    return parser


def pin_business_clock() -> None:
    """OPENSARABAN_CLOCK=<moment> starts the system's business clock there (opensaraban_shared.clock). Pinned
    here to the moment it was read, in that module's '<moment>@<unix seconds>' form, so that the services this
    command starts one after another all read the same clock."""
    setting = os.environ.get(CLOCK_ENV, "").strip()
    if setting and "@" not in setting:
        os.environ[CLOCK_ENV] = f"{setting}@{time.time()!r}"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    ctx = Context.create(getattr(args, "profile", DEFAULT_PROFILE))
    pin_business_clock()
    try:
        args.handler(ctx, args)
    except DevstackError as exc:
        sys.stdout.flush()
        print(exc.render(), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # Output piped into 'head' and the like: not an error of ours; silence the final flush too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted; whatever was already started keeps running ('status' shows it).", file=sys.stderr)
        return 130
    return 0
