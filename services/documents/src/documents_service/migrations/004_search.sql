-- Letter search: one row of search terms per letter, built by opensaraban_shared.thai_search in Python
-- (Thai bigrams, dictionary words of the subject, Latin words and numbers) and matched with a GIN index.
-- Who may see a letter is always decided from `letters` and `deliveries` at query time
-- (search/repository.py, visibility_predicate); `agency_ids` only lets the index skip letters of other agencies.
CREATE TABLE letter_search (
    letter_id         uuid PRIMARY KEY REFERENCES letters (letter_id) ON DELETE CASCADE,
    document          tsvector NOT NULL,         -- title || body terms: what the index matches
    title             tsvector NOT NULL,         -- subject and number (weight A), sender (C): what ranking reads
    agency_ids        text[] NOT NULL,           -- sender and recipient agencies: a superset of who may see it
    subject_key       text NOT NULL,             -- normalised subject: the "subject contains" filter
    letter_number_key text,                      -- normalised number without spaces: exact and prefix filters
    sender_name       text NOT NULL DEFAULT '',  -- as indexed (paper letters may come from outside the directory)
    analyzer_version  smallint NOT NULL,         -- thai_search.ANALYZER_VERSION that built `document`
    indexed_at        timestamptz NOT NULL DEFAULT now()
);
-- One GIN index over both columns: a query intersects "my agency" with the query's terms inside the index,
-- so a common word costs the letters my agency can see, not the letters of the whole country.
-- A small pending list: the send path that happens to flush it waits tens of ms, not hundreds.
CREATE INDEX letter_search_match ON letter_search USING gin (agency_ids, document) WITH (gin_pending_list_limit = 512);
CREATE INDEX letter_search_number ON letter_search (letter_number_key text_pattern_ops);
-- `document` (several kB) lives out of line and is never read back by a search (the index answers the
-- match without rechecking rows); the heap keeps only the small columns that ranking and filters read.
ALTER TABLE letter_search ALTER COLUMN document SET STORAGE EXTERNAL;
