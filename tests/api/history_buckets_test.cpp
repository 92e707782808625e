// GET /v1/ledgers/{name}/history?step= over HTTP against a real engine and
// Postgres: buckets aligned to the epoch (not to the first point), each
// with its last point, high and low, exact money, pages that follow "next"
// to the whole series, the raw answer unchanged without ?step=, and a 400
// with a clear sentence for every malformed step, limit and cursor.

#include "core/history_step.hpp"
#include "json/time.hpp"
#include "persistence/store.hpp"
#include "tests/api/api_fixture.hpp"
#include "tests/persistence/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>
#include <vector>

using namespace ledger;
using namespace ledger::test;

namespace {

// 2023-11-14T22:13:20Z: not on an hour, so the first hour's bucket starts
// before the first point (22:14:20).
constexpr std::int64_t t0 = 1'700'000'000'000'000;
constexpr std::int64_t minute = 60'000'000;
constexpr std::int64_t hour = 60 * minute;
constexpr int records = 150; // one a minute: 22:14:20 to 00:43:20

std::string value_of(int tick) {
  return std::to_string(1000 + (tick * 37) % 101) + ".000001";
}

tick_record point(int tick) {
  tick_record r;
  r.ledger = "h";
  r.tick = tick;
  r.time = at(t0 + tick * minute);
  r.value = cash(value_of(tick).c_str());
  r.balance = cash((std::to_string(tick) + ".5").c_str());
  return r;
}

// What each hour's bucket must say, computed here from the points.
struct expected_bucket {
  std::int64_t start = 0;
  int last = 0;
  money high, low;
  int points = 0;
};

std::vector<expected_bucket> hourly() {
  std::map<std::int64_t, expected_bucket> by_start;
  for (int tick = 1; tick <= records; ++tick) {
    auto t = t0 + tick * minute;
    auto start = t - t % hour;
    auto& b = by_start[start];
    auto v = cash(value_of(tick).c_str());
    if (b.points == 0 || b.high < v)
      b.high = v;
    if (b.points == 0 || v < b.low)
      b.low = v;
    b.start = start;
    b.last = tick;
    ++b.points;
  }
  std::vector<expected_bucket> out;
  for (auto& [start, b] : by_start)
    out.push_back(b);
  return out;
}

struct history_fixture : api_fixture {
  http_client c = client();

