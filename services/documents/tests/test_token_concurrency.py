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
    import sys, threading
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from pkcs11 import Mechanism, ObjectClass
    from pkcs11.util.ec import encode_ecdsa_signature
    from documents_service.signing import tokens
    from documents_service.signing.authority import CertificateSubject

    store, pin, threads, signatures = tokens.TokenStore(sys.argv[1]), "135790", int(sys.argv[2]), int(sys.argv[3])
    labels = [f"concurrent-{n}" for n in range(threads // 2)]  # two threads per signer: the same token at once
    public = {}
    for label in labels:
        store.create(label, pin)
        request = store.certificate_request(label, pin, CertificateSubject("ผู้ลงนาม", "ทดสอบ"))
        public[label] = x509.load_pem_x509_csr(request.encode()).public_key()
    verified, failed = [], []

    def sign(n):
        label = labels[n % len(labels)]
        for i in range(signatures):
            data = f"{n}/{i}".encode()
            digest = hashes.Hash(hashes.SHA256())
            digest.update(data)
            try:
                with store.session(label, pin) as session, tokens.MODULE_LOCK:
                    key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=tokens.KEY_LABEL)
                    raw = key.sign(digest.finalize(), mechanism=Mechanism.ECDSA)
                public[label].verify(encode_ecdsa_signature(raw), data, ec.ECDSA(hashes.SHA256()))
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
