// A value the database refuses (bytes that are not UTF-8, a NUL) is the
// caller's fault, not an outage: bad_value, on the same connection, which
// goes on working.

#include "persistence/store.hpp"
#include "tests/persistence/store_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include <string>
#include <vector>

using namespace ledger;
using namespace ledger::test;
using persistence::bad_value;
using persistence::store_unavailable;

namespace {

ledger_record ledger_named(std::string name, std::string algo_path = "a.py") {
  ledger_config c;
  c.name = std::move(name);
  c.tickers = {"AAPL"};
  c.algo_path = std::move(algo_path);
  return new_ledger_record(std::move(c), at(1'700'000'000'000'000));
}

// A store that can see its own server sessions from the outside.
struct watched_store : migrated_store {
  // The backend pids serving the scratch database, but the asking one's: a
  // reconnect would change them.
  std::vector<int> sessions() {
    pqxx::connection conn{db.url()};
    pqxx::nontransaction tx{conn};
    std::vector<int> pids;
    for (const auto& row :
         tx.exec("SELECT pid FROM pg_stat_activity WHERE datname ="
                 " current_database() AND pid <> pg_backend_pid()"
                 " ORDER BY pid"))
      pids.push_back(row[0].as<int>());
    return pids;
  }
};

// Checks the exception is a data error, never unavailability.
template <class Call>
bad_value refused(Call call) {
  try {
    call();
  } catch (const store_unavailable& e) {
    BOOST_FAIL(std::string{"wrongly unavailable: "} + e.what());
  } catch (const bad_value& e) {
    BOOST_TEST_MESSAGE(e.what());
    return e;
  } catch (const std::exception& e) {
    BOOST_FAIL(std::string{"not bad_value: "} + e.what());
  }
  BOOST_FAIL("expected bad_value");
  throw; // unreachable: BOOST_FAIL throws
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(data_errors, watched_store)

BOOST_AUTO_TEST_CASE(invalid_utf8_is_a_bad_value_on_the_same_connection) {
  BOOST_REQUIRE(s.create_ledger(ledger_named("alpha")));
  auto before = sessions();
  BOOST_REQUIRE(before.size() == 1u);

  auto e = refused([&] { s.create_ledger(ledger_named("beta", "\xff\xfe")); });
  BOOST_TEST(e.sqlstate() == "22021"); // character_not_in_repertoire
  BOOST_TEST(std::string{e.what()}.find("persistence: create ledger:") == 0u);
  // Reads refuse it the same way.
  e = refused([&] { s.find_ledger("al\xc3pha"); });
  BOOST_TEST(e.sqlstate() == "22021");

  // Nothing was written, and the store goes on, on the same session.
  BOOST_TEST(!s.find_ledger("beta").has_value());
  BOOST_TEST(s.create_ledger(ledger_named("beta", "b.py")));
  BOOST_TEST(s.trades("alpha").empty());
  BOOST_TEST(sessions() == before);
}

BOOST_AUTO_TEST_CASE(a_nul_byte_is_refused_before_sending) {
  BOOST_REQUIRE(s.create_ledger(ledger_named("alpha")));
  auto before = sessions();
  // libpq would cut the text at the NUL and store "al" instead.
  auto e =
    refused([&] { s.create_ledger(ledger_named(std::string{"al\0ha", 5})); });
  BOOST_TEST(e.sqlstate() == "");
  BOOST_TEST(!s.find_ledger("al").has_value());
  refused([&] { s.trades(std::string{"alpha\0", 6}); });
  BOOST_TEST(s.find_ledger("alpha").has_value());
  BOOST_TEST(sessions() == before);
}

BOOST_AUTO_TEST_SUITE_END()
