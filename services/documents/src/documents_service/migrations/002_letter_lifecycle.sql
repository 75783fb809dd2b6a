-- Official letter fields of every kind, delivery lifecycle, registers, internal routing, secret access.

ALTER TABLE letters
    ALTER COLUMN sender_agency_id DROP NOT NULL,          -- paper letters from outside the directory
    ADD COLUMN sender_name text NOT NULL DEFAULT '',       -- จาก: as printed on a paper letter
    ADD COLUMN subtype text,                               -- directive: order|regulation|bylaw; publicity: announcement|statement|news …
    ADD COLUMN letter_date date,                           -- ลงวันที่
    ADD COLUMN reference_text text NOT NULL DEFAULT '',    -- อ้างถึง
    ADD COLUMN reply_to_letter_id uuid REFERENCES letters (letter_id),
    ADD COLUMN enclosures_text text NOT NULL DEFAULT '',   -- สิ่งที่ส่งมาด้วย
    ADD COLUMN closing text NOT NULL DEFAULT '',           -- คำลงท้าย
    ADD COLUMN signatory_name text NOT NULL DEFAULT '',
    ADD COLUMN signatory_position text NOT NULL DEFAULT '',
    ADD COLUMN owning_unit text NOT NULL DEFAULT '',       -- ส่วนราชการเจ้าของเรื่อง
    ADD COLUMN contact text NOT NULL DEFAULT '',           -- โทร. / โทรสาร / อีเมล
    ADD COLUMN copies_to text[] NOT NULL DEFAULT '{}',     -- สำเนาส่ง
    ADD COLUMN external_recipients text[] NOT NULL DEFAULT '{}', -- addressees outside the system (paper send)
    ADD COLUMN register_series text,                       -- which counter numbered it
    ADD COLUMN register_remarks text NOT NULL DEFAULT '',
    ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE letters DROP CONSTRAINT letters_status_check;
ALTER TABLE letters ADD CONSTRAINT letters_status_check CHECK (status IN ('draft', 'sent', 'received_paper'));
ALTER TABLE letters DROP CONSTRAINT letters_sender_agency_id_is_circular_send_register_year_sen_key;
CREATE UNIQUE INDEX letters_register_number ON letters (sender_agency_id, register_series, send_register_year, send_register_number)
    WHERE send_register_number IS NOT NULL;

ALTER TABLE deliveries
    ALTER COLUMN recipient_agency_id DROP NOT NULL,
    ADD COLUMN recipient_name text NOT NULL DEFAULT '',     -- for paper sends to outsiders
    ADD COLUMN channel text NOT NULL DEFAULT 'electronic' CHECK (channel IN ('electronic', 'paper')),
    ADD COLUMN attempt int NOT NULL DEFAULT 1,
    ADD COLUMN accepted_at timestamptz,
    ADD COLUMN accepted_by text,
    ADD COLUMN receive_register_year int,
    ADD COLUMN receive_register_number int,
    ADD COLUMN rejected_at timestamptz,
    ADD COLUMN rejected_by text,
    ADD COLUMN reject_reason text,
    ADD COLUMN withdrawn_at timestamptz,
    ADD COLUMN closed_at timestamptz,                         -- เก็บเรื่อง
    ADD COLUMN closed_by text,
    ADD COLUMN action_note text NOT NULL DEFAULT '';          -- การปฏิบัติ column of the receive register
ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check
    CHECK (status IN ('delivered', 'accepted', 'rejected', 'wrong_recipient', 'withdrawn', 'posted'));
ALTER TABLE deliveries DROP CONSTRAINT deliveries_letter_id_recipient_agency_id_key;
CREATE UNIQUE INDEX deliveries_one_per_recipient ON deliveries (letter_id, recipient_agency_id)
    WHERE recipient_agency_id IS NOT NULL;
CREATE UNIQUE INDEX deliveries_receive_number ON deliveries (recipient_agency_id, receive_register_year, receive_register_number)
    WHERE receive_register_number IS NOT NULL;
CREATE INDEX deliveries_by_letter ON deliveries (letter_id);

ALTER TABLE register_counters DROP CONSTRAINT register_counters_register_check;

-- A closed register year takes no more numbers (after the year's registers were printed and signed).
CREATE TABLE register_closures (
    agency_id  text NOT NULL REFERENCES agencies (agency_id),
    year       int NOT NULL,
    closed_at  timestamptz NOT NULL DEFAULT now(),
    closed_by  text NOT NULL,
    PRIMARY KEY (agency_id, year)
);

-- Inside the receiving agency: forwarding (ส่งต่อ) and assignment (มอบหมาย) to units and people.
CREATE TABLE routings (
    routing_id   uuid PRIMARY KEY,
    delivery_id  uuid NOT NULL REFERENCES deliveries (delivery_id),
    letter_id    uuid NOT NULL REFERENCES letters (letter_id),
    agency_id    text NOT NULL REFERENCES agencies (agency_id),
    action       text NOT NULL CHECK (action IN ('forward', 'assign')),
    from_user_id text NOT NULL,
    to_unit_id   text,
    to_user_id   text,
    instruction  text NOT NULL DEFAULT '',
    deadline     timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CHECK (to_unit_id IS NOT NULL OR to_user_id IS NOT NULL)
);
CREATE INDEX routings_by_delivery ON routings (delivery_id, created_at);
CREATE INDEX routings_to_user ON routings (agency_id, to_user_id);
CREATE INDEX routings_to_unit ON routings (agency_id, to_unit_id);

-- เกษียนหนังสือ: comments and instructions written on a letter inside an agency.
CREATE TABLE letter_comments (
    comment_id  uuid PRIMARY KEY,
    delivery_id uuid NOT NULL REFERENCES deliveries (delivery_id),
    agency_id   text NOT NULL REFERENCES agencies (agency_id),
    user_id     text NOT NULL,
    display_name text NOT NULL,
    text        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX letter_comments_by_delivery ON letter_comments (delivery_id, created_at);

-- Secret letters: only the people named here (per agency) may read them.
CREATE TABLE letter_access (
    letter_id  uuid NOT NULL REFERENCES letters (letter_id),
    agency_id  text NOT NULL REFERENCES agencies (agency_id),
    user_id    text NOT NULL,
    granted_by text NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (letter_id, user_id)
);
