-- Paper-free adoption projection: letters per Bangkok calendar day, agency, direction and channel.
-- Fed by the letters topic; each event adds to one row (INSERT ... ON CONFLICT DO UPDATE).
CREATE TABLE letter_daily (
    day        date NOT NULL,
    agency_id  text NOT NULL,
    direction  text NOT NULL CHECK (direction IN ('sent', 'received')),
    channel    text NOT NULL CHECK (channel IN ('electronic', 'paper')),
    letters    bigint NOT NULL CHECK (letters >= 0),
    PRIMARY KEY (day, agency_id, direction, channel)
);
-- The primary key serves province-wide queries by day; this serves one agency over a period.
CREATE INDEX letter_daily_agency_day ON letter_daily (agency_id, day);
