-- Idempotency keys: a retried POST with the same key returns the first answer instead of acting twice.
-- The row is written in the same transaction as what the request created.
CREATE TABLE idempotency_keys (
    subject       text NOT NULL,          -- who asked (user or API key), so keys never collide across callers
    key           text NOT NULL,
    request_hash  text NOT NULL,
    status_code   int NOT NULL,
    response      jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subject, key)
);

-- Tamper-evident audit log: each record's hash covers the previous record's hash of the same chain
-- (one chain per agency, so agencies do not wait for each other's audit appends).
CREATE TABLE audit_log (
    seq          bigserial PRIMARY KEY,
    chain        text NOT NULL,
    occurred_at  timestamptz NOT NULL,
    actor        text NOT NULL,
    action       text NOT NULL,
    subject      text NOT NULL,
    detail       jsonb NOT NULL,
    prev_hash    text NOT NULL,
    hash         text NOT NULL UNIQUE
);
CREATE INDEX audit_log_chain ON audit_log (chain, seq);
