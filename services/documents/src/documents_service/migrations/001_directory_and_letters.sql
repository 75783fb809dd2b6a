-- Directory: the agency tree, its people and its systems' API keys.
CREATE TABLE agencies (
    agency_id     text PRIMARY KEY,
    parent_id     text REFERENCES agencies (agency_id),
    kind          text NOT NULL CHECK (kind IN ('national_office', 'ministry', 'department', 'unit',
                                                 'province', 'provincial_office', 'district', 'local')),
    name_th       text NOT NULL,
    name_en       text,
    letter_prefix text NOT NULL,           -- e.g. 'ชม 0017': the "ที่" of letters this agency sends
    province_code text,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agencies_parent ON agencies (parent_id);

CREATE TABLE users (
    user_id       text PRIMARY KEY,
    agency_id     text NOT NULL REFERENCES agencies (agency_id),
    username      text NOT NULL UNIQUE,
    display_name  text NOT NULL,
    position      text,
    password_hash text NOT NULL,
    roles         text[] NOT NULL,
    clearance     smallint NOT NULL DEFAULT 0 CHECK (clearance BETWEEN 0 AND 3),
    active        boolean NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_agency ON users (agency_id);

CREATE TABLE api_keys (
    key_id      text PRIMARY KEY,
    agency_id   text NOT NULL REFERENCES agencies (agency_id),
    name        text NOT NULL,
    secret_hash text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- Files: metadata here, bytes in the object store under their SHA-256.
CREATE TABLE attachments (
    attachment_id uuid PRIMARY KEY,
    agency_id     text NOT NULL REFERENCES agencies (agency_id),
    sha256        text NOT NULL,
    object_key    text NOT NULL,
    size_bytes    bigint NOT NULL,
    mime_type     text NOT NULL,
    filename      text NOT NULL,
    uploaded_by   text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE letters (
    letter_id             uuid PRIMARY KEY,
    sender_agency_id      text NOT NULL REFERENCES agencies (agency_id),
    kind                  text NOT NULL,
    subject               text NOT NULL,
    salutation            text NOT NULL DEFAULT '',
    body                  text NOT NULL DEFAULT '',
    urgency               smallint NOT NULL,
    secrecy               smallint NOT NULL,
    channel               text NOT NULL,
    is_circular           boolean NOT NULL DEFAULT false,
    deadline              timestamptz,
    recipient_agency_ids  text[] NOT NULL,
    status                text NOT NULL CHECK (status IN ('draft', 'sent')),
    letter_number         text,
    send_register_year    int,
    send_register_number  int,
    created_by            text NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    sent_at               timestamptz,
    -- A send-register number is used once per agency, series and year.
    UNIQUE (sender_agency_id, is_circular, send_register_year, send_register_number)
);
CREATE INDEX letters_sender_recent ON letters (sender_agency_id, created_at DESC);

CREATE TABLE letter_attachments (
    letter_id     uuid NOT NULL REFERENCES letters (letter_id),
    attachment_id uuid NOT NULL REFERENCES attachments (attachment_id),
    position      int NOT NULL,
    PRIMARY KEY (letter_id, attachment_id)
);

-- One row per recipient agency: the letter's path to that agency and what the agency did with it.
CREATE TABLE deliveries (
    delivery_id          uuid PRIMARY KEY,
    letter_id            uuid NOT NULL REFERENCES letters (letter_id),
    recipient_agency_id  text NOT NULL REFERENCES agencies (agency_id),
    status               text NOT NULL CHECK (status IN ('delivered', 'accepted', 'rejected')),
    delivered_at         timestamptz NOT NULL,
    UNIQUE (letter_id, recipient_agency_id)
);
CREATE INDEX deliveries_inbox ON deliveries (recipient_agency_id, delivered_at DESC);

-- Running numbers per agency, register and calendar year. Incremented inside the sending
-- transaction: a rolled-back send returns its number, so numbers never repeat and never skip.
CREATE TABLE register_counters (
    agency_id   text NOT NULL REFERENCES agencies (agency_id),
    register    text NOT NULL CHECK (register IN ('send', 'send_circular', 'receive')),
    year        int NOT NULL,
    last_number int NOT NULL,
    PRIMARY KEY (agency_id, register, year)
);
