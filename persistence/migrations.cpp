#include "persistence/migrations.hpp"

namespace ledger::persistence {

namespace {

// Version 1: ledgers and their append-only facts. Money is NUMERIC (exact),
// times TIMESTAMPTZ. Facts reference their ledger with ON DELETE CASCADE so
// deleting a ledger removes its record in one statement. Names compare
// bytewise (COLLATE "C") so listing pages the same on every server.
constexpr std::string_view v1 = R"sql(
CREATE TABLE ledgers (
  id              bigserial PRIMARY KEY,
  name            text COLLATE "C" NOT NULL UNIQUE,
  tickers         text[] NOT NULL,
  algo_path       text NOT NULL,
  interval_ms     bigint NOT NULL,
  lifespan_ms     bigint NOT NULL,
  initial_balance numeric NOT NULL,
  slippage_bps    int NOT NULL,
  fee             numeric NOT NULL,
  tolerance_bps   int NOT NULL,
  status          text NOT NULL CHECK
                  (status IN ('created', 'running', 'stopped', 'finished')),
  first_started   timestamptz,
  balance         numeric NOT NULL,
  holdings        jsonb NOT NULL DEFAULT '{}',
  last_tick       bigint NOT NULL DEFAULT 0,
  last_tick_at    timestamptz,
  created_at      timestamptz NOT NULL
);

CREATE TABLE ticks (
  ledger_id  bigint NOT NULL REFERENCES ledgers (id) ON DELETE CASCADE,
  tick       bigint NOT NULL,
  time       timestamptz NOT NULL,
  outcome    text NOT NULL,
  latency_us bigint NOT NULL,
  detail     text NOT NULL DEFAULT '',
  PRIMARY KEY (ledger_id, tick)
);

CREATE TABLE trades (
  id          bigserial PRIMARY KEY,
  ledger_id   bigint NOT NULL REFERENCES ledgers (id) ON DELETE CASCADE,
  tick        bigint NOT NULL,
  n           int NOT NULL,
  time        timestamptz NOT NULL,
  side        text NOT NULL CHECK (side IN ('buy', 'sell')),
  ticker      text NOT NULL,
  quantity    bigint NOT NULL CHECK (quantity > 0),
  price       numeric NOT NULL,
  limit_price numeric,
  fee         numeric NOT NULL,
  cash_delta  numeric NOT NULL,
  UNIQUE (ledger_id, tick, n)
);
-- trades() pages a ledger's fills by id.
CREATE INDEX trades_ledger_id_idx ON trades (ledger_id, id);

CREATE TABLE valuations (
  ledger_id bigint NOT NULL REFERENCES ledgers (id) ON DELETE CASCADE,
  tick      bigint NOT NULL,
  time      timestamptz NOT NULL,
  value     numeric NOT NULL,
  balance   numeric NOT NULL,
  PRIMARY KEY (ledger_id, tick)
);

CREATE TABLE rejections (
  ledger_id bigint NOT NULL REFERENCES ledgers (id) ON DELETE CASCADE,
  tick      bigint NOT NULL,
  n         int NOT NULL,
  time      timestamptz NOT NULL,
  side      text NOT NULL CHECK (side IN ('buy', 'sell')),
  ticker    text NOT NULL,
  quantity  bigint NOT NULL,
  price     numeric,
  code      text NOT NULL,
  reason    text NOT NULL,
  PRIMARY KEY (ledger_id, tick, n)
);
)sql";

// Version 2: idempotency keys of the REST adapter's reported trades. A key
// is claimed ('pending') before its request applies and keeps the response
// once done ('done'), so a retried request is answered from here instead of
// applying twice. Keys go with their ledger.
constexpr std::string_view v2 = R"sql(
CREATE TABLE idempotency_keys (
  ledger_id    bigint NOT NULL REFERENCES ledgers (id) ON DELETE CASCADE,
  key          text NOT NULL,
  request_hash text NOT NULL,
  state        text NOT NULL CHECK (state IN ('pending', 'done')),
  status       int,
  response     text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ledger_id, key)
);
)sql";

