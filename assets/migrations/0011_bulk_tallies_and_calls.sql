-- Bulk imports keep the statistics set-wise. While bulk_tallies has a row, which only a bulk
-- insert's own transaction ever sees (it adds the row, inserts, recomputes and deletes the row
-- before it commits), the per-row tally trigger stands aside and the importer adds the rows'
-- tallies, first days, first responses and waiting customers in one pass (store/bulk_tallies.rs).
-- Every other writer (worker, webhook, CLI, the sqlite3 shell) still goes through the trigger.
CREATE TABLE bulk_tallies (since_id INTEGER PRIMARY KEY);

DROP TRIGGER tally_insert;
CREATE TRIGGER tally_insert AFTER INSERT ON messages
WHEN NOT EXISTS (SELECT 1 FROM bulk_tallies) BEGIN
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


-- Calls an export notes ("Missed voice call", "Voice call, 3 min"): the message is a system line
-- (it counts neither as received nor as sent); who called and for how long are kept here.
CREATE TABLE calls (
    message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
    caller     TEXT NOT NULL CHECK (caller IN ('customer', 'business', 'unknown')),
    video      INTEGER NOT NULL,
    missed     INTEGER NOT NULL,
    seconds    INTEGER
);
