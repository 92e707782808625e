// store::write_ticks: a batch of tick records in ONE statement, so one round
// trip and one commit however many records and facts it holds. Each kind of
// row goes in as parallel arrays expanded by unnest(); the statement's
// data-modifying WITH parts pass on only what the idempotency gate let
// through. A single statement is atomic by itself: it runs without
// BEGIN/COMMIT (two round trips fewer) and still commits synchronously.

#include "persistence/session.hpp"
#include "persistence/sql_values.hpp"
#include "persistence/store.hpp"
#include "persistence/text.hpp"

#include <set>
#include <utility>

namespace ledger::persistence {

namespace {

using detail::array_literal;
using detail::session;
using detail::sql_time;
using detail::statement;

// The parts, in the order they take effect:
// - r: the records, numbered in write order (ord);
// - locked: the batch's ledgers, locked in id order (so concurrent batches
//   cannot deadlock), which makes a concurrent delete wait for this commit;
//   a ledger already deleted is absent and its records are skipped;
// - new_ticks: the idempotency gate, only (ledger, tick) pairs not yet
//   stored come back;
// - written: those records with their ledger id and stored time;
// - fills, refusals, points: the facts of written records; fills and
//   rejections name their record by ord; fills go in fill order, so trade
//   ids follow the order the fills applied in;
// - book: per ledger, the last record written (in batch order, the order
//   its book changed in) sets balance and holdings; last_tick and
//   last_tick_at come from the highest tick and only move forward.
// Fact times are the tick's: computed once per record, not per fact.
const statement& write_batch_sql() {
  static const statement s{
    "write_ticks",
    "WITH r AS ("
    "SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[],"
    " $5::bigint[], $6::text[], $7::numeric[], $8::numeric[], $9::text[])"
    " WITH ORDINALITY AS r(ledger, tick, us, outcome, latency, detail, value,"
    " balance, holdings, ord)"
    "), locked AS ("
    "SELECT id, name FROM ledgers WHERE name = ANY($1::text[])"
    " ORDER BY id FOR NO KEY UPDATE"
    "), new_ticks AS ("
    "INSERT INTO ticks (ledger_id, tick, time, outcome, latency_us, detail)"
    " SELECT l.id, r.tick, " +
      sql_time("r.us") +
      ", r.outcome, r.latency, r.detail FROM r JOIN locked l"
      " ON l.name = r.ledger ON CONFLICT DO NOTHING"
      " RETURNING ledger_id, tick, time"
      "), written AS ("
      "SELECT r.ord, n.ledger_id AS id, n.tick, n.time, r.value, r.balance,"
      " r.holdings FROM new_ticks n JOIN locked l ON l.id = n.ledger_id"
      " JOIN r ON r.ledger = l.name AND r.tick = n.tick"
      "), fills AS ("
      "INSERT INTO trades (ledger_id, tick, n, time, side, ticker, quantity,"
      " price, limit_price, fee, cash_delta)"
      " SELECT w.id, w.tick, f.n, w.time, f.side, f.ticker, f.q, f.p, f.lp,"
      " f.fee, f.cd FROM unnest($10::bigint[], $11::int[], $12::text[],"
      " $13::text[], $14::bigint[], $15::numeric[], $16::numeric[],"
      " $17::numeric[], $18::numeric[]) WITH ORDINALITY"
      " AS f(rec, n, side, ticker, q, p, lp, fee, cd, ord)"
      " JOIN written w ON w.ord = f.rec ORDER BY f.ord"
      "), refusals AS ("
      "INSERT INTO rejections (ledger_id, tick, n, time, side, ticker,"
      " quantity, price, code, reason)"
      " SELECT w.id, w.tick, j.n, w.time, j.side, j.ticker, j.q, j.p, j.code,"
      " j.reason FROM unnest($19::bigint[], $20::int[], $21::text[],"
      " $22::text[], $23::bigint[], $24::numeric[], $25::text[], $26::text[])"
      " AS j(rec, n, side, ticker, q, p, code, reason)"
      " JOIN written w ON w.ord = j.rec"
      "), points AS ("
      "INSERT INTO valuations (ledger_id, tick, time, value, balance)"
      " SELECT id, tick, time, value, balance FROM written"
      " WHERE value IS NOT NULL"
      "), book AS ("
      "UPDATE ledgers AS l SET balance = last.balance,"
      " holdings = last.holdings::jsonb,"
      " last_tick = GREATEST(l.last_tick, top.tick),"
      " last_tick_at = GREATEST(l.last_tick_at, top.time),"
      " revision = l.revision + 1"
      " FROM (SELECT DISTINCT ON (id) id, balance, holdings FROM written"
      " ORDER BY id, ord DESC) AS last"
      " JOIN (SELECT DISTINCT ON (id) id, tick, time FROM written"
      " ORDER BY id, tick DESC) AS top ON top.id = last.id"
      " WHERE l.id = last.id"
      ") SELECT count(*) FROM new_ticks"};
  return s;
}

// Free text of a record (details, reasons, tickers a model made up) is
// stored repaired rather than refused: the engine has acted on the record,
// and one refused value would fail the batch, and every batch after it.
void push_text(array_literal& column, std::string_view text) {
  if (detail::storable(text))
    column.push(text);
  else
    column.push(detail::repaired(text));
}

// The batch as the statement's 26 parallel arrays.
struct batch_arrays {
  // One element per record.
  array_literal ledger, tick, micros, outcome, latency, details, value,
    balance, holdings;
  // One per fill; `record` is the 1-based index of its record.
  array_literal fill_record, fill_n, fill_side, fill_ticker, fill_shares,
    fill_price, fill_limit, fill_fee, fill_cash;
  // One per rejection.
  array_literal reject_record, reject_n, reject_side, reject_ticker,
    reject_shares, reject_price, reject_code, reject_reason;
  std::int64_t records = 0;

