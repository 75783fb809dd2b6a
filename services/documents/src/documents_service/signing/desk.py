"""What signing needs at run time, made once per process from the settings: the token store, the deployment CA,
the time-stamping authority, the trust roots verification uses, and the object store."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from asn1crypto import pem, x509
from pyhanko.sign.timestamps import TimeStamper

from opensaraban_shared.storage import ObjectStore

from ..cpu import POOL
from . import pades
from .authority import CertificateAuthority
from .revocation import shared_answers
from .tokens import TokenStore
from .verification import LetterCheck, Trust, check

_EXTENSION = "signing_desk"


@dataclass(frozen=True)
class SigningDesk:
    tokens: TokenStore
    authority: CertificateAuthority
    tsa_url: str
    trust: Trust
    store: ObjectStore
    seal_pin: str
    max_image_bytes: int
    max_file_bytes: int

    def timestamper(self) -> TimeStamper:
        """The process's one client of the TSA: it keeps the timestamp it fetched once to size signatures by
        (pades.certify), instead of asking the TSA twice for every signature."""
        return self._timestamper

    @cached_property
    def _timestamper(self) -> TimeStamper:
        return pades.timestamper(self.tsa_url)

    async def check(self, pdf: bytes) -> LetterCheck:
        """The signatures of `pdf` checked in the service's worker process (cpu.py), with that process's revocation
        answers."""
        return await POOL.run(check, pdf, self.trust)


def desk_of(runtime: Any) -> SigningDesk:
    """The process's desk, made on first use from the documents settings."""
    desk = runtime.extensions.get(_EXTENSION)
    if desk is None:
        settings = runtime.settings
        desk = SigningDesk(
            tokens=TokenStore(str(settings.pkcs11_module)), authority=CertificateAuthority(settings.ca_url),
            tsa_url=settings.tsa_url,
            trust=Trust(tuple(load_roots(settings.trust_roots)), shared_answers(settings.revocation_reuse_s)),
            store=runtime.store,
            seal_pin=settings.seal_pin.get_secret_value(), max_image_bytes=settings.signature_image_max_bytes,
            max_file_bytes=settings.max_attachment_bytes)
        runtime.extensions[_EXTENSION] = desk
    return desk


def load_roots(paths: Any) -> list[x509.Certificate]:
    """Every certificate in the PEM or DER files named (one path, or several)."""
    files = [paths] if isinstance(paths, str | Path) else list(paths)
    roots = []
    for path in files:
        data = Path(path).read_bytes()
        if pem.detect(data):
            roots.extend(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True))
        else:
            roots.append(x509.Certificate.load(data))
    return roots
