"""Signing with keys in SoftHSM2 tokens from many threads at once, as a busy documents service does (signing/tokens.py).
Run in a child process, so that the memory corruption of unserialised calls fails the test instead of the test run."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from deploy.devstack.softhsm import pkcs11_module

THREADS, SIGNATURES = 8, 40

SIGNING = textwrap.dedent("""
    import asyncio, datetime, sys, threading
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from pkcs11.util.ec import encode_ecdsa_signature
    from documents_service.signing import tokens
    from documents_service.signing.authority import CertificateSubject

    store, pin, threads, signatures = tokens.TokenStore(sys.argv[1]), "135790", int(sys.argv[2]), int(sys.argv[3])
    labels = [f"concurrent-{n}" for n in range(threads // 2)]  # two threads per signer: the same token at once
    issuer_key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "ผู้ลงนาม")])
    now = datetime.datetime.now(datetime.UTC)
    public, certificates = {}, {}
    for label in labels:
        store.create(label, pin)
        request = store.certificate_request(label, pin, CertificateSubject("ผู้ลงนาม", "ทดสอบ"))
        public[label] = x509.load_pem_x509_csr(request.encode()).public_key()
        certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(public[label])
                       .serial_number(x509.random_serial_number()).not_valid_before(now)
                       .not_valid_after(now + datetime.timedelta(days=1)).sign(issuer_key, hashes.SHA256()))
        certificates[label] = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    verified, failed = [], []

    def sign(n):
        label = labels[n % len(labels)]
        for i in range(signatures):
            data = f"{n}/{i}".encode()
            try:
                with store.session(label, pin) as session:  # as pades._sign does, pyHanko's signer and all
                    signer = tokens.TokenSigner(session, key_label=tokens.KEY_LABEL, use_raw_mechanism=True,
                                                signing_cert=certificates[label])
                    assert signer.signing_cert is certificates[label]
                    raw = asyncio.run(signer.async_sign_raw(data, "sha256"))
                public[label].verify(raw, data, ec.ECDSA(hashes.SHA256()))
                verified.append(data)
            except Exception as error:
                failed.append(repr(error))

    workers = [threading.Thread(target=sign, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(len(verified), len(failed), failed[:3])
""")


def test_many_threads_sign_at_once_with_the_same_and_different_tokens(tmp_path: Path):
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    run = subprocess.run([sys.executable, "-c", SIGNING, str(pkcs11_module()), str(THREADS), str(SIGNATURES)],
                         env={**os.environ, "SOFTHSM2_CONF": str(conf)}, capture_output=True, text=True, timeout=300)

    assert run.returncode == 0, f"the signing process died ({run.returncode}): {run.stderr[-2000:]}"
    assert run.stdout.split(maxsplit=2)[:2] == [str(THREADS * SIGNATURES), "0"], run.stdout


REINITIALISED = textwrap.dedent("""
    import subprocess, sys
    import pkcs11
    from documents_service.signing.tokens import TokenStore

    store = TokenStore(sys.argv[1])
    store.create("before", "135790")
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "after", "--so-pin", "87654321",
                    "--pin", "135790"], check=True, capture_output=True)
    pkcs11.lib(sys.argv[1]).reinitialize()  # to see the token another process made; slots are renumbered
    with store.session("before", "135790"), store.session("after", "135790"):
        print("both open")
""")


def test_a_token_looked_up_before_the_module_was_initialised_again_still_opens(tmp_path: Path):
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    run = subprocess.run([sys.executable, "-c", REINITIALISED, str(pkcs11_module())],
                         env={**os.environ, "SOFTHSM2_CONF": str(conf)}, capture_output=True, text=True, timeout=120)

    assert run.returncode == 0 and run.stdout.strip() == "both open", run.stderr[-2000:]
