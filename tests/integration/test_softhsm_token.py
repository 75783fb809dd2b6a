"""SoftHSM2 as devstack configures it for the test profile: a token initialised with softhsm2-util holds a key pair
python-pkcs11 made in it (the private half never leaves), a certificate request signed inside the token
(signing/csr.py) gets a certificate from the test PKI, and that certificate verifies what the token signs."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pkcs11
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from pkcs11 import Attribute, KeyType, Mechanism
from pkcs11.util.ec import encode_ecdsa_signature, encode_named_curve_parameters

from documents_service.signing.authority import CertificateAuthority, CertificateSubject
from documents_service.signing.csr import certificate_request, public_key_info
from tests.support import openssl

pytestmark = pytest.mark.integration

SO_PIN, USER_PIN = "87654321", "2569"
SUBJECT = CertificateSubject("นางสาวสมหญิง รักงาน", "สำนักงานจังหวัดเชียงใหม่", organizational_unit="กลุ่มงานอำนวยการ")


def softhsm_util(conf: str, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["softhsm2-util", *args], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "SOFTHSM2_CONF": conf})
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def token(stack) -> Iterator[pkcs11.Token]:
    """A fresh token in the profile's SoftHSM2 (var/test/softhsm). It stays, like the tokens the service makes:
    deleted with softhsm2-util behind this process's loaded libsofthsm2, its slot would answer CKR_GENERAL_ERROR
    to every later slot walk here, and later tests make and use tokens in this process (test_signature_room.py)."""
    conf, module = stack["softhsm"]["conf"], stack["softhsm"]["module"]
    assert Path(conf).read_text().count(str(Path(conf).parent / "tokens")) == 1
    label = f"test-{uuid.uuid4().hex[:12]}"
    softhsm_util(conf, "--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", USER_PIN)
    # libsofthsm2 reads SOFTHSM2_CONF when python-pkcs11 loads it, after the token exists.
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = conf
    try:
        library = pkcs11.lib(module)
        try:
            token = library.get_token(token_label=label)
        except pkcs11.NoSuchToken:
            # An earlier test loaded libsofthsm2 in this process, before softhsm2-util made the token: the module
            # reads its tokens when it is initialised.
            library.reinitialize()
            token = library.get_token(token_label=label)
        yield token
    finally:
        if previous is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = previous


def generate(session: pkcs11.Session, key_type: KeyType, label: str) -> tuple[pkcs11.PublicKey, pkcs11.PrivateKey]:
    private = {Attribute.EXTRACTABLE: False, Attribute.SENSITIVE: True, Attribute.SIGN: True}
    if key_type == KeyType.EC:
        parameters = session.create_domain_parameters(
            KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True)
        return parameters.generate_keypair(store=True, label=label, private_template=private)
    return session.generate_keypair(KeyType.RSA, 2048, store=True, label=label, private_template=private)


def signed_by_token(private: pkcs11.PrivateKey, data: bytes) -> bytes:
    if private.key_type == KeyType.EC:
        digest = hashes.Hash(hashes.SHA256())
        digest.update(data)
        return encode_ecdsa_signature(private.sign(digest.finalize(), mechanism=Mechanism.ECDSA))
    return private.sign(data, mechanism=Mechanism.SHA256_RSA_PKCS)


@pytest.mark.parametrize("key_type", [KeyType.EC, KeyType.RSA], ids=["ec-p256", "rsa-2048"])
async def test_a_token_key_gets_a_certificate_that_verifies_what_the_token_signs(token, stack, key_type, tmp_path):
    pki = stack["pki"]
    with token.open(user_pin=USER_PIN, rw=True) as session:
        public, private = generate(session, key_type, f"signer-{key_type.name}")
        assert private[Attribute.EXTRACTABLE] is False and private[Attribute.SENSITIVE] is True
        with pytest.raises(pkcs11.exceptions.AttributeSensitive):
            private[Attribute.PRIVATE_EXPONENT if key_type == KeyType.RSA else Attribute.VALUE]

        request = certificate_request(private, public, SUBJECT)
        request_file = tmp_path / "request.csr"
        request_file.write_text(request)
        checked = openssl("req", "-in", str(request_file), "-verify", "-noout")
        assert "verify OK" in checked.stdout + checked.stderr, checked.stdout + checked.stderr

        async with CertificateAuthority(pki["url"]) as ca:
            issued = await ca.issue(request, "signer", SUBJECT)
        data = "หนังสือที่ลงนามด้วยกุญแจในโทเคน".encode()
        signature = signed_by_token(private, data)
        token_key = public_key_info(public).dump()

    cert_file, issuing_file = tmp_path / "signer.pem", tmp_path / "issuing.pem"
    cert_file.write_text(issued.certificate_pem)
    issuing_file.write_text(issued.chain_pem[0])
    verified = openssl("verify", "-CAfile", pki["root_certificate"], "-untrusted", str(issuing_file), str(cert_file))
    assert verified.returncode == 0, verified.stdout + verified.stderr

    certificate = x509.load_pem_x509_certificate(issued.certificate_pem.encode())
    assert certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) == token_key
    if key_type == KeyType.EC:
        certificate.public_key().verify(signature, data, ec.ECDSA(hashes.SHA256()))
    else:
        certificate.public_key().verify(signature, data, padding.PKCS1v15(), hashes.SHA256())


def test_a_wrong_pin_opens_nothing(token):
    with pytest.raises(pkcs11.exceptions.PinIncorrect):
        token.open(user_pin="0000", rw=True)
