"""Signing keys in PKCS#11 tokens: one token per signer (and one per agency seal), reached only with its PIN.

A signer's token is unlocked by the signing PIN the person chose when they enrolled; the service never stores it,
so nobody, the service included, signs in their name without them typing it. The key pair is generated inside the
token (sensitive, never extractable); only its public key and the certificate leave it.

A token is made in a free slot (SoftHSM2 always offers one; an HSM provisions its own way) with a random
security-officer PIN that sets the person's PIN and is then thrown away. A forgotten PIN therefore means a new
enrollment: a new token and key, the old certificate revoked.

All calls block (the module does the cryptography), so the service runs them in worker threads. python-pkcs11
initialises the module without locking arguments (C_Initialize(NULL)), which tells it that no two threads call it at
once; SoftHSM2 then uses no mutexes of its own, and concurrent calls corrupted its memory under load (the bench's
sustained signing ended in "double free or corruption"). So every call into the module holds one lock of the
process (`MODULE_LOCK`), pyHanko's signing through it included (`TokenSigner`). A call takes a millisecond or so;
the lock costs no throughput worth measuring.
"""

from __future__ import annotations

import ctypes
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pkcs11
from pkcs11 import Attribute, KeyType, ObjectClass, TokenFlag
from pkcs11.util.ec import encode_named_curve_parameters
from pyhanko.sign.pkcs11 import PKCS11Signer

from .authority import CertificateSubject
from .csr import certificate_request

KEY_LABEL = "signing"
KEY_ID = b"\x01"
CURVE = "secp256r1"  # ECDSA P-256: generated in a third of a second and signed with in a millisecond in SoftHSM2
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
        with MODULE_LOCK:  # one free slot at a time, too: two creations must not initialise the same one
            so_pin = secrets.token_hex(16)
            _init_token(self.module, _free_slot(self.module), so_pin=so_pin, label=label)
            token = self._token(label)
            try:
                with token.open(so_pin=so_pin, rw=True) as session:
                    session.init_pin(pin)
            except pkcs11.PKCS11Error as failed:
                raise TokenUnavailable(f"token {label}: could not set its PIN: {failed!r}") from failed
        with self._opened(label, pin, rw=True) as session, MODULE_LOCK:
            parameters = session.create_domain_parameters(
                KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters(CURVE)}, local=True)
            parameters.generate_keypair(store=True, label=KEY_LABEL, id=KEY_ID,
                                        private_template={Attribute.EXTRACTABLE: False, Attribute.SENSITIVE: True})

    def certificate_request(self, label: str, pin: str, subject: CertificateSubject) -> str:
        """A PEM certificate request for the token's key pair, signed inside the token."""
        with self.session(label, pin) as session, MODULE_LOCK:
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
        """A session logged in with `pin`, one at a time per token: a login is the token's, not the session's (a
        second C_Login answers "already logged in" whatever the PIN, and the first session's close logs the second
        out), so the same signer's signatures wait for each other, and each checks its own PIN."""
        with _token_lock(label), self._logged_in(label, pin, rw=rw) as session:
            yield session

    @contextmanager
    def _logged_in(self, label: str, pin: str, *, rw: bool) -> Iterator[pkcs11.Session]:
        token = self._token(label)
        try:
            with MODULE_LOCK:
                try:
                    session = token.open(user_pin=pin, rw=rw)
                except (pkcs11.SlotIDInvalid, pkcs11.TokenNotPresent):
                    # The module was initialised again since the token was looked up (its slots renumbered).
                    _TOKENS.pop((self.module, label), None)
                    session = self._token(label).open(user_pin=pin, rw=rw)
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
            with MODULE_LOCK:
                session.close()

    def _token(self, label: str) -> pkcs11.Token:
        """The token labelled so; looked up once per process, then kept."""
        key = (self.module, label)
        with MODULE_LOCK:
            if (token := _TOKENS.get(key)) is not None:
                return token
            try:
                token = _library(self.module).get_token(token_label=label)
            except pkcs11.NoSuchToken as missing:
                raise NoToken(label) from missing
            except pkcs11.MultipleTokensReturned as repeated:
                raise TokenUnavailable(f"more than one token is labelled {label}") from repeated
            except (pkcs11.PKCS11Error, OSError, RuntimeError) as failed:
                raise TokenUnavailable(f"PKCS#11 module {self.module}: {failed!r}") from failed
            _TOKENS[key] = token
            return token


class TokenSigner(PKCS11Signer):
    """pyHanko's PKCS#11 signer, calling the module only holding MODULE_LOCK. pyHanko looks the key and
    certificates up when it first needs them, from whichever thread asks (its `signing_cert` property, in the
    signing thread; `ensure_objects_loaded`, in an executor thread): they are looked up here instead, at once, under
    the lock, so that only the signature itself is left to make."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with MODULE_LOCK:
            self._load_objects()

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        with MODULE_LOCK:
            return await super().async_sign_raw(data, digest_algorithm, dry_run=dry_run)


def _token_lock(label: str) -> threading.Lock:
    with _LOCK:
        return _TOKEN_LOCKS.setdefault(label, threading.Lock())


_LOCK = threading.Lock()
_TOKEN_LOCKS: dict[str, threading.Lock] = {}
# Every call into a PKCS#11 module (see the module's docstring). Taken after a token's own lock, never before.
# Reentrant: pyHanko's signer asks for its key while signing.
MODULE_LOCK = threading.RLock()
_LIBRARIES: dict[str, pkcs11.lib] = {}
_TOKENS: dict[tuple[str, str], pkcs11.Token] = {}
CKR_OK = 0
LABEL_BYTES = 32


def _free_slot(module: str) -> int:
    """A slot whose token is not initialised yet (SoftHSM2 always keeps one)."""
    try:
        for slot in _library(module).get_slots(token_present=True):
            if not slot.get_token().flags & TokenFlag.TOKEN_INITIALIZED:
                return slot.slot_id
    except pkcs11.PKCS11Error as failed:
        raise TokenUnavailable(f"PKCS#11 module {module}: {failed!r}") from failed
    raise TokenUnavailable(f"PKCS#11 module {module} has no free slot for a new token")


def _init_token(module: str, slot_id: int, *, so_pin: str, label: str) -> None:
    """C_InitToken, which python-pkcs11 does not expose, called in the library this process has initialised (the
    same loaded object: a token made by another process, e.g. softhsm2-util, would stay unseen until the library
    is initialised again)."""
    _library(module)
    init_token = ctypes.CDLL(module).C_InitToken
    init_token.argtypes = [ctypes.c_ulong, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
    init_token.restype = ctypes.c_ulong
    encoded = label.encode("utf-8")
    if len(encoded) > LABEL_BYTES:
        raise ValueError(f"token label {label!r} is longer than {LABEL_BYTES} bytes")
    result = init_token(slot_id, so_pin.encode("ascii"), len(so_pin), encoded.ljust(LABEL_BYTES, b" "))
    if result != CKR_OK:
        raise TokenUnavailable(f"C_InitToken on slot {slot_id} failed: 0x{result:08x}")


def _library(module: str) -> pkcs11.lib:
    """The module is loaded and initialised once per process (PKCS#11 allows one C_Initialize)."""
    with _LOCK:
        if module not in _LIBRARIES:
            _LIBRARIES[module] = pkcs11.lib(module)
        return _LIBRARIES[module]
