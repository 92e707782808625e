// store::write_ticks: a batch of tick records in one transaction and a
// handful of statements, however many records and facts it holds. Each kind
// of row goes in as parallel arrays expanded by unnest(), so the round trips
// do not grow with the batch.

#include "persistence/session.hpp"
#include "persistence/sql_values.hpp"
#include "persistence/store.hpp"

#include <map>
#include <set>
#include <utility>

namespace ledger::persistence {

namespace {

using detail::array_literal;
using detail::session;
using detail::sql_time;
using detail::statement;

// Locks the batch's ledgers in id order (so concurrent batches cannot
// deadlock) and makes a concurrent delete wait for this commit; a ledger
// already deleted is simply absent.
const statement& lock_ledgers() {
  static const statement s{
    "lock_ledgers", "SELECT id, name FROM ledgers WHERE name = ANY($1::text[])"
                    " ORDER BY id FOR NO KEY UPDATE"};
  return s;
}

// The idempotency gate: only the (ledger, tick) pairs this returns are new.
const statement& insert_ticks() {
  static const statement s{
    "insert_ticks",
    "INSERT INTO ticks (ledger_id, tick, time, outcome, latency_us, detail)"
    " SELECT u.l, u.t, " +
      sql_time("u.us") +
      ", u.o, u.lat, u.d FROM unnest($1::bigint[], $2::bigint[],"
      " $3::bigint[], $4::text[], $5::bigint[], $6::text[])"
      " AS u(l, t, us, o, lat, d)"
      " ON CONFLICT DO NOTHING RETURNING ledger_id, tick"};
  return s;
}

// ORDER BY ord: trade ids follow the order the fills applied in.
const statement& insert_trades() {
  static const statement s{
    "insert_trades",
    "INSERT INTO trades (ledger_id, tick, n, time, side, ticker, quantity,"
    " price, limit_price, fee, cash_delta)"
    " SELECT u.l, u.t, u.n, " +
      sql_time("u.us") +
      ", u.s, u.tk, u.q, u.p::numeric, u.lp::numeric, u.f::numeric,"
      " u.cd::numeric FROM unnest($1::bigint[], $2::bigint[], $3::int[],"
      " $4::bigint[], $5::text[], $6::text[], $7::bigint[], $8::text[],"
      " $9::text[], $10::text[], $11::text[]) WITH ORDINALITY"
      " AS u(l, t, n, us, s, tk, q, p, lp, f, cd, ord) ORDER BY u.ord"};
  return s;
}

const statement& insert_rejections() {
  static const statement s{
    "insert_rejections",
    "INSERT INTO rejections (ledger_id, tick, n, time, side, ticker,"
    " quantity, price, code, reason)"
    " SELECT u.l, u.t, u.n, " +
      sql_time("u.us") +
      ", u.s, u.tk, u.q, u.p::numeric, u.c, u.r FROM unnest($1::bigint[],"
      " $2::bigint[], $3::int[], $4::bigint[], $5::text[], $6::text[],"
      " $7::bigint[], $8::text[], $9::text[], $10::text[])"
      " AS u(l, t, n, us, s, tk, q, p, c, r)"};
  return s;
}

const statement& insert_valuations() {
  static const statement s{
    "insert_valuations",
    "INSERT INTO valuations (ledger_id, tick, time, value, balance)"
    " SELECT u.l, u.t, " +
      sql_time("u.us") +
      ", u.v::numeric, u.b::numeric FROM unnest($1::bigint[], $2::bigint[],"
      " $3::bigint[], $4::text[], $5::text[]) AS u(l, t, us, v, b)"};
  return s;
}

// The book comes from the ledger's last record in write order, which is
// the order its book changed in: a tick skipped (or a report applied) while
// an earlier tick was in flight carries a higher number but an older book.
// last_tick and last_tick_at only move forward; the revision counts writes.
const statement& advance_ledgers() {
  static const statement s{
    "advance_ledgers",
    "UPDATE ledgers AS l SET balance = u.b::numeric, holdings = u.h::jsonb,"
    " last_tick = GREATEST(l.last_tick, u.t),"
    " last_tick_at = GREATEST(l.last_tick_at, " +
      sql_time("u.us") +
      "), revision = l.revision + 1 FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[],"
      " $5::text[]) AS u(id, t, us, b, h) WHERE l.id = u.id"};
  return s;
}

// Parallel arrays for the rows of one statement.
struct tick_rows {
  array_literal ledger, tick, micros, outcome, latency, detail;
};
struct trade_rows {
  array_literal ledger, tick, n, micros, side, ticker, shares, price, limit,
    fee, cash_delta;
};
struct rejection_rows {
  array_literal ledger, tick, n, micros, side, ticker, shares, price, code,
    reason;
};
struct valuation_rows {
  array_literal ledger, tick, micros, value, balance;
};
struct advance_rows {
  array_literal ledger, tick, micros, balance, holdings;
};

void add_facts(std::int64_t id, const tick_record& r, trade_rows& trades,
               rejection_rows& rejections, valuation_rows& valuations) {
  auto micros = detail::to_micros(r.time);
  for (std::size_t n = 0; n < r.fills.size(); ++n) {
    auto& f = r.fills[n];
    trades.ledger.push(id);
    trades.tick.push(r.tick);
    trades.n.push(static_cast<std::int64_t>(n));
    trades.micros.push(micros);
    trades.side.push(to_string(f.direction));
    trades.ticker.push(f.ticker);
    trades.shares.push(f.shares.shares());
    trades.price.push(f.fill_price.to_string());
    if (f.limit)
      trades.limit.push(f.limit->to_string());
    else
      trades.limit.push_null();
    trades.fee.push(f.fee.to_string());
    trades.cash_delta.push(f.cash_delta.to_string());
  }
  for (std::size_t n = 0; n < r.rejections.size(); ++n) {
    auto& j = r.rejections[n];
    rejections.ledger.push(id);
    rejections.tick.push(r.tick);
    rejections.n.push(static_cast<std::int64_t>(n));
    rejections.micros.push(micros);
    rejections.side.push(to_string(j.order.direction));
    rejections.ticker.push(j.order.ticker);
    rejections.shares.push(j.order.shares.shares());
    if (j.order.price)
      rejections.price.push(j.order.price->to_string());
    else
      rejections.price.push_null();
    rejections.code.push(to_string(j.code));
    rejections.reason.push(j.reason);
  }
  if (r.value) {
    valuations.ledger.push(id);
    valuations.tick.push(r.tick);
    valuations.micros.push(micros);
    valuations.value.push(r.value->to_string());
    valuations.balance.push(r.balance.to_string());
  }
}

std::size_t write_batch(session& db, const std::vector<tick_record>& records) {
  // Within the batch too, the first record for a (ledger, tick) wins.
  std::vector<const tick_record*> batch;
  std::set<std::pair<std::string_view, std::int64_t>> seen;
  array_literal names;
  std::set<std::string_view> named;
  for (auto& r : records) {
    if (!seen.emplace(r.ledger, r.tick).second)
      continue;
    batch.push_back(&r);
    if (named.insert(r.ledger).second)
      names.push(r.ledger);
  }

  pqxx::work tx{db.connection()};
  std::map<std::string, std::int64_t, std::less<>> ids;
  for (const auto& row : db.exec(tx, lock_ledgers(), names.str()))
    ids.emplace(row[1].as<std::string>(), row[0].as<std::int64_t>());

  tick_rows ticks;
  for (auto* r : batch) {
    auto id = ids.find(r->ledger);
    if (id == ids.end())
      continue; // deleted, or never existed: nothing to attach facts to
    ticks.ledger.push(id->second);
    ticks.tick.push(r->tick);
    ticks.micros.push(detail::to_micros(r->time));
    ticks.outcome.push(to_string(r->outcome));
    ticks.latency.push(r->latency.count());
    ticks.detail.push(r->detail);
  }
  if (ticks.ledger.empty()) {
    tx.commit();
    return 0;
  }
  std::set<std::pair<std::int64_t, std::int64_t>> written;
  for (const auto& row :
       db.exec(tx, insert_ticks(), ticks.ledger.str(), ticks.tick.str(),
               ticks.micros.str(), ticks.outcome.str(), ticks.latency.str(),
               ticks.detail.str()))
    written.emplace(row[0].as<std::int64_t>(), row[1].as<std::int64_t>());

  trade_rows trades;
  rejection_rows rejections;
  valuation_rows valuations;
  // By ledger id: the last record written (its book) and the highest tick.
  std::map<std::int64_t, std::pair<const tick_record*, const tick_record*>>
    latest;
  for (auto* r : batch) {
    auto id = ids.find(r->ledger);
    if (id == ids.end() || written.count({id->second, r->tick}) == 0)
      continue;
    add_facts(id->second, *r, trades, rejections, valuations);
    auto& [last, highest] = latest[id->second];
    last = r;
    if (highest == nullptr || highest->tick < r->tick)
      highest = r;
  }
  if (!trades.ledger.empty())
    db.exec(tx, insert_trades(), trades.ledger.str(), trades.tick.str(),
            trades.n.str(), trades.micros.str(), trades.side.str(),
            trades.ticker.str(), trades.shares.str(), trades.price.str(),
            trades.limit.str(), trades.fee.str(), trades.cash_delta.str());
  if (!rejections.ledger.empty())
    db.exec(tx, insert_rejections(), rejections.ledger.str(),
            rejections.tick.str(), rejections.n.str(), rejections.micros.str(),
            rejections.side.str(), rejections.ticker.str(),
            rejections.shares.str(), rejections.price.str(),
            rejections.code.str(), rejections.reason.str());
  if (!valuations.ledger.empty())
    db.exec(tx, insert_valuations(), valuations.ledger.str(),
            valuations.tick.str(), valuations.micros.str(),
            valuations.value.str(), valuations.balance.str());
  if (!latest.empty()) {
    advance_rows advance;
    for (auto& [id, pair] : latest) {
      auto [last, highest] = pair;
      advance.ledger.push(id);
      advance.tick.push(highest->tick);
      advance.micros.push(detail::to_micros(highest->time));
      advance.balance.push(last->balance.to_string());
      advance.holdings.push(detail::holdings_json(last->positions));
    }
    db.exec(tx, advance_ledgers(), advance.ledger.str(), advance.tick.str(),
            advance.micros.str(), advance.balance.str(),
            advance.holdings.str());
  }
  tx.commit();
  return written.size();
}

} // namespace

std::size_t store::write_ticks(const std::vector<tick_record>& records) {
  if (records.empty())
    return 0;
  return impl_->db.run("write ticks",
                       [&](session& db) { return write_batch(db, records); });
}

} // namespace ledger::persistence
