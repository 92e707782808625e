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

// Version 7: a batch of tick records written by one call, one round trip
// (persistence/write_ticks.cpp; docs/persistence.md, "Idempotency"). The
// writer's transaction had nine (BEGIN, the fence, the locks, two COPYs of
// two, the book, COMMIT), and on a loaded machine each of them waited for
// a core twice, the writer's and the server's: at 5,000 ticks/s that wait,
// not the work, was most of the time from a tick's reply to its commit.
// Called alone (autocommit), so the call is the transaction.
//
// The records come as parallel arrays in batch order, one element each,
// already without repeats of a (ledger, tick); fills and rejections as
// their own arrays, each naming its record by its 1-based position.
// r_id is the ledger's id when the writer remembers it (else NULL),
// r_shard its engine shard when the write is fenced (else NULL), with the
// writer's epoch of each shard in fence_shard/fence_epoch (NULL: unfenced).
// Returns how many records were new, the shards refused, and the ledgers
// locked (so the writer remembers their ids).
constexpr std::string_view v7 = R"sql(
CREATE FUNCTION write_tick_batch(
  r_id bigint[], r_name text[], r_shard integer[], r_tick bigint[],
  r_time timestamptz[], r_outcome text[], r_latency_us bigint[],
  r_detail text[], r_value text[], r_balance text[], r_holdings text[],
  f_record integer[], f_n integer[], f_side text[], f_ticker text[],
  f_quantity bigint[], f_price text[], f_limit text[], f_fee text[],
  f_cash_delta text[],
  j_record integer[], j_n integer[], j_side text[], j_ticker text[],
  j_quantity bigint[], j_price text[], j_code text[], j_reason text[],
  fence_shard integer[], fence_epoch bigint[],
  OUT written bigint, OUT refused integer[], OUT ledger_ids bigint[],
  OUT ledger_names text[])
LANGUAGE plpgsql AS $$
DECLARE
  wanted_ids bigint[];
  wanted_names text[];
  unknown text[];
  written_to bigint[];
