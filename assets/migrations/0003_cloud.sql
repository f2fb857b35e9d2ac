-- wabi store, version 3: what the WhatsApp Cloud API transport needs.

-- An outbound template message: JSON {"name", "language", "params": [..]}; body holds a readable copy.
ALTER TABLE messages ADD COLUMN template TEXT;
-- 1 forwarded, 2 forwarded many times (as the customer's app marks it).
ALTER TABLE messages ADD COLUMN forwarded INTEGER NOT NULL DEFAULT 0;
-- The customer edited the message (body holds the new text) or deleted it for everyone.
ALTER TABLE messages ADD COLUMN edited_at INTEGER;
ALTER TABLE messages ADD COLUMN deleted_at INTEGER;

-- Read receipts (`mark_read = true`): inbound messages up to this time were reported read on the
-- customer's phone. Existing chats count as done so that turning the option on sends nothing old.
ALTER TABLE chats ADD COLUMN receipted_at INTEGER;
UPDATE chats SET receipted_at = last_inbound_at;
-- The worker asks for chats with receipts due every tick; only those few rows are in this index.
CREATE INDEX chats_receipts_due ON chats (last_inbound_at)
    WHERE last_inbound_at > coalesce(receipted_at, 0);
