-- wabi store, version 1. Times are INTEGER UTC milliseconds.
-- CHECKs list their values as OR chains: SQLite codes an IN list of more than two constants as a
-- temporary table opened on every insert, which cost a third of the insert time.

CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    phone        TEXT UNIQUE,            -- digits only, no '+'
    user_id      TEXT UNIQUE,            -- WhatsApp business-scoped user id
    profile_name TEXT,                   -- the name the customer gave WhatsApp
    saved_name   TEXT,                   -- the name the operator saved ("in contacts")
    created_at   INTEGER NOT NULL,
    CHECK (phone IS NOT NULL OR user_id IS NOT NULL)
);

CREATE TABLE chats (
    id              INTEGER PRIMARY KEY,
    contact_id      INTEGER NOT NULL UNIQUE REFERENCES contacts(id) ON DELETE CASCADE,
    status          TEXT NOT NULL DEFAULT 'open'
                    CHECK (status = 'open' OR status = 'snoozed' OR status = 'done'),
    snoozed_until   INTEGER,
    unread          INTEGER NOT NULL DEFAULT 0,
    last_at         INTEGER NOT NULL,    -- time of the newest message (or creation)
    last_message_id INTEGER,             -- the newest message, for the preview
    last_inbound_at INTEGER,             -- customer service window starts here
    draft           TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL
);
CREATE INDEX chats_by_last ON chats (last_at DESC, id DESC);
CREATE INDEX chats_by_status_last ON chats (status, last_at DESC, id DESC);

CREATE TABLE messages (
    id             INTEGER PRIMARY KEY,
    chat_id        INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    external_id    TEXT UNIQUE,          -- provider id (wamid); NULL until an outbound message is sent
    direction      TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    kind           TEXT NOT NULL CHECK (kind = 'text' OR kind = 'image' OR kind = 'audio' OR kind = 'video'
                       OR kind = 'document' OR kind = 'sticker' OR kind = 'location' OR kind = 'contacts'
                       OR kind = 'interactive' OR kind = 'reaction' OR kind = 'system'
                       OR kind = 'unsupported'),
    body           TEXT NOT NULL DEFAULT '',
    media_id       TEXT,
    media_mime     TEXT,
    media_filename TEXT,
    media_path     TEXT,                 -- local copy under the media folder
    reply_to       TEXT,                 -- external id of the message this one answers
    origin         TEXT NOT NULL CHECK (origin = 'customer' OR origin = 'operator' OR origin = 'api'
                       OR origin = 'away' OR origin = 'greeting' OR origin = 'import' OR origin = 'demo'
                       OR origin = 'broadcast'),
    status         TEXT CHECK (status = 'queued' OR status = 'sending' OR status = 'sent'
                       OR status = 'delivered' OR status = 'read' OR status = 'failed'),
    error_code     INTEGER,
    error_reason   TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,             -- outbox: not before this time
    created_at     INTEGER NOT NULL,     -- when the row was written
    at             INTEGER NOT NULL,     -- when the message happened (provider or queue time)
    status_at      INTEGER               -- when the status last moved
);
CREATE INDEX messages_by_chat_at ON messages (chat_id, at, id);
CREATE INDEX messages_outbox ON messages (next_attempt_at, id) WHERE status = 'queued';
CREATE INDEX messages_sending ON messages (id) WHERE status = 'sending';

CREATE VIRTUAL TABLE messages_fts USING fts5 (
    body, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
END;

CREATE TABLE labels (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    color      TEXT NOT NULL,
    position   INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE chat_labels (
    label_id    INTEGER NOT NULL REFERENCES labels(id) ON DELETE CASCADE,
    chat_id     INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    assigned_at INTEGER NOT NULL,
    PRIMARY KEY (label_id, chat_id)
) WITHOUT ROWID;
CREATE INDEX chat_labels_by_chat ON chat_labels (chat_id, label_id);

-- The five labels a new WhatsApp Business account starts with.
INSERT INTO labels (name, color, position, created_at) VALUES
    ('New customer', 'blue', 1, 0),
    ('New order', 'yellow', 2, 0),
    ('Pending payment', 'orange', 3, 0),
    ('Paid', 'green', 4, 0),
    ('Order complete', 'teal', 5, 0);

CREATE TABLE quick_replies (
    id           INTEGER PRIMARY KEY,
    shortcut     TEXT NOT NULL UNIQUE COLLATE NOCASE,
    text         TEXT NOT NULL,
    uses         INTEGER NOT NULL DEFAULT 0,
    last_used_at INTEGER,
    created_at   INTEGER NOT NULL
);

-- One row per automatic message ever decided: the UNIQUE key makes automation exactly-once.
CREATE TABLE automation_log (
    chat_id    INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('away', 'greeting')),
    period     TEXT NOT NULL,
    message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (chat_id, kind, period)
) WITHOUT ROWID;

-- At most one worker (TUI thread or `wabi serve`) sends and automates at a time.
CREATE TABLE worker_lease (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    holder     TEXT NOT NULL,
    pid        INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

-- Small persistent switches shared by processes (manual away toggle, worker cursors).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
