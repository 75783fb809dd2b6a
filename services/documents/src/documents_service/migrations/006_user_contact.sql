-- Contact details the notify service needs (via UserChanged): where e-mail goes, in which language,
-- and who is told when this person's work is overdue.
ALTER TABLE users
    ADD COLUMN email              text,
    ADD COLUMN language           text NOT NULL DEFAULT 'th' CHECK (language IN ('th', 'en')),
    ADD COLUMN supervisor_user_id text REFERENCES users (user_id);
