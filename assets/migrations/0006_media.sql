-- wabi store, version 6: outbound attachments, replies and reactions, and a private note per contact.

-- An outbound attachment is a message of kind image/video/audio/document/sticker whose
-- media_path is wabi's own copy (under the media folder, named by its hash), media_mime and
-- media_filename what was read from it, body its caption. media_id stays NULL until the Graph
-- API accepted the upload, then holds the id the message is sent with: a retry reuses it.
ALTER TABLE messages ADD COLUMN media_size INTEGER;   -- bytes
ALTER TABLE messages ADD COLUMN media_sha256 TEXT;    -- lowercase hex

-- Our reactions are outbound messages of kind 'reaction': reply_to names the reacted message
-- (provider id), body is the emoji ('' removes ours). Quotes are reply_to on any other message.
-- Reactions and quotes of a chat window are looked up by the message they point at.
CREATE INDEX messages_by_reply_to ON messages (reply_to) WHERE reply_to IS NOT NULL;

-- Free text the operator keeps about a contact; private, never sent.
ALTER TABLE contacts ADD COLUMN note TEXT NOT NULL DEFAULT '';
