-- A meeting can be cancelled (ยกเลิกการประชุม): it keeps its number and says when and why. A member leaves a
-- committee without erasing the attendance of the meetings they sat in: the row stays, marked removed.
ALTER TABLE meetings DROP CONSTRAINT meetings_state_check;
ALTER TABLE meetings ADD CONSTRAINT meetings_state_check
    CHECK (state IN ('planned', 'agenda_open', 'agenda_locked', 'published', 'held', 'minutes_drafted',
                     'minutes_approved', 'cancelled'));
ALTER TABLE meetings ADD COLUMN cancelled_at timestamptz, ADD COLUMN cancel_reason text NOT NULL DEFAULT '';
ALTER TABLE committee_members ADD COLUMN removed_at timestamptz, ADD COLUMN removed_by text;
