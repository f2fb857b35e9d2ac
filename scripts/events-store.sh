#!/bin/sh
# events-store.sh DB: a store with 1,000,000 message.in events (written straight into the log by
# the sqlite3 shell, shaped as the triggers write them), then `wabi events --since 0` timed over it.
set -eu
db=${1:?usage: scripts/events-store.sh DB}
wabi=${WABI:-target/release/wabi}
WABI_DB=$db WABI_CONFIG=/dev/null "$wabi" events >/dev/null
sqlite3 "$db" "
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO events (at, kind, chat_id, contact_id, origin, data)
SELECT 1764944400000 + i * 50, 'message.in', 1 + i % 10000, 1 + i % 10000, 'customer',
  json_object('chat', json_object('id', 1 + i % 10000, 'phone', '3461' || (2000000 + i % 10000), 'user_id', NULL, 'name', 'Customer ' || (i % 10000)),
    'message', json_object('id', i, 'external_id', 'wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQUY' || i, 'kind', 'text',
      'body', '¿Tenéis rosas rojas para el viernes? Pedido número ' || i, 'origin', 'customer', 'status', NULL,
      'at', strftime('%Y-%m-%dT%H:%M:%fZ', (1764944400000 + i * 50) / 1000.0, 'unixepoch'), 'template', NULL, 'reply_to', NULL))
FROM n;"
for run in 1 2 3; do
  /usr/bin/time -f "wabi events --since 0 --json: %e s wall, %U s user, %S s sys" \
    env WABI_DB="$db" WABI_CONFIG=/dev/null "$wabi" events --since 0 --json >/dev/null
done
