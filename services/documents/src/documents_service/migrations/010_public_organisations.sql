-- องค์การมหาชน (public organisations) join the directory's kinds of agency.
ALTER TABLE agencies DROP CONSTRAINT agencies_kind_check;
ALTER TABLE agencies ADD CONSTRAINT agencies_kind_check CHECK (kind IN (
    'national_office', 'ministry', 'department', 'unit', 'province', 'provincial_office', 'district', 'local',
    'public_organisation'));
