-- Committees (คณะกรรมการ), each owned by the agency whose secretariat runs it.
CREATE TABLE committees (
    committee_id     uuid PRIMARY KEY,
    owner_agency_id  text NOT NULL,
    name_th          text NOT NULL CHECK (btrim(name_th) <> ''),
    name_en          text CHECK (btrim(name_en) <> ''),
    agenda_template  text NOT NULL CHECK (agenda_template IN ('5_sections', '6_sections')),
    created_by       text NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- Two committees of one agency with the same Thai name are a double submission, not two bodies.
    CONSTRAINT committees_owner_name UNIQUE (owner_agency_id, name_th)
);
