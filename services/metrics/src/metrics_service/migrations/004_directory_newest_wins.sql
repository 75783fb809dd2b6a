-- The directory copy keeps each agency's and person's newest record (opensaraban_shared.directory_copy): a person's
-- changes before and after a transfer travel on different partitions and may arrive in either order.
-- NULL: a row from before this column, or an agency only seen on a letter; the next directory record wins.
ALTER TABLE agencies ADD COLUMN changed_at timestamptz;
ALTER TABLE users ADD COLUMN changed_at timestamptz;
