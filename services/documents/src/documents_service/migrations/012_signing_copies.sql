-- Signing copies: a letter laid out for its signer when it reaches the signing step, before it is numbered, with
-- the lines of its number and date left empty (slots) and filled as it is signed. A cache: the signing lays the
-- letter out afresh when it finds no copy of what it prints. docs/signatures.md, "The signing copy".
CREATE TABLE signing_copies (
    letter_id    uuid NOT NULL REFERENCES letters (letter_id) ON DELETE CASCADE,
    print_key    text NOT NULL,          -- SHA-256 of what the copy prints (letters/printing/render.py: print_key)
    object_key   text NOT NULL,          -- the PDF, in the object store
    sha256       text NOT NULL,
    signing_room jsonb,                  -- where the visible signature goes (null: the form has no signature block)
    slots        jsonb NOT NULL,         -- the empty lines: where, and what they say around the value
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (letter_id, print_key)
);
