// The reader actor, detached as in ledgerd, against scratch databases: a
// client's bad bytes are a client error on a connection that stays, a
// database that is away is database_unavailable until it is back, and no
// failure ends the reader.

#include "actors/errors.hpp"
#include "actors/reader.hpp"
#include "persistence/store.hpp"
#include "tests/persistence/store_fixture.hpp"
#include "tests/support/scratch_database.hpp"

#include <boost/test/unit_test.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scoped_actor.hpp>
#include <pqxx/pqxx>

#include <chrono>
#include <string>
#include <vector>

using namespace ledger;
using namespace ledger::test;

namespace {

constexpr std::int64_t t0 = 1'699'920'000'000'000; // a UTC midnight, micros

ledger_record ledger_named(std::string name) {
  ledger_config c;
  c.name = std::move(name);
  c.tickers = {"AAPL"};
  c.algo_path = "a.py";
  return new_ledger_record(std::move(c), at(t0));
}

// The backend pids serving `url`'s database, but the asking one's.
std::vector<int> sessions(const std::string& url) {
  pqxx::connection conn{url};
  pqxx::nontransaction tx{conn};
  std::vector<int> pids;
  for (const auto& row :
       tx.exec("SELECT pid FROM pg_stat_activity WHERE datname ="
               " current_database() AND pid <> pg_backend_pid() ORDER BY pid"))
    pids.push_back(row[0].as<int>());
  return pids;
}

struct reader_fixture : migrated_store {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};

  reader_actor spawn_reader(const std::string& url) {
    return sys.spawn<caf::detached>(reader_fn, url,
                                    persistence::store::default_stall_limit);
  }

  // The reader's answer to `query`, or its error.
  template <class T, class Query>
  caf::expected<T> ask(const reader_actor& reader, Query query) {
    caf::expected<T> answer = caf::sec::request_timeout;
    self->request(reader, std::chrono::seconds{30}, std::move(query))
      .receive([&](T& value) { answer = std::move(value); },
               [&](caf::error& e) { answer = std::move(e); });
    return answer;
  }

  ~reader_fixture() {
    if (reader_)
      self->send_exit(reader_, caf::exit_reason::kill);
  }

  // true when the reader answers a ping with true.
  bool pings(const reader_actor& reader) {
    auto answer = ask<bool>(reader, ping_query{});
    return answer && *answer;
  }

  reader_actor reader_;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(reader, reader_fixture)

BOOST_AUTO_TEST_CASE(bad_bytes_are_a_client_error_on_the_same_connection) {
  BOOST_REQUIRE(s.create_ledger(ledger_named("alpha")));
  BOOST_REQUIRE(s.write_ticks({[] {
    tick_record r;
    r.ledger = "alpha";
    r.tick = 1;
    r.value = cash("5");
    return r;
  }()}) == 1u);
  reader_ = spawn_reader(db.url());
  BOOST_REQUIRE(pings(reader_));
  auto before = sessions(db.url());

  auto bad = ask<std::vector<persistence::trade_row>>(
    reader_, trades_query{"al\xff\xfepha", 0, 10});
  BOOST_REQUIRE(!bad);
  BOOST_TEST(code_of(bad.error()) ==
             static_cast<std::uint8_t>(ec::invalid_value));
  BOOST_TEST_MESSAGE(message_of(bad.error()));
  BOOST_TEST(message_of(bad.error()).find("refused") != std::string::npos);

  // Still there, on the same session, answering.
  auto history = ask<std::vector<persistence::valuation_row>>(
    reader_, history_query{"alpha", {}, {}});
  BOOST_REQUIRE(history.engaged());
  BOOST_TEST(history->size() == 1u);
  BOOST_TEST(sessions(db.url()) == before);
}

BOOST_AUTO_TEST_CASE(a_database_that_comes_back_is_reconnected) {
  // A database that does not exist yet: the reader's URL, but its name.
  auto late = db.name() + "_late";
  auto url = db.url();
  url.replace(url.find(db.name()), db.name().size(), late);
  reader_ = spawn_reader(url);
  auto away = ask<bool>(reader_, ping_query{});
  BOOST_REQUIRE(!away);
  BOOST_TEST(code_of(away.error()) ==
             static_cast<std::uint8_t>(ec::database_unavailable));

  pqxx::connection admin{require_env("LEDGER_DATABASE_URL")};
  pqxx::nontransaction{admin}.exec0("CREATE DATABASE " + late);
  persistence::store{url}.migrate();
  try {
    BOOST_TEST(pings(reader_));
    // A session ended by the server (a restart, an idle reaper) is remade.
    {
      pqxx::connection conn{url};
      pqxx::nontransaction{conn}.exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE"
        " datname = current_database() AND pid <> pg_backend_pid()");
    }
    auto version =
      ask<persistence::ledger_version>(reader_, version_query{"nobody"});
    BOOST_REQUIRE(!version);
    BOOST_TEST(code_of(version.error()) ==
               static_cast<std::uint8_t>(ec::unknown_ledger));
    BOOST_TEST(pings(reader_));
  } catch (...) {
    pqxx::nontransaction{admin}.exec0("DROP DATABASE " + late +
                                      " WITH (FORCE)");
    throw;
  }
  pqxx::nontransaction{admin}.exec0("DROP DATABASE " + late + " WITH (FORCE)");
}

