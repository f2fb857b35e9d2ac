-- wabi store, version 2: per-chat, per-day tallies that statistics are summed from.
--
-- Triggers keep them in the same transaction as every message and status change, so they are
-- exact whoever writes (worker, webhook, CLI, import, even the sqlite3 shell) and cost O(1) per
-- event. A day is a day in the business time zone: business_days lists its local midnights
-- (filled by wabi from the config's zone); without them days fall back to UTC (clamped to
-- years 1..9999, so no time, however absurd, can fail an insert).
-- A message adds to its chat and day by the status it has now, so a status change moves
-- delivered/read/failed by the difference between the old and the new status.

CREATE TABLE business_days (
    start_ms INTEGER PRIMARY KEY,    -- local midnight, UTC milliseconds
    day      TEXT NOT NULL           -- YYYY-MM-DD
);

CREATE TABLE tallies (
    day           TEXT NOT NULL,
    chat_id       INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    received      INTEGER NOT NULL DEFAULT 0,   -- customer messages (not system lines)
    sent          INTEGER NOT NULL DEFAULT 0,   -- outbound by the operator, api, import, broadcast
    away_sent     INTEGER NOT NULL DEFAULT 0,
    greeting_sent INTEGER NOT NULL DEFAULT 0,
    delivered     INTEGER NOT NULL DEFAULT 0,   -- outbound now delivered or read
    read          INTEGER NOT NULL DEFAULT 0,
    failed        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, chat_id)
) WITHOUT ROWID;
CREATE INDEX tallies_by_chat ON tallies (chat_id, day);

-- One row per first response: a customer's first unanswered message to the next outbound message
-- that is not automatic; on the day the customer wrote.
CREATE TABLE response_times (
    message_id INTEGER PRIMARY KEY,  -- the answering message
    chat_id    INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    day        TEXT NOT NULL,
    seconds    INTEGER NOT NULL
);
CREATE INDEX response_times_by_day ON response_times (day, chat_id);

ALTER TABLE chats ADD COLUMN first_day TEXT;         -- day of the chat's first message
ALTER TABLE chats ADD COLUMN awaiting_since INTEGER; -- the customer's first unanswered message

CREATE TRIGGER tally_insert AFTER INSERT ON messages BEGIN
    INSERT INTO tallies (day, chat_id, received, sent, away_sent, greeting_sent, delivered, read, failed)
    VALUES (coalesce((SELECT day FROM business_days WHERE start_ms <= new.at ORDER BY start_ms DESC LIMIT 1), date(min(max(new.at, -62135596800000), 253402300799000) / 1000, 'unixepoch')), new.chat_id,
        new.direction = 'in' AND new.kind != 'system',
        new.direction = 'out' AND new.origin != 'away' AND new.origin != 'greeting',
        new.direction = 'out' AND new.origin = 'away',
        new.direction = 'out' AND new.origin = 'greeting',
        new.direction = 'out' AND (new.status IS 'delivered' OR new.status IS 'read'),
        new.direction = 'out' AND new.status IS 'read',
        new.direction = 'out' AND new.status IS 'failed')
    ON CONFLICT (day, chat_id) DO UPDATE SET
        received = received + excluded.received, sent = sent + excluded.sent,
        away_sent = away_sent + excluded.away_sent, greeting_sent = greeting_sent + excluded.greeting_sent,
        delivered = delivered + excluded.delivered, read = read + excluded.read,
        failed = failed + excluded.failed;
    UPDATE chats SET first_day = coalesce((SELECT day FROM business_days WHERE start_ms <= new.at ORDER BY start_ms DESC LIMIT 1), date(min(max(new.at, -62135596800000), 253402300799000) / 1000, 'unixepoch'))
        WHERE id = new.chat_id AND (first_day IS NULL OR first_day > coalesce((SELECT day FROM business_days WHERE start_ms <= new.at ORDER BY start_ms DESC LIMIT 1), date(min(max(new.at, -62135596800000), 253402300799000) / 1000, 'unixepoch')));
    INSERT INTO response_times (message_id, chat_id, day, seconds)
        SELECT new.id, new.chat_id, coalesce((SELECT day FROM business_days WHERE start_ms <= awaiting_since ORDER BY start_ms DESC LIMIT 1), date(min(max(awaiting_since, -62135596800000), 253402300799000) / 1000, 'unixepoch')), (new.at - awaiting_since) / 1000
        FROM chats WHERE id = new.chat_id AND awaiting_since IS NOT NULL AND new.direction = 'out'
            AND new.origin != 'away' AND new.origin != 'greeting' AND new.at >= awaiting_since;
    UPDATE chats SET awaiting_since = CASE
            WHEN new.direction = 'in' AND new.kind != 'system' THEN coalesce(awaiting_since, new.at)
            WHEN new.direction = 'out' AND new.origin != 'away' AND new.origin != 'greeting' THEN NULL
            ELSE awaiting_since END
        WHERE id = new.chat_id;
END;

CREATE TRIGGER tally_status AFTER UPDATE OF status ON messages
WHEN new.direction = 'out' AND new.status IS NOT old.status BEGIN
    INSERT INTO tallies (day, chat_id, delivered, read, failed)
    VALUES (coalesce((SELECT day FROM business_days WHERE start_ms <= new.at ORDER BY start_ms DESC LIMIT 1), date(min(max(new.at, -62135596800000), 253402300799000) / 1000, 'unixepoch')), new.chat_id,
        (new.status IS 'delivered' OR new.status IS 'read') - (old.status IS 'delivered' OR old.status IS 'read'),
        (new.status IS 'read') - (old.status IS 'read'),
        (new.status IS 'failed') - (old.status IS 'failed'))
    ON CONFLICT (day, chat_id) DO UPDATE SET
        delivered = delivered + excluded.delivered, read = read + excluded.read,
        failed = failed + excluded.failed;
END;

CREATE TRIGGER tally_delete AFTER DELETE ON messages BEGIN
    UPDATE tallies SET
        received = received - (old.direction = 'in' AND old.kind != 'system'),
        sent = sent - (old.direction = 'out' AND old.origin != 'away' AND old.origin != 'greeting'),
        away_sent = away_sent - (old.direction = 'out' AND old.origin = 'away'),
        greeting_sent = greeting_sent - (old.direction = 'out' AND old.origin = 'greeting'),
        delivered = delivered - (old.direction = 'out' AND (old.status IS 'delivered' OR old.status IS 'read')),
        read = read - (old.direction = 'out' AND old.status IS 'read'),
        failed = failed - (old.direction = 'out' AND old.status IS 'failed')
    WHERE day = coalesce((SELECT day FROM business_days WHERE start_ms <= old.at ORDER BY start_ms DESC LIMIT 1), date(min(max(old.at, -62135596800000), 253402300799000) / 1000, 'unixepoch')) AND chat_id = old.chat_id;
    DELETE FROM response_times WHERE message_id = old.id;
END;
