// Reads for large ledgers: value history paged and downsampled into
// buckets, the fill count, the version that validates cached views, and
// reads that stay right when a ledger is deleted and re-created under the
// same name by another process.

#include "persistence/store.hpp"
#include "tests/persistence/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
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

// Hour buckets of alpha (beta's points, at the same times with extreme
// values, must never show): hour 0 from a point exactly on its start to one
// a microsecond before its end; hour 1 from a point exactly on its start;
// hour 2 empty; hour 3 two points at one time (the higher tick is the
// last); hours 4 and 5 one point each, exactly on their starts.
struct bucketed : migrated_store {
  static constexpr std::int64_t hour = 60 * minute;

  bucketed() {
    BOOST_REQUIRE(s.create_ledger(ledger_named("alpha")));
    BOOST_REQUIRE(s.create_ledger(ledger_named("beta")));
    std::vector<tick_record> batch{
      point("alpha", 1, t0, "100"),
      point("alpha", 2, t0 + 30 * minute, "103"),
      point("alpha", 3, t0 + hour - 1, "98.000001"),
      point("alpha", 4, t0 + hour, "101"),
      point("alpha", 5, t0 + 90 * minute, "99.5"),
      point("alpha", 6, t0 + 3 * hour, "105"),
      point("alpha", 7, t0 + 3 * hour, "104"),
      point("alpha", 8, t0 + 4 * hour, "107"),
      point("alpha", 9, t0 + 5 * hour, "102"),
    };
    batch[2].balance = cash("12.345678"); // the last point's, not its value
    for (int h = 0; h <= 5; ++h) {
      batch.push_back(point("beta", 2 * h + 1, t0 + h * hour + 1, "1"));
      batch.push_back(point("beta", 2 * h + 2, t0 + h * hour + 2, "1000"));
    }
    BOOST_REQUIRE(s.write_ticks(batch) == batch.size());
  }

  persistence::bucket_page page(std::chrono::microseconds step,
                                std::size_t limit = 100,
                                std::optional<std::int64_t> after = {},
                                std::optional<std::int64_t> from = {},
                                std::optional<std::int64_t> to = {}) {
    persistence::bucket_request r;
    r.step = step;
    r.limit = limit;
    if (after)
      r.after = at(*after);
    if (from)
      r.from = at(*from);
    if (to)
      r.to = at(*to);
    return s.value_buckets("alpha", r);
  }

  // The buckets' starts, as minutes after t0.
  static std::vector<std::int64_t> starts(const persistence::bucket_page& p) {
    std::vector<std::int64_t> out;
    for (auto& b : p.buckets)
      out.push_back((std::chrono::duration_cast<std::chrono::microseconds>(
                       b.start.time_since_epoch())
                       .count() -
                     t0) /
                    minute);
    return out;
  }
};

using minutes_list = std::vector<std::int64_t>;

BOOST_FIXTURE_TEST_CASE(buckets_hold_the_last_high_and_low_of_their_points,
                        bucketed) {
  auto all = page(60min);
  BOOST_TEST(!all.more);
  BOOST_TEST(starts(all) == (minutes_list{0, 60, 180, 240, 300}));
  BOOST_REQUIRE(all.buckets.size() == 5u);
  auto& first = all.buckets[0];
  BOOST_TEST((first.start == at(t0)));
  BOOST_TEST(first.last_tick == 3); // a microsecond before the edge: inside
  BOOST_TEST((first.last_time == at(t0 + hour - 1)));
  BOOST_TEST(first.last.to_string() == "98.000001");
  BOOST_TEST(first.last_balance.to_string() == "12.345678");
  BOOST_TEST(first.high.to_string() == "103");
  BOOST_TEST(first.low.to_string() == "98.000001");
  BOOST_TEST(first.points == 3);
  auto& second = all.buckets[1];
  BOOST_TEST(second.last_tick == 5); // tick 4, exactly on the edge: here
  BOOST_TEST(second.last.to_string() == "99.5");
  BOOST_TEST(second.high.to_string() == "101");
  BOOST_TEST(second.low.to_string() == "99.5");
  BOOST_TEST(second.points == 2);
  auto& same_time = all.buckets[2];
  BOOST_TEST(same_time.last_tick == 7);
  BOOST_TEST(same_time.last.to_string() == "104");
  BOOST_TEST(same_time.high.to_string() == "105");
  BOOST_TEST(same_time.points == 2);
  BOOST_TEST(all.buckets[3].last_tick == 8);
  BOOST_TEST(all.buckets[3].points == 1);
  BOOST_TEST(all.buckets[4].last.to_string() == "102");

  // One bucket per minute that has points at a fine step; one in all at a
  // coarse one.
  BOOST_TEST(starts(page(1min, 1000)) ==
             (minutes_list{0, 30, 59, 60, 90, 180, 240, 300}));
  // 100 one-minute buckets from the first point's: up to minute 99.
  auto hundred = page(1min);
  BOOST_TEST(starts(hundred) == (minutes_list{0, 30, 59, 60, 90}));
  BOOST_TEST(hundred.more);
  auto day = page(24h);
  BOOST_REQUIRE(day.buckets.size() == 1u);
  BOOST_TEST(day.buckets[0].last_tick == 9);
  BOOST_TEST(day.buckets[0].high.to_string() == "107");
  BOOST_TEST(day.buckets[0].low.to_string() == "98.000001");
  BOOST_TEST(day.buckets[0].points == 9);

  persistence::bucket_request hourly;
  hourly.step = 60min;
  auto nobody = s.value_buckets("nobody", hourly);
  BOOST_TEST(nobody.buckets.empty());
  BOOST_TEST(!nobody.more);
  hourly.step = 0us;
  BOOST_CHECK_THROW(s.value_buckets("alpha", hourly), std::invalid_argument);
  hourly.step = 60min;
  hourly.limit = 0;
  BOOST_CHECK_THROW(s.value_buckets("alpha", hourly), std::invalid_argument);
}

