-- Digital signatures: signing credentials (the key stays in its PKCS#11 token), the signer's handwritten signature
-- image, what each letter's signature reached, and the recipient's check and stamped copy. docs/signatures.md.

-- A certificate and the token that holds its key: a person's (signer) or an agency's electronic seal (seal).
CREATE TABLE signing_credentials (
    credential_id     uuid PRIMARY KEY,
    kind              text NOT NULL CHECK (kind IN ('signer', 'seal')),
    holder_id         text NOT NULL,                  -- the user (signer) or the agency (seal)
    agency_id         text NOT NULL REFERENCES agencies (agency_id),
    token_label       text NOT NULL UNIQUE,
    serial            text NOT NULL,                  -- the certificate's serial number, hex
    certificate       bytea NOT NULL,                 -- DER
    chain             bytea[] NOT NULL,               -- DER, the issuing CA first
    not_after         timestamptz NOT NULL,
    issued_at         timestamptz NOT NULL,
    revoked_at        timestamptz,
    revocation_reason text
);
CREATE UNIQUE INDEX signing_credentials_active ON signing_credentials (kind, holder_id) WHERE revoked_at IS NULL;

-- The image of a signer's handwritten signature, drawn in their visible signatures (the file is in the store).
CREATE TABLE signature_images (
    user_id    text PRIMARY KEY,
    object_key text NOT NULL,
    sha256     text NOT NULL,
    mime_type  text NOT NULL,
    size_bytes int NOT NULL,
    updated_at timestamptz NOT NULL
);

ALTER TABLE letters ADD COLUMN signed_digitally boolean NOT NULL DEFAULT false;

-- Every signed file kept (a sent letter, a recipient's stamped copy) and the PAdES level it has reached: B-T when
-- signed, B-LTA once its validation data and an archive timestamp are added; archive_due_at is when that is next
-- due (a day after signing, then before the last archive timestamp's certificate expires).
CREATE TABLE signed_files (
    attachment_id  uuid PRIMARY KEY REFERENCES attachments (attachment_id),
    level          text NOT NULL CHECK (level IN ('B-T', 'B-LTA')),
    signed_at      timestamptz NOT NULL,
    archived_at    timestamptz,
    archive_due_at timestamptz NOT NULL
);
CREATE INDEX signed_files_due ON signed_files (archive_due_at);

-- The recipient's side: the verdict on the letter's signatures (on delivery and on every download) and, once
-- accepted, its own copy with the receipt stamp sealed in.
ALTER TABLE deliveries
    ADD COLUMN signature_verdict     text CHECK (signature_verdict IN ('valid', 'modified', 'untrusted', 'revoked',
                                                                       'unsigned')),
    ADD COLUMN signature_report      jsonb,
    ADD COLUMN signature_checked_at  timestamptz,
    ADD COLUMN stamped_attachment_id uuid REFERENCES attachments (attachment_id);