  history_fixture() {
    BOOST_TEST_REQUIRE(
      c.request("POST", "/v1/ledgers",
                R"({"name": "h", "tickers": ["AAPL"], "algo_path": "a",
                    "interval": "1h", "end": 30, "start": false})",
                api_fixture::with_key())
        .status == 201);
    persistence::store s{database_url};
    std::vector<tick_record> batch;
    for (int tick = 1; tick <= records; ++tick)
      batch.push_back(point(tick));
    BOOST_REQUIRE(s.write_ticks(batch) == static_cast<std::size_t>(records));
  }

  // The 400's sentence for `query` on /v1/ledgers/h/history.
  std::string refusal(const std::string& query) {
    auto r = c.get("/v1/ledgers/h/history?" + query);
    BOOST_TEST(r.status == 400, query << ": " << r.body);
    if (r.status != 400)
      return "";
    auto doc = r.json();
    BOOST_TEST(text_of(doc["error"], "code") == "bad_parameter");
    return text_of(doc["error"], "message");
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(history_buckets)

BOOST_FIXTURE_TEST_CASE(hour_buckets_hold_their_last_point_high_and_low,
                        history_fixture) {
  auto r = c.get("/v1/ledgers/h/history?step=1h");
  BOOST_TEST_REQUIRE(r.status == 200, r.body);
  auto doc = r.json();
  BOOST_TEST(text_of(doc, "name") == "h");
  BOOST_TEST(text_of(doc, "step") == "1h");
  BOOST_TEST(doc["next"].IsNull());
  auto expected = hourly();
  // 22:14-22:59, 23:00-23:59, 00:00-00:43.
  BOOST_REQUIRE(expected.size() == 3u);
  BOOST_REQUIRE(expected[0].points == 46);
  auto& buckets = doc["buckets"];
  BOOST_REQUIRE(buckets.Size() == expected.size());
  for (rapidjson::SizeType i = 0; i < buckets.Size(); ++i) {
    auto& b = buckets[i];
    auto& e = expected[i];
    BOOST_TEST_CONTEXT("bucket " << i) {
      BOOST_TEST(text_of(b, "start") == json::format_time(at(e.start)));
      BOOST_TEST(text_of(b, "tick") == std::to_string(e.last));
      BOOST_TEST(text_of(b, "time") ==
                 json::format_time(at(t0 + e.last * minute)));
      BOOST_TEST(text_of(b, "value") == value_of(e.last));
      BOOST_TEST(text_of(b, "balance") == std::to_string(e.last) + ".5");
      BOOST_TEST(text_of(b, "high") == e.high.to_string());
      BOOST_TEST(text_of(b, "low") == e.low.to_string());
      BOOST_TEST(text_of(b, "points") == std::to_string(e.points));
    }
  }
  BOOST_TEST(text_of(buckets[0], "start") == "2023-11-14T22:00:00.000000Z");
  BOOST_TEST(text_of(buckets[1], "start") == "2023-11-14T23:00:00.000000Z");
  BOOST_TEST(text_of(buckets[2], "tick") == "150");

  // A day is written in days; a window clips the points, not the buckets.
  auto day = c.get("/v1/ledgers/h/history?step=24h").json();
  BOOST_TEST(text_of(day, "step") == "1d");
  BOOST_REQUIRE(day["buckets"].Size() == 2u); // the 14th and the 15th
  auto clipped = c.get("/v1/ledgers/h/history?step=1h"
                       "&from=2023-11-14T23:00:00Z&to=2023-11-14T23:30:20Z")
                   .json();
  BOOST_REQUIRE(clipped["buckets"].Size() == 1u);
  BOOST_TEST(text_of(clipped["buckets"][0], "points") == "31"); // 23:00:20..
  BOOST_TEST(text_of(clipped["buckets"][0], "tick") == "77");   // ..23:30:20
  BOOST_TEST(clipped["next"].IsNull());

  // Without ?step= the route answers raw points as before.
  auto raw = c.get("/v1/ledgers/h/history?limit=2").json();
  BOOST_TEST(!raw.HasMember("buckets"));
  BOOST_REQUIRE(raw["points"].Size() == 2u);
  BOOST_TEST(text_of(raw["points"][1], "tick") == "2");
  BOOST_TEST(text_of(raw, "next") == "2");
}

BOOST_FIXTURE_TEST_CASE(pages_of_buckets_follow_next_to_the_end,
                        history_fixture) {
  // 10-minute buckets: 22:10 (ticks 1-6), 14 of ten points each, and
  // 00:40 (ticks 147-150): 16 in all.
  std::vector<std::string> starts, ticks;
  std::string query = "/v1/ledgers/h/history?step=10m&limit=3";
  auto target = query;
  int pages = 0;
  while (++pages < 20) {
    auto r = c.get(target);
    BOOST_TEST_REQUIRE(r.status == 200, r.body);
    auto doc = r.json();
    BOOST_TEST(doc["buckets"].Size() <= 3u);
    for (auto& b : doc["buckets"].GetArray()) {
      starts.push_back(text_of(b, "start"));
      ticks.push_back(text_of(b, "tick"));
    }
    if (doc["next"].IsNull())
      break;
    BOOST_TEST(text_of(doc, "next") == starts.back());
    target = query + "&after=" + text_of(doc, "next");
  }
  BOOST_TEST(pages == 6); // 3+3+3+3+3+1
  BOOST_REQUIRE(starts.size() == 16u);
  BOOST_TEST(starts.front() == "2023-11-14T22:10:00.000000Z");
  BOOST_TEST(starts[1] == "2023-11-14T22:20:00.000000Z");
  BOOST_TEST(starts.back() == "2023-11-15T00:40:00.000000Z");
  BOOST_TEST(ticks.front() == "6");  // 22:19:20, the last before 22:20
  BOOST_TEST(ticks[1] == "16");      // 22:29:20
  BOOST_TEST(ticks.back() == "150"); // the last so far
  // All in one page when the limit allows.
  auto whole = c.get("/v1/ledgers/h/history?step=10m&limit=16").json();
  BOOST_TEST(whole["buckets"].Size() == 16u);
  BOOST_TEST(whole["next"].IsNull());
  auto short_of_it = c.get("/v1/ledgers/h/history?step=10m&limit=15").json();
  BOOST_TEST(short_of_it["buckets"].Size() == 15u);
  BOOST_TEST(text_of(short_of_it, "next") == "2023-11-15T00:30:00.000000Z");
}

BOOST_FIXTURE_TEST_CASE(malformed_steps_limits_and_cursors_are_400s,
                        history_fixture) {
  auto malformed = "step must be a duration like 30s, 5m, 1h or 1d";
  BOOST_TEST(refusal("step=") == malformed);
  BOOST_TEST(refusal("step=abc") == malformed);
  BOOST_TEST(refusal("step=5") == malformed);
  BOOST_TEST(refusal("step=1w") == malformed);
  BOOST_TEST(refusal("step=-1m") == malformed);
  BOOST_TEST(refusal("step=0s") == malformed);
  BOOST_TEST(refusal("step=500ms") == "step must be at least 1s");
  BOOST_TEST(refusal("step=1.5s") == "step must be a whole number of seconds");
  BOOST_TEST(refusal("step=3651d") == "step must be at most 3650d");
  BOOST_TEST(refusal("step=1h&limit=0") ==
             "limit must be a whole number from 1 to 1000");
  BOOST_TEST(refusal("step=1h&limit=1001") ==
             "limit must be a whole number from 1 to 1000");
  auto cursor = "after must be the start of a bucket, an ISO 8601 UTC time "
                "like 2026-11-25T09:00:00Z (the \"next\" of the previous "
                "page)";
  BOOST_TEST(refusal("step=1h&after=12") == cursor);
  BOOST_TEST(refusal("step=1h&from=yesterday") ==
             "from must be an ISO 8601 UTC time like 2026-11-25T09:30:00Z");
  // Without a step, after is still a tick.
  BOOST_TEST(refusal("after=2023-11-14T22:00:00Z") ==
             "after must be a tick (a whole number >= 0)");
  // A well-formed request for an unknown ledger is a 404.
  auto unknown = c.get("/v1/ledgers/nobody/history?step=1h");
  BOOST_TEST(unknown.status == 404);
  // The refused requests changed nothing.
  auto r = c.get("/v1/ledgers/h/history?step=1h");
  BOOST_TEST(r.status == 200);
  BOOST_TEST(r.json()["buckets"].Size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
