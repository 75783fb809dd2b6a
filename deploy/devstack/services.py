"""The OpenSaraban services (four back ends and the web portal): the one table of names, modules, env prefixes and ports; start/stop."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import minio, net, postgres, processes, softhsm, stack, testpki
from .errors import DevstackError
from .paths import REPO_ROOT, Context, Profile
from .progress import say

READY_TIMEOUT = 90.0
# Served by opensaraban_shared.service_app for every service.
DOCS_PATH = "/docs"
ASYNCAPI_PATH = "/asyncapi.json"
DEMO_MODULE = "documents_service.demo_data"


@dataclass(frozen=True)
class Service:
    name: str
    module: str
    env_prefix: str
    # HTTP port = profile.service_base + port_offset (8101, 8201, 8301 for documents …).
    port_offset: int
    # The portal renders pages from the other services' APIs, so it is told where they answer.
    calls_services: bool = False

    def port(self, profile: Profile) -> int:
        return profile.service_base + self.port_offset

    def base_url(self, profile: Profile) -> str:
        return f"http://127.0.0.1:{self.port(profile)}"


SERVICES: dict[str, Service] = {
    service.name: service
    for service in (
        Service("documents", "documents_service", "DOCUMENTS_", 1),
        Service("meeting", "meeting_service", "MEETING_", 2),
        Service("notify", "notify_service", "NOTIFY_", 3),
        Service("metrics", "metrics_service", "METRICS_", 4),
        Service("portal", "portal_service", "PORTAL_", 5, calls_services=True),
    )
}


def get_service(name: str) -> Service:
    try:
        return SERVICES[name]
    except KeyError:
        raise DevstackError(f"Unknown service '{name}'.", hint=f"use one of: {', '.join(SERVICES)}.") from None


# Settings every service gets from the stack (CONVENTIONS.md, "Service configuration"), without prefix.
SETTING_NAMES = (
    "KAFKA_BOOTSTRAP", "PG_DSN", "S3_ENDPOINT", "S3_ACCESS_KEY", "S3_SECRET_KEY", "S3_BUCKET", "S3_SECURE",
    "HTTP_HOST", "HTTP_PORT", "AUTH_SECRET", "LOG_FORMAT",
)


def service_env(ctx: Context, service: Service) -> dict[str, str]:
    """The variables the service reads, each with the service's own prefix."""
    profile = ctx.profile
    settings = {
        "KAFKA_BOOTSTRAP": f"127.0.0.1:{profile.kafka}",
        "PG_DSN": postgres.dsn(profile.postgres),
        "S3_ENDPOINT": f"127.0.0.1:{profile.minio}",
        "S3_ACCESS_KEY": minio.ROOT_USER,
        "S3_SECRET_KEY": minio.ROOT_PASSWORD,
        "S3_BUCKET": minio.BUCKET,
        "S3_SECURE": "false",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(service.port(profile)),
        "AUTH_SECRET": stack.auth_secret(ctx.paths),
        "LOG_FORMAT": "json",
    }
    if service.calls_services:
        settings |= {f"{other.name.upper()}_URL": other.base_url(profile)
                     for other in SERVICES.values() if not other.calls_services}
        # Where the browser opens the adoption dashboard (here the same address as the server calls).
        settings["METRICS_DASHBOARD_URL"] = f"{SERVICES['metrics'].base_url(profile)}/dashboard"
    return {service.env_prefix + key: value for key, value in settings.items()}


def smtp_port(profile: Profile) -> int:
    """Where the notify service sends e-mail (dev 8125, test 8225, bench 8325, moved by the port shift).

    Nothing listens there unless someone starts an SMTP server: the tests start a real one, and for dev
    `.venv/bin/python -m aiosmtpd -n -l 127.0.0.1:8125` prints the mail.
    """
    return profile.service_base + 25


# The test profile retries failed e-mails and webhooks within seconds, so retry and dead-letter behaviour fits
# in a test; other profiles keep the production defaults of the service's settings.
_NOTIFY_TEST_TIMINGS = {
    "NOTIFY_DELIVERY_RETRY_BASE_S": "0.5",
    "NOTIFY_DELIVERY_MAX_ATTEMPTS": "5",
    "NOTIFY_DELIVERY_POLL_S": "0.2",
    "NOTIFY_WEBHOOK_DISABLE_AFTER": "8",
    "NOTIFY_WEBHOOK_TIMEOUT_S": "3",
    "NOTIFY_SMTP_TIMEOUT_S": "3",
    # A crashed instance's claimed e-mails come back after the lease: longer than a claimed batch takes
    # (50 rows, 16 at a time, each within the 3 s timeouts), far shorter than the production 120 s.
    "NOTIFY_DELIVERY_LEASE_S": "15",
    "NOTIFY_SCHEDULER_POLL_S": "0.2",
    # Tests send digests through POST /admin/digests/run: a run of its own at 07:00 Bangkok time would take
    # their held e-mails first, so a test would pass or fail by the hour it ran at.
    "NOTIFY_AUTOMATIC_DIGESTS": "false",
}


