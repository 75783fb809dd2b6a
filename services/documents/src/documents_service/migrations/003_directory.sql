-- Directory: agencies that can be retired, units inside agencies, people in units, distribution lists.

-- Agencies are deactivated, never deleted: old letters keep pointing at them.
ALTER TABLE agencies
    ADD COLUMN active     boolean NOT NULL DEFAULT true,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD CONSTRAINT agencies_not_own_parent CHECK (parent_id IS DISTINCT FROM agency_id);
CREATE INDEX agencies_kind ON agencies (kind);
CREATE INDEX agencies_province ON agencies (province_code);

-- Units (กอง / กลุ่มงาน / ฝ่าย) form a tree inside one agency. The composite key lets the parent
-- and the people reference (agency_id, unit_id), so a unit can never hang under another agency's unit
-- and a person can never sit in another agency's unit.
CREATE TABLE units (
    unit_id        text PRIMARY KEY,
    agency_id      text NOT NULL REFERENCES agencies (agency_id),
    parent_unit_id text,
    name_th        text NOT NULL,
    name_en        text,
    -- Dotted part added to the agency's prefix in letter numbers: '2' under 'ชม 0017' gives 'ชม 0017.2'.
    -- Unique among an agency's active units, checked by the service (a partial unique index would
    -- refuse an import that swaps two suffixes in one statement).
    letter_suffix  text,
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (agency_id, unit_id),
    CONSTRAINT units_not_own_parent CHECK (parent_unit_id IS DISTINCT FROM unit_id),
    CONSTRAINT units_parent FOREIGN KEY (agency_id, parent_unit_id) REFERENCES units (agency_id, unit_id)
);

ALTER TABLE users
    ADD COLUMN unit_id             text,
    ADD COLUMN updated_at          timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN password_changed_at timestamptz,
    ADD CONSTRAINT users_unit FOREIGN KEY (agency_id, unit_id) REFERENCES units (agency_id, unit_id);
CREATE INDEX users_unit ON users (unit_id);

-- Named sets of recipient agencies. owner_agency_id NULL: a public (national) list every agency sees,
-- managed by administrators of a root agency; otherwise private to the owning agency.
CREATE TABLE distribution_lists (
    list_id         text PRIMARY KEY,
    owner_agency_id text REFERENCES agencies (agency_id),
    name_th         text NOT NULL,
    name_en         text,
    created_by      text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX distribution_lists_owner ON distribution_lists (owner_agency_id);

CREATE TABLE distribution_list_members (
    list_id   text NOT NULL REFERENCES distribution_lists (list_id) ON DELETE CASCADE,
    agency_id text NOT NULL REFERENCES agencies (agency_id),
    position  int NOT NULL,  -- the order the owner gave; expansion follows it
    PRIMARY KEY (list_id, agency_id)
);
CREATE INDEX distribution_list_members_order ON distribution_list_members (list_id, position);
