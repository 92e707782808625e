// A ledger's statistics read straight from the database: value points and
// fills are read in pages by their keys and fed to the accumulators of
// core/statistics.hpp as they arrive, so a year of one-minute ticks costs
// one page of rows in memory, never the whole record, and nothing caps what
// the statistics cover. Every statement is keyed by `ledger_id = $1`
// (checked by tests/persistence/read_plans_test.cpp) and all run in one
// REPEATABLE READ snapshot, so points and fills agree with each other.

#include "persistence/reads.hpp"
#include "persistence/session.hpp"
#include "persistence/sql_values.hpp"
#include "persistence/store.hpp"

#include <string>

namespace ledger::persistence {

namespace detail {

const statement& select_fill_page() {
  static const statement s{
    "select_fill_page",
    "SELECT t.id, t.tick, t.n, " + sql_micros("t.time") +
      ", t.side, t.ticker, t.quantity, t.price, t.limit_price, t.fee,"
      " t.cash_delta FROM trades t WHERE t.ledger_id = $1 AND t.id > $2"
      " AND t.time >= coalesce(" +
      sql_time("$4") + ", '-infinity') AND t.time <= coalesce(" +
      sql_time("$5") + ", 'infinity') ORDER BY t.id LIMIT $3"};
  return s;
}

const statement& count_ticks_by_outcome() {
  static const statement s{"count_ticks_by_outcome",
                           "SELECT t.outcome, count(*) FROM ticks t"
                           " WHERE t.ledger_id = $1 GROUP BY t.outcome"};
  return s;
}

const statement& count_rejections_by_code() {
  static const statement s{"count_rejections_by_code",
                           "SELECT r.code, count(*) FROM rejections r"
                           " WHERE r.ledger_id = $1 GROUP BY r.code"};
  return s;
}

} // namespace detail

namespace {

using detail::session;

// Rows per page: large enough that round trips cost little, small enough
// that a page is a few megabytes at most.
constexpr std::int64_t page_rows = 10'000;

// Runs `page(after)` until a page comes back short, handing every row to
// `each`; `key` is a row's paging key (the next page's `after`).
template <class Page, class Each, class Key>
void each_row(Page page, Each each, Key key) {
  std::int64_t after = 0;
  for (;;) {
    auto rows = page(after);
    for (const auto& row : rows)
      each(row);
    if (static_cast<std::int64_t>(rows.size()) < page_rows)
      return;
    after = key(rows[rows.size() - 1]);
  }
}

} // namespace

ledger_facts store::facts(std::string_view ledger,
                          const facts_request& request) {
  return impl_->db.run("read statistics", [&](session& db) {
    using namespace detail;
    // Built afresh on every attempt: a retried read starts from nothing.
    ledger_facts out;
    statistics_accumulator stats{request.settings};
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx{
      db.connection()};
    auto found = db.exec(tx, select_ledger_id(), std::string{ledger});
    if (found.empty())
      return out;
    auto id = found[0][0].as<std::int64_t>();
    auto lower = micros_text(request.from);
    auto upper = micros_text(request.to);

    each_row(
      [&](std::int64_t after) {
        return db.exec_planned(tx, select_valuation_page(), id, after,
                               page_rows, nullable(lower), nullable(upper));
      },
      [&](const pqxx::row& row) {
        auto point = valuation_of(row);
        out.value.add(point.value);
        stats.add_point(point.time, point.value, point.balance);
      },
      [](const pqxx::row& row) { return row[0].as<std::int64_t>(); });
    each_row(
      [&](std::int64_t after) {
        return db.exec_planned(tx, select_fill_page(), id, after, page_rows,
                               nullable(lower), nullable(upper));
      },
      [&](const pqxx::row& row) { stats.add_fill(trade_of(row).trade); },
      [](const pqxx::row& row) { return row[0].as<std::int64_t>(); });

    if (request.tallies) {
      for (const auto& row : db.exec_planned(tx, count_ticks_by_outcome(), id))
        out.ticks[std::string{to_string(outcome_of(row[0], "ticks.outcome"))}] =
          row[1].as<std::uint64_t>();
      for (const auto& row :
           db.exec_planned(tx, count_rejections_by_code(), id))
        out.rejections[std::string{
          to_string(reject_code_of(row[0], "rejections.code"))}] =
          row[1].as<std::uint64_t>();
    }
    tx.commit();
    out.stats = stats.finish();
    return out;
  });
}

} // namespace ledger::persistence
