-- Objects the cleanup removed, so an upload of the same bytes racing with it can tell and ask for a retry.
CREATE TABLE deleted_objects (
    object_key text PRIMARY KEY,
    deleted_at timestamptz NOT NULL
);
-- Finds uploads no letter uses.
CREATE INDEX attachments_created ON attachments (created_at);
CREATE INDEX letter_attachments_attachment ON letter_attachments (attachment_id);
