-- The retention purge (opensaraban_shared.retention) deletes by age. BRIN indexes fit: both tables are
-- append-only with timestamps in insertion order, and a BRIN index costs next to nothing per insert.
CREATE INDEX processed_events_processed_at ON processed_events USING brin (processed_at);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys USING brin (created_at);
