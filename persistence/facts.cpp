// Reading a ledger's append-only facts: trades, value history, rejections
// and tick outcomes. Each is one statement outside any explicit transaction
// (persistence/reads.cpp holds their SQL), keyed by the ledger's id.

#include "persistence/reads.hpp"
#include "persistence/session.hpp"
#include "persistence/sql_values.hpp"
#include "persistence/store.hpp"

#include <limits>

namespace ledger::persistence {

using detail::session;

// Each fact's row, in its statement's column order (persistence/reads.cpp).

trade_row detail::trade_of(const pqxx::row& row) {
  fill f{side_of(row[4], "trades.side"),
         row[5].as<std::string>(),
         quantity_of(row[6], "trades.quantity"),
         price_of(row[7], "trades.price"),
         optional_price_of(row[8], "trades.limit_price"),
         money_of(row[9], "trades.fee"),
         money_of(row[10], "trades.cash_delta")};
  return trade_row{row[0].as<std::int64_t>(), row[1].as<std::int64_t>(),
                   row[2].as<int>(), time_of(row[3], "trades.time"),
                   std::move(f)};
}

valuation_row detail::valuation_of(const pqxx::row& row) {
  return valuation_row{row[0].as<std::int64_t>(),
                       time_of(row[1], "valuations.time"),
                       money_of(row[2], "valuations.value"),
                       money_of(row[3], "valuations.balance")};
}

namespace {

rejection_row rejection_of(const pqxx::row& row) {
  using namespace detail;
  ledger::order o{side_of(row[3], "rejections.side"), row[4].as<std::string>(),
                  quantity_of(row[5], "rejections.quantity"),
                  optional_price_of(row[6], "rejections.price")};
  rejection what{std::move(o), reject_code_of(row[7], "rejections.code"),
                 row[8].as<std::string>()};
  return rejection_row{row[0].as<std::int64_t>(), row[1].as<int>(),
                       time_of(row[2], "rejections.time"), std::move(what)};
}

tick_row tick_of(const pqxx::row& row) {
  using namespace detail;
  return tick_row{row[0].as<std::int64_t>(), time_of(row[1], "ticks.time"),
                  outcome_of(row[2], "ticks.outcome"),
                  std::chrono::microseconds{row[3].as<std::int64_t>()},
                  row[4].as<std::string>()};
}

} // namespace

std::vector<trade_row> store::trades(std::string_view ledger,
                                     std::int64_t after_id, std::size_t limit) {
  return impl_->db.run("read trades", [&](session& db) {
    return detail::read_facts(db, impl_->ids, ledger, detail::select_trades(),
                              detail::trade_of, after_id,
                              detail::sql_limit(limit));
  });
}

std::uint64_t store::trade_count(std::string_view ledger) {
  return impl_->db.run("count trades", [&](session& db) {
    using namespace detail;
    pqxx::nontransaction tx{db.connection()};
    auto result = read_ledger(db, impl_->ids, tx, ledger, [&](std::int64_t id) {
      return db.exec_planned(tx, count_trades(), id);
    });
    return result.empty() ? 0 : result[0][0].as<std::uint64_t>();
  });
}

std::vector<valuation_row> store::valuations(std::string_view ledger,
                                             std::optional<timestamp> from,
                                             std::optional<timestamp> to) {
  // The whole window is one page without a limit.
  return valuation_page(ledger, 0, std::numeric_limits<std::size_t>::max(),
                        from, to);
}

std::vector<valuation_row> store::valuation_page(std::string_view ledger,
                                                 std::int64_t after_tick,
                                                 std::size_t limit,
                                                 std::optional<timestamp> from,
                                                 std::optional<timestamp> to) {
  return impl_->db.run("read valuations", [&](session& db) {
    using namespace detail;
    auto lower = micros_text(from);
    auto upper = micros_text(to);
    return read_facts(db, impl_->ids, ledger, select_valuation_page(),
                      valuation_of, after_tick, sql_limit(limit),
                      nullable(lower), nullable(upper));
  });
}

std::vector<rejection_row> store::rejections(std::string_view ledger) {
  return impl_->db.run("read rejections", [&](session& db) {
    return detail::read_facts(db, impl_->ids, ledger,
                              detail::select_rejections(), rejection_of);
  });
}

std::vector<tick_row> store::ticks(std::string_view ledger) {
  return impl_->db.run("read ticks", [&](session& db) {
    return detail::read_facts(db, impl_->ids, ledger, detail::select_ticks(),
                              tick_of);
  });
}

} // namespace ledger::persistence
