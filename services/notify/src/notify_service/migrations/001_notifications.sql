-- In-app inbox. recipient_user_id NULL means "every correspondence clerk of the agency".
CREATE TABLE notifications (
    notification_id     uuid PRIMARY KEY,
    recipient_agency_id text NOT NULL,
    recipient_user_id   text,
    rule                text NOT NULL,
    channel             text NOT NULL,
    title_th            text NOT NULL,
    title_en            text NOT NULL,
    link                text,
    source_event_id     uuid NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    read_at             timestamptz,
    -- One notification per event × recipient × channel, whatever the delivery count.
    UNIQUE (source_event_id, recipient_agency_id, recipient_user_id, channel)
);
CREATE INDEX notifications_agency_recent ON notifications (recipient_agency_id, created_at DESC);
