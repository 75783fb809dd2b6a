-- Inbox entries carry their kind (for preferences and webhooks) and a longer text for e-mail.
ALTER TABLE notifications
    ADD COLUMN kind    text NOT NULL DEFAULT 'letter',
    ADD COLUMN body_th text,
    ADD COLUMN body_en text;
CREATE INDEX notifications_user_recent ON notifications (recipient_user_id, created_at DESC)
    WHERE recipient_user_id IS NOT NULL;

-- Our copy of the directory's people and agencies (UserChanged / AgencyChanged; newest changed_at wins).
CREATE TABLE people (
    user_id            text PRIMARY KEY,
    agency_id          text NOT NULL,
    unit_id            text,
    display_name       text NOT NULL,
    email              text,
    language           text NOT NULL DEFAULT 'th',
    roles              text[] NOT NULL DEFAULT '{}',
    supervisor_user_id text,
    active             boolean NOT NULL,
    changed_at         timestamptz NOT NULL
);
CREATE INDEX people_agency ON people (agency_id) WHERE active;

CREATE TABLE agencies (
    agency_id  text PRIMARY KEY,
    name_th    text NOT NULL,
    name_en    text,
    active     boolean NOT NULL,
    changed_at timestamptz NOT NULL
);

-- What each person wants: channels per kind ({"letter": ["inbox", "email"]}), quiet hours (Bangkok clock),
-- a daily digest instead of single e-mails, and a language overriding the directory's.
CREATE TABLE preferences (
    user_id     text PRIMARY KEY,
    channels    jsonb NOT NULL DEFAULT '{}'::jsonb,
    quiet_start time,
    quiet_end   time,
    digest      boolean NOT NULL DEFAULT false,
    language    text CHECK (language IN ('th', 'en')),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_subscriptions (
    subscription_id      uuid PRIMARY KEY,
    agency_id            text NOT NULL,
    url                  text NOT NULL,
    secret               text NOT NULL,
    kinds                text[] NOT NULL DEFAULT '{}',   -- empty: every kind
    active               boolean NOT NULL DEFAULT true,
    consecutive_failures int NOT NULL DEFAULT 0,
    disabled_at          timestamptz,
    disabled_reason      text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    created_by           text NOT NULL
);
CREATE INDEX webhook_subscriptions_agency ON webhook_subscriptions (agency_id) WHERE active;

-- The outbound queue: one row per notification × recipient × channel (the key dedupes replays). Workers claim
-- due rows with FOR UPDATE SKIP LOCKED and a lease, send outside any transaction, then record the outcome.
CREATE TABLE deliveries (
    delivery_id     uuid PRIMARY KEY,
    notification_id uuid NOT NULL,
    channel         text NOT NULL CHECK (channel IN ('email', 'webhook')),
    agency_id       text NOT NULL,
    user_id         text,
    subscription_id uuid REFERENCES webhook_subscriptions (subscription_id) ON DELETE CASCADE,
    address         text NOT NULL,
    kind            text NOT NULL,
    content         jsonb NOT NULL,
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'held', 'sent', 'dead', 'digested')),
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    digest_id       uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    dead_at         timestamptz
);
CREATE INDEX deliveries_due ON deliveries (channel, next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_held ON deliveries (user_id) WHERE status = 'held';
CREATE INDEX deliveries_dead ON deliveries (agency_id, dead_at DESC) WHERE status = 'dead';
CREATE INDEX deliveries_subscription ON deliveries (subscription_id, created_at DESC) WHERE subscription_id IS NOT NULL;

CREATE TABLE delivery_attempts (
    delivery_id  uuid NOT NULL REFERENCES deliveries (delivery_id) ON DELETE CASCADE,
    attempt      int NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    ok           boolean NOT NULL,
    status_code  int,
    error        text,
    duration_ms  int NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);

-- Deadline reminders learned from events; the scheduler claims due rows with SKIP LOCKED and fires each once.
CREATE TABLE reminders (
    reminder_id     uuid PRIMARY KEY,
    subject_key     text NOT NULL,
    kind            text NOT NULL,
    stage           text NOT NULL CHECK (stage IN ('approaching', 'overdue')),
    agency_id       text NOT NULL,
    user_id         text,
    due_at          timestamptz NOT NULL,
    fire_at         timestamptz NOT NULL,
    facts           jsonb NOT NULL,
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fired', 'cancelled')),
    source_event_id uuid NOT NULL,
    fired_at        timestamptz
);
CREATE INDEX reminders_due ON reminders (fire_at) WHERE status = 'pending';
CREATE INDEX reminders_subject ON reminders (subject_key) WHERE status = 'pending';

-- Events that end a deadline (completed, closed, withdrawn) may arrive before the one that set it.
CREATE TABLE reminder_cancellations (
    subject_key  text PRIMARY KEY,
    cancelled_at timestamptz NOT NULL DEFAULT now()
);

-- One row per Bangkok day: the instance that inserts it sends that day's digests.
CREATE TABLE digest_runs (
    day        date PRIMARY KEY,
    started_at timestamptz NOT NULL DEFAULT now(),
    instance   text NOT NULL
);