BOOST_AUTO_TEST_CASE(every_read_answers) {
  BOOST_REQUIRE(s.create_ledger(ledger_named("alpha")));
  std::vector<tick_record> batch;
  for (int tick = 1; tick <= 3; ++tick) {
    tick_record r;
    r.ledger = "alpha";
    r.tick = tick;
    r.time = at(t0 + tick * 60'000'000);
    r.fills.push_back(
      fill{side::buy, "AAPL", shares(1), px("10"), {}, cash("0"), cash("-10")});
    r.value = cash("100");
    batch.push_back(r);
  }
  BOOST_REQUIRE(s.write_ticks(batch) == 3u);
  reader_ = spawn_reader(db.url());

  auto facts = ask<persistence::ledger_facts>(
    reader_, facts_query{"alpha", persistence::facts_request{}});
  BOOST_REQUIRE(facts.engaged());
  BOOST_TEST(facts->stats.fills == 3u);
  BOOST_TEST(facts->ticks.at("ok") == 3u);
  BOOST_TEST(facts->value.points() == 3u);
  auto page = ask<std::vector<persistence::valuation_row>>(
    reader_, history_page_query{"alpha", 1, 1, {}, {}});
  BOOST_REQUIRE(page.engaged());
  BOOST_REQUIRE(page->size() == 1u);
  BOOST_TEST(page->front().tick == 2);
  persistence::bucket_request hourly;
  hourly.step = std::chrono::hours{1};
  auto buckets =
    ask<persistence::bucket_page>(reader_, buckets_query{"alpha", hourly});
  BOOST_REQUIRE(buckets.engaged());
  BOOST_REQUIRE(buckets->buckets.size() == 1u);
  BOOST_TEST(buckets->buckets.front().points == 3);
  BOOST_TEST(!buckets->more);
  auto version =
    ask<persistence::ledger_version>(reader_, version_query{"alpha"});
  BOOST_REQUIRE(version.engaged());
  BOOST_TEST(version->last_tick == 3);
  // A step the store refuses is a client error, not a dead reader.
  auto refused = ask<persistence::bucket_page>(
    reader_, buckets_query{"alpha", persistence::bucket_request{}});
  BOOST_REQUIRE(!refused);
  BOOST_TEST(code_of(refused.error()) ==
             static_cast<std::uint8_t>(ec::invalid_config));
  BOOST_TEST(pings(reader_));
}

BOOST_AUTO_TEST_SUITE_END()
