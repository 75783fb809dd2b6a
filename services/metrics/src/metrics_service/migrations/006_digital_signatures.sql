-- Digital signatures (docs/signatures.md). The e-signature share: of the letters sent, those whose main letter
-- carries its signer's PAdES signature (LetterSent.signed_digitally), counted on the sent rows beside e-approval.
ALTER TABLE letter_daily ADD COLUMN signed bigint NOT NULL DEFAULT 0 CHECK (signed >= 0);
ALTER TABLE letter_monthly ADD COLUMN signed bigint NOT NULL DEFAULT 0 CHECK (signed >= 0);
