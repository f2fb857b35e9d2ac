-- wabi store, version 7: coexistence with the WhatsApp Business app on the same number.
--
-- Two new message origins: `phone` (a reply the owner sent from the WhatsApp Business app, posted
-- back as an `smb_message_echoes` webhook) and `history` (the app's chat history, posted as
-- `history` webhooks), and a kind `media` for history media whose type the phone has not said yet.
-- SQLite cannot ALTER a CHECK constraint, and rebuilding `messages` would copy every row and drop
-- every trigger other migrations put on it. Widening a CHECK changes nothing on disk (every row
-- stored passes the wider check), so the table's definition is edited in place, as SQLite's
-- documentation describes for such changes; the CREATE TABLE below moves the schema cookie so
-- every open connection re-reads the schema.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(replace(sql,
       'CHECK (origin = ''customer'' OR', 'CHECK (origin = ''customer'' OR origin = ''phone'' OR origin = ''history'' OR'),
       'CHECK (kind = ''text'' OR', 'CHECK (kind = ''text'' OR kind = ''media'' OR')
 WHERE type = 'table' AND name = 'messages';
PRAGMA writable_schema = RESET;

-- The first name the owner saved in the phone's contacts (`{{first_name}}`); the full name is
-- `saved_name`.
ALTER TABLE contacts ADD COLUMN saved_first_name TEXT;
-- When the phone last changed the saved name (ms), so that a late, older contact change from the
-- phone does not undo a newer one.
ALTER TABLE contacts ADD COLUMN saved_on_phone_at INTEGER;

-- Where the history sync from the phone is (one row): the furthest progress Meta reported, how
-- many chunks and messages came in, what was skipped, and why it was declined if it was.
CREATE TABLE history_sync (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    phase       INTEGER,                     -- 0: the last day, 1: up to 90 days, 2: up to 180 days
    progress    INTEGER NOT NULL DEFAULT 0,  -- percent, the highest reported
    chunks      INTEGER NOT NULL DEFAULT 0,
    messages    INTEGER NOT NULL DEFAULT 0,  -- new messages stored
    skipped     INTEGER NOT NULL DEFAULT 0,  -- items that could not be read
    declined    TEXT,                        -- Meta's reason when the business declined sharing
    updated_at  INTEGER NOT NULL
);
