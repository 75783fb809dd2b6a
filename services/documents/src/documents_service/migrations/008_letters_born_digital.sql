-- Letters born digital: the fields the other kinds print, the main letter named explicitly, agencies' addresses
-- and letter settings, and numbers an agency's own system gives.

ALTER TABLE letters
    ADD COLUMN seal_initials      text NOT NULL DEFAULT '',   -- หนังสือประทับตรา: the responsible officer's initials
    ADD COLUMN effective_from     date,                       -- คำสั่ง: ทั้งนี้ ตั้งแต่
    ADD COLUMN issue_number       text NOT NULL DEFAULT '',   -- แถลงการณ์ / ข่าว: ฉบับที่
    -- The main letter: an uploaded file (a letter made elsewhere), or the letter printed from its fields, stored
    -- as a file when it is sent. Either way it is linked at position 0; enclosures follow from position 1.
    ADD COLUMN main_letter        text NOT NULL DEFAULT 'rendered' CHECK (main_letter IN ('rendered', 'uploaded')),
    ADD COLUMN main_attachment_id uuid REFERENCES attachments (attachment_id),
    -- Numbered and dated by the sending agency's own system (its register is kept elsewhere).
    ADD COLUMN numbered_by_sender boolean NOT NULL DEFAULT false;

-- Letters sent before this change: their first file was the main letter.
UPDATE letters l SET main_letter = 'uploaded', main_attachment_id = la.attachment_id
  FROM letter_attachments la WHERE la.letter_id = l.letter_id AND la.position = 0;
UPDATE letter_attachments SET position = position + 1
 WHERE letter_id IN (SELECT letter_id FROM letters WHERE main_letter = 'rendered');

-- A number an agency's system gives is still unique in that agency.
CREATE UNIQUE INDEX letters_sender_number ON letters (sender_agency_id, letter_number) WHERE numbered_by_sender;

ALTER TABLE agencies ADD COLUMN address_th text NOT NULL DEFAULT '';  -- printed under the issuing office

-- Per agency: the digits its letters print, and whether its systems number letters themselves.
CREATE TABLE agency_letter_settings (
    agency_id     text PRIMARY KEY REFERENCES agencies (agency_id),
    thai_digits   boolean NOT NULL DEFAULT true,
    own_numbering boolean NOT NULL DEFAULT false,
    updated_by    text NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now()
);