def signing_settings(ctx: Context) -> dict[str, str]:
    """The documents service's signing: the profile's SoftHSM2 token, the test PKI as its CA, TSA and trust root."""
    pki = testpki.endpoints(ctx)
    settings = {
        softhsm.CONF_ENV: str(softhsm.ensure_config(ctx.paths)),
        "DOCUMENTS_PKCS11_MODULE": str(softhsm.pkcs11_module()),
        "DOCUMENTS_CA_URL": pki["url"],
        "DOCUMENTS_TSA_URL": pki["tsa_url"],
        "DOCUMENTS_TRUST_ROOTS": pki["root_certificate"],
        # The agencies' electronic-seal tokens' PIN: a deployment secret (here a fixed development value).
        "DOCUMENTS_SEAL_PIN": "seal-pin-" + ctx.profile.name,
    }
    if ctx.profile.name == "test":
        # Tests revoke a certificate and check a letter again at once: every check asks the test PKI (the reuse of
        # answers itself is tested in tests/integration/test_revocation_reuse.py).
        settings["DOCUMENTS_REVOCATION_REUSE_S"] = "0"
    return settings


def service_extras(ctx: Context, service: Service) -> dict[str, str]:
    """Settings only one service has (beyond SETTING_NAMES)."""
    if service.name == "documents":
        return signing_settings(ctx)
    if service.name != "notify":
        return {}
    extras = {"NOTIFY_SMTP_HOST": "127.0.0.1", "NOTIFY_SMTP_PORT": str(smtp_port(ctx.profile))}
    if ctx.profile.name == "test":
        extras |= _NOTIFY_TEST_TIMINGS
    return extras


def venv_python(repo_root: Path = REPO_ROOT) -> Path:
    python = repo_root / ".venv" / "bin" / "python"
    if not python.exists():
        raise DevstackError(
            f"The project's virtual environment is missing ({python}).",
            hint="run 'make setup' (creates .venv with uv) or 'make up', then try again.",
        )
    return python


def _marker(service: Service) -> str:
    return f"-m {service.module}"


def running_pid(ctx: Context, service: Service) -> int | None:
    return processes.running_pid(ctx.paths.pid_file(service.name), _marker(service))


def ready_url(ctx: Context, service: Service) -> str:
    return f"{service.base_url(ctx.profile)}/health/ready"


def healthy(ctx: Context, service: Service) -> bool:
    return net.http_status(ready_url(ctx, service), timeout=1.0) == 200


def _process_env(ctx: Context, service: Service) -> dict[str, str]:
    # Logs must reach the log file as they happen, not when a buffer fills.
    return {**os.environ, "PYTHONUNBUFFERED": "1", **service_env(ctx, service), **service_extras(ctx, service)}


def launch(ctx: Context, service: Service) -> processes.Launch:
    pid = running_pid(ctx, service)
    if pid is not None:
        return processes.Launch(service.name, pid, True, lambda: _wait(ctx, service, pid))
    python = venv_python()
    net.require_free(service.port(ctx.profile), component=f"{service.name} service", profile=ctx.profile.name)
    pid = processes.start_detached(
        ctx.paths, service.name, [str(python), "-m", service.module], env=_process_env(ctx, service), cwd=REPO_ROOT
    )
    return processes.Launch(service.name, pid, False, lambda: _wait(ctx, service, pid))


def _wait(ctx: Context, service: Service, pid: int) -> float:
    return processes.wait_until(
        lambda: healthy(ctx, service),
        what=f"The {service.name} service ({ready_url(ctx, service)})",
        timeout=READY_TIMEOUT,
        alive=lambda: processes.cmdline(pid) is not None,
        log_path=ctx.paths.log_file(service.name),
        hint=f"read its log below (full log: {ctx.paths.log_file(service.name)}); check that 'infra-up' "
        f"succeeded for profile {ctx.profile.name}.",
        interval=0.3,
    )


def stop(ctx: Context, service: Service, *, kill: bool = False) -> int | None:
    return processes.stop(ctx.paths.pid_file(service.name), _marker(service), timeout=20, kill=kill)


# Exit 3 when the module is missing; find_spec raises instead when even the parent package is missing.
_PROBE = """
import importlib.util, sys
try:
    found = importlib.util.find_spec("{module}") is not None
except ModuleNotFoundError:
    found = False
sys.exit(0 if found else 3)
"""


def run_demo_data(ctx: Context) -> bool:
    """Load the demo data through the documents service's module; False when it does not exist yet."""
    python = venv_python()
    documents = SERVICES["documents"]
    probe = subprocess.run(
        [str(python), "-c", _PROBE.format(module=DEMO_MODULE)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    if probe.returncode == 3:
        say(f"warning: {DEMO_MODULE} does not exist yet; skipping demo data.")
        return False
    if probe.returncode != 0:
        say(f"warning: could not check for {DEMO_MODULE}; skipping demo data:\n{probe.stderr.strip()}")
        return False
    log = ctx.paths.log_file("demo_data")
    say(f"Loading demo data ({DEMO_MODULE}, log {log}) …")
    # Shown as well as logged: it tells the newcomer which demo users and passwords exist.
    with open(log, "a") as handle:
        process = subprocess.Popen(
            [str(python), "-m", DEMO_MODULE], env=_process_env(ctx, documents), cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
        )
        for line in process.stdout or ():
            handle.write(line)
            say("    " + line.rstrip())
        code = process.wait()
    if code != 0:
        raise DevstackError(
            f"Loading the demo data failed (exit code {code}); the stack itself is running.",
            hint=f"read the output below (full log: {log}), fix the cause and run 'up' again — it reuses what runs.",
            details=processes.tail(log),
        )
    return True
