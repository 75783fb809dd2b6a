"""SoftHSM2 (Debian's softhsm2): the PKCS#11 token that holds a profile's signing keys, in var/<profile>/softhsm/."""

from __future__ import annotations

from pathlib import Path

from .paths import StackPaths

CONF_ENV = "SOFTHSM2_CONF"
"""The variable libsofthsm2 reads its configuration file from."""
MODULE_CANDIDATES = (
    Path("/usr/lib/softhsm/libsofthsm2.so"),  # Debian and Ubuntu (package softhsm2)
    Path("/usr/lib64/pkcs11/libsofthsm2.so"),  # Fedora
    Path("/usr/local/lib/softhsm/libsofthsm2.so"),  # built from source
    Path("/opt/homebrew/lib/softhsm/libsofthsm2.so"),  # macOS, Homebrew
)


def pkcs11_module() -> Path:
    """The PKCS#11 library to load: the first of the known places that exists (else Debian's)."""
    return next((path for path in MODULE_CANDIDATES if path.exists()), MODULE_CANDIDATES[0])


def config_text(token_dir: Path) -> str:
    return (
        "# Written by deploy/devstack (softhsm.py) for this profile; rewritten on every start.\n"
        f"directories.tokendir = {token_dir}/\n"
        "objectstore.backend = file\n"
        "log.level = ERROR\n"
        "slots.removable = false\n"
        "slots.mechanisms = ALL\n"
        "library.reset_on_fork = false\n"
    )


def ensure_config(paths: StackPaths) -> Path:
    """var/<profile>/softhsm/softhsm2.conf with its token directory next to it; returns the file's path."""
    tokens = paths.softhsm / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = paths.softhsm / "softhsm2.conf"
    text = config_text(tokens)
    if not conf.exists() or conf.read_text() != text:
        partial = conf.with_suffix(".tmp")
        partial.write_text(text)
        partial.replace(conf)
    return conf
