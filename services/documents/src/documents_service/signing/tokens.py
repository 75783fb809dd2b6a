"""Signing keys in PKCS#11 tokens: one token per signer (and one per agency seal), reached only with its PIN.

A signer's token is unlocked by the signing PIN the person chose when they enrolled; the service never stores it,
so nobody, the service included, signs in their name without them typing it. The key pair is generated inside the
token (sensitive, never extractable); only its public key and the certificate leave it.

Tokens are created with SoftHSM2's own tool (creating a token is not part of what PKCS#11 libraries expose here, and
each HSM provisions in its own way): a random security-officer PIN that is thrown away, and a random first user PIN
that is replaced at once, inside this process, by the person's PIN (so the person's PIN never appears on a command
line). A forgotten PIN therefore means a new enrollment: a new token and key, the old certificate revoked.

All calls block (the module does the cryptography), so the service runs them in worker threads.
"""

from __future__ import annotations

import secrets
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pkcs11
from pkcs11 import Attribute, KeyType, ObjectClass
from pkcs11.util.ec import encode_named_curve_parameters

from .authority import CertificateSubject
from .csr import certificate_request

KEY_LABEL = "signing"
KEY_ID = b"\x01"
CURVE = "secp256r1"  # ECDSA P-256: generated in a third of a second and signed with in a millisecond in SoftHSM2
SOFTHSM_UTIL = "softhsm2-util"
MIN_PIN_LENGTH = 6


class TokenError(Exception):
    """Base of what the token store reports."""


class WrongPin(TokenError):
    """The PIN does not open the token."""


class PinLocked(TokenError):
    """The token refuses every PIN now (too many wrong ones)."""


class NoToken(TokenError):
    """No token carries that label (never enrolled, or removed)."""


class TokenUnavailable(TokenError):
    """The PKCS#11 module or the token cannot be reached: try again later."""


@dataclass(frozen=True)
class TokenStore:
    """The PKCS#11 module (SoftHSM2 locally and in CI, the agency's HSM in production) holding the tokens."""

    module: str

    def create(self, label: str, pin: str) -> None:
        """A new token `label` whose user PIN is `pin`, with an ECDSA P-256 key pair made inside it."""
        first_pin = secrets.token_hex(16)
        try:
            subprocess.run([SOFTHSM_UTIL, "--init-token", "--free", "--label", label,
                            "--so-pin", secrets.token_hex(16), "--pin", first_pin],
                           check=True, capture_output=True, timeout=30)
        except (OSError, subprocess.SubprocessError) as failed:
            raise TokenUnavailable(f"could not create token {label}: {failed}") from failed
        with self._opened(label, first_pin, rw=True) as session:
            session.set_pin(first_pin, pin)
        with self._opened(label, pin, rw=True) as session:
            parameters = session.create_domain_parameters(
                KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters(CURVE)}, local=True)
            parameters.generate_keypair(store=True, label=KEY_LABEL, id=KEY_ID,
                                        private_template={Attribute.EXTRACTABLE: False, Attribute.SENSITIVE: True})

    def certificate_request(self, label: str, pin: str, subject: CertificateSubject) -> str:
        """A PEM certificate request for the token's key pair, signed inside the token."""
        with self.session(label, pin) as session:
            private = session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=KEY_LABEL)
            public = session.get_key(object_class=ObjectClass.PUBLIC_KEY, label=KEY_LABEL)
            return certificate_request(private, public, subject)

    @contextmanager
    def session(self, label: str, pin: str) -> Iterator[pkcs11.Session]:
        """A logged-in session on the token, closed (and logged out) on leaving."""
        with self._opened(label, pin, rw=False) as session:
            yield session

    @contextmanager
    def _opened(self, label: str, pin: str, *, rw: bool) -> Iterator[pkcs11.Session]:
        token = self._token(label)
        try:
            session = token.open(user_pin=pin, rw=rw)
        except pkcs11.PinIncorrect as wrong:
            raise WrongPin(label) from wrong
        except pkcs11.PinLocked as locked:
            raise PinLocked(label) from locked
        except (pkcs11.PinLenRange, pkcs11.ArgumentsBad) as wrong:
            raise WrongPin(label) from wrong
        except pkcs11.PKCS11Error as failed:
            raise TokenUnavailable(f"token {label}: {failed!r}") from failed
        try:
            yield session
        finally:
            session.close()

    def _token(self, label: str) -> pkcs11.Token:
        try:
            return _library(self.module).get_token(token_label=label)
        except pkcs11.NoSuchToken as missing:
            raise NoToken(label) from missing
        except pkcs11.MultipleTokensReturned as repeated:
            raise TokenUnavailable(f"more than one token is labelled {label}") from repeated
        except (pkcs11.PKCS11Error, OSError, RuntimeError) as failed:
            raise TokenUnavailable(f"PKCS#11 module {self.module}: {failed!r}") from failed


_LOCK = threading.Lock()
_LIBRARIES: dict[str, pkcs11.lib] = {}


def _library(module: str) -> pkcs11.lib:
    """The module is loaded and initialised once per process (PKCS#11 allows one C_Initialize)."""
    with _LOCK:
        if module not in _LIBRARIES:
            _LIBRARIES[module] = pkcs11.lib(module)
        return _LIBRARIES[module]
