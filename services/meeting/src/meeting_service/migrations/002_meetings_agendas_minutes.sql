-- Members, meetings, the agenda as a log of changes, published versions, attendance, minutes, follow-ups.

-- The committee's own agenda sections (editable); NULL means the standard 5- or 6-section template.
ALTER TABLE committees ADD COLUMN agenda_sections jsonb;

CREATE TABLE committee_members (
    member_id     uuid PRIMARY KEY,
    committee_id  uuid NOT NULL REFERENCES committees,
    user_id       text,
    agency_id     text NOT NULL,
    agency_name   text NOT NULL DEFAULT '',
    display_name  text NOT NULL CHECK (btrim(display_name) <> ''),
    position      text NOT NULL DEFAULT '',
    role          text NOT NULL CHECK (role IN ('chair', 'vice_chair', 'member', 'secretary',
                                                'assistant_secretary', 'advisor')),
    term_start    date,
    term_end      date,
    ordinal       int NOT NULL,
    added_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (term_end IS NULL OR term_start IS NULL OR term_end >= term_start)
);
CREATE INDEX committee_members_committee ON committee_members (committee_id, ordinal);
CREATE INDEX committee_members_agency ON committee_members (agency_id);

CREATE TABLE meetings (
    meeting_id            uuid PRIMARY KEY,
    committee_id          uuid NOT NULL REFERENCES committees,
    year_be               int NOT NULL,
    number                int NOT NULL CHECK (number >= 1),
    starts_at             timestamptz NOT NULL,
    ends_at               timestamptz,
    room                  text NOT NULL DEFAULT '',
    floor                 text NOT NULL DEFAULT '',
    building              text NOT NULL DEFAULT '',
    online_url            text,
    state                 text NOT NULL CHECK (state IN ('planned', 'agenda_open', 'agenda_locked', 'published',
                                                         'held', 'minutes_drafted', 'minutes_approved')),
    sections              jsonb NOT NULL,          -- the committee's template when the meeting was created
    submission_deadline   timestamptz,
    previous_meeting_id   uuid REFERENCES meetings,
    draft_version         int NOT NULL DEFAULT 0,  -- number of agenda changes so far
    published_version     int NOT NULL DEFAULT 0,
    agenda_published_at   timestamptz,
    started_at            timestamptz,             -- เริ่มประชุมเวลา
    ended_at              timestamptz,             -- เลิกประชุมเวลา
    minute_taker          text NOT NULL DEFAULT '',
    minutes_reviewer      text NOT NULL DEFAULT '',
    minutes_approved_at   timestamptz,
    minutes_approved_at_meeting_id uuid REFERENCES meetings,
    created_by            text NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT meetings_number_per_year UNIQUE (committee_id, year_be, number)
);

-- Every change to a meeting's draft agenda, in order: the draft at any version is rebuilt from these.
CREATE TABLE agenda_changes (
    meeting_id       uuid NOT NULL REFERENCES meetings,
    version          int NOT NULL,
    kind             text NOT NULL,
    data             jsonb NOT NULL,
    actor_agency_id  text NOT NULL,
    actor_user_id    text,
    at               timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (meeting_id, version)
);

CREATE TABLE agenda_uploads (
    upload_id    uuid PRIMARY KEY,
    meeting_id   uuid NOT NULL REFERENCES meetings,
    agency_id    text NOT NULL,
    object_key   text NOT NULL,
    sha256       text NOT NULL,
    size_bytes   bigint NOT NULL,
    mime_type    text NOT NULL,
    filename     text NOT NULL,
    pages        int NOT NULL,
    uploaded_by  text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agenda_uploads_meeting ON agenda_uploads (meeting_id);

-- Published versions are frozen: rows are only ever inserted.
CREATE TABLE agenda_versions (
    meeting_id        uuid NOT NULL REFERENCES meetings,
    version           int NOT NULL CHECK (version >= 1),
    draft_version     int NOT NULL,
    snapshot          jsonb NOT NULL,
    changes           jsonb NOT NULL,
    pack_object_key   text NOT NULL,
    pack_sha256       text NOT NULL,
    pack_size         bigint NOT NULL,
    pack_pages        int NOT NULL,
    docx_object_key   text NOT NULL,
    docx_sha256       text NOT NULL,
    docx_size         bigint NOT NULL,
    invitation_request_id uuid NOT NULL,
    published_by      text NOT NULL,
    published_at      timestamptz NOT NULL,
    PRIMARY KEY (meeting_id, version)
);

CREATE TABLE attendance (
    entry_id         uuid PRIMARY KEY,
    meeting_id       uuid NOT NULL REFERENCES meetings,
    ordinal          int NOT NULL,
    member_id        uuid REFERENCES committee_members,
    status           text NOT NULL CHECK (status IN ('present', 'substitute', 'absent', 'guest')),
    name             text NOT NULL,
    position         text NOT NULL DEFAULT '',
    agency_id        text,
    substitute_name  text,
    reason           text
);
CREATE INDEX attendance_meeting ON attendance (meeting_id, ordinal);

CREATE TABLE minutes_entries (
    meeting_id  uuid NOT NULL REFERENCES meetings,
    item_id     uuid NOT NULL,
    discussion  text NOT NULL DEFAULT '',
    resolution  text NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, item_id)
);

CREATE TABLE follow_up_actions (
    action_id        uuid PRIMARY KEY,
    committee_id     uuid NOT NULL REFERENCES committees,
    meeting_id       uuid NOT NULL REFERENCES meetings,
    item_id          uuid NOT NULL,
    item_number      text NOT NULL,
    description      text NOT NULL,
    owner_agency_id  text NOT NULL,
    owner_user_id    text,
    due_date         date NOT NULL,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed')),
    report           text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    completed_at     timestamptz
);
CREATE INDEX follow_up_actions_committee ON follow_up_actions (committee_id, status);
