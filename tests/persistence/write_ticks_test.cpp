// write_ticks and the fact readers: exact round trips, idempotency per
// (ledger, tick), unknown ledgers, the book following the last record written,
// and cascading deletes.

#include "persistence/store.hpp"
#include "tests/persistence/store_fixture.hpp"
#include "tests/support/scratch_database.hpp"

#include <boost/test/unit_test.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <chrono>
#include <string>

using namespace ledger;
using namespace std::chrono_literals;
using persistence::store;
using namespace ledger::test;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000'000; // epoch micros

ledger_record sample_ledger(std::string name) {
  ledger_config c;
  c.name = std::move(name);
  c.tickers = {"AAPL", "BRK.B"};
  c.algo_path = "examples/momentum.py";
  c.initial_balance = cash("96485.5");
  c.fee = cash("1.25");
  return new_ledger_record(std::move(c), at(t0));
}

// A tick with two fills, two rejections and a value point.
tick_record busy_tick(std::string ledger, std::int64_t tick) {
  tick_record r;
  r.ledger = std::move(ledger);
  r.tick = tick;
  r.time = at(t0 + tick * 60'000'000, 555);
  r.outcome = tick_outcome::ok;
  r.latency = 1234us;
  r.detail = R"(say "hi", {x} \ back, é)"; // survives array-literal quoting
  r.fills.push_back(fill{side::buy, "AAPL", shares(8), px("1455.219971"),
                         px("1460"), cash("1.25"), cash("-11643.009768")});
  r.fills.push_back(fill{side::sell, "BRK.B", shares(2), px("350.5"),
                         std::nullopt, cash("1.25"), cash("699.75")});
  r.rejections.push_back(rejection{order{side::sell, "MSFT", shares(5), {}},
                                   reject_code::insufficient_holdings,
                                   "holds 0 MSFT"});
  r.rejections.push_back(
    rejection{order{side::buy, "AAPL", shares(1000), px("1400.000001")},
              reject_code::limit_not_met,
              "fill 1455.219971 is above the limit 1400.000001"});
  r.value = cash("96485.5");
  r.balance = cash("85542.240232");
  r.positions = {{"AAPL", 8}, {"BRK.B", 1}};
  return r;
}

// A tick where nothing happened and no value could be computed.
tick_record quiet_tick(std::string ledger, std::int64_t tick) {
  tick_record r;
  r.ledger = std::move(ledger);
  r.tick = tick;
  r.time = at(t0 + tick * 60'000'000);
  r.outcome = tick_outcome::no_quote;
  r.balance = cash("100");
  return r;
}

// A migrated store that can also count the rows of each fact table.
struct fact_store : migrated_store {
  long count(const std::string& table) {
    pqxx::connection conn{db.url()};
    pqxx::nontransaction tx{conn};
    return tx.exec1("SELECT count(*) FROM " + table)[0].as<long>();
  }

