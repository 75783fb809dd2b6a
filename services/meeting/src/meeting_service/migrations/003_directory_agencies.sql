-- Our copy of the directory's agencies (AgencyChanged; newest changed_at wins), see opensaraban_shared.directory_copy.
-- Committee members must be agencies of the directory, or their invitations would go nowhere.
CREATE TABLE agencies (
    agency_id  text PRIMARY KEY,
    name_th    text NOT NULL,
    name_en    text,
    active     boolean NOT NULL,
    changed_at timestamptz NOT NULL
);