// Version 3: every read of one ledger's facts is answered by an index that
// starts with ledger_id, and writes do less per row.
// - trades: the primary key becomes (ledger_id, id), replacing both the key
//   on id alone and the (ledger_id, id) index. With an index on id alone the
//   planner paged one ledger's fills by walking every ledger's ids and
//   filtering (ids still come from the sequence, so they stay unique).
//   UNIQUE (ledger_id, tick, n) goes too: write_ticks inserts a record's
//   fills only when its tick row was new in the same statement (ticks'
//   primary key is the gate) and numbers them 0..k-1, so it could never
//   fire, and it was a quarter of the index work of a write.
// - valuations (ledger_id, time): time-bounded history and its buckets read
//   only the window, not the ledger's whole history.
// - ledgers.revision: bumped by each write that changes the ledger, so a
//   cached view can be validated in one lookup (store::version).
// - The facts' foreign keys go: their check ran a query per inserted row,
//   about 30% of the server's time in a write (docs/persistence.md). A
//   trigger deletes a ledger's facts with it, as ON DELETE CASCADE did, also
//   for older binaries. Facts cannot outlive their ledger: write_ticks
//   inserts only for ledgers it has locked, and a delete waits for that lock.
constexpr std::string_view v3 = R"sql(
CREATE UNIQUE INDEX trades_ledger_id_id_key ON trades (ledger_id, id);
ALTER TABLE trades DROP CONSTRAINT trades_pkey;
ALTER TABLE trades ADD CONSTRAINT trades_pkey
  PRIMARY KEY USING INDEX trades_ledger_id_id_key;
DROP INDEX trades_ledger_id_idx;
ALTER TABLE trades DROP CONSTRAINT trades_ledger_id_tick_n_key;

CREATE INDEX valuations_ledger_id_time_idx ON valuations (ledger_id, time);

ALTER TABLE ledgers ADD COLUMN revision bigint NOT NULL DEFAULT 0;

ALTER TABLE ticks DROP CONSTRAINT ticks_ledger_id_fkey;
ALTER TABLE trades DROP CONSTRAINT trades_ledger_id_fkey;
ALTER TABLE valuations DROP CONSTRAINT valuations_ledger_id_fkey;
ALTER TABLE rejections DROP CONSTRAINT rejections_ledger_id_fkey;

CREATE FUNCTION delete_ledger_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM ticks WHERE ledger_id = OLD.id;
  DELETE FROM trades WHERE ledger_id = OLD.id;
  DELETE FROM valuations WHERE ledger_id = OLD.id;
  DELETE FROM rejections WHERE ledger_id = OLD.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER ledgers_delete_facts AFTER DELETE ON ledgers
  FOR EACH ROW EXECUTE FUNCTION delete_ledger_facts();
)sql";

// Version 4: every committed batch updates the book of its ledgers (one row
// version per ledger per batch). Room left in each page keeps the new
// versions on their page (HOT updates: no index entries, no bloat for
// lookups to walk), and the table is vacuumed often.
constexpr std::string_view v4 = R"sql(
ALTER TABLE ledgers SET (fillfactor = 50,
                         autovacuum_vacuum_scale_factor = 0.02,
                         autovacuum_vacuum_threshold = 1000);
)sql";

// Version 5: a ledger's market calendar (core/market_hours.hpp), NULL for
// none: ticks outside its sessions are recorded as market_closed. Rows of
// older versions have none, as they had. Adding a nullable column without
// a default rewrites nothing.
constexpr std::string_view v5 = R"sql(
ALTER TABLE ledgers ADD COLUMN calendar text
  CONSTRAINT ledgers_calendar_check CHECK (calendar IN ('XNYS'));
)sql";

// Version 6: several ledgerd nodes on one database (docs/scale-out.md).
// A node ticks the ledgers of the engine shards it holds a lease on (a
// session-level advisory lock); each acquisition raises the shard's epoch,
// and a write of ticks is refused unless it carries the shard's current
// epoch. engine_nodes names the nodes; a node is live while its own
// advisory lock is held. Rows are added by the first node, one per shard.
constexpr std::string_view v6 = R"sql(
CREATE TABLE engine_shards (
  shard       integer PRIMARY KEY CHECK (shard >= 0),
  epoch       bigint NOT NULL DEFAULT 0,
  owner       text,
  acquired_at timestamptz
);
CREATE TABLE engine_nodes (
  id         bigserial PRIMARY KEY,
  name       text NOT NULL UNIQUE,
  http       text NOT NULL DEFAULT '',
  started_at timestamptz NOT NULL DEFAULT now()
);
)sql";

} // namespace

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> all{v1, v2, v3, v4, v5, v6};
  return all;
}

} // namespace ledger::persistence
