-- Dashboard queries at a million events (bench/metrics.py): under 200 ms.
-- 1. A province or ministry reads only its agencies' rows: indexes led by the agency.
CREATE INDEX letter_monthly_agency ON letter_monthly (agency_id, month);
CREATE INDEX duration_daily_agency ON duration_daily (agency_id, day);
CREATE INDEX duration_monthly_agency ON duration_monthly (agency_id, month);
CREATE INDEX active_users_daily_agency ON active_users_daily (agency_id, day);
CREATE INDEX active_users_monthly_agency ON active_users_monthly (agency_id, month);

-- 2. The nation's histogram without the agency: thousands of rows a year instead of hundreds of thousands.
CREATE TABLE duration_national_daily (
    day      date NOT NULL,
    stage    text NOT NULL,
    urgency  smallint NOT NULL,
    bucket   smallint NOT NULL,
    n        bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (day, stage, urgency, bucket)
);
CREATE TABLE duration_national_monthly (
    month    date NOT NULL,
    stage    text NOT NULL,
    urgency  smallint NOT NULL,
    bucket   smallint NOT NULL,
    n        bigint NOT NULL CHECK (n >= 0),
    PRIMARY KEY (month, stage, urgency, bucket)
);

-- 3. The ranking's "accepted within 24 h" as two counters on the received rows, not a histogram scan:
--    timed = electronic deliveries registered (with a delivery time), within_day = of those, in under 24 h.
ALTER TABLE letter_daily ADD COLUMN timed bigint NOT NULL DEFAULT 0, ADD COLUMN within_day bigint NOT NULL DEFAULT 0;
ALTER TABLE letter_monthly ADD COLUMN timed bigint NOT NULL DEFAULT 0, ADD COLUMN within_day bigint NOT NULL DEFAULT 0;
