#!/usr/bin/env bash
# Whole-process timings of `wabi import` on a generated export, against the yardsticks of the
# import issues: SQLite's own shell bulk-loading the same rows into a minimal searchable table
# (unique id, (chat, time) index, FTS5) and into wabi's own schema, and the npm
# whatsapp-chat-parser parsing the same file.
#
#   scripts/import-bench.sh            # 200,000 messages, best of 3 runs each (12 of the dry run)
#   N=50000 RUNS=5 scripts/import-bench.sh
#   PER_ROW=1 scripts/import-bench.sh  # also one INSERT per row in the shell (30 s and more)
#
# Needs sqlite3, python3 and bc on the PATH; node and npm for the npm figure (skipped, and said so,
# without them). MEM=1 also measures the peak memory of importing a 1,150,000-message export
# (about 100 MB; MEM_N sets the count) with GNU time.
set -euo pipefail

N=${N:-200000}
RUNS=${RUNS:-3}
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}

cargo build --quiet --release --bin wabi --example gen_export
WABI="$TARGET/release/wabi"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" WABI_CONFIG=""
file="$work/WhatsApp Chat with +49 151 2345678.txt"
"$TARGET/release/examples/gen_export" "$N" >"$file"

# best_of LABEL PREPARE COMMAND...: runs PREPARE (untimed), then COMMAND, RUNS times; prints the
# best wall time and, as the machine may be shared, the CPU time (user + system) of that run.
# Timed by Python's perf_counter and getrusage: `time` rounds to 10 ms, a fifth of a dry run.
best_of() {
    local label=$1 prepare=$2 runs=${RUNS_OF:-$RUNS} best="" cpu="" wall c
    shift 2
    for _ in $(seq "$runs"); do
        eval "$prepare"
        read -r wall c < <(python3 -c '
import resource, subprocess, sys, time
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
c0, t0 = cpu(), time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(f"{time.perf_counter() - t0:.4f} {cpu() - c0:.3f}")' "$@")
        if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc -l)" = 1 ]; then
            best=$wall
            cpu=$c
        fi
    done
    printf '%-46s %7.3f s  (CPU %.3f s)\n' "$label" "$best" "$cpu"
    echo "$best" >"$work/$label.time"
}

printf '%s messages, %s MB, best of %s runs\n' "$N" "$(du -m "$file" | cut -f1)" "$RUNS"
db="$work/import.db"
RUNS_OF=$((RUNS * 4)) best_of "wabi import --dry-run" ":" "$WABI" --db "$db" import --dry-run --me "Corner Shop" "$file"
best_of "wabi import" "rm -f $db $db-wal $db-shm" "$WABI" --db "$db" import --me "Corner Shop" "$file"

# The same rows, dumped from wabi's store as INSERT statements in one transaction, into a
# fresh store that wabi created (same schema: indexes, FTS5 table and triggers).
{
    echo "BEGIN;"
    sqlite3 "$db" ".mode insert contacts" "SELECT * FROM contacts"
    sqlite3 "$db" ".mode insert chats" "SELECT * FROM chats"
    sqlite3 "$db" ".mode insert messages" "SELECT * FROM messages ORDER BY id"
    echo "COMMIT;"
} >"$work/rows.sql"
fresh="$work/fresh.db"
new_store="rm -f $fresh $fresh-wal $fresh-shm; $WABI --db $fresh chats >/dev/null"
if [ "${PER_ROW:-0}" = 1 ]; then
    best_of "sqlite3 shell, one INSERT per row" "$new_store" sh -c "sqlite3 '$fresh' <'$work/rows.sql'"
