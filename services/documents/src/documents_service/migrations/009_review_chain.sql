-- The review chain inside an agency (เสนอ – ตรวจ – ลงนาม) and acting-for delegation: docs/review-chain.md.

ALTER TABLE letters DROP CONSTRAINT letters_status_check;
ALTER TABLE letters ADD CONSTRAINT letters_status_check
    CHECK (status IN ('draft', 'in_review', 'signed', 'sent', 'received_paper'));
ALTER TABLE letters
    ADD COLUMN version                 int NOT NULL DEFAULT 1,        -- the draft's version (a new one per revision)
    ADD COLUMN signatory_capacity      text NOT NULL DEFAULT '',      -- 'รักษาราชการแทน …' under the position
    ADD COLUMN approved_electronically boolean NOT NULL DEFAULT false;

-- What each proposed version said: the reviewers read it, comments attach to it, the diff compares two.
CREATE TABLE letter_versions (
    letter_id  uuid NOT NULL REFERENCES letters (letter_id),
    version    int NOT NULL,
    content    jsonb NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (letter_id, version)
);

-- One review per letter: this round's route and its open step.
CREATE TABLE reviews (
    letter_id        uuid PRIMARY KEY REFERENCES letters (letter_id),
    agency_id        text NOT NULL REFERENCES agencies (agency_id),
    drafter_id       text NOT NULL,
    status           text NOT NULL CHECK (status IN ('in_review', 'returned', 'signed', 'refused', 'recalled')),
    round            int NOT NULL,
    version          int NOT NULL,                  -- the version under review this round
    steps            jsonb NOT NULL,                -- [{"position", "user_id", "role": review|sign}]
    current_position int,                           -- the open step while in review
    open_holder_id   text,                          -- its holder, for "waiting for me"
    assigned_at      timestamptz,                   -- when the open step was assigned
    updated_at       timestamptz NOT NULL
);
CREATE INDEX reviews_open_holder ON reviews (open_holder_id) WHERE status = 'in_review';
CREATE INDEX reviews_drafter ON reviews (drafter_id, updated_at DESC);
CREATE INDEX reviews_on_route ON reviews USING gin (steps jsonb_path_ops);

-- Every action on a review, never changed: the history everyone on the route sees, and the audit's detail.
CREATE TABLE review_actions (
    action_id    uuid PRIMARY KEY,
    letter_id    uuid NOT NULL REFERENCES letters (letter_id),
    round        int NOT NULL,
    position     int NOT NULL,                      -- 0: the drafter's own actions (proposed, revised, recalled)
    action       text NOT NULL CHECK (action IN ('proposed', 'passed', 'returned', 'revised', 'signed', 'refused',
                                                 'recalled')),
    actor_id     text NOT NULL,
    on_behalf_of text,                              -- the holder, when their delegate acted
    capacity     text NOT NULL DEFAULT '',
    note         text NOT NULL DEFAULT '',
    version      int NOT NULL,
    to_position  int,
    at           timestamptz NOT NULL
);
CREATE INDEX review_actions_letter ON review_actions (letter_id, at);

CREATE TABLE unit_default_routes (
    unit_id      text PRIMARY KEY REFERENCES units (unit_id),
    reviewer_ids text[] NOT NULL,
    signer_id    text NOT NULL,
    updated_by   text NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- รักษาราชการแทน (acting) and ปฏิบัติราชการแทน (on behalf): during [starts_at, ends_at) the delegate receives
-- the holder's steps and signs in that capacity. Overlaps for one holder are refused by the service.
CREATE TABLE delegations (
    delegation_id uuid PRIMARY KEY,
    agency_id     text NOT NULL REFERENCES agencies (agency_id),
    kind          text NOT NULL CHECK (kind IN ('acting', 'on_behalf')),
    holder_id     text NOT NULL,
    delegate_id   text NOT NULL,
    post_title    text NOT NULL,
    scope         text NOT NULL DEFAULT '',
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    ended_at      timestamptz,                      -- ended early
    created_by    text NOT NULL,
    created_at    timestamptz NOT NULL,
    CONSTRAINT delegations_period CHECK (ends_at > starts_at),
    CONSTRAINT delegations_not_self CHECK (holder_id <> delegate_id)
);
CREATE INDEX delegations_holder ON delegations (holder_id, ends_at);
CREATE INDEX delegations_delegate ON delegations (delegate_id, ends_at);

ALTER TABLE agency_letter_settings
    ADD COLUMN send_after_signing    boolean NOT NULL DEFAULT false,
    ADD COLUMN review_reminder_hours int CHECK (review_reminder_hours > 0),
    ADD COLUMN self_delegation       boolean NOT NULL DEFAULT false;
