#include "persistence/reads.hpp"

#include "persistence/sql_values.hpp"

#include <string>

namespace ledger::persistence::detail {

namespace {

// Inclusive time bounds from nullable epoch micros; an absent bound is
// infinite, so the condition stays a plain range the index can use.
std::string time_within(const char* column, const char* from, const char* to) {
  return std::string{" AND "} + column + " >= coalesce(" + sql_time(from) +
         ", '-infinity') AND " + column + " <= coalesce(" + sql_time(to) +
         ", 'infinity')";
}

} // namespace

const statement& select_trades() {
  static const statement s{
    "select_trades",
    "SELECT t.id, t.tick, t.n, " + sql_micros("t.time") +
      ", t.side, t.ticker, t.quantity, t.price, t.limit_price, t.fee,"
      " t.cash_delta FROM trades t WHERE t.ledger_id = $1 AND t.id > $2"
      " ORDER BY t.id LIMIT $3"};
  return s;
}

// HAVING: no row for no fills, so that "nothing found" is an empty answer
// for every read (read_ledger).
const statement& count_trades() {
  static const statement s{"count_trades",
                           "SELECT count(*) FROM trades t"
                           " WHERE t.ledger_id = $1 HAVING count(*) > 0"};
  return s;
}

const statement& select_valuation_page() {
  static const statement s{"select_valuation_page",
                           "SELECT v.tick, " + sql_micros("v.time") +
                             ", v.value, v.balance FROM valuations v"
                             " WHERE v.ledger_id = $1 AND v.tick > $2" +
                             time_within("v.time", "$4", "$5") +
                             " ORDER BY v.tick LIMIT $3"};
  return s;
}

// date_bin (PostgreSQL 14+) floors each time to its bucket. Buckets without
// points are left out rather than invented.
//
// A page covers the buckets of one window: from the bucket of the first
// point at or after $3 (one probe down the (ledger_id, time) index) for $5
// microseconds (limit * step), so its range scan reads only the points of
// the buckets it returns, however much history lies beyond, and paging
// through a year costs one pass. `more` probes once for a point past the
// window. (LIMIT on the groups instead would aggregate every later point
// on each page.) The groups keep only max, min and count; a bucket's last
// point (its latest time, then highest tick) is then one probe of the same
// index per bucket, cheaper than ordering every point of every bucket
// (array_agg(... ORDER BY)): a year of minutes in daily buckets took half
// the time.
const statement& select_value_buckets() {
  static const std::string stride = "($2::bigint * interval '1 microsecond')";
  static const statement s{
    "select_value_buckets",
    "WITH bound AS (SELECT date_bin(" + stride +
      ", f.time, 'epoch'::timestamptz) + $5::bigint * interval"
      " '1 microsecond' AS stop FROM valuations f WHERE f.ledger_id = $1" +
      time_within("f.time", "$3", "$4") + " ORDER BY f.time LIMIT 1) SELECT " +
      sql_micros("g.start") + ", l.tick, " + sql_micros("g.last_time") +
      ", l.value, l.balance, g.high, g.low, g.points,"
      " EXISTS (SELECT 1 FROM valuations m WHERE m.ledger_id = $1"
      " AND m.time >= (SELECT stop FROM bound) AND m.time <= coalesce(" +
      sql_time("$4") + ", 'infinity')) AS more FROM (SELECT date_bin(" +
      stride +
      ", v.time, 'epoch'::timestamptz) AS start, max(v.time) AS last_time,"
      " max(v.value) AS high, min(v.value) AS low, count(*) AS points"
      " FROM valuations v WHERE v.ledger_id = $1" +
      time_within("v.time", "$3", "$4") +
      " AND v.time < (SELECT stop FROM bound) GROUP BY 1) g"
      " CROSS JOIN LATERAL (SELECT l.tick, l.value, l.balance"
      " FROM valuations l WHERE l.ledger_id = $1 AND l.time = g.last_time"
      " ORDER BY l.tick DESC LIMIT 1) l ORDER BY g.start"};
  return s;
}

const statement& select_rejections() {
  static const statement s{
    "select_rejections",
    "SELECT r.tick, r.n, " + sql_micros("r.time") +
      ", r.side, r.ticker, r.quantity, r.price, r.code, r.reason"
      " FROM rejections r WHERE r.ledger_id = $1 ORDER BY r.tick, r.n"};
  return s;
}

const statement& select_ticks() {
  static const statement s{"select_ticks",
                           "SELECT t.tick, " + sql_micros("t.time") +
                             ", t.outcome, t.latency_us, t.detail FROM ticks t"
                             " WHERE t.ledger_id = $1 ORDER BY t.tick"};
  return s;
}

std::vector<const statement*> ledger_reads() {
  return {&select_trades(),           &count_trades(),
          &select_valuation_page(),   &select_value_buckets(),
          &select_rejections(),       &select_ticks(),
          &select_fill_page(),        &count_ticks_by_outcome(),
          &count_rejections_by_code()};
}

const statement& select_ledger_id() {
  static const statement s{"select_ledger_id",
                           "SELECT id FROM ledgers WHERE name = $1"};
  return s;
}

const statement& select_version() {
  static const statement s{
    "select_version",
    "SELECT id, last_tick, revision FROM ledgers WHERE name = $1"};
  return s;
}

pqxx::result
read_ledger(session& db, ledger_ids& ids, pqxx::transaction_base& tx,
            std::string_view name,
            const std::function<pqxx::result(std::int64_t)>& query) {
  auto known = ids.find(name);
  pqxx::result rows;
  if (known) {
    rows = query(*known);
    if (!rows.empty())
      return rows;
  }
  auto found = db.exec(tx, select_ledger_id(), std::string{name});
  if (found.empty()) {
    ids.forget(name);
    return pqxx::result{};
  }
  auto id = found[0][0].as<std::int64_t>();
  if (known && *known == id)
    return rows; // the ledger has nothing to show
  ids.remember(name, id);
  return query(id);
}

} // namespace ledger::persistence::detail
