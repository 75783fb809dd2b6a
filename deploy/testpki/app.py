"""The PKI's HTTP interface: enrollment and revocation (JSON), the issuing CA's CRL and OCSP, time stamping at /tsa,
and Certomancer's Animator for everything else (CA certificates, the root's CRL, a web page listing it all)."""

from __future__ import annotations

import base64
import json
import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from asn1crypto import pem
from certomancer.integrations.animator import Animator, AnimatorArchStore
from cryptography import x509
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from .architecture import ARCH, ISSUING, TestPki
from .enrollment import described, issue
from .errors import UNKNOWN_SERIAL, PkiError
from .revocation import REASONS, current_crl, ocsp_response
from .store import CertificateStore, StoredCertificate
from .timestamps import time_stamp_reply, time_stamper

log = logging.getLogger("testpki")
MAX_BODY = 64 * 1024


class PkiApp:
    def __init__(self, pki: TestPki, store: CertificateStore) -> None:
        self.pki, self.store = pki, store
        self.stamper = time_stamper(pki)
        self.animator = Animator(AnimatorArchStore({pki.arch.arch_label: pki.arch}), allow_time_override=False)
        issuing = f"/{ARCH}"
        self.url_map = Map([
            Rule("/health", endpoint="health", methods=["GET"]),
            Rule("/certificates", endpoint="issue", methods=["POST"]),
            Rule("/certificates/<serial>", endpoint="show", methods=["GET"]),
            Rule("/certificates/<serial>/revoke", endpoint="revoke", methods=["POST"]),
            Rule("/tsa", endpoint="tsa", methods=["POST"]),
            Rule(pki.tsa_path(), endpoint="tsa", methods=["POST"]),
            Rule(f"{issuing}/ocsp/{ISSUING}", endpoint="ocsp", methods=["POST"]),
            # RFC 6960 appendix A.1: GET {url}/{base64 of the DER request, URL-encoded}; NSS (pdfsig) asks so.
            Rule(f"{issuing}/ocsp/{ISSUING}/<path:encoded>", endpoint="ocsp_get", methods=["GET"]),
            Rule(f"{issuing}/crls/{ISSUING}/latest.crl", endpoint="crl", methods=["GET"], defaults={"as_pem": False}),
            Rule(f"{issuing}/crls/{ISSUING}/latest.crl.pem", endpoint="crl", methods=["GET"], defaults={"as_pem": True}),
        ])

    def __call__(self, environ, start_response):
        request = Request(environ)
        request.max_content_length = MAX_BODY
        adapter = self.url_map.bind_to_environ(environ)
        try:
            endpoint, values = adapter.match()
        except HTTPException:
            return self.animator(environ, start_response)
        try:
            response = getattr(self, f"on_{endpoint}")(request, **values)
        except PkiError as error:
            response = _json(error.body(), error.status)
        except HTTPException as error:  # e.g. 413 for a body over MAX_BODY
            failure = PkiError(f"http_{error.code}", error.code or 400, "คำขอไม่สำเร็จ", error.name)
            response = _json(failure.body(), failure.status)
        return response(environ, start_response)

    def on_health(self, request: Request) -> Response:
        return _json({"status": "ok", "url": self.pki.url})

    def on_issue(self, request: Request) -> Response:
        body = _body(request)
        answer = issue(self.pki, self.store, body)
        log.info("issued a %s certificate, serial %s", body["profile"], answer["serial"])
        return _json(answer, 201)

    def on_show(self, request: Request, serial: str) -> Response:
        stored = self.store.get(_serial(serial))
        if stored is None:
            raise PkiError(*UNKNOWN_SERIAL, field="serial")
        return _json(self._status(stored))

    def on_revoke(self, request: Request, serial: str) -> Response:
        body = _body(request)
        reason = body.get("reason") if isinstance(body, dict) else None
        if reason not in REASONS:
            raise PkiError("unknown_reason", 422, f"เหตุผลการเพิกถอนต้องเป็นหนึ่งใน {', '.join(REASONS)}",
                           f"The revocation reason must be one of {', '.join(REASONS)}", field="reason")
        stored = self.store.revoke(_serial(serial), reason, datetime.now(UTC).replace(microsecond=0))
        if stored is None:
            raise PkiError(*UNKNOWN_SERIAL, field="serial")
        log.info("revoked serial %s (%s)", serial, stored.revocation_reason)
        return _json(self._status(stored))

    def on_tsa(self, request: Request) -> Response:
        return Response(time_stamp_reply(self.stamper, request.get_data()), mimetype="application/timestamp-reply")

    def on_ocsp(self, request: Request) -> Response:
        return Response(ocsp_response(self.pki, self.store, request.get_data()), mimetype="application/ocsp-response")

    def on_ocsp_get(self, request: Request, encoded: str) -> Response:
        try:
            der = base64.b64decode(unquote(encoded), validate=True)
        except ValueError:
            der = b""
        return Response(ocsp_response(self.pki, self.store, der), mimetype="application/ocsp-response")

    def on_crl(self, request: Request, as_pem: bool) -> Response:
        der = current_crl(self.pki, self.store)
        if as_pem:
            return Response(pem.armor("X509 CRL", der), mimetype="application/x-pem-file")
        return Response(der, mimetype="application/pkix-crl")

    def _status(self, stored: StoredCertificate) -> dict[str, Any]:
        return {**described(self.pki, x509.load_der_x509_certificate(stored.certificate_der)),
                "profile": stored.profile,
                "revoked_at": stored.revoked_at.isoformat() if stored.revoked_at else None,
                "revocation_reason": stored.revocation_reason}


def _json(body: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def _body(request: Request) -> Any:
    try:
        return json.loads(request.get_data(cache=True) or b"null")
    except ValueError:
        raise PkiError("invalid_json", 400, "เนื้อคำขอต้องเป็น JSON", "The request body must be JSON") from None


def _serial(raw: str) -> int:
    try:
        return int(raw, 16)
    except ValueError:
        raise PkiError(*UNKNOWN_SERIAL, field="serial") from None
