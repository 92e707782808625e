// A value the database refuses (bytes that are not UTF-8, a NUL) is the
// caller's fault, not an outage: bad_value, on the same connection, which
// goes on working. Free text inside tick records is stored repaired instead,
// so one bad byte cannot block the write queue.

#include "persistence/store.hpp"
#include "persistence/text.hpp"
#include "tests/persistence/store_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include <string>
#include <vector>

using namespace ledger;
using namespace ledger::test;
using persistence::bad_value;
using persistence::store_unavailable;
using persistence::detail::repaired;
using persistence::detail::storable;

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
  auto e = refused([&] {
    s.create_ledger(ledger_named(std::string{"al\0ha", 5}));
  });
  BOOST_TEST(e.sqlstate() == "");
  BOOST_TEST(!s.find_ledger("al").has_value());
  refused([&] { s.trades(std::string{"alpha\0", 6}); });
  BOOST_TEST(s.find_ledger("alpha").has_value());
  BOOST_TEST(sessions() == before);
}

BOOST_AUTO_TEST_CASE(free_text_in_tick_records_is_stored_repaired) {
  BOOST_REQUIRE(s.create_ledger(ledger_named("alpha")));
  tick_record r;
  r.ledger = "alpha";
  r.tick = 1;
  r.outcome = tick_outcome::model_error;
  r.detail = std::string{"model said \xff\xfe then \0 end", 24};
  r.rejections.push_back(rejection{order{side::buy, "BAD\xc0", shares(1), {}},
                                   reject_code::unknown_ticker,
                                   "ticker BAD\xc0 is not tracked"});
  // A record naming a ledger that cannot exist is skipped like an unknown
  // one, instead of failing its batch.
  tick_record stray = r;
  stray.ledger = "\xff";
  BOOST_TEST(s.write_ticks({r, stray}) == 1u);

  auto ticks = s.ticks("alpha");
  BOOST_REQUIRE(ticks.size() == 1u);
  BOOST_TEST(ticks[0].detail ==
             "model said \xEF\xBF\xBD\xEF\xBF\xBD then \xEF\xBF\xBD end");
  auto rejections = s.rejections("alpha");
  BOOST_REQUIRE(rejections.size() == 1u);
  BOOST_TEST(rejections[0].what.order.ticker == "BAD\xEF\xBF\xBD");
  BOOST_TEST(rejections[0].what.reason == "ticker BAD\xEF\xBF\xBD is not "
                                          "tracked");
}

BOOST_AUTO_TEST_CASE(storable_text_is_utf8_without_nul) {
  BOOST_TEST(storable(""));
  BOOST_TEST(storable("plain ascii"));
  BOOST_TEST(storable("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xb0")); // é € 💰
  BOOST_TEST(!storable(std::string{"a\0b", 3}));
  BOOST_TEST(!storable("\xff"));
  BOOST_TEST(!storable("\xc3"));             // cut short
  BOOST_TEST(!storable("\xc0\xaf"));         // overlong '/'
  BOOST_TEST(!storable("\xe0\x80\xaf"));     // overlong
  BOOST_TEST(!storable("\xed\xa0\x80"));     // a surrogate
  BOOST_TEST(!storable("\xf4\x90\x80\x80")); // past U+10FFFF
  BOOST_TEST(!storable("\x80"));             // a stray continuation

  // Each maximal invalid subpart becomes one U+FFFD; valid text stays.
  const std::string r = "\xEF\xBF\xBD";
  BOOST_TEST(repaired("caf\xc3\xa9") == "caf\xc3\xa9");
  BOOST_TEST(repaired("a\xffz") == "a" + r + "z");
  BOOST_TEST(repaired("a\xe2\x82z") == "a" + r + "z"); // € cut short: one
  BOOST_TEST(repaired("\xc0\xaf") == r + r);           // never a lead byte
  BOOST_TEST(repaired("\xf0\x9f\x92") == r);
  BOOST_TEST(repaired(std::string{"\0", 1}) == r);
  BOOST_TEST(storable(repaired("\xed\xa0\x80\xf4\x90\x80\x80\xfe")));
}

BOOST_AUTO_TEST_SUITE_END()