  std::string fact_counts() {
    return std::to_string(count("ticks")) + "/" +
           std::to_string(count("trades")) + "/" +
           std::to_string(count("rejections")) + "/" +
           std::to_string(count("valuations"));
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(write_ticks, fact_store)

BOOST_AUTO_TEST_CASE(every_fact_round_trips_exactly) {
  BOOST_REQUIRE(s.create_ledger(sample_ledger("alpha")));
  auto r = busy_tick("alpha", 1);
  BOOST_TEST(s.write_ticks({r}) == 1u);

  auto trades = s.trades("alpha");
  BOOST_REQUIRE(trades.size() == 2u);
  for (std::size_t n = 0; n < 2; ++n) {
    auto& got = trades[n];
    auto& want = r.fills[n];
    BOOST_TEST(got.tick == 1);
    BOOST_TEST(got.n == static_cast<int>(n));
    BOOST_TEST((got.time == floored(r.time)));
    BOOST_TEST(to_string(got.trade.direction) == to_string(want.direction));
    BOOST_TEST(got.trade.ticker == want.ticker);
    BOOST_TEST(got.trade.shares.shares() == want.shares.shares());
    BOOST_TEST(got.trade.fill_price.to_string() == want.fill_price.to_string());
    BOOST_TEST(got.trade.limit.has_value() == want.limit.has_value());
    BOOST_TEST(got.trade.fee.to_string() == want.fee.to_string());
    BOOST_TEST(got.trade.cash_delta.to_string() == want.cash_delta.to_string());
  }
  BOOST_TEST(trades[0].trade.fill_price.to_string() == "1455.219971");
  BOOST_TEST(trades[0].trade.limit->to_string() == "1460");
  BOOST_TEST(trades[0].trade.cash_delta.to_string() == "-11643.009768");
  BOOST_TEST(trades[0].id < trades[1].id);

  auto rejections = s.rejections("alpha");
  BOOST_REQUIRE(rejections.size() == 2u);
  for (std::size_t n = 0; n < 2; ++n) {
    auto& got = rejections[n];
    auto& want = r.rejections[n];
    BOOST_TEST(got.tick == 1);
    BOOST_TEST(got.n == static_cast<int>(n));
    BOOST_TEST((got.time == floored(r.time)));
    BOOST_TEST(to_string(got.what.order.direction) ==
               to_string(want.order.direction));
    BOOST_TEST(got.what.order.ticker == want.order.ticker);
    BOOST_TEST(got.what.order.shares.shares() == want.order.shares.shares());
    BOOST_TEST(got.what.order.price.has_value() ==
               want.order.price.has_value());
    BOOST_TEST(to_string(got.what.code) == to_string(want.code));
    BOOST_TEST(got.what.reason == want.reason);
  }
  BOOST_TEST(rejections[1].what.order.price->to_string() == "1400.000001");

  auto values = s.valuations("alpha");
  BOOST_REQUIRE(values.size() == 1u);
  BOOST_TEST(values[0].tick == 1);
  BOOST_TEST((values[0].time == floored(r.time)));
  BOOST_TEST(values[0].value.to_string() == "96485.5");
  BOOST_TEST(values[0].balance.to_string() == "85542.240232");

  auto ticks = s.ticks("alpha");
  BOOST_REQUIRE(ticks.size() == 1u);
  BOOST_TEST(ticks[0].tick == 1);
  BOOST_TEST((ticks[0].time == floored(r.time)));
  BOOST_TEST(to_string(ticks[0].outcome) == "ok");
  BOOST_TEST(ticks[0].latency.count() == 1234);
  BOOST_TEST(ticks[0].detail == r.detail);

  auto book = s.find_ledger("alpha");
  BOOST_TEST(book->balance.to_string() == "85542.240232");
  BOOST_TEST((book->positions == r.positions));
  BOOST_TEST(book->last_tick == 1);
  BOOST_TEST((*book->last_tick_at == floored(r.time)));
}

// Text travels inside array literals ({"...","..."}): quotes, backslashes,
// braces, commas and the word NULL must come back as they went.
BOOST_AUTO_TEST_CASE(separators_quotes_and_times_before_1970_round_trip) {
  const std::string name = "al\"p{h},a\\";
  BOOST_REQUIRE(s.create_ledger(sample_ledger(name)));
  auto r = busy_tick(name, 1);
  r.time = at(-1'500'001, 999); // 1969-12-31 23:59:58.499999 after flooring
  r.detail = "tab\there\nnewline\r\\N not null \\ end \"q\" {a,b} NULL";
  r.rejections[0].reason = "reason\twith\ttabs";
  r.fills[0].ticker = "NULL";
  BOOST_TEST(s.write_ticks({r}) == 1u);
  BOOST_TEST(s.trades(name)[0].trade.ticker == "NULL");
  auto ticks = s.ticks(name);
  BOOST_REQUIRE(ticks.size() == 1u);
  BOOST_TEST(ticks[0].detail == r.detail);
  BOOST_TEST((ticks[0].time == floored(r.time)));
  BOOST_TEST((s.trades(name)[0].time == floored(r.time)));
  BOOST_TEST(s.rejections(name)[0].what.reason == r.rejections[0].reason);
  BOOST_TEST((s.valuations(name)[0].time == floored(r.time)));
  BOOST_TEST((*s.find_ledger(name)->last_tick_at == floored(r.time)));
}

BOOST_AUTO_TEST_CASE(the_same_batch_twice_writes_nothing_more) {
  BOOST_REQUIRE(s.create_ledger(sample_ledger("alpha")));
  BOOST_REQUIRE(s.create_ledger(sample_ledger("beta")));
  std::vector<tick_record> batch{busy_tick("alpha", 1), busy_tick("beta", 1),
                                 quiet_tick("alpha", 2)};
  BOOST_TEST(s.write_ticks(batch) == 3u);
  auto counts = fact_counts();
  BOOST_TEST(counts == "3/4/4/2");
  BOOST_TEST(s.write_ticks(batch) == 0u);
  BOOST_TEST(fact_counts() == counts);
  // A replay mixing old and new ticks writes only the new one.
  batch.push_back(busy_tick("beta", 2));
  BOOST_TEST(s.write_ticks(batch) == 1u);
  BOOST_TEST(fact_counts() == "4/6/6/3");
}

BOOST_AUTO_TEST_CASE(a_repeat_within_a_batch_is_written_once) {
  BOOST_REQUIRE(s.create_ledger(sample_ledger("alpha")));
  auto second = quiet_tick("alpha", 1);
  second.detail = "the later copy";
  BOOST_TEST(s.write_ticks({busy_tick("alpha", 1), second}) == 1u);
  BOOST_TEST(fact_counts() == "1/2/2/1");
  BOOST_TEST(s.ticks("alpha")[0].detail != "the later copy");
}

BOOST_AUTO_TEST_CASE(records_of_unknown_ledgers_are_skipped) {
  BOOST_REQUIRE(s.create_ledger(sample_ledger("alpha")));
  BOOST_REQUIRE(s.create_ledger(sample_ledger("gone")));
  BOOST_REQUIRE(s.delete_ledger("gone"));
  std::vector<tick_record> batch{busy_tick("gone", 1), busy_tick("alpha", 1),
                                 busy_tick("never", 1), quiet_tick("alpha", 2)};
  BOOST_TEST(s.write_ticks(batch) == 2u);
  BOOST_TEST(fact_counts() == "2/2/2/1");
  BOOST_TEST(s.find_ledger("alpha")->last_tick == 2);
  BOOST_TEST(!s.find_ledger("gone").has_value());
  BOOST_TEST(s.write_ticks({busy_tick("never", 1)}) == 0u);
  BOOST_TEST(s.write_ticks({}) == 0u);
}

BOOST_AUTO_TEST_CASE(a_ledger_deleted_and_created_again_gets_its_own_facts) {
  // The store remembers ledger ids by name: the name's new ledger must
  // not be confused with the deleted one.
  BOOST_REQUIRE(s.create_ledger(sample_ledger("phoenix")));
  BOOST_TEST(s.write_ticks({busy_tick("phoenix", 1)}) == 1u);
  BOOST_REQUIRE(s.delete_ledger("phoenix"));
  BOOST_REQUIRE(s.create_ledger(sample_ledger("phoenix")));
  BOOST_TEST(
    s.write_ticks({busy_tick("phoenix", 1), quiet_tick("phoenix", 2)}) == 2u);
  BOOST_TEST(s.find_ledger("phoenix")->last_tick == 2);
  BOOST_TEST(s.ticks("phoenix").size() == 2u);
  // A second store whose remembered id went stale meanwhile.
  persistence::store other{db.url()};
  BOOST_TEST(other.write_ticks({quiet_tick("phoenix", 3)}) == 1u);
  BOOST_REQUIRE(s.delete_ledger("phoenix"));
  BOOST_REQUIRE(s.create_ledger(sample_ledger("phoenix")));
  BOOST_TEST(other.write_ticks({quiet_tick("phoenix", 1)}) == 1u);
  BOOST_TEST(s.ticks("phoenix").size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_book_follows_the_last_record_written) {
  BOOST_REQUIRE(s.create_ledger(sample_ledger("alpha")));
  auto five = busy_tick("alpha", 5);
  BOOST_TEST(s.write_ticks({five}) == 1u);
  auto book = s.find_ledger("alpha");
  BOOST_TEST(book->last_tick == 5);
  BOOST_TEST(book->balance.to_string() == "85542.240232");
  BOOST_TEST((book->positions == five.positions));
  BOOST_TEST((*book->last_tick_at == floored(five.time)));

  // Tick 7 was skipped while tick 6 was in flight: 7 is written first with
  // the book before 6's fills; 6 then carries the newest book. The book
  // follows write order, last_tick the highest number.
  auto seven = quiet_tick("alpha", 7);
  seven.balance = cash("7.000007");
  auto six = quiet_tick("alpha", 6);
  six.balance = cash("6");
  six.positions = {{"AAPL", 1}};
  BOOST_TEST(s.write_ticks({seven, six}) == 2u);
  book = s.find_ledger("alpha");
  BOOST_TEST(book->last_tick == 7);
  BOOST_TEST(book->balance.to_string() == "6");
  BOOST_TEST((book->positions == six.positions));

  // Across batches the same: a later batch's record sets the book, but
  // last_tick never goes back.
  auto eight = quiet_tick("alpha", 8);
  eight.balance = cash("8");
  auto four = quiet_tick("alpha", 4);
  four.balance = cash("4");
  BOOST_TEST(s.write_ticks({eight}) == 1u);
  BOOST_TEST(s.write_ticks({four}) == 1u);
  book = s.find_ledger("alpha");
  BOOST_TEST(book->last_tick == 8);
  BOOST_TEST(book->balance.to_string() == "4");
  // A replay of an already written tick changes nothing at all.
  BOOST_TEST(s.write_ticks({eight}) == 0u);
  BOOST_TEST(s.find_ledger("alpha")->balance.to_string() == "4");

  auto ticks = s.ticks("alpha");
  BOOST_REQUIRE(ticks.size() == 5u);
  BOOST_TEST(ticks[0].tick == 4); // tick order, not write order
  BOOST_TEST(ticks[4].tick == 8);
}

BOOST_AUTO_TEST_CASE(trades_page_and_valuations_filter) {
  BOOST_REQUIRE(s.create_ledger(sample_ledger("alpha")));
  std::vector<tick_record> batch;
  for (int tick = 1; tick <= 5; ++tick)
    batch.push_back(busy_tick("alpha", tick));
  BOOST_TEST(s.write_ticks(batch) == 5u);

  std::vector<std::int64_t> ids;
  std::int64_t after = 0;
  for (;;) {
    auto page = s.trades("alpha", after, 3);
    if (page.empty())
      break;
    BOOST_TEST(page.size() <= 3u);
    for (auto& t : page)
      ids.push_back(t.id);
    after = page.back().id;
  }
  BOOST_TEST(ids.size() == 10u);
  BOOST_TEST(std::is_sorted(ids.begin(), ids.end()));
  BOOST_TEST(s.trades("nobody").empty());

  // Bounds are inclusive; tick 2 and 4 sit exactly on them.
  auto from = batch[1].time;
  auto to = floored(batch[3].time);
  auto values = s.valuations("alpha", from, to);
  BOOST_REQUIRE(values.size() == 3u);
  BOOST_TEST(values[0].tick == 2);
  BOOST_TEST(values[2].tick == 4);
  BOOST_TEST(s.valuations("alpha", std::nullopt, to).size() == 4u);
  BOOST_TEST(s.valuations("alpha", from).size() == 4u);
  BOOST_TEST(s.valuations("alpha").size() == 5u);
}

// The writer's cost per batch is the batch's, not the table's: every row
// write_tick_batch reads or writes is reached by key. Its plans are
// generic (migration 9), made once per session with the statistics of
// that moment, so the first call's plans are the ones checked; on these tiny
// tables (where a sequential scan is the cheapest plan there is) it must
// still not scan `ledgers` or a fact table. A second call, whose ticks are
// stored already, exercises the gate's lookups too. Counted in the
// transaction of the calls: pg_stat_get_xact_numscans is the number of
// sequential scans of a table in the current transaction.
BOOST_AUTO_TEST_CASE(a_batch_reaches_ledgers_and_facts_only_by_key) {
  for (auto name : {"a", "b", "c"})
    BOOST_REQUIRE(s.create_ledger(sample_ledger(name)));
  pqxx::connection conn{db.url()};
  pqxx::work tx{conn};
  auto call = R"(
    SELECT written FROM write_tick_batch(
      '{NULL,NULL}', '{a,b}', '{NULL,NULL}', '{1,1}', ARRAY[now(), now()],
      '{ok,ok}', '{0,0}', '{"",""}', '{100,100}', '{100,100}',
      ARRAY['{}', '{}'],
      NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
      NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
      NULL, NULL))";
  BOOST_TEST(tx.exec1(call)[0].as<long>() == 2);
  BOOST_TEST(tx.exec1(call)[0].as<long>() == 0); // stored already
  for (auto table :
       {"ledgers", "ticks", "valuations", "trades", "rejections"}) {
    auto scans = tx.exec1("SELECT pg_stat_get_xact_numscans(" +
                          tx.quote(table) + "::regclass)")[0]
                   .as<long>();
    BOOST_TEST(scans == 0, table << ": " << scans << " sequential scans");
  }
  auto settings = tx.exec1("SELECT array_to_string(proconfig, ' ') FROM "
                           "pg_proc WHERE proname = 'write_tick_batch'")[0]
                    .as<std::string>();
  BOOST_TEST(settings.find("plan_cache_mode=force_generic_plan") !=
               std::string::npos,
             settings);
}

BOOST_AUTO_TEST_CASE(a_tick_without_a_value_has_no_valuation) {
  BOOST_REQUIRE(s.create_ledger(sample_ledger("alpha")));
  BOOST_TEST(s.write_ticks({quiet_tick("alpha", 1)}) == 1u);
  BOOST_TEST(s.valuations("alpha").empty());
  BOOST_TEST(s.ticks("alpha").size() == 1u);
  BOOST_TEST(to_string(s.ticks("alpha")[0].outcome) == "no_quote");
}

BOOST_AUTO_TEST_CASE(delete_cascades_the_facts) {
  BOOST_REQUIRE(s.create_ledger(sample_ledger("alpha")));
  BOOST_REQUIRE(s.create_ledger(sample_ledger("beta")));
  BOOST_TEST(s.write_ticks({busy_tick("alpha", 1), busy_tick("alpha", 2),
                            busy_tick("beta", 1)}) == 3u);
  BOOST_TEST(fact_counts() == "3/6/6/3");
  BOOST_TEST(s.delete_ledger("alpha"));
  BOOST_TEST(fact_counts() == "1/2/2/1");
  BOOST_TEST(s.trades("alpha").empty());
  BOOST_TEST(s.trades("beta").size() == 2u);
  // A re-created ledger of that name starts with no history.
  BOOST_REQUIRE(s.create_ledger(sample_ledger("alpha")));
  BOOST_TEST(s.ticks("alpha").empty());
  BOOST_TEST(s.write_ticks({busy_tick("alpha", 1)}) == 1u);
}

BOOST_AUTO_TEST_CASE(a_tick_lost_in_flight_is_recorded_as_skipped_at_load) {
  BOOST_REQUIRE(s.create_ledger(sample_ledger("alpha")));
  BOOST_REQUIRE(s.create_ledger(sample_ledger("beta")));
  // alpha: tick 3 was in flight when the engine died, after report 4 had
  // been committed. beta has no gap.
  BOOST_REQUIRE(s.write_ticks({busy_tick("alpha", 1), busy_tick("alpha", 2),
                               busy_tick("alpha", 4), busy_tick("beta", 1)}) ==
                4u);
  BOOST_TEST(s.close_tick_gaps() == 1u);
  auto ticks = s.ticks("alpha");
  BOOST_REQUIRE(ticks.size() == 4u);
  BOOST_TEST(ticks[2].tick == 3);
  BOOST_TEST((ticks[2].outcome == tick_outcome::skipped));
  BOOST_TEST(ticks[2].detail ==
             "1 tick skipped: the engine stopped while it was in flight");
  BOOST_TEST(s.ticks("beta").size() == 1u);
  BOOST_TEST(s.close_tick_gaps() == 0u); // nothing left to close
  // One ledger only (a ledger actor restarted after a crash).
  BOOST_REQUIRE(s.write_ticks({busy_tick("beta", 3)}) == 1u);
  BOOST_REQUIRE(s.write_ticks({busy_tick("alpha", 6)}) == 1u);
  BOOST_TEST(s.close_tick_gaps("beta") == 1u);
  BOOST_TEST(s.ticks("beta").size() == 3u);
  BOOST_TEST(s.ticks("alpha").size() == 5u); // its gap (5) is not touched
  BOOST_TEST(s.close_tick_gaps() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