BOOST_FIXTURE_TEST_CASE(from_and_to_clip_the_points_then_bucket_them,
                        bucketed) {
  // Both bounds inclusive, exactly on points: hour 0 keeps ticks 2 and 3,
  // hour 1 keeps tick 4 (at `to` exactly); tick 5 is after `to`.
  auto window = page(60min, 100, {}, t0 + 30 * minute, t0 + hour);
  BOOST_TEST(!window.more);
  BOOST_REQUIRE(window.buckets.size() == 2u);
  BOOST_TEST(window.buckets[0].points == 2);
  BOOST_TEST(window.buckets[0].high.to_string() == "103");
  BOOST_TEST(window.buckets[0].last_tick == 3);
  BOOST_TEST((window.buckets[0].start == at(t0))); // still the aligned start
  BOOST_TEST(window.buckets[1].points == 1);
  BOOST_TEST(window.buckets[1].last_tick == 4);
  BOOST_TEST(window.buckets[1].low.to_string() == "101");
  // A microsecond later or earlier leaves the edge points out.
  auto inside = page(60min, 100, {}, t0 + 30 * minute + 1, t0 + hour - 1);
  BOOST_REQUIRE(inside.buckets.size() == 1u);
  BOOST_TEST(inside.buckets[0].points == 1);
  BOOST_TEST(inside.buckets[0].last_tick == 3);
  BOOST_TEST(starts(page(60min, 100, {}, t0 + hour)) ==
             (minutes_list{60, 180, 240, 300}));
  BOOST_TEST(starts(page(60min, 100, {}, {}, t0 + 4 * hour - 1)) ==
             (minutes_list{0, 60, 180}));
  BOOST_TEST(page(60min, 100, {}, t0 + 6 * hour).buckets.empty());
}

BOOST_FIXTURE_TEST_CASE(pages_of_buckets_add_up_to_the_whole, bucketed) {
  // Two hours per page: hours 0-1; 3-4 (the window starts at the next
  // point's hour, past the empty hour 2); 5.
  auto one = page(60min, 2);
  BOOST_TEST(starts(one) == (minutes_list{0, 60}));
  BOOST_TEST(one.more);
  auto two = page(60min, 2, t0 + hour);
  BOOST_TEST(starts(two) == (minutes_list{180, 240}));
  BOOST_TEST(two.more);
  BOOST_TEST(two.buckets[0].points == 2); // hour 3 whole, not cut by paging
  auto three = page(60min, 2, t0 + 4 * hour);
  BOOST_TEST(starts(three) == (minutes_list{300}));
  BOOST_TEST(!three.more);
  BOOST_TEST(page(60min, 2, t0 + 5 * hour).buckets.empty());

  // Three hours per page: the empty hour 2 makes the first page short, and
  // it still says there is more.
  auto short_page = page(60min, 3);
  BOOST_TEST(starts(short_page) == (minutes_list{0, 60}));
  BOOST_TEST(short_page.more);
  auto rest = page(60min, 3, t0 + hour);
  BOOST_TEST(starts(rest) == (minutes_list{180, 240, 300}));
  BOOST_TEST(!rest.more);

  // One bucket per page, walked to the end: every bucket once, in order.
  minutes_list walked;
  std::optional<std::int64_t> after;
  for (int pages = 0; pages < 10; ++pages) {
    auto p = page(60min, 1, after);
    BOOST_REQUIRE(p.buckets.size() == 1u);
    walked.push_back(starts(p)[0]);
    if (!p.more)
      break;
    after = t0 + walked.back() * minute;
  }
  BOOST_TEST(walked == (minutes_list{0, 60, 180, 240, 300}));

  // A cursor inside a bucket goes on with the next bucket; with `from`
  // the later of the two wins; with `to`, nothing past it is "more".
  BOOST_TEST(starts(page(60min, 2, t0 + 61 * minute)) ==
             (minutes_list{180, 240}));
  BOOST_TEST(starts(page(60min, 9, t0, t0 + 4 * hour)) ==
             (minutes_list{240, 300}));
  auto clipped = page(60min, 2, t0 + hour, {}, t0 + 4 * hour);
  BOOST_TEST(starts(clipped) == (minutes_list{180, 240}));
  BOOST_TEST(!clipped.more);
}

BOOST_FIXTURE_TEST_CASE(the_last_bucket_is_the_last_value_so_far, bucketed) {
  auto before = page(60min, 100, t0 + 4 * hour);
  BOOST_REQUIRE(before.buckets.size() == 1u);
  BOOST_TEST(before.buckets[0].last_tick == 9);
  // A tick arrives within the last hour: the same bucket, a new last.
  BOOST_REQUIRE(s.write_ticks({point("alpha", 10, t0 + 5 * hour + 30 * minute,
                                     "97")}) == 1u);
  auto after = page(60min, 100, t0 + 4 * hour);
  BOOST_REQUIRE(after.buckets.size() == 1u);
  BOOST_TEST(after.buckets[0].last_tick == 10);
  BOOST_TEST(after.buckets[0].last.to_string() == "97");
  BOOST_TEST(after.buckets[0].high.to_string() == "102");
  BOOST_TEST(after.buckets[0].low.to_string() == "97");
  BOOST_TEST(after.buckets[0].points == 2);
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
