"""A PKCS#10 certificate request for a key pair that lives in the PKCS#11 token, signed inside the token: the private
key never leaves it. The request goes to the CA (authority.py), which answers with the certificate."""

from __future__ import annotations

import hashlib

from asn1crypto import csr, keys, pem, x509
from pkcs11 import KeyType, Mechanism, PrivateKey, PublicKey
from pkcs11.util.ec import encode_ec_public_key, encode_ecdsa_signature
from pkcs11.util.rsa import encode_rsa_public_key

from .authority import CertificateSubject


def public_key_info(public_key: PublicKey) -> keys.PublicKeyInfo:
    """The token key's SubjectPublicKeyInfo, as a certificate carries it."""
    if public_key.key_type == KeyType.EC:
        return keys.PublicKeyInfo.load(encode_ec_public_key(public_key))
    if public_key.key_type == KeyType.RSA:
        return keys.PublicKeyInfo({"algorithm": {"algorithm": "rsa"},
                                   "public_key": keys.RSAPublicKey.load(encode_rsa_public_key(public_key))})
    raise ValueError(f"no certificate requests for {public_key.key_type.name} keys (EC and RSA only)")


def certificate_request(private_key: PrivateKey, public_key: PublicKey, subject: CertificateSubject) -> str:
    """The PEM request for the pair, signed with SHA-256 (ECDSA, or RSA PKCS#1 v1.5) by the token."""
    name = {"country_name": subject.country, "organization_name": subject.organization}
    if subject.organizational_unit:
        name["organizational_unit_name"] = subject.organizational_unit
    name["common_name"] = subject.common_name
    info = csr.CertificationRequestInfo({"version": "v1", "subject": x509.Name.build(name, use_printable=False),
                                         "subject_pk_info": public_key_info(public_key), "attributes": []})
    signed = info.dump()
    if private_key.key_type == KeyType.EC:
        # Hashed here and signed with plain CKM_ECDSA, which every token has (not all have CKM_ECDSA_SHA256).
        raw = private_key.sign(hashlib.sha256(signed).digest(), mechanism=Mechanism.ECDSA)
        signature, algorithm = encode_ecdsa_signature(raw), "sha256_ecdsa"
    else:
        signature, algorithm = private_key.sign(signed, mechanism=Mechanism.SHA256_RSA_PKCS), "sha256_rsa"
    request = csr.CertificationRequest({"certification_request_info": info,
                                        "signature_algorithm": {"algorithm": algorithm}, "signature": signature})
    return pem.armor("CERTIFICATE REQUEST", request.dump()).decode()
