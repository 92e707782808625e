#pragma once

// Internal: the statements that read one ledger's facts, kept apart from
// the code that runs them so a test can EXPLAIN each one
// (tests/persistence/read_plans_test.cpp).
//
// Each takes the ledger's id as $1 and filters its fact table by
// `ledger_id = $1`, so an index starting with ledger_id answers. They run
// unnamed (session::exec_planned), planned for the actual id: the planner
// then knows from the table's statistics whether that ledger has a few rows
// or most of them. (Joining ledgers on the name, or a generic plan, leaves it
// to guess, and it scanned whole fact tables for a small ledger.)

#include "persistence/ledger_ids.hpp"
#include "persistence/session.hpp"

#include <cstdint>
#include <functional>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ledger::persistence::detail {

/// ($1 id, $2 after id, $3 limit): a page of fills in id order.
const statement& select_trades();

/// ($1 id): how many fills; no row when none.
const statement& count_trades();

/// ($1 id, $2 after tick, $3 limit, $4 from, $5 to; epoch micros, null for
/// no bound): a page of value points in tick order.
const statement& select_valuation_page();

/// ($1 id, $2 step micros, $3 from, $4 to, $5 window micros): value
/// points per bucket of the buckets within $5 of the first point at or
/// after $3, and whether points lie past them (store::value_buckets).
const statement& select_value_buckets();

/// ($1 id): rejections in (tick, n) order.
const statement& select_rejections();

/// ($1 id): tick outcomes in tick order.
const statement& select_ticks();

/// ($1 id, $2 after id, $3 limit, $4 from, $5 to; epoch micros, null for
/// no bound): a page of fills in id order (the order they applied), times
/// within [from, to]; select_trades' columns (persistence/stat_reads.cpp).
const statement& select_fill_page();

/// ($1 id): (outcome, count) per tick outcome.
const statement& count_ticks_by_outcome();

/// ($1 id): (code, count) per rejection code.
const statement& count_rejections_by_code();

/// Decoders of select_trades' and select_valuation_page's rows
/// (persistence/facts.cpp).
trade_row trade_of(const pqxx::row& row);
valuation_row valuation_of(const pqxx::row& row);

/// Every statement above, for tests that check their plans.
std::vector<const statement*> ledger_reads();

/// ($1 name): the ledger's id. Prepared: one lookup in the name index.
const statement& select_ledger_id();

/// ($1 name): the ledger's version. Prepared, the same lookup.
const statement& select_version();

/// Runs `query(id)` for the ledger named `name`, with its id from `ids`
/// when known (one statement), else looked up first. An empty answer from a
/// remembered id is checked by looking the name up again, and the query
/// re-run when the ledger has a new id. Empty for an unknown ledger.
pqxx::result
read_ledger(session& db, ledger_ids& ids, pqxx::transaction_base& tx,
            std::string_view name,
            const std::function<pqxx::result(std::int64_t)>& query);

/// Runs one of the statements above for the ledger named `name` (its id as
/// $1, then `params`) outside any explicit transaction, through read_ledger,
/// and decodes each row with `row_of`. Empty for an unknown ledger.
template <class RowOf, class... Params>
auto read_facts(session& db, ledger_ids& ids, std::string_view name,
                const statement& s, RowOf row_of, const Params&... params) {
  pqxx::nontransaction tx{db.connection()};
  auto result = read_ledger(db, ids, tx, name, [&](std::int64_t id) {
    return db.exec_planned(tx, s, id, params...);
  });
  std::vector<std::invoke_result_t<RowOf&, const pqxx::row&>> out;
  out.reserve(result.size());
  for (const auto& row : result)
    out.push_back(row_of(row));
  return out;
}

} // namespace ledger::persistence::detail
