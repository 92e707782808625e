// Failure handling at the store's boundary: unreachable servers, broken
// connections, database errors, and passwords kept out of messages.

#include "persistence/store.hpp"
#include "tests/support/scratch_database.hpp"

#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include <chrono>
#include <string>
#include <thread>

using ledger::persistence::store;
using ledger::persistence::store_unavailable;

namespace {

constexpr const char* secret = "hunter2-Sekrit";

bool hides_secret(const store_unavailable& e) {
  std::string what = e.what();
  BOOST_TEST_MESSAGE(what);
  return what.find(secret) == std::string::npos && !what.empty();
}

// Ends every other session on the scratch database, as a server restart or
// an idle-connection reaper would.
void drop_sessions(const std::string& url, const std::string& database) {
  pqxx::connection conn{url};
  pqxx::nontransaction tx{conn};
  auto killed =
    tx.exec_params("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                   " WHERE datname = $1 AND pid <> pg_backend_pid()",
                   database);
  BOOST_TEST(killed.size() >= 1u);
  // pg_terminate_backend only signals: wait until the sessions are gone, so
  // the store finds its connection closed (deterministically) rather than
  // racing the backend's exit.
  for (int i = 0; i < 200; ++i) {
    auto left =
      tx.exec_params1("SELECT count(*) FROM pg_stat_activity"
                      " WHERE datname = $1 AND pid <> pg_backend_pid()",
                      database)[0]
        .as<int>();
    if (left == 0)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  std::this_thread::sleep_for(std::chrono::milliseconds{20});
}

} // namespace

BOOST_AUTO_TEST_SUITE(connection)

BOOST_AUTO_TEST_CASE(nothing_listening_is_unavailable_without_the_password) {
  BOOST_CHECK_EXCEPTION(
    store{std::string{"postgresql://ledger:"} + secret + "@127.0.0.1:1/ledger"},
    store_unavailable, hides_secret);
  BOOST_CHECK_EXCEPTION(store{std::string{"host=127.0.0.1 port=1 user=ledger "
                                          "dbname=ledger password="} +
                              secret},
                        store_unavailable, hides_secret);
}

BOOST_AUTO_TEST_CASE(a_wrong_password_is_unavailable_without_it) {
  ledger::test::scratch_database db;
  // Same server, same role, a wrong password given as a parameter.
  auto url = db.url() + (db.url().find('?') == std::string::npos ? "?" : "&") +
             "password=" + secret;
  try {
    store s{url};
    // A server that trusts local logins ignores passwords: nothing to check.
    BOOST_TEST_MESSAGE("server accepted any password; skipped");
  } catch (const store_unavailable& e) {
    BOOST_TEST(hides_secret(e));
  }
}

BOOST_AUTO_TEST_CASE(a_dropped_connection_is_remade_on_the_next_call) {
  ledger::test::scratch_database db;
  store s{db.url()};
  s.migrate();
  ledger::ledger_config config;
  config.name = "alpha";
  config.tickers = {"AAPL"};
  config.algo_path = "a.py";
  BOOST_TEST(s.create_ledger(
    ledger::new_ledger_record(std::move(config), ledger::timestamp{})));

  drop_sessions(db.url(), db.name());
  BOOST_TEST(s.find_ledger("alpha").has_value()); // read after a drop
  drop_sessions(db.url(), db.name());
  ledger::tick_record tick;
  tick.ledger = "alpha";
  tick.tick = 1;
  BOOST_TEST(s.write_ticks({tick}) == 1u); // write after a drop
  drop_sessions(db.url(), db.name());
  BOOST_TEST(s.migrate() == store::known_schema_version());
  BOOST_TEST(s.ticks("alpha").size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_database_error_is_not_unavailability) {
  ledger::test::scratch_database db;
  store s{db.url()}; // not migrated: no tables
  try {
    s.find_ledger("alpha");
    BOOST_FAIL("expected an error");
  } catch (const store_unavailable& e) {
    BOOST_FAIL(std::string{"wrongly unavailable: "} + e.what());
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    BOOST_TEST_MESSAGE(what);
    BOOST_TEST(what.find("persistence: find ledger:") == 0u);
    BOOST_TEST(what.find("ledgers") != std::string::npos);
  }
  // The store stays usable.
  BOOST_TEST(s.migrate() == store::known_schema_version());
  BOOST_TEST(!s.find_ledger("alpha").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
