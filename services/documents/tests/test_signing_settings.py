"""The signing settings: trust roots as a ':'-separated list of PEM files that must exist."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from documents_service.settings import DocumentsSettings


def test_trust_roots_are_read_as_a_path_list(monkeypatch, tmp_path):
    roots = [tmp_path / "thai-root-ca.pem", tmp_path / "agency-root.pem"]
    for root in roots:
        root.write_text("-----BEGIN CERTIFICATE-----\n")
    monkeypatch.setenv("DOCUMENTS_TRUST_ROOTS", ":".join(map(str, roots)))
    assert DocumentsSettings().trust_roots == tuple(roots)


def test_a_missing_trust_root_stops_the_service_at_start_up(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCUMENTS_TRUST_ROOTS", str(tmp_path / "nowhere.pem"))
    with pytest.raises(ValidationError, match="nowhere.pem"):
        DocumentsSettings()


def test_without_trust_roots_nothing_is_trusted(monkeypatch):
    monkeypatch.delenv("DOCUMENTS_TRUST_ROOTS", raising=False)
    settings = DocumentsSettings()
    assert settings.trust_roots == ()
    assert settings.pkcs11_module == Path("/usr/lib/softhsm/libsofthsm2.so")
