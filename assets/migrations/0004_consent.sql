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
