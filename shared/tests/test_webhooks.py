"""Webhook signatures: what we sign a receiver can check; tampering, another key or an old timestamp fail."""

from opensaraban_shared import webhooks

SECRET = "s" * 40
BODY = b'{"kind":"letter_delivered"}'


def test_a_signed_body_verifies():
    headers = webhooks.signed_headers(SECRET, BODY, now=1_800_000_000)
    assert webhooks.verify(SECRET, timestamp=headers[webhooks.TIMESTAMP_HEADER],
                           signature_header=headers[webhooks.SIGNATURE_HEADER], body=BODY, now=1_800_000_010)


def test_a_changed_body_another_key_or_a_stale_timestamp_do_not_verify():
    headers = webhooks.signed_headers(SECRET, BODY, now=1_800_000_000)
    ts, sig = headers[webhooks.TIMESTAMP_HEADER], headers[webhooks.SIGNATURE_HEADER]
    assert not webhooks.verify(SECRET, timestamp=ts, signature_header=sig, body=BODY + b" ", now=1_800_000_000)
    assert not webhooks.verify("k" * 40, timestamp=ts, signature_header=sig, body=BODY, now=1_800_000_000)
    assert not webhooks.verify(SECRET, timestamp=ts, signature_header=sig, body=BODY, now=1_800_001_000)
    assert sig.startswith("v1=")
