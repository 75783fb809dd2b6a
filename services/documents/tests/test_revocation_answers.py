"""Revocation answers a process keeps (signing/revocation.py) as they travel to the worker process that checks
signatures: the worker uses its own process's answers, never a copy that would start empty on every check."""

from __future__ import annotations

import pickle

from documents_service.signing.revocation import RevocationAnswers, shared_answers


def test_answers_sent_to_another_process_arrive_as_that_processs_own():
    answers = shared_answers(60)
    answers.put(("ocsp", "a certificate"), "its answer")

    arrived = pickle.loads(pickle.dumps(answers))  # what the worker gets: here, this process's own
    assert arrived is shared_answers(60)
    assert arrived.get(("ocsp", "a certificate")) == "its answer"
    assert pickle.loads(pickle.dumps(RevocationAnswers(0))) is shared_answers(0) is not answers


def test_the_trust_travels_with_its_roots_even_once_they_were_read(tmp_path):
    from asn1crypto import x509
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from documents_service.signing.verification import Trust

    key = ec.generate_private_key(ec.SECP256R1())
    name = cx509.Name([cx509.NameAttribute(cx509.NameOID.COMMON_NAME, "ราก")])
    import datetime
    now = datetime.datetime.now(datetime.UTC)
    der = (cx509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
           .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
           .sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER))
    root = x509.Certificate.load(der)
    assert root.subject.native["common_name"] == "ราก"  # read: asn1crypto's own pickling fails from here on

    arrived = pickle.loads(pickle.dumps(Trust((root,), shared_answers(60))))
    assert [r.dump() for r in arrived.roots] == [der] and arrived.revocation is shared_answers(60)
