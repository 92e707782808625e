// Reads for large ledgers: value history paged and downsampled into
// buckets, the fill count, the version that validates cached views, and
// reads that stay right when a ledger is deleted and re-created under the
// same name by another process.

#include "persistence/store.hpp"
#include "tests/persistence/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t t0 = 1'699'920'000'000'000; // a UTC midnight, micros
constexpr std::int64_t minute = 60'000'000;

ledger_record ledger_named(std::string name) {
  ledger_config c;
  c.name = std::move(name);
  c.tickers = {"AAPL"};
  c.algo_path = "a.py";
  return new_ledger_record(std::move(c), at(t0));
}

tick_record point(std::string ledger, std::int64_t tick, std::int64_t micros,
                  const char* value) {
  tick_record r;
  r.ledger = std::move(ledger);
  r.tick = tick;
  r.time = at(micros);
  r.value = cash(value);
  r.balance = cash(value);
  return r;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(history, migrated_store)

BOOST_AUTO_TEST_CASE(valuations_page_by_tick) {
  BOOST_REQUIRE(s.create_ledger(ledger_named("alpha")));
  std::vector<tick_record> batch;
  for (int tick = 1; tick <= 7; ++tick)
    batch.push_back(point("alpha", tick, t0 + tick * minute, "100"));
  batch[3].value.reset(); // tick 4 has no value point
  BOOST_REQUIRE(s.write_ticks(batch) == 7u);

  std::vector<std::int64_t> ticks;
  std::int64_t after = 0;
  for (;;) {
    auto page = s.valuation_page("alpha", after, 2);
    if (page.empty())
      break;
    BOOST_TEST(page.size() <= 2u);
    for (auto& v : page)
      ticks.push_back(v.tick);
    after = page.back().tick;
  }
  BOOST_TEST(ticks == (std::vector<std::int64_t>{1, 2, 3, 5, 6, 7}));
  BOOST_TEST(s.valuation_page("nobody").empty());
  // Within a time window, paging still goes by tick.
  auto window =
    s.valuation_page("alpha", 2, 2, at(t0 + 2 * minute), at(t0 + 6 * minute));
  BOOST_REQUIRE(window.size() == 2u);
  BOOST_TEST(window[0].tick == 3);
  BOOST_TEST(window[1].tick == 5);
  BOOST_TEST(s.valuation_page("alpha", 5, 10, {}, at(t0 + 6 * minute)).size() ==
             1u);
}

BOOST_AUTO_TEST_CASE(buckets_hold_the_last_high_and_low_of_their_points) {
  BOOST_REQUIRE(s.create_ledger(ledger_named("alpha")));
  BOOST_REQUIRE(s.create_ledger(ledger_named("beta")));
  // Hour 0: three points; hour 1: none (no bucket); hour 2: two at the same
  // time, of which the higher tick is the last.
  std::vector<tick_record> batch{
    point("alpha", 1, t0 + 5 * minute, "100.5"),
    point("alpha", 2, t0 + 30 * minute, "99.000001"),
    point("alpha", 3, t0 + 59 * minute, "100.25"),
    point("alpha", 4, t0 + 125 * minute, "101"),
    point("alpha", 5, t0 + 125 * minute, "100.75"),
    point("beta", 1, t0 + 10 * minute, "5"), // another ledger's: not counted
  };
  BOOST_REQUIRE(s.write_ticks(batch) == batch.size());

  auto buckets = s.value_buckets("alpha", 60min);
  BOOST_REQUIRE(buckets.size() == 2u);
  auto& first = buckets[0];
  BOOST_TEST((first.start == at(t0)));
  BOOST_TEST(first.last_tick == 3);
  BOOST_TEST((first.last_time == at(t0 + 59 * minute)));
  BOOST_TEST(first.last.to_string() == "100.25");
  BOOST_TEST(first.high.to_string() == "100.5");
  BOOST_TEST(first.low.to_string() == "99.000001");
  BOOST_TEST(first.points == 3);
  auto& second = buckets[1];
  BOOST_TEST((second.start == at(t0 + 120 * minute)));
  BOOST_TEST(second.last_tick == 5);
  BOOST_TEST(second.last.to_string() == "100.75");
  BOOST_TEST(second.high.to_string() == "101");
  BOOST_TEST(second.points == 2);

  // Bounds are inclusive and apply to the points, then bucketed.
  auto window =
    s.value_buckets("alpha", 60min, at(t0 + 30 * minute), at(t0 + 59 * minute));
  BOOST_REQUIRE(window.size() == 1u);
  BOOST_TEST(window[0].points == 2);
  BOOST_TEST(window[0].low.to_string() == "99.000001");

  // One bucket per point at a fine step; one in all at a coarse one.
  BOOST_TEST(s.value_buckets("alpha", 1min).size() == 4u);
  BOOST_TEST(s.value_buckets("alpha", 24h).size() == 1u);
  BOOST_TEST(s.value_buckets("nobody", 60min).empty());
  BOOST_CHECK_THROW(s.value_buckets("alpha", 0us), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(the_version_changes_with_every_write_to_the_ledger) {
  BOOST_TEST(!s.version("alpha").has_value());
  BOOST_REQUIRE(s.create_ledger(ledger_named("alpha")));
  BOOST_REQUIRE(s.create_ledger(ledger_named("beta")));
  auto v0 = *s.version("alpha");
  BOOST_TEST(v0.last_tick == 0);

  BOOST_REQUIRE(s.write_ticks({point("alpha", 5, t0, "1")}) == 1u);
  auto v1 = *s.version("alpha");
  BOOST_TEST(v1.last_tick == 5);
  BOOST_TEST((v1 != v0));

  // Out of tick order: last_tick stays 5, the facts and book change, and so
  // does the version.
  BOOST_REQUIRE(s.write_ticks({point("alpha", 3, t0, "2")}) == 1u);
  auto v2 = *s.version("alpha");
  BOOST_TEST(v2.last_tick == 5);
  BOOST_TEST((v2 != v1));

  // A replay writes nothing and changes nothing; nor do other ledgers.
  BOOST_REQUIRE(s.write_ticks({point("alpha", 3, t0, "2")}) == 0u);
  BOOST_REQUIRE(s.write_ticks({point("beta", 1, t0, "2")}) == 1u);
  BOOST_TEST((*s.version("alpha") == v2));

  BOOST_REQUIRE(s.update_status("alpha", ledger_status::running, at(t0)));
  auto v3 = *s.version("alpha");
  BOOST_TEST((v3 != v2));

  // Re-created under the same name: another ledger, another version.
  BOOST_REQUIRE(s.delete_ledger("alpha"));
  BOOST_REQUIRE(s.create_ledger(ledger_named("alpha")));
  auto v4 = *s.version("alpha");
  BOOST_TEST(v4.id != v3.id);
}

BOOST_AUTO_TEST_CASE(reads_follow_a_ledger_recreated_elsewhere) {
  BOOST_REQUIRE(s.create_ledger(ledger_named("alpha")));
  BOOST_REQUIRE(s.write_ticks({point("alpha", 1, t0, "1")}) == 1u);
  BOOST_TEST(s.valuations("alpha").size() == 1u); // s now knows alpha's id

  // Another process deletes alpha and creates a new one of that name.
  persistence::store other{db.url()};
  BOOST_REQUIRE(other.delete_ledger("alpha"));
  BOOST_REQUIRE(other.create_ledger(ledger_named("alpha")));
  BOOST_REQUIRE(other.write_ticks({point("alpha", 1, t0, "7"),
                                   point("alpha", 2, t0, "8")}) == 2u);
  auto values = s.valuations("alpha");
  BOOST_REQUIRE(values.size() == 2u);
  BOOST_TEST(values[0].value.to_string() == "7");

  // The same with a read while the name is gone.
  BOOST_REQUIRE(other.delete_ledger("alpha"));
  BOOST_TEST(s.ticks("alpha").empty());
  BOOST_TEST(s.trade_count("alpha") == 0u);
  BOOST_REQUIRE(other.create_ledger(ledger_named("alpha")));
  BOOST_REQUIRE(other.write_ticks({point("alpha", 1, t0, "9")}) == 1u);
  BOOST_TEST(s.ticks("alpha").size() == 1u);
  BOOST_TEST(s.valuations("alpha")[0].value.to_string() == "9");
}

BOOST_AUTO_TEST_SUITE_END()
