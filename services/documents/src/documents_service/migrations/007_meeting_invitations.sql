-- Invitation letters (หนังสือเชิญประชุม) sent on behalf of the meeting service: one letter per request id.
CREATE TABLE meeting_invitations (
    request_id   uuid PRIMARY KEY,
    meeting_id   uuid NOT NULL,
    version      int NOT NULL,
    letter_id    uuid NOT NULL REFERENCES letters (letter_id),
    skipped_agency_ids text[] NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now()
);
