// Reading one ledger costs what that ledger holds, not what the others hold:
// with a big ledger (20,000 fills) beside a small one (100 fills), every read
// statement of the small one, planned as the store runs it (unnamed, so
// planned for the actual ledger id), reaches the fact tables only through an
// index whose condition starts with ledger_id. No Seq Scan, and no index
// walked on another key and filtered.

#include "persistence/reads.hpp"
#include "persistence/store.hpp"
#include "tests/persistence/store_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>
#include <rapidjson/document.h>

#include <map>
#include <set>
#include <string>
#include <vector>

using namespace ledger;
using namespace ledger::test;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000'000; // epoch micros
constexpr std::int64_t minute = 60'000'000;
constexpr int big_records = 10'000; // 2 fills each: 20,000 fills
constexpr int small_records = 50;   // 100 fills
constexpr int small_spacing = 200;  // minutes: spread over the big one's span

const std::set<std::string> fact_tables{"ticks", "trades", "valuations",
                                        "rejections"};

tick_record busy(std::string ledger, std::int64_t tick, std::int64_t micros) {
  tick_record r;
  r.ledger = std::move(ledger);
  r.tick = tick;
  r.time = at(micros);
  r.fills.push_back(fill{
    side::buy, "AAPL", shares(2), px("101.5"), {}, cash("0"), cash("-203")});
  r.fills.push_back(fill{
    side::sell, "AAPL", shares(1), px("101.5"), {}, cash("0"), cash("101.5")});
  r.rejections.push_back(rejection{order{side::buy, "MSFT", shares(1), {}},
                                   reject_code::unknown_ticker, "not tracked"});
  r.value = cash("100000");
  r.balance = cash("99898.5");
  r.positions = {{"AAPL", tick}};
  return r;
}

ledger_record ledger_named(std::string name) {
  ledger_config c;
  c.name = std::move(name);
  c.tickers = {"AAPL"};
  c.algo_path = "a.py";
  return new_ledger_record(std::move(c), at(t0));
}

// Collects what a plan does to the fact tables.
struct plan_check {
  std::set<std::string> fact_indexes; ///< names of the fact tables' indexes
  std::vector<std::string> problems;
  int fact_scans = 0;

  void visit(const rapidjson::Value& node) {
    std::string type = node["Node Type"].GetString();
    if (node.HasMember("Relation Name") &&
        fact_tables.count(node["Relation Name"].GetString()) != 0) {
      ++fact_scans;
      if (type != "Index Scan" && type != "Index Only Scan" &&
          type != "Bitmap Heap Scan")
        problems.push_back(type + " on " + node["Relation Name"].GetString());
    }
    if (node.HasMember("Index Name") &&
        fact_indexes.count(node["Index Name"].GetString()) != 0) {
      std::string cond =
        node.HasMember("Index Cond") ? node["Index Cond"].GetString() : "";
      // The first key column is constrained: "((ledger_id = $0) AND ...)".
      if (cond.rfind("(ledger_id = ", 0) != 0 &&
          cond.rfind("((ledger_id = ", 0) != 0)
        problems.push_back(type + " using " + node["Index Name"].GetString() +
                           " with condition '" + cond + "'");
    }
    if (node.HasMember("Plans"))
      for (auto& child : node["Plans"].GetArray())
        visit(child);
  }
};

struct two_ledgers : migrated_store {
  pqxx::connection conn{db.url()};
  std::set<std::string> fact_indexes;

  two_ledgers() {
    BOOST_REQUIRE(s.create_ledger(ledger_named("big")));
    BOOST_REQUIRE(s.create_ledger(ledger_named("small")));
    std::vector<tick_record> batch;
    for (int tick = 1; tick <= big_records; ++tick) {
      batch.push_back(busy("big", tick, t0 + tick * minute));
      if (batch.size() == 1000 || tick == big_records) {
        BOOST_REQUIRE(s.write_ticks(batch) == batch.size());
        batch.clear();
      }
    }
    for (int tick = 1; tick <= small_records; ++tick)
      batch.push_back(busy("small", tick, t0 + tick * small_spacing * minute));
    BOOST_REQUIRE(s.write_ticks(batch) == batch.size());

    pqxx::nontransaction tx{conn};
    tx.exec0("ANALYZE ledgers, ticks, trades, valuations, rejections");
    for (const auto& row :
         tx.exec("SELECT indexname FROM pg_indexes WHERE tablename IN"
                 " ('ticks', 'trades', 'valuations', 'rejections')"))
      fact_indexes.insert(row[0].as<std::string>());
  }

