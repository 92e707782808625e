// The store's lifetime and the `ledgers` table: configuration, status and
// the book as of the last committed tick.

#include "persistence/store.hpp"

#include "core/engine_shard.hpp"
#include "persistence/fence.hpp"
#include "persistence/session.hpp"
#include "persistence/sql_values.hpp"

namespace ledger::persistence {

namespace {

using detail::session;
using detail::statement;

// Every reader of a ledger row selects these, in this order (record_of).
std::string ledger_columns() {
  return "name, tickers, algo_path, interval_ms, lifespan_ms, "
         "initial_balance, slippage_bps, fee, tolerance_bps, status, " +
         detail::sql_micros("first_started") +
         ", balance, holdings, last_tick, " +
         detail::sql_micros("last_tick_at") + ", " +
         detail::sql_micros("created_at") + ", calendar";
}

const statement& insert_ledger() {
  using detail::sql_time;
  static const statement s{
    "insert_ledger",
    "INSERT INTO ledgers (name, tickers, algo_path, interval_ms, lifespan_ms,"
    " initial_balance, slippage_bps, fee, tolerance_bps, status,"
    " first_started, balance, holdings, last_tick, last_tick_at, created_at,"
    " calendar)"
    " VALUES ($1, $2::text[], $3, $4, $5, $6::numeric, $7, $8::numeric, $9,"
    " $10, " +
      sql_time("$11") + ", $12::numeric, $13::jsonb, $14, " + sql_time("$15") +
      ", " + sql_time("$16") +
      ", $17) ON CONFLICT (name) DO NOTHING RETURNING id"};
  return s;
}

const statement& select_ledger() {
  static const statement s{"select_ledger", "SELECT " + ledger_columns() +
                                              " FROM ledgers WHERE name = $1"};
  return s;
}

const statement& select_ledgers() {
  static const statement s{"select_ledgers", "SELECT " + ledger_columns() +
                                               " FROM ledgers WHERE name > $1"
                                               " ORDER BY name LIMIT $2"};
  return s;
}

const statement& delete_ledger_sql() {
  static const statement s{"delete_ledger",
                           "DELETE FROM ledgers WHERE name = $1"};
  return s;
}

// A missing first_started keeps the stored one: the lifespan's origin is
// set once and must not be wiped by a caller that did not know it. The
// status is part of the ledger's views: a new revision.
const statement& update_status_sql() {
  static const statement s{"update_status",
                           "UPDATE ledgers SET status = $2,"
                           " first_started = coalesce(" +
                             detail::sql_time("$3") +
                             ", first_started), revision = revision + 1"
                             " WHERE name = $1"};
  return s;
}

ledger_record record_of(const pqxx::row& row) {
  using namespace detail;
  ledger_record r;
  auto& c = r.config;
  c.name = row[0].as<std::string>();
  auto what = [&](const char* column) {
    return std::string{"ledgers."} + column + " of '" + c.name + "'";
  };
  c.tickers = text_array_of(row[1], what("tickers"));
  c.algo_path = row[2].as<std::string>();
  c.interval = std::chrono::milliseconds{row[3].as<std::int64_t>()};
  c.lifespan = std::chrono::milliseconds{row[4].as<std::int64_t>()};
  c.initial_balance = money_of(row[5], what("initial_balance"));
  c.slippage_bps = row[6].as<std::int32_t>();
  c.fee = money_of(row[7], what("fee"));
  c.tolerance_bps = row[8].as<std::int32_t>();
  r.status = status_of(row[9], what("status"));
  r.first_started = optional_time_of(row[10], what("first_started"));
  r.balance = money_of(row[11], what("balance"));
  r.positions = holdings_of(row[12], what("holdings"));
  r.last_tick = row[13].as<std::int64_t>();
  r.last_tick_at = optional_time_of(row[14], what("last_tick_at"));
  r.created_at = time_of(row[15], what("created_at"));
  c.calendar = calendar_of(row[16], what("calendar"));
  return r;
}

} // namespace

store::store(std::string url, std::chrono::milliseconds stall_limit)
  : impl_(std::make_unique<impl>(
      impl{detail::session{std::move(url), stall_limit}, {}})) {}

store::~store() = default;

bool store::create_ledger(const ledger_record& r) {
  return impl_->db.run("create ledger", [&](session& db) {
    using namespace detail;
    array_literal tickers;
    for (auto& t : r.config.tickers)
      tickers.push(t);
    auto first_started = micros_text(r.first_started);
    auto last_tick_at = micros_text(r.last_tick_at);
    auto& c = r.config;
    auto calendar = calendar_text(c.calendar);
    pqxx::work tx{db.connection()};
    auto result = db.exec(
      tx, insert_ledger(), c.name, tickers.str(), c.algo_path,
      c.interval.count(), c.lifespan.count(), c.initial_balance.to_string(),
      c.slippage_bps, c.fee.to_string(), c.tolerance_bps,
      std::string{to_string(r.status)}, nullable(first_started),
      r.balance.to_string(), holdings_json(r.positions), r.last_tick,
      nullable(last_tick_at), micros_text(r.created_at), nullable(calendar));
    tx.commit();
    return !result.empty();
  });
}

std::optional<ledger_record> store::find_ledger(std::string_view name) {
  return impl_->db.run(
    "find ledger", [&](session& db) -> std::optional<ledger_record> {
      pqxx::nontransaction tx{db.connection()};
      auto result = db.exec(tx, select_ledger(), std::string{name});
      if (result.empty())
        return std::nullopt;
      return record_of(result[0]);
    });
}

std::vector<ledger_record> store::list_ledgers(std::string_view after,
                                               std::size_t limit) {
  return impl_->db.run("list ledgers", [&](session& db) {
    pqxx::nontransaction tx{db.connection()};
    auto result = db.exec(tx, select_ledgers(), std::string{after},
                          detail::sql_limit(limit));
    std::vector<ledger_record> out;
    out.reserve(result.size());
    for (const auto& row : result)
      out.push_back(record_of(row));
    return out;
  });
}

std::size_t store::close_tick_gaps(std::string_view ledger) {
  return impl_->db.run("close tick gaps", [&](session& db) {
    pqxx::work tx{db.connection()};
    // A gap can only be the one tick in flight when the engine died: a
    // report committed meanwhile took the next number. Ten is generous.
    auto result = tx.exec_params(
      "INSERT INTO ticks (ledger_id, tick, time, outcome, latency_us, detail)"
      " SELECT l.id, g.n, coalesce(l.last_tick_at, now()), 'skipped', 0,"
      "  '1 tick skipped: the engine stopped while it was in flight'"
      " FROM ledgers l CROSS JOIN LATERAL"
      "  generate_series(greatest(1, l.last_tick - 9), l.last_tick) AS g(n)"
      " WHERE ($1 = '' OR l.name = $1) AND NOT EXISTS (SELECT 1 FROM ticks t"
      "  WHERE t.ledger_id = l.id AND t.tick = g.n)",
      std::string{ledger});
    tx.commit();
    return static_cast<std::size_t>(result.affected_rows());
  });
}

bool store::delete_ledger(std::string_view name) {
  return impl_->db.run("delete ledger", [&](session& db) {
    pqxx::work tx{db.connection()};
    auto result = db.exec(tx, delete_ledger_sql(), std::string{name});
    tx.commit();
    return result.affected_rows() > 0;
  });
}

bool store::update_status(std::string_view name, ledger_status status,
                          std::optional<timestamp> first_started,
                          const write_fence* fence) {
  return impl_->db.run("update status", [&](session& db) {
    auto started = detail::micros_text(first_started);
    pqxx::work tx{db.connection()};
    if (fence && !detail::refused_shards(
                    db, tx, {engine_shard_of(name, fence->shards)}, *fence)
                    .empty())
      return false; // another node's ledger now: not one more fact
    auto result =
      db.exec(tx, update_status_sql(), std::string{name},
              std::string{to_string(status)}, detail::nullable(started));
    tx.commit();
    return result.affected_rows() > 0;
  });
}

} // namespace ledger::persistence