fi
# The limit: the same rows bulk-loaded into the least a searchable message store needs, in WAL
# mode like wabi's store: a unique external id, a (chat, time) index and an FTS5 index kept by
# a trigger, as wabi keeps its own.
minimal="$work/minimal.db"
new_minimal="rm -f $minimal $minimal-wal $minimal-shm; sqlite3 $minimal \"PRAGMA journal_mode=WAL;
    CREATE TABLE m (id INTEGER PRIMARY KEY, external_id TEXT NOT NULL UNIQUE, chat_id INTEGER NOT NULL,
        direction TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL);
    CREATE INDEX m_by_chat_at ON m (chat_id, at);
    CREATE VIRTUAL TABLE m_fts USING fts5 (body, content = 'm', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2');
    CREATE TRIGGER m_fts_insert AFTER INSERT ON m BEGIN
        INSERT INTO m_fts (rowid, body) VALUES (new.id, new.body); END;\" >/dev/null"
best_of "sqlite3 shell, minimal searchable table" "$new_minimal" sqlite3 "$minimal" "ATTACH '$db' AS src; BEGIN;
    INSERT INTO m SELECT id, external_id, chat_id, direction, kind, body, at FROM src.messages ORDER BY id;
    COMMIT;"
# The shell's fastest way: one INSERT ... SELECT of the same rows from wabi's store. One
# statement means one FTS5 flush; per-row statements flush (and later merge) once per row.
best_of "sqlite3 shell, one INSERT ... SELECT" "$new_store" sqlite3 "$fresh" "ATTACH '$db' AS src; BEGIN;
    INSERT INTO contacts SELECT * FROM src.contacts; INSERT INTO chats SELECT * FROM src.chats;
    INSERT INTO messages SELECT * FROM src.messages ORDER BY id; COMMIT;"
rows=$(sqlite3 "$fresh" "SELECT count(*) FROM messages")
[ "$rows" = "$(sqlite3 "$db" "SELECT count(*) FROM messages")" ] || { echo "row counts differ" >&2; exit 1; }
echo "$rows rows" >&2

if command -v npm >/dev/null && (cd "$work" && npm install --silent --no-audit --no-fund whatsapp-chat-parser >/dev/null 2>&1); then
    cat >"$work/parse.cjs" <<'EOF'
const { parseString } = require("whatsapp-chat-parser");
const messages = parseString(require("fs").readFileSync(process.argv[2], "utf8"));
console.log(messages.length);
EOF
    best_of "npm whatsapp-chat-parser (node)" ":" node "$work/parse.cjs" "$file"
    npm_count=$(node "$work/parse.cjs" "$file")
    echo "npm parser read $npm_count messages" >&2
else
    echo "npm whatsapp-chat-parser: not measured (npm or the registry not available)"
fi

ratio() { echo "scale=2; $(cat "$work/$1.time") / $(cat "$work/$2.time")" | bc -l; }
echo "import / shell into a minimal searchable table: $(ratio "wabi import" "sqlite3 shell, minimal searchable table")x (target <= 1.5)"
echo "import / shell INSERT ... SELECT, wabi's schema:  $(ratio "wabi import" "sqlite3 shell, one INSERT ... SELECT")x"
if [ -f "$work/sqlite3 shell, one INSERT per row.time" ]; then
    echo "import / shell per-row INSERTs:   $(ratio "wabi import" "sqlite3 shell, one INSERT per row")x"
fi
if [ "${MEM:-0}" = 1 ]; then
    # Peak memory of a whole import, from the kernel's count (GNU time).
    big="$work/big/WhatsApp Chat with +49 151 2345678.txt"
    mkdir -p "$work/big"
    "$TARGET/release/examples/gen_export" "${MEM_N:-1150000}" >"$big"
    rm -f "$db" "$db-wal" "$db-shm"
    /usr/bin/time -v "$WABI" --db "$db" import --me "Corner Shop" "$big" 2>&1 >/dev/null |
        awk -v n="${MEM_N:-1150000}" -v mb="$(du -m "$big" | cut -f1)" \
            '/Maximum resident/ { printf "peak memory importing %s messages (%s MB): %d MB\n", n, mb, $6 / 1024 }
             /Elapsed/ { print "  " $0 }'
fi
if [ -f "$work/npm whatsapp-chat-parser (node).time" ]; then
    echo "npm parser / wabi --dry-run:      $(ratio "npm whatsapp-chat-parser (node)" "wabi import --dry-run")x (target >= 10)"
fi
