"""Revocation answers (OCSP responses, CRLs) fetched over plain HTTP with `requests`, and reused by later signature
checks for a short while.

pyHanko's default fetchers open an aiohttp session, with a new TLS context (the system's CA bundle loaded, about
50 ms of CPU), for every validation context: once per signature checked. `requests` needs none of that for the
http:// addresses certificates name. Each validation context still gets fetchers of its own (they keep asyncio
events of the event loop that check runs in, and checks run concurrently in worker threads); only the answers are
shared, behind a lock, and only those that came back: a failed fetch is asked again by the next check.

An answer is reused for at most `ttl_s` seconds after it was fetched (the documents setting
`revocation_reuse_s`, 60 by default): a revocation shows in checks within that time, and most letters of a busy
minute (the same signers, the same TSA) cost no round trip to the CA. With 0 every check asks again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from asn1crypto import crl, ocsp, x509
from pyhanko_certvalidator.authority import Authority
from pyhanko_certvalidator.fetchers import CRLFetcher, Fetchers, OCSPFetcher
from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend
from pyhanko_certvalidator.util import issuer_serial

FETCH_TIMEOUT_S = 10
_SHARED: dict[float, RevocationAnswers] = {}
_SHARED_LOCK = threading.Lock()


def shared_answers(ttl_s: float) -> RevocationAnswers:
    """The process's answers kept for `ttl_s`: every check of the process draws on them, in a worker process too
    (a RevocationAnswers sent to one arrives as that process's own)."""
    with _SHARED_LOCK:
        if ttl_s not in _SHARED:
            _SHARED[ttl_s] = RevocationAnswers(ttl_s)
        return _SHARED[ttl_s]


class RevocationAnswers:
    """The answers of the last `ttl_s` seconds, shared by every check of the process (thread-safe)."""

    def __reduce__(self) -> tuple[Callable[[float], RevocationAnswers], tuple[float]]:
        return shared_answers, (self.ttl_s,)

    def __init__(self, ttl_s: float = 0, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._answers: dict[Hashable, tuple[float, Any]] = {}
        self._backend = RequestsFetcherBackend(per_request_timeout=FETCH_TIMEOUT_S)

    def fetchers(self) -> Fetchers:
        """Fetchers for one validation context: its own, drawing on and adding to the shared answers."""
        fresh = self._backend.get_fetchers()
        return Fetchers(ocsp_fetcher=_ReusingOCSPFetcher(fresh.ocsp_fetcher, self),
                        crl_fetcher=_ReusingCRLFetcher(fresh.crl_fetcher, self), cert_fetcher=fresh.cert_fetcher)

    def get(self, key: Hashable) -> Any | None:
        if self.ttl_s <= 0:
            return None
        with self._lock:
            kept = self._answers.get(key)
            if kept is None:
                return None
            if self._clock() - kept[0] >= self.ttl_s:
                del self._answers[key]
                return None
            return kept[1]

    def put(self, key: Hashable, answer: Any) -> None:
        if self.ttl_s <= 0:
            return
        with self._lock:
            moment = self._clock()
            for old in [k for k, (fetched, _) in self._answers.items() if moment - fetched >= self.ttl_s]:
                del self._answers[old]
            self._answers[key] = (moment, answer)


class _ReusingOCSPFetcher(OCSPFetcher):
    def __init__(self, fetcher: OCSPFetcher, answers: RevocationAnswers) -> None:
        self._fetcher, self._answers = fetcher, answers
        self._used: dict[tuple[bytes, Any], ocsp.OCSPResponse] = {}

    async def fetch(self, cert: x509.Certificate, authority: Authority) -> ocsp.OCSPResponse:
        tag = (issuer_serial(cert), authority.hashable)
        response = self._answers.get(("ocsp", tag))
        if response is None:
            response = await self._fetcher.fetch(cert, authority)
            self._answers.put(("ocsp", tag), response)
        self._used[tag] = response
        return response

    def fetched_responses(self) -> Iterable[ocsp.OCSPResponse]:
        return list(self._used.values())

    def fetched_responses_for_cert(self, cert: x509.Certificate) -> Iterable[ocsp.OCSPResponse]:
        return [response for (serial, _), response in self._used.items() if serial == issuer_serial(cert)]


class _ReusingCRLFetcher(CRLFetcher):
    def __init__(self, fetcher: CRLFetcher, answers: RevocationAnswers) -> None:
        self._fetcher, self._answers = fetcher, answers
        self._used: dict[bytes, list[crl.CertificateList]] = {}

    async def fetch(self, cert: x509.Certificate, *, use_deltas: bool = True) -> Iterable[crl.CertificateList]:
        key = ("crl", issuer_serial(cert), use_deltas)
        crls = self._answers.get(key)
        if crls is None:
            crls = list(await self._fetcher.fetch(cert, use_deltas=use_deltas))
            self._answers.put(key, crls)
        self._used[issuer_serial(cert)] = crls
        return crls

    def fetched_crls(self) -> Iterable[crl.CertificateList]:
        return [one for crls in self._used.values() for one in crls]

    def fetched_crls_for_cert(self, cert: x509.Certificate) -> Iterable[crl.CertificateList]:
        return self._used[issuer_serial(cert)]  # KeyError when not fetched yet: what pyHanko's revinfo manager expects
