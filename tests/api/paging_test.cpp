// Paging through a large ledger over HTTP: /trades and /history answer
// bounded pages whose concatenation is the whole record. The fills are
// written quickly through the store, as a long-running ledger's would be.

#include "persistence/store.hpp"
#include "tests/api/api_fixture.hpp"
#include "tests/persistence/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::test;

namespace {

constexpr int records = 1500; // 2 fills and a value point each
constexpr std::int64_t t0 = 1'700'000'000'000'000;
constexpr std::int64_t minute = 60'000'000;

tick_record busy(std::int64_t tick) {
  tick_record r;
  r.ledger = "big";
  r.tick = tick;
  r.time = at(t0 + tick * minute);
  r.fills.push_back(
    fill{side::buy, "AAPL", shares(2), px("10"), {}, cash("0"), cash("-20")});
  r.fills.push_back(
    fill{side::sell, "AAPL", shares(1), px("10"), {}, cash("0"), cash("10")});
  r.value = cash("100000");
  r.balance = cash("100000");
  r.positions = {{"AAPL", tick}};
  return r;
}

// Follows "next" from `first` until it is null; the items under `list`,
// each as its "id" (trades) or "tick" (history) text, in order.
std::vector<std::string> walk(http_client& c, const std::string& first,
                              const char* list, const char* id,
                              std::size_t limit) {
  std::vector<std::string> out;
  auto target = first;
  for (int pages = 0; pages < 100; ++pages) {
    auto page = c.get(target);
    BOOST_REQUIRE_MESSAGE(page.status == 200, page.body);
    auto doc = page.json();
    BOOST_TEST(doc[list].Size() <= limit);
    for (auto& item : doc[list].GetArray())
      out.push_back(text_of(item, id));
    if (doc["next"].IsNull())
      return out;
    target = first + "&after=" + text_of(doc, "next");
  }
  BOOST_FAIL("more pages than expected");
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(paging)

BOOST_AUTO_TEST_CASE(pages_of_a_large_ledger_add_up_to_the_whole) {
  api_fixture f;
  auto c = f.client();
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers",
              R"({"name": "big", "tickers": ["AAPL"], "algo_path": "a",
                  "interval": "1h", "end": 30, "start": false})",
              api_fixture::with_key())
      .status == 201);
  persistence::store s{f.database_url};
  std::vector<tick_record> batch;
  for (int tick = 1; tick <= records; ++tick)
    batch.push_back(busy(tick));
  BOOST_REQUIRE(s.write_ticks(batch) == static_cast<std::size_t>(records));

  std::vector<std::string> all_ids;
  for (auto& row : s.trades("big", 0, 10 * records))
    all_ids.push_back(std::to_string(row.id));
  BOOST_REQUIRE(all_ids.size() == 2u * records);
  BOOST_TEST(walk(c, "/v1/ledgers/big/trades?limit=1000", "trades", "id",
                  1000) == all_ids);
  // Without a limit, pages of 100.
  BOOST_TEST(walk(c, "/v1/ledgers/big/trades?x=1", "trades", "id", 100) ==
             all_ids);

  std::vector<std::string> all_ticks;
  for (int tick = 1; tick <= records; ++tick)
    all_ticks.push_back(std::to_string(tick));
  BOOST_TEST(walk(c, "/v1/ledgers/big/history?limit=700", "points", "tick",
                  700) == all_ticks);
  // A time window pages the same way.
  auto window = walk(c,
                     "/v1/ledgers/big/history?limit=30&"
                     "from=2023-11-14T22:14:00Z&to=2023-11-15T00:14:00Z",
                     "points", "tick", 30);
  BOOST_TEST_REQUIRE(window.size() == 120u);
  BOOST_TEST(window.front() == "1");
  BOOST_TEST(window.back() == "120");

  // No page is unbounded.
  BOOST_TEST(c.get("/v1/ledgers/big/trades?limit=1001").status == 400);
  BOOST_TEST(c.get("/v1/ledgers/big/history?limit=5000").status == 400);
  BOOST_TEST(c.get("/v1/ledgers/big/history?after=-1").status == 400);
}

BOOST_AUTO_TEST_SUITE_END()
