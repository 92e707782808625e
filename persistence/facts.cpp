// Reading a ledger's append-only facts: trades, value history, rejections
// and tick outcomes. Each is one statement outside any explicit transaction.

#include "persistence/session.hpp"
#include "persistence/sql_values.hpp"
#include "persistence/store.hpp"

namespace ledger::persistence {

namespace {

using detail::session;
using detail::sql_micros;
using detail::sql_time;
using detail::statement;

const statement& select_trades() {
  static const statement s{
    "select_trades",
    "SELECT t.id, t.tick, t.n, " + sql_micros("t.time") +
      ", t.side, t.ticker, t.quantity, t.price, t.limit_price, t.fee,"
      " t.cash_delta FROM trades t JOIN ledgers l ON l.id = t.ledger_id"
      " WHERE l.name = $1 AND t.id > $2 ORDER BY t.id LIMIT $3"};
  return s;
}

// A null bound is no bound; both bounds are inclusive.
const statement& select_valuations() {
  static const statement s{
    "select_valuations",
    "SELECT v.tick, " + sql_micros("v.time") +
      ", v.value, v.balance FROM valuations v"
      " JOIN ledgers l ON l.id = v.ledger_id WHERE l.name = $1"
      " AND ($2::bigint IS NULL OR v.time >= " +
      sql_time("$2") + ") AND ($3::bigint IS NULL OR v.time <= " +
      sql_time("$3") + ") ORDER BY v.tick"};
  return s;
}

const statement& select_rejections() {
  static const statement s{
    "select_rejections",
    "SELECT r.tick, r.n, " + sql_micros("r.time") +
      ", r.side, r.ticker, r.quantity, r.price, r.code, r.reason"
      " FROM rejections r JOIN ledgers l ON l.id = r.ledger_id"
      " WHERE l.name = $1 ORDER BY r.tick, r.n"};
  return s;
}

const statement& select_ticks() {
  static const statement s{"select_ticks",
                           "SELECT t.tick, " + sql_micros("t.time") +
                             ", t.outcome, t.latency_us, t.detail FROM ticks t"
                             " JOIN ledgers l ON l.id = t.ledger_id"
                             " WHERE l.name = $1 ORDER BY t.tick"};
  return s;
}

} // namespace

std::vector<trade_row> store::trades(std::string_view ledger,
                                     std::int64_t after_id, std::size_t limit) {
  return impl_->db.run("read trades", [&](session& db) {
    using namespace detail;
    pqxx::nontransaction tx{db.connection()};
    auto result = db.exec(tx, select_trades(), std::string{ledger}, after_id,
                          detail::sql_limit(limit));
    std::vector<trade_row> out;
    out.reserve(result.size());
    for (const auto& row : result) {
      fill f{side_of(row[4], "trades.side"),
             row[5].as<std::string>(),
             quantity_of(row[6], "trades.quantity"),
             price_of(row[7], "trades.price"),
             optional_price_of(row[8], "trades.limit_price"),
             money_of(row[9], "trades.fee"),
             money_of(row[10], "trades.cash_delta")};
      out.push_back(trade_row{row[0].as<std::int64_t>(),
                              row[1].as<std::int64_t>(), row[2].as<int>(),
                              time_of(row[3], "trades.time"), std::move(f)});
    }
    return out;
  });
}

std::vector<valuation_row> store::valuations(std::string_view ledger,
                                             std::optional<timestamp> from,
                                             std::optional<timestamp> to) {
  return impl_->db.run("read valuations", [&](session& db) {
    using namespace detail;
    // Bounds are floored to the microsecond, as stored times are.
    auto lower = micros_text(from);
    auto upper = micros_text(to);
    pqxx::nontransaction tx{db.connection()};
    auto result = db.exec(tx, select_valuations(), std::string{ledger},
                          nullable(lower), nullable(upper));
    std::vector<valuation_row> out;
    out.reserve(result.size());
    for (const auto& row : result)
      out.push_back(valuation_row{row[0].as<std::int64_t>(),
                                  time_of(row[1], "valuations.time"),
                                  money_of(row[2], "valuations.value"),
                                  money_of(row[3], "valuations.balance")});
    return out;
  });
}

std::vector<rejection_row> store::rejections(std::string_view ledger) {
  return impl_->db.run("read rejections", [&](session& db) {
    using namespace detail;
    pqxx::nontransaction tx{db.connection()};
    auto result = db.exec(tx, select_rejections(), std::string{ledger});
    std::vector<rejection_row> out;
    out.reserve(result.size());
    for (const auto& row : result) {
      ledger::order o{side_of(row[3], "rejections.side"),
                      row[4].as<std::string>(),
                      quantity_of(row[5], "rejections.quantity"),
                      optional_price_of(row[6], "rejections.price")};
      rejection what{std::move(o), reject_code_of(row[7], "rejections.code"),
                     row[8].as<std::string>()};
      out.push_back(rejection_row{row[0].as<std::int64_t>(), row[1].as<int>(),
                                  time_of(row[2], "rejections.time"),
                                  std::move(what)});
    }
    return out;
  });
}

std::vector<tick_row> store::ticks(std::string_view ledger) {
  return impl_->db.run("read ticks", [&](session& db) {
    using namespace detail;
    pqxx::nontransaction tx{db.connection()};
    auto result = db.exec(tx, select_ticks(), std::string{ledger});
    std::vector<tick_row> out;
    out.reserve(result.size());
    for (const auto& row : result)
      out.push_back(
        tick_row{row[0].as<std::int64_t>(), time_of(row[1], "ticks.time"),
                 outcome_of(row[2], "ticks.outcome"),
                 std::chrono::microseconds{row[3].as<std::int64_t>()},
                 row[4].as<std::string>()});
    return out;
  });
}

} // namespace ledger::persistence