BEGIN
  -- 0. The fence (docs/scale-out.md): the shards' epochs under a share
  -- lock, so a takeover's epoch raise waits for this commit.
  refused := '{}';
  IF fence_shard IS NOT NULL THEN
    PERFORM 1 FROM engine_shards WHERE shard = ANY (fence_shard)
      ORDER BY shard FOR SHARE;
    SELECT coalesce(array_agg(f.shard ORDER BY f.shard), '{}') INTO refused
      FROM unnest(fence_shard, fence_epoch) AS f(shard, epoch)
      LEFT JOIN engine_shards e ON e.shard = f.shard
     WHERE e.epoch IS DISTINCT FROM f.epoch;
  END IF;

  -- 1. Lock the ledgers written to, in id order, so concurrent batches
  -- cannot deadlock and a delete waits for this commit: by remembered id,
  -- then by name those not found so. A deleted ledger is absent.
  SELECT array_agg(DISTINCT r.id) FILTER (WHERE r.id IS NOT NULL),
         array_agg(DISTINCT r.name)
    INTO wanted_ids, wanted_names
    FROM unnest(r_id, r_name, r_shard) AS r(id, name, shard)
   WHERE r.shard IS NULL OR r.shard <> ALL (refused);
  SELECT coalesce(array_agg(k.id), '{}'), coalesce(array_agg(k.name), '{}')
    INTO ledger_ids, ledger_names
    FROM (SELECT id, name FROM ledgers WHERE id = ANY (wanted_ids)
           ORDER BY id FOR NO KEY UPDATE) AS k;
  IF cardinality(ledger_ids) < cardinality(wanted_names) THEN
    SELECT array_agg(n) INTO unknown
      FROM unnest(wanted_names) AS n WHERE n <> ALL (ledger_names);
    SELECT ledger_ids || coalesce(array_agg(k.id), '{}'),
           ledger_names || coalesce(array_agg(k.name), '{}')
      INTO ledger_ids, ledger_names
      FROM (SELECT id, name FROM ledgers WHERE name = ANY (unknown)
             ORDER BY id FOR NO KEY UPDATE) AS k;
  END IF;

  -- 2. The gate. Per record (by position), the id of the ledger it is
  -- written to, or 0: not locked (unknown, deleted, refused shard) or its
  -- (ledger, tick) is stored already (looked up only at or below the
  -- ledger's last_tick). The locks keep the answer true until commit:
  -- every writer of a ledger's facts holds its lock.
  SELECT array_agg(
           CASE WHEN r.shard IS NOT NULL AND r.shard = ANY (refused) THEN 0
           ELSE coalesce(
             (SELECT l.id FROM ledgers l
               WHERE l.name = r.name AND l.id = ANY (ledger_ids)
                 AND (r.tick > l.last_tick OR NOT EXISTS (
                        SELECT 1 FROM ticks t
                         WHERE t.ledger_id = l.id AND t.tick = r.tick))), 0)
           END ORDER BY r.i)
    INTO written_to
    FROM unnest(r_name, r_shard, r_tick) WITH ORDINALITY AS r(name, shard,
                                                             tick, i);

  -- 3. The new records' facts, fills in fill order so trade ids follow
  -- it. 4. Per ledger, the last record written (batch order: the order its
  -- book changed in) sets balance and holdings; last_tick and last_tick_at
  -- only move forward. Arrays are indexed by position (written_to, r_tick
  -- and r_time hold no NULL, so a subscript is direct), never joined: a
  -- generic plan joining two batch-sized sets loops over both.
  WITH rec AS (
    SELECT written_to[r.i] AS id, r.*
      FROM unnest(r_tick, r_time, r_outcome, r_latency_us, r_detail, r_value,
                  r_balance, r_holdings)
             WITH ORDINALITY AS r(tick, time, outcome, latency_us, detail,
                                  value, balance, holdings, i)
     WHERE written_to[r.i] <> 0
  ), ticked AS (
    INSERT INTO ticks (ledger_id, tick, time, outcome, latency_us, detail)
    SELECT id, tick, time, outcome, latency_us, detail FROM rec ORDER BY i
  ), valued AS (
    INSERT INTO valuations (ledger_id, tick, time, value, balance)
    SELECT id, tick, time, value::numeric, balance::numeric FROM rec
     WHERE value IS NOT NULL
  ), filled AS (
    INSERT INTO trades (ledger_id, tick, n, time, side, ticker, quantity,
                        price, limit_price, fee, cash_delta)
    SELECT written_to[f.record], r_tick[f.record], f.n, r_time[f.record],
           f.side, f.ticker, f.quantity, f.price::numeric,
           f.limit_price::numeric, f.fee::numeric, f.cash_delta::numeric
      FROM unnest(f_record, f_n, f_side, f_ticker, f_quantity, f_price,
                  f_limit, f_fee, f_cash_delta)
             WITH ORDINALITY AS f(record, n, side, ticker, quantity, price,
                                  limit_price, fee, cash_delta, k)
     WHERE written_to[f.record] <> 0
     ORDER BY f.k
  ), rejected AS (
    INSERT INTO rejections (ledger_id, tick, n, time, side, ticker, quantity,
                            price, code, reason)
    SELECT written_to[j.record], r_tick[j.record], j.n, r_time[j.record],
           j.side, j.ticker, j.quantity, j.price::numeric, j.code, j.reason
      FROM unnest(j_record, j_n, j_side, j_ticker, j_quantity, j_price,
                  j_code, j_reason)
             AS j(record, n, side, ticker, quantity, price, code, reason)
     WHERE written_to[j.record] <> 0
  ), booked AS (
    UPDATE ledgers AS l
       SET balance = u.balance::numeric, holdings = u.holdings::jsonb,
           last_tick = GREATEST(l.last_tick, u.tick),
           last_tick_at = GREATEST(l.last_tick_at, u.time),
           revision = l.revision + 1
      FROM (SELECT id, (array_agg(balance ORDER BY i DESC))[1] AS balance,
                   (array_agg(holdings ORDER BY i DESC))[1] AS holdings,
                   max(tick) AS tick,
                   (array_agg(time ORDER BY tick DESC))[1] AS time
              FROM rec GROUP BY id) AS u
     WHERE l.id = u.id
  )
  SELECT count(*) INTO written FROM rec;
END
$$;
)sql";

// Every row write_tick_batch touches is found by key, yet a session plans
// its statements once, with the statistics of that moment: the writer's
// plan joined a batch's few ledgers to a sequential scan of `ledgers`
// (planned for 210 rows while 5,000 were there, most of them dead
// versions), a cost per batch that grew with every other ledger. Without
// sequential scans the planner can only reach rows through their keys.
constexpr std::string_view v8 = R"sql(
ALTER FUNCTION write_tick_batch(
  bigint[], text[], integer[], bigint[], timestamptz[], text[], bigint[],
  text[], text[], text[], text[],
  integer[], integer[], text[], text[], bigint[], text[], text[], text[],
  text[],
  integer[], integer[], text[], text[], bigint[], text[], text[], text[],
  integer[], bigint[])
  SET enable_seqscan = off;
)sql";

// A custom plan is made afresh at every call, with the batch's arrays as
// constants; the statements' plans do not depend on them (every row is
// reached by key, arrays by position: versions 7 and 8), so planning was
// pure cost: a fifth of the writer's backend CPU at 16 reported trades in
// flight (perf), where small batches follow each other. One generic plan
// per session instead: 4,750 to 6,000 reported trades/s (bench/README.md).
// The function has one signature, so its name alone is enough.
constexpr std::string_view v9 = R"sql(
ALTER FUNCTION write_tick_batch SET plan_cache_mode = force_generic_plan;
)sql";

} // namespace

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> all{v1, v2, v3, v4, v5,
                                                 v6, v7, v8, v9};
  return all;
}

} // namespace ledger::persistence
