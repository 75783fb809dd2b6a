"""The PKI's own keys: generated once per profile into var/<profile>/pki/keys/, test keys trusted by nothing else."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

CONFIG = Path(__file__).with_name("certomancer.yml")
KEYSET = "opensaraban-test"
# RSA with PKCS#1 v1.5 signatures is deterministic: the same keys make the same certificates byte for byte on every
# start, so a root certificate saved by an earlier run stays the one the PKI signs under.
KEY_BITS = 2048
WARNING = (
    "TEST KEYS of the OpenSaraban development PKI (deploy/testpki), made on this machine for one stack profile.\n"
    "They sign nothing but test certificates; never use them, or certificates under them, for real documents.\n"
)


def key_labels(config_path: Path = CONFIG) -> dict[str, str]:
    """Key label → file name, as the Certomancer configuration lists them."""
    config = yaml.safe_load(config_path.read_text())
    return {label: entry["path"] for label, entry in config["keysets"][KEYSET]["keys"].items()}


def ensure_keys(directory: Path, config_path: Path = CONFIG) -> None:
    """Generate whichever of the configured keys is missing (owner-only files); existing keys are kept."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "README.txt").write_text(WARNING)
    for file_name in key_labels(config_path).values():
        path = directory / file_name
        if path.exists():
            continue
        key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        partial = path.with_suffix(".tmp")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
        partial.replace(path)
