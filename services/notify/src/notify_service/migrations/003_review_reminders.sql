-- A review step's reminder (review chain): one notice to the step's person when the step is still open after the
-- agency's waiting time; nobody else hears of it.
ALTER TABLE reminders DROP CONSTRAINT reminders_stage_check,
    ADD CONSTRAINT reminders_stage_check CHECK (stage IN ('approaching', 'overdue', 'still_open'));

-- A subject can start again after it finished (a review step returned to in the same round): a finish with a
-- moment cancels only the reminders of work started before it. NULL on either side: the finish cancels every
-- reminder of its subject, as before.
ALTER TABLE reminders ADD COLUMN started_at timestamptz;
ALTER TABLE reminder_cancellations ADD COLUMN finished_at timestamptz;
