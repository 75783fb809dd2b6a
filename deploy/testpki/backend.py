"""Certomancer's signing with the PKI's keys kept loaded: its own backend parses the private key again for every
signature, which for RSA under OpenSSL 3 (a full key check) costs more than the signature itself."""

from __future__ import annotations

import threading

from asn1crypto import algos, keys
from certomancer import crypto_utils
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


class LoadedKeysBackend(crypto_utils.PycaCryptographyBackend):
    def __init__(self) -> None:
        self._keys: dict[bytes, rsa.RSAPrivateKey] = {}
        self._lock = threading.Lock()

    def generic_sign(self, private_key: keys.PrivateKeyInfo, tbs_bytes: bytes,
                     sd_algo: algos.SignedDigestAlgorithm) -> bytes:
        if sd_algo.signature_algo != "rsassa_pkcs1v15":
            return super().generic_sign(private_key, tbs_bytes, sd_algo)
        der = private_key.dump()
        with self._lock:
            key = self._keys.get(der)
            if key is None:
                key = self._keys[der] = serialization.load_der_private_key(der, password=None)  # type: ignore[assignment]
        return key.sign(tbs_bytes, padding.PKCS1v15(), getattr(hashes, sd_algo.hash_algo.upper())())


def install() -> None:
    """Makes Certomancer (and the enrollment, which signs through it) use the loaded keys."""
    crypto_utils.CRYPTO_BACKEND = LoadedKeysBackend()
