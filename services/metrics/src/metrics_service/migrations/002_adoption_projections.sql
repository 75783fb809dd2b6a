-- Every adoption measure as a projection of the event stream, pre-aggregated per Bangkok day and agency
-- so dashboard queries read thousands of rows, not millions of events. All are rebuilt by
-- `python -m metrics_service.replay`; each write is additive or an idempotent upsert.

-- Copies a send reached (agency recipients + outside addressees): paper not printed, postage not paid.
ALTER TABLE letter_daily ADD COLUMN recipients bigint NOT NULL DEFAULT 0 CHECK (recipients >= 0);

-- Monthly twins of the daily tables (same rows, first day of the month as key): a fiscal year nationally
-- reads twelve rows per agency instead of 365. Queries take whole months from here, edge days from the daily table.
CREATE TABLE letter_monthly (
    month      date NOT NULL,
    agency_id  text NOT NULL,
    direction  text NOT NULL CHECK (direction IN ('sent', 'received')),
    channel    text NOT NULL CHECK (channel IN ('electronic', 'paper')),
    letters    bigint NOT NULL CHECK (letters >= 0),
    recipients bigint NOT NULL CHECK (recipients >= 0),
    PRIMARY KEY (month, agency_id, direction, channel)
);

-- The directory as metrics needs it: where an agency sits (province, ministry) for the roll-ups.
-- from_directory: the row came from AgencyChanged (authoritative); otherwise only seen on a letter.
CREATE TABLE agencies (
    agency_id       text PRIMARY KEY,
    name_th         text,
    name_en         text,
    kind            text,
    parent_id       text,
    province_code   text,
    ministry_id     text,
    active          boolean NOT NULL DEFAULT true,
    from_directory  boolean NOT NULL DEFAULT false
);
CREATE INDEX agencies_province ON agencies (province_code);
CREATE INDEX agencies_ministry ON agencies (ministry_id);

CREATE TABLE users (
    user_id    text PRIMARY KEY,
    agency_id  text NOT NULL,
    active     boolean NOT NULL
);
CREATE INDEX users_agency ON users (agency_id);

-- Who signed in, once per day and once per month: active users are row counts, never a scan of sign-ins.
CREATE TABLE active_users_daily (
    day        date NOT NULL,
    agency_id  text NOT NULL,
    user_id    text NOT NULL,
    PRIMARY KEY (day, agency_id, user_id)
);
CREATE TABLE active_users_monthly (
    month      date NOT NULL,
    agency_id  text NOT NULL,
    user_id    text NOT NULL,
    PRIMARY KEY (month, agency_id, user_id)
);

-- Handling speed as a histogram: bucket k holds durations in [86400·2^(k/16), 86400·2^((k+1)/16)) seconds
-- (about 4.4 % wide, with 24 h an exact edge); bucket -32768 holds durations of zero or less.
-- stage: delivery (sent → delivered), acceptance (delivered → accepted), handling (assigned → closed).
CREATE TABLE duration_daily (
    day        date NOT NULL,
    agency_id  text NOT NULL,
    stage      text NOT NULL CHECK (stage IN ('delivery', 'acceptance', 'handling')),
    urgency    smallint NOT NULL,
    bucket     smallint NOT NULL,
    n          bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (day, agency_id, stage, urgency, bucket)
);

CREATE TABLE duration_monthly (
    month      date NOT NULL,
    agency_id  text NOT NULL,
    stage      text NOT NULL CHECK (stage IN ('delivery', 'acceptance', 'handling')),
    urgency    smallint NOT NULL,
    bucket     smallint NOT NULL,
    n          bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (month, agency_id, stage, urgency, bucket)
);

-- One row per assignment (delivery inside the receiving agency): assigned → closed, and its deadline.
-- counted: its duration went into duration_daily (once, when both ends were known).
CREATE TABLE assignments (
    delivery_id  uuid PRIMARY KEY,
    agency_id    text NOT NULL,
    urgency      smallint NOT NULL,
    assigned_at  timestamptz,
    deadline     timestamptz,
    closed_at    timestamptz,
    counted      boolean NOT NULL DEFAULT false
);
CREATE INDEX assignments_deadline ON assignments (deadline) WHERE deadline IS NOT NULL;

-- Meetings held: electronic pack or not, and how long before the meeting it went out.
CREATE TABLE meetings_held (
    meeting_id      uuid PRIMARY KEY,
    agency_id       text NOT NULL,
    day             date NOT NULL,
    electronic_pack boolean NOT NULL,
    lead_seconds    double precision
);
CREATE INDEX meetings_held_day ON meetings_held (day);

-- Agenda items submitted per day and agency of the secretariat; late ones apart.
CREATE TABLE agenda_items_daily (
    day         date NOT NULL,
    agency_id   text NOT NULL,
    items       bigint NOT NULL,
    late_items  bigint NOT NULL,
    PRIMARY KEY (day, agency_id)
);

-- The latest published pack of each meeting: pages × members not printed.
CREATE TABLE agenda_packs (
    meeting_id  uuid PRIMARY KEY,
    agency_id   text NOT NULL,
    day         date NOT NULL,
    version     integer NOT NULL,
    pages       integer NOT NULL,
    members     integer NOT NULL
);
CREATE INDEX agenda_packs_day ON agenda_packs (day);
