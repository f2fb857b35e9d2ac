-- wabi store, version 8: the WhatsApp account — templates from Meta, what messages cost, ads that
-- brought customers, usernames and blocked contacts.

-- Message templates as Meta's WhatsApp Business Account has them (`wabi templates sync` and the
-- `message_template_status_update` webhook). `data` is the template as wabi read it (JSON: body,
-- parameters, header, buttons); `status` and `reason` are kept current by the webhook.
CREATE TABLE templates (
    name       TEXT NOT NULL,
    language   TEXT NOT NULL,
    status     TEXT NOT NULL,          -- APPROVED, PENDING, REJECTED, PAUSED, DISABLED, ...
    category   TEXT NOT NULL DEFAULT '',
    reason     TEXT,                   -- why it was rejected, paused or disabled
    data       TEXT NOT NULL,
    synced_at  INTEGER NOT NULL,
    PRIMARY KEY (name, language)
) WITHOUT ROWID;

-- Pricing from delivery statuses: 1 billable, 0 free, NULL not reported.
ALTER TABLE messages ADD COLUMN billable INTEGER;
ALTER TABLE messages ADD COLUMN price_category TEXT;   -- service, utility, marketing, authentication, ...
ALTER TABLE messages ADD COLUMN pricing_model TEXT;    -- CBP, PMP
ALTER TABLE messages ADD COLUMN pricing_type TEXT;     -- regular, free_customer_service, free_entry_point
-- Statistics count billable messages over a range: only those are in this index.
CREATE INDEX messages_billable ON messages (at) WHERE billable = 1;

-- A click-to-WhatsApp ad that started the message: JSON {source_url, source_id, source_type,
-- headline, body, ctwa_clid}.
ALTER TABLE messages ADD COLUMN referral TEXT;
CREATE INDEX messages_referred ON messages (chat_id, at) WHERE referral IS NOT NULL;

-- WhatsApp usernames (contacts[].profile.username) and the parent user id Meta may send.
ALTER TABLE contacts ADD COLUMN username TEXT;
ALTER TABLE contacts ADD COLUMN parent_user_id TEXT;
-- Blocked on WhatsApp (`wabi block`): when, or NULL.
ALTER TABLE contacts ADD COLUMN blocked_at INTEGER;

-- Typing indicator: the operator started writing in the chat at this time; the worker marks the
-- newest inbound message read with a typing indicator, at most once per 20 s per chat.
ALTER TABLE chats ADD COLUMN typing_at INTEGER;
ALTER TABLE chats ADD COLUMN typing_sent_at INTEGER;
