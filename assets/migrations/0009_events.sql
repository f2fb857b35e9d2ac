-- wabi store, version 9: the event log (`wabi events`, hooks) and each hook's progress.
--
-- Triggers write an event in the same transaction as the change, so every writer (webhook,
-- worker, CLI, import, the sqlite3 shell) logs and nothing is logged that was not committed.
-- History brought in in bulk (origin 'import': `wabi import`, `wabi demo`; origin 'history': the
-- phone's history sync) logs no message events, so a 200,000-message import stays as fast as before.
-- `seq` never goes back and is never reused (AUTOINCREMENT), even after pruning or an erase.
-- `data` is the event's JSON object without `cursor`, `kind` and `at`, which the reader adds.
-- The time comes from julianday('now') rather than unixepoch('subsec'), which SQLite shells
-- before 3.42 do not know (their writes would fail).

CREATE TABLE events (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,     -- when it was recorded, UTC milliseconds
    kind       TEXT NOT NULL,
    chat_id    INTEGER,              -- for hooks: order per chat, label filters
    contact_id INTEGER,              -- so erasing a person erases their events
    origin     TEXT,                 -- message events: the message's origin (hook filter)
    data       TEXT NOT NULL
);

-- Which store a cursor belongs to: a consumer's saved cursor from another store is refused.
INSERT OR IGNORE INTO settings (key, value) VALUES ('store_id', lower(hex(randomblob(4))));

-- Per hook: the last event handled (delivered or not matching), and how delivery goes.
CREATE TABLE hook_state (
    name            TEXT PRIMARY KEY,
    cursor          INTEGER NOT NULL,
    delivered       INTEGER NOT NULL DEFAULT 0,
    last_success_at INTEGER,
    failures        INTEGER NOT NULL DEFAULT 0,  -- in a row; 0 when the last attempt succeeded
    failing_since   INTEGER,
    last_error      TEXT,
    next_attempt_at INTEGER,
    paused_at       INTEGER
) WITHOUT ROWID;

-- When the last queued copy of a broadcast was sent or failed (broadcast.done).
ALTER TABLE broadcasts ADD COLUMN done_at INTEGER;
UPDATE broadcasts SET done_at = created_at;

CREATE TRIGGER events_message AFTER INSERT ON messages WHEN new.origin != 'import' AND new.origin != 'history' BEGIN
    INSERT INTO events (at, kind, chat_id, contact_id, origin, data)
    SELECT CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER),
        CASE new.direction WHEN 'in' THEN 'message.in' ELSE 'message.out' END,
        ch.id, co.id, new.origin,
        json_object(
            'chat', json_object('id', ch.id, 'phone', co.phone, 'user_id', co.user_id,
                'name', coalesce(co.saved_name, co.profile_name)),
            'message', json_object('id', new.id, 'external_id', new.external_id, 'kind', new.kind,
                'body', new.body, 'origin', new.origin, 'status', new.status,
                'at', strftime('%Y-%m-%dT%H:%M:%fZ', new.at / 1000.0, 'unixepoch'),
                'template', json(new.template), 'reply_to', new.reply_to))
    FROM chats ch JOIN contacts co ON co.id = ch.contact_id WHERE ch.id = new.chat_id;
END;

-- Statuses a consumer cares about: not the worker's internal 'sending' claim.
CREATE TRIGGER events_message_status AFTER UPDATE OF status ON messages
WHEN new.status IS NOT old.status AND new.origin != 'import' AND new.origin != 'history'
    AND (new.status = 'sent' OR new.status = 'delivered' OR new.status = 'read' OR new.status = 'failed')
BEGIN
    INSERT INTO events (at, kind, chat_id, contact_id, origin, data)
    SELECT CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER), 'message.status', ch.id, co.id, new.origin,
        json_object(
            'chat', json_object('id', ch.id, 'phone', co.phone, 'user_id', co.user_id,
                'name', coalesce(co.saved_name, co.profile_name)),
            'message', json_object('id', new.id, 'external_id', new.external_id, 'origin', new.origin,
                'status', new.status, 'was', CASE old.status WHEN 'sending' THEN 'queued' ELSE old.status END,
                'error', CASE WHEN new.error_code IS NULL AND new.error_reason IS NULL THEN NULL
                    ELSE json_object('code', new.error_code, 'reason', new.error_reason) END))
    FROM chats ch JOIN contacts co ON co.id = ch.contact_id WHERE ch.id = new.chat_id;
END;

CREATE TRIGGER events_label_added AFTER INSERT ON chat_labels BEGIN
    INSERT INTO events (at, kind, chat_id, contact_id, data)
    SELECT CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER), 'chat.label', ch.id, co.id,
        json_object(
            'chat', json_object('id', ch.id, 'phone', co.phone, 'user_id', co.user_id,
                'name', coalesce(co.saved_name, co.profile_name)),
            'label', (SELECT name FROM labels WHERE id = new.label_id), 'change', 'added')
    FROM chats ch JOIN contacts co ON co.id = ch.contact_id WHERE ch.id = new.chat_id;
