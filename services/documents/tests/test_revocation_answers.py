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