  std::int64_t id_of(const std::string& name) {
    pqxx::nontransaction tx{conn};
    return tx.exec_params1("SELECT id FROM ledgers WHERE name = $1", name)[0]
      .as<std::int64_t>();
  }

  // The plan of `statement` run with `args` (SQL literals) as an unnamed
  // statement is planned: for these values (a custom plan).
  plan_check explain(const persistence::detail::statement& statement,
                     const std::string& args) {
    pqxx::nontransaction tx{conn};
    tx.exec0("SET plan_cache_mode = force_custom_plan");
    tx.exec0("DEALLOCATE ALL");
    tx.exec0("PREPARE probe AS " + statement.sql);
    auto json = tx.exec1("EXPLAIN (FORMAT JSON) EXECUTE probe(" + args + ")")[0]
                  .as<std::string>();
    rapidjson::Document doc;
    doc.Parse(json.c_str());
    BOOST_REQUIRE(!doc.HasParseError());
    plan_check check{fact_indexes, {}, 0};
    check.visit(doc[0]["Plan"]);
    BOOST_TEST_MESSAGE(statement.name << " (" << args << "): " << json);
    return check;
  }
};

// Arguments for each read statement of the ledger with id `id`: some
// unbounded, some bounded to a window of its history.
std::map<std::string, std::vector<std::string>> probes(std::int64_t id) {
  auto l = std::to_string(id);
  auto from = std::to_string(t0 + 10 * small_spacing * minute);
  auto to = std::to_string(t0 + 20 * small_spacing * minute);
  auto hour = std::to_string(60 * minute);
  return {
    {"select_trades", {l + ", 0, 1000", l + ", 40, 10"}},
    {"count_trades", {l}},
    {"select_valuation_page",
     {l + ", 0, 1000, NULL, NULL", l + ", 20, 5, NULL, NULL",
      l + ", 0, 1000, " + from + ", " + to,
      // store::valuations: a whole window, no limit
      l + ", 0, 9223372036854775807, NULL, NULL",
      l + ", 0, 9223372036854775807, " + from + ", NULL"}},
    // A page of 100 hours; a page of 1000 ten-year buckets (the window
    // the store caps); a window of the history.
    {"select_value_buckets",
     {l + ", " + hour + ", NULL, NULL, " + std::to_string(100 * 60 * minute),
      l + ", " + std::to_string(3650LL * 24 * 60 * minute) +
        ", NULL, NULL, 315576000000000000",
      l + ", " + hour + ", " + from + ", " + to + ", " +
        std::to_string(1000 * 60 * minute)}},
    {"select_rejections", {l}},
    {"select_ticks", {l}},
    // store::facts: pages of 10,000 fills, whole or within a window.
    {"select_fill_page",
     {l + ", 0, 10000, NULL, NULL", l + ", 40, 10000, " + from + ", " + to}},
    {"count_ticks_by_outcome", {l}},
    {"count_rejections_by_code", {l}},
  };
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(read_plans, two_ledgers)

BOOST_AUTO_TEST_CASE(no_read_of_one_ledger_scans_the_others_facts) {
  auto args = probes(id_of("small"));
  for (auto* statement : persistence::detail::ledger_reads()) {
    BOOST_TEST_CONTEXT(statement->name) {
      // A new read statement must be added to probes() to be checked.
      BOOST_REQUIRE(args.count(statement->name) == 1u);
      for (auto& a : args[statement->name]) {
        auto check = explain(*statement, a);
        std::string problems;
        for (auto& p : check.problems)
          problems += "; " + p;
        BOOST_TEST(problems == "",
                   statement->name << "(" << a << ")" << problems);
        BOOST_TEST(check.fact_scans >= 1);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(the_reads_return_the_small_ledgers_facts) {
  BOOST_TEST(s.trades("small").size() == 2u * small_records);
  BOOST_TEST(s.trade_count("small") == 2u * small_records);
  BOOST_TEST(s.trade_count("big") == 2u * big_records);
  BOOST_TEST(s.trade_count("nobody") == 0u);
  BOOST_TEST(s.valuations("small").size() == std::size_t{small_records});
  BOOST_TEST(s.rejections("small").size() == std::size_t{small_records});
  BOOST_TEST(s.ticks("small").size() == std::size_t{small_records});
  auto from = at(t0 + 10 * small_spacing * minute);
  auto to = at(t0 + 20 * small_spacing * minute);
  auto window = s.valuations("small", from, to);
  BOOST_REQUIRE(window.size() == 11u);
  BOOST_TEST(window.front().tick == 10);
  BOOST_TEST(window.back().tick == 20);
}

BOOST_AUTO_TEST_SUITE_END()