END;

-- A chat being deleted (erase) logs nothing: the join finds no chat.
CREATE TRIGGER events_label_removed AFTER DELETE ON chat_labels BEGIN
    INSERT INTO events (at, kind, chat_id, contact_id, data)
    SELECT CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER), 'chat.label', ch.id, co.id,
        json_object(
            'chat', json_object('id', ch.id, 'phone', co.phone, 'user_id', co.user_id,
                'name', coalesce(co.saved_name, co.profile_name)),
            'label', (SELECT name FROM labels WHERE id = old.label_id), 'change', 'removed')
    FROM chats ch JOIN contacts co ON co.id = ch.contact_id WHERE ch.id = old.chat_id;
END;

-- A deleted label's assignments go first, while the label still has its name to log.
CREATE TRIGGER events_label_deleted BEFORE DELETE ON labels BEGIN
    DELETE FROM chat_labels WHERE label_id = old.id;
END;

CREATE TRIGGER events_chat_status AFTER UPDATE OF status ON chats WHEN new.status IS NOT old.status BEGIN
    INSERT INTO events (at, kind, chat_id, contact_id, data)
    SELECT CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER), 'chat.status', new.id, co.id,
        json_object(
            'chat', json_object('id', new.id, 'phone', co.phone, 'user_id', co.user_id,
                'name', coalesce(co.saved_name, co.profile_name)),
            'status', new.status, 'was', old.status,
            'snoozed_until', CASE WHEN new.status = 'snoozed' AND new.snoozed_until IS NOT NULL
                THEN strftime('%Y-%m-%dT%H:%M:%fZ', new.snoozed_until / 1000.0, 'unixepoch') END)
    FROM contacts co WHERE co.id = new.contact_id;
END;

CREATE TRIGGER events_consent AFTER INSERT ON consent_history BEGIN
    INSERT INTO events (at, kind, chat_id, contact_id, data)
    SELECT CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER), 'contact.consent',
        (SELECT id FROM chats WHERE contact_id = co.id), co.id,
        json_object(
            'contact', json_object('id', co.id, 'phone', co.phone, 'user_id', co.user_id,
                'name', coalesce(co.saved_name, co.profile_name)),
            'chat_id', (SELECT id FROM chats WHERE contact_id = co.id),
            'state', new.state,
            'current', (SELECT state FROM consent_history h WHERE h.contact_id = co.id
                ORDER BY h.at DESC, h.id DESC LIMIT 1),
            'source', new.source, 'by', new.by,
            'changed_at', strftime('%Y-%m-%dT%H:%M:%fZ', new.at / 1000.0, 'unixepoch'),
            'message_id', new.message_id)
    FROM contacts co WHERE co.id = new.contact_id;
END;

-- The last queued copy of a broadcast leaving the outbox (sent or failed) finishes it.
CREATE TRIGGER events_broadcast_progress AFTER UPDATE OF status ON messages
WHEN new.origin = 'broadcast' AND (old.status = 'queued' OR old.status = 'sending')
    AND new.status != 'queued' AND new.status != 'sending'
BEGIN
    UPDATE broadcasts SET done_at = CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER)
    WHERE done_at IS NULL
        AND id IN (SELECT broadcast_id FROM broadcast_recipients WHERE message_id = new.id)
        AND NOT EXISTS (SELECT 1 FROM broadcast_recipients r JOIN messages m ON m.id = r.message_id
            WHERE r.broadcast_id = broadcasts.id AND (m.status = 'queued' OR m.status = 'sending'));
END;

CREATE TRIGGER events_broadcast_done AFTER UPDATE OF done_at ON broadcasts
WHEN old.done_at IS NULL AND new.done_at IS NOT NULL BEGIN
    INSERT INTO events (at, kind, data)
    SELECT CAST(round((julianday('now') - 2440587.5) * 86400000) AS INTEGER), 'broadcast.done',
        json_object('broadcast', json_object('id', new.id, 'list', new.list_name,
            'template', json_extract(new.template, '$.name'),
            'recipients', count(*),
            'sent', count(*) FILTER (WHERE m.status = 'sent' OR m.status = 'delivered' OR m.status = 'read'),
            'failed', count(*) FILTER (WHERE m.status = 'failed'),
            'skipped', count(*) FILTER (WHERE r.skipped IS NOT NULL),
            'created_at', strftime('%Y-%m-%dT%H:%M:%fZ', new.created_at / 1000.0, 'unixepoch')))
    FROM broadcast_recipients r LEFT JOIN messages m ON m.id = r.message_id
    WHERE r.broadcast_id = new.id;
END;

-- Erasing a person erases what the log says about them.
CREATE TRIGGER events_contact_erased AFTER DELETE ON contacts BEGIN
    DELETE FROM events WHERE contact_id = old.id;
END;
