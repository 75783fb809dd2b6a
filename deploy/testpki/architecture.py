"""The PKI as Certomancer builds it from certomancer.yml, with its certificates saved as PEM under var/<profile>/pki/certs/."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from certomancer.registry import CertLabel, CertomancerConfig, PKIArchitecture, ServiceLabel

from .keys import CONFIG, ensure_keys

ARCH = "opensaraban"
ROOT = "root"
ISSUING = "issuing"
"""The CA that issues people's and agency seals' certificates, at run time too; its CRL repository, OCSP
responder and certificate repository carry the same label."""
TSA = "tsa"
OCSP_RESPONDER = "ocsp"


class PkiChanged(Exception):
    """The root certificate this run would make differs from the one saved earlier under var/<profile>/pki."""


@dataclass(frozen=True)
class TestPki:
    arch: PKIArchitecture
    url: str
    """http://127.0.0.1:<port>, the prefix of every URL in the certificates."""
    state_dir: Path
    parsed: dict[str, asn1_x509.Certificate] = field(default_factory=dict)

    def certificate(self, label: str) -> asn1_x509.Certificate:
        """The certificate parsed back from its DER: asn1crypto re-encodes the objects Certomancer built every time
        they go into a response (thousands of calls each), a parsed one it copies as it stands."""
        if label not in self.parsed:
            self.parsed[label] = asn1_x509.Certificate.load(self.arch.get_cert(CertLabel(label)).dump())
        return self.parsed[label]

    def crl_url(self, repo: str) -> str:
        return self.arch.service_registry.get_crl_repo_info(ServiceLabel(repo)).latest_external_url

    def ocsp_url(self, responder: str) -> str:
        return self.arch.service_registry.get_ocsp_info(ServiceLabel(responder)).url

    def ca_issuers_url(self, repo: str) -> str:
        """Where the repository's CA certificate is downloaded as DER (RFC 5280 caIssuers)."""
        return self.arch.service_registry.get_cert_repo_info(ServiceLabel(repo)).issuer_cert_url(use_pem=False)

    def tsa_path(self) -> str:
        return "/" + self.arch.service_registry.get_tsa_info(ServiceLabel(TSA)).full_relative_url

    def chain_pem(self) -> list[str]:
        """The issuing CA's and the root's certificates, in that order."""
        return [pem_text(self.certificate(ISSUING)), pem_text(self.certificate(ROOT))]


def pem_text(certificate: asn1_x509.Certificate) -> str:
    return pem.armor("CERTIFICATE", certificate.dump()).decode()


def key_path(state_dir: Path, label: str) -> Path:
    return state_dir / "keys" / f"{label}.key.pem"


def certificate_path(state_dir: Path, label: str) -> Path:
    return state_dir / "certs" / f"{label}.pem"


def load(state_dir: Path, url: str) -> TestPki:
    """Make the keys if this is the first start, build the PKI, and save every static certificate as PEM."""
    keys = state_dir / "keys"
    ensure_keys(keys)
    config = CertomancerConfig.from_file(str(CONFIG), key_search_dir=str(keys), external_url_prefix=url)
    pki = TestPki(config.get_pki_arch(ARCH), url, state_dir)
    _save_certificates(pki)
    return pki


def _save_certificates(pki: TestPki) -> None:
    directory = pki.state_dir / "certs"
    directory.mkdir(parents=True, exist_ok=True)
    root = certificate_path(pki.state_dir, ROOT)
    if root.exists() and root.read_text() != pem_text(pki.certificate(ROOT)):
        raise PkiChanged(f"{root} is not the root certificate the keys and configuration make now; delete "
                         f"{pki.state_dir} to start a new test PKI (every certificate issued so far becomes worthless).")
    for _, specs in pki.arch.enumerate_certs_by_issuer():
        for spec in specs:
            path = certificate_path(pki.state_dir, spec.label)
            partial = path.with_suffix(".tmp")
            partial.write_text(pem_text(pki.arch.get_cert(spec.label)))
            partial.replace(path)
