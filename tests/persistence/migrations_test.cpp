// Versioned migrations against a real, fresh database per test.

#include "persistence/migrations.hpp"
#include "persistence/store.hpp"
#include "tests/support/scratch_database.hpp"

#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include <string>
#include <thread>
#include <vector>

using ledger::persistence::schema_too_new;
using ledger::persistence::store;

namespace {

struct fresh_database {
  ledger::test::scratch_database db;

  // One value from the database, read on a connection of its own.
  template <class T>
  T query_value(const std::string& sql) {
    pqxx::connection conn{db.url()};
    pqxx::nontransaction tx{conn};
    return tx.exec1(sql)[0].as<T>();
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(migrations, fresh_database)

BOOST_AUTO_TEST_CASE(an_empty_database_reaches_the_known_version) {
  BOOST_TEST(store::known_schema_version() >= 1);
  store s{db.url()};
  BOOST_TEST(s.migrate() == store::known_schema_version());
  BOOST_TEST(query_value<int>("SELECT count(*) FROM schema_migrations") ==
             store::known_schema_version());
  BOOST_TEST(query_value<int>("SELECT max(version) FROM schema_migrations") ==
             store::known_schema_version());
  BOOST_TEST(query_value<int>(
               "SELECT count(*) FROM information_schema.tables WHERE "
               "table_name IN ('ledgers', 'ticks', 'trades', 'valuations', "
               "'rejections')") == 5);
}

BOOST_AUTO_TEST_CASE(migrating_again_is_harmless) {
  store s{db.url()};
  auto first = s.migrate();
  BOOST_TEST(s.migrate() == first);
  store other{db.url()};
  BOOST_TEST(other.migrate() == first);
  BOOST_TEST(query_value<int>("SELECT count(*) FROM schema_migrations") ==
             first);
}

BOOST_AUTO_TEST_CASE(a_newer_database_is_refused) {
  store s{db.url()};
  s.migrate();
  {
    pqxx::connection conn{db.url()};
    pqxx::work tx{conn};
    tx.exec0("INSERT INTO schema_migrations (version) VALUES (999)");
    tx.commit();
  }
  auto says_upgrade = [](const schema_too_new& e) {
    std::string what = e.what();
    BOOST_TEST_MESSAGE(what);
    return what.find("database schema version 999 is newer than this "
                     "ledgerd (knows up to " +
                     std::to_string(store::known_schema_version()) +
                     "); upgrade ledgerd") != std::string::npos;
  };
  BOOST_CHECK_EXCEPTION(s.migrate(), schema_too_new, says_upgrade);
  store fresh{db.url()};
  BOOST_CHECK_EXCEPTION(fresh.migrate(), schema_too_new, says_upgrade);
}

BOOST_AUTO_TEST_CASE(concurrent_migrations_do_not_collide) {
  constexpr int processes = 4;
  std::vector<int> versions(processes, -1);
  std::vector<std::string> errors(processes);
  {
    std::vector<std::thread> threads;
    for (int i = 0; i < processes; ++i)
      threads.emplace_back([&, i] {
        try {
          store s{db.url()};
          versions[i] = s.migrate();
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    for (auto& t : threads)
      t.join();
  }
  for (int i = 0; i < processes; ++i) {
    BOOST_TEST(errors[i] == "");
    BOOST_TEST(versions[i] == store::known_schema_version());
  }
  BOOST_TEST(query_value<int>("SELECT count(*) FROM schema_migrations") ==
             store::known_schema_version());
}

// What an older ledgerd left behind: version 2 with a ledger and its facts.
BOOST_AUTO_TEST_CASE(a_version_2_database_keeps_its_facts_through_version_3) {
  {
    pqxx::connection conn{db.url()};
    pqxx::work tx{conn};
    tx.exec0("CREATE TABLE schema_migrations (version int PRIMARY KEY,"
             " applied_at timestamptz NOT NULL DEFAULT now())");
    for (int v = 0; v < 2; ++v) {
      tx.exec0(std::string{ledger::persistence::migrations()[v]});
      tx.exec_params0("INSERT INTO schema_migrations (version) VALUES ($1)",
                      v + 1);
    }
    tx.exec0("INSERT INTO ledgers (name, tickers, algo_path, interval_ms,"
             " lifespan_ms, initial_balance, slippage_bps, fee, tolerance_bps,"
             " status, balance, holdings, last_tick, created_at) VALUES ('old',"
             " '{AAPL}', 'a.py', 1000, 60000, 100000, 0, 0, 500, 'running',"
             " 99798, '{\"AAPL\": 2}', 1, now())");
    tx.exec0("INSERT INTO ticks SELECT id, 1, now(), 'ok', 5, '' FROM ledgers");
    tx.exec0("INSERT INTO trades (ledger_id, tick, n, time, side, ticker,"
             " quantity, price, fee, cash_delta) SELECT id, 1, n, now(),"
             " 'buy', 'AAPL', 1, 101, 0, -101 FROM ledgers,"
             " generate_series(0, 1) n");
    tx.exec0("INSERT INTO valuations SELECT id, 1, now(), 100000, 99798"
             " FROM ledgers");
    tx.exec0("INSERT INTO rejections SELECT id, 1, 0, now(), 'sell', 'X', 1,"
             " NULL, 'unknown_ticker', 'no' FROM ledgers");
    tx.commit();
  }
  store s{db.url()};
  BOOST_TEST(s.migrate() == store::known_schema_version());
  auto trades = s.trades("old");
  BOOST_REQUIRE(trades.size() == 2u);
  BOOST_TEST(trades[0].id < trades[1].id);
  BOOST_TEST(s.valuations("old").size() == 1u);
  BOOST_TEST(s.version("old")->revision == 0);
  BOOST_TEST(s.version("old")->last_tick == 1);
  // Version 5's calendar: none for a ledger made before it.
  BOOST_TEST(
    (s.find_ledger("old")->config.calendar == ledger::market_calendar::none));

  // New facts go on after the old ones; a delete still takes them all.
  ledger::tick_record next;
  next.ledger = "old";
  next.tick = 2;
  next.fills.push_back(ledger::fill{ledger::side::sell,
                                    "AAPL",
                                    ledger::quantity::make(1).value(),
                                    ledger::price::parse("102").value(),
                                    {},
                                    {},
                                    ledger::money::parse("102").value()});
  BOOST_TEST(s.write_ticks({next}) == 1u);
  trades = s.trades("old");
  BOOST_REQUIRE(trades.size() == 3u);
  BOOST_TEST(trades[1].id < trades[2].id);
  BOOST_TEST(s.delete_ledger("old"));
  BOOST_TEST(query_value<int>("SELECT (SELECT count(*) FROM ticks) +"
                              " (SELECT count(*) FROM trades) +"
                              " (SELECT count(*) FROM valuations) +"
                              " (SELECT count(*) FROM rejections)") == 0);
}

BOOST_AUTO_TEST_SUITE_END()