  void add(const tick_record& r) {
    auto ord = ++records;
    ledger.push(r.ledger);
    tick.push(r.tick);
    micros.push(detail::to_micros(r.time));
    outcome.push(to_string(r.outcome));
    latency.push(r.latency.count());
    push_text(details, r.detail);
    if (r.value)
      value.push_decimal(r.value->to_string());
    else
      value.push_null();
    balance.push_decimal(r.balance.to_string());
    holdings.push(detail::holdings_json(r.positions));
    for (std::size_t n = 0; n < r.fills.size(); ++n) {
      auto& f = r.fills[n];
      fill_record.push(ord);
      fill_n.push(static_cast<std::int64_t>(n));
      fill_side.push(to_string(f.direction));
      push_text(fill_ticker, f.ticker);
      fill_shares.push(f.shares.shares());
      fill_price.push_decimal(f.fill_price.to_string());
      if (f.limit)
        fill_limit.push_decimal(f.limit->to_string());
      else
        fill_limit.push_null();
      fill_fee.push_decimal(f.fee.to_string());
      fill_cash.push_decimal(f.cash_delta.to_string());
    }
    for (std::size_t n = 0; n < r.rejections.size(); ++n) {
      auto& j = r.rejections[n];
      reject_record.push(ord);
      reject_n.push(static_cast<std::int64_t>(n));
      reject_side.push(to_string(j.order.direction));
      push_text(reject_ticker, j.order.ticker);
      reject_shares.push(j.order.shares.shares());
      if (j.order.price)
        reject_price.push_decimal(j.order.price->to_string());
      else
        reject_price.push_null();
      reject_code.push(to_string(j.code));
      push_text(reject_reason, j.reason);
    }
  }
};

std::size_t write_batch(session& db, const std::vector<tick_record>& records) {
  batch_arrays a;
  // Within the batch too, the first record for a (ledger, tick) wins. A
  // name the database could not store names no ledger: skipped like one.
  std::set<std::pair<std::string_view, std::int64_t>> seen;
  for (auto& r : records)
    if (seen.emplace(r.ledger, r.tick).second && detail::storable(r.ledger))
      a.add(r);
  if (a.records == 0)
    return 0;
  pqxx::nontransaction tx{db.connection()};
  auto result = db.exec(
    tx, write_batch_sql(), a.ledger.str(), a.tick.str(), a.micros.str(),
    a.outcome.str(), a.latency.str(), a.details.str(), a.value.str(),
    a.balance.str(), a.holdings.str(), a.fill_record.str(), a.fill_n.str(),
    a.fill_side.str(), a.fill_ticker.str(), a.fill_shares.str(),
    a.fill_price.str(), a.fill_limit.str(), a.fill_fee.str(),
    a.fill_cash.str(), a.reject_record.str(), a.reject_n.str(),
    a.reject_side.str(), a.reject_ticker.str(), a.reject_shares.str(),
    a.reject_price.str(), a.reject_code.str(), a.reject_reason.str());
  return result[0][0].as<std::size_t>();
}

} // namespace

std::size_t store::write_ticks(const std::vector<tick_record>& records) {
  if (records.empty())
    return 0;
  return impl_->db.run("write ticks",
                       [&](session& db) { return write_batch(db, records); });
}

} // namespace ledger::persistence
