"""Profiles (port table) and where each profile keeps its data, logs, pids and caches."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import DevstackError

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Profile:
    name: str
    kafka: int
    kafka_controller: int
    postgres: int
    minio: int
    minio_console: int
    # The development and test PKI (deploy/testpki: CA enrollment, CRL, OCSP, time stamping).
    pki: int
    # Service ports are service_base + the service's offset in services.SERVICES.
    service_base: int


# Same table as CONVENTIONS.md; a unit test keeps them in step.
PROFILES: dict[str, Profile] = {
    "dev": Profile("dev", 19092, 19093, 15432, 19000, 19001, 19010, 8100),
    "test": Profile("test", 29092, 29093, 25432, 29000, 29001, 29010, 8200),
    # All below 32768: ports in the kernel's ephemeral range can be taken by outgoing connections.
    "bench": Profile("bench", 30092, 30093, 30432, 30000, 30001, 30010, 8300),
}
DEFAULT_PROFILE = "dev"
# Kernel ephemeral ports start here; a listening port above it can be stolen by an outgoing connection.
EPHEMERAL_PORT_START = 32768
PORT_SHIFT_ENV = "OPENSARABAN_PORT_SHIFT"


def get_profile(name: str) -> Profile:
    """The profile's ports, all moved up by $OPENSARABAN_PORT_SHIFT (default 0).

    The shift lets two checkouts on one machine (e.g. two CI jobs) run the same profile side by side.
    """
    try:
        profile = PROFILES[name]
    except KeyError:
        raise DevstackError(
            f"Unknown profile '{name}'.", hint=f"use one of: {', '.join(PROFILES)}."
        ) from None
    return shifted(profile, _port_shift())


def shifted(profile: Profile, shift: int) -> Profile:
    moved = replace(
        profile,
        kafka=profile.kafka + shift,
        kafka_controller=profile.kafka_controller + shift,
        postgres=profile.postgres + shift,
        minio=profile.minio + shift,
        minio_console=profile.minio_console + shift,
        pki=profile.pki + shift,
        service_base=profile.service_base + shift,
    )
    if max(moved.kafka, moved.kafka_controller, moved.postgres, moved.minio, moved.minio_console, moved.pki) >= EPHEMERAL_PORT_START:
        raise DevstackError(
            f"{PORT_SHIFT_ENV}={shift} moves profile '{profile.name}' into the ephemeral port range "
            f"(≥ {EPHEMERAL_PORT_START}).",
            hint="use a smaller shift (e.g. 100, 200 or 300).",
        )
    return moved


CLOCK_ENV = "OPENSARABAN_CLOCK"
"""Starts the system's business clock at another moment (opensaraban_shared.clock): a calendar run."""


def _port_shift() -> int:
    raw = os.environ.get(PORT_SHIFT_ENV, "0")
    try:
        shift = int(raw)
    except ValueError:
        shift = -1
    if shift < 0:
        raise DevstackError(
            f"{PORT_SHIFT_ENV} must be a whole number ≥ 0, not '{raw}'.", hint="e.g. OPENSARABAN_PORT_SHIFT=100."
        )
    return shift


def cache_dir() -> Path:
    """Root of the shared download/build cache ($OPENSARABAN_CACHE, default ~/.cache/opensaraban)."""
    configured = os.environ.get("OPENSARABAN_CACHE")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "opensaraban"


@dataclass(frozen=True)
class StackPaths:
    """Per-profile directories under var/<profile>/."""

    root: Path

    @classmethod
    def for_profile(cls, profile: Profile, repo_root: Path = REPO_ROOT) -> StackPaths:
        """var/<profile>/; a calendar run (OPENSARABAN_CLOCK set) keeps its data apart in var/<profile>-calendar/,
        because what it dates on another day must not mix with an ordinary run's data."""
        calendar = "-calendar" if os.environ.get(CLOCK_ENV, "").strip() else ""
        return cls(repo_root / "var" / f"{profile.name}{calendar}")

    @property
    def is_calendar_run(self) -> bool:
        return self.root.name.endswith("-calendar")

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "log"

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def kafka_conf(self) -> Path:
        return self.root / "kafka"

    @property
    def pki(self) -> Path:
        """The test PKI's keys, certificates and issued-certificate database (deploy/testpki)."""
        return self.root / "pki"

    @property
    def softhsm(self) -> Path:
        """SoftHSM2's configuration and token files: the signing keys of this profile."""
        return self.root / "softhsm"

    @property
    def stack_json(self) -> Path:
        return self.root / "stack.json"

    @property
    def auth_secret(self) -> Path:
        return self.root / "auth_secret"

    def log_file(self, process: str) -> Path:
        return self.log / f"{process}.log"

    def pid_file(self, process: str) -> Path:
        return self.run / f"{process}.pid"

    def ensure(self) -> None:
        for directory in (self.root, self.data, self.log, self.run):
            directory.mkdir(parents=True, exist_ok=True)


@dataclass(frozen=True)
class Context:
    """Everything a command needs to know about where it works."""

    profile: Profile
    paths: StackPaths
    cache: Path

    @classmethod
    def create(cls, profile_name: str) -> Context:
        profile = get_profile(profile_name)
        return cls(profile, StackPaths.for_profile(profile), cache_dir())
