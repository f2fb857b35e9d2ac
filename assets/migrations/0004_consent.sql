-- wabi store, version 4: consent records, broadcast lists and the broadcasts sent to them.

-- Every change of a contact's consent, never updated or deleted (except when the contact is
-- erased). The contact's consent now is its newest row by (at, id); no row means unknown.
-- A customer's stop or start message is recorded at the message's time, so a late redelivery of
-- an older "STOP" is kept in the history without undoing a newer "START".
CREATE TABLE consent_history (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    state      TEXT NOT NULL CHECK (state = 'opted_in' OR state = 'opted_out' OR state = 'unknown'),
    at         INTEGER NOT NULL,
    source     TEXT NOT NULL,         -- how: "replied STOP", "web form", "import"
    by         TEXT NOT NULL,         -- who: "customer", "operator" or a name, "import"
    message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL
);
CREATE INDEX consent_history_by_contact ON consent_history (contact_id, at DESC, id DESC);
CREATE INDEX consent_history_by_message ON consent_history (message_id) WHERE message_id IS NOT NULL;

-- A broadcast list: up to 256 contacts, each of whom gets a private copy of a broadcast.
CREATE TABLE broadcast_lists (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at INTEGER NOT NULL
);

CREATE TABLE broadcast_members (
    list_id    INTEGER NOT NULL REFERENCES broadcast_lists(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    added_at   INTEGER NOT NULL,
    PRIMARY KEY (list_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX broadcast_members_by_contact ON broadcast_members (contact_id);

-- One sending of a text or template to a list.
CREATE TABLE broadcasts (
    id         INTEGER PRIMARY KEY,
    list_id    INTEGER REFERENCES broadcast_lists(id) ON DELETE SET NULL,
    list_name  TEXT NOT NULL,         -- as it was called then
    body       TEXT NOT NULL,         -- the text ('' when only a template was given)
    template   TEXT,                  -- JSON {"name", "language", "params"}
    created_at INTEGER NOT NULL
);
CREATE INDEX broadcasts_by_list ON broadcasts (list_id, created_at DESC);

-- What each member got: an outbox message, or a reason it was skipped.
CREATE TABLE broadcast_recipients (
    broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
    contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    message_id   INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    skipped      TEXT CHECK (skipped IS NULL OR skipped = 'opted_out' OR skipped = 'no_consent'
                     OR skipped = 'outside_window'),
    PRIMARY KEY (broadcast_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX broadcast_recipients_by_contact ON broadcast_recipients (contact_id);
CREATE INDEX broadcast_recipients_by_message ON broadcast_recipients (message_id) WHERE message_id IS NOT NULL;
