// The seed's contract over real HTTP, against a real engine and Postgres:
// the old README's examples, its error statuses, and auth.

#include "json/time.hpp"
#include "tests/api/api_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger::test;

namespace {

const std::string create_krishalgo =
  "/create_ledger?name=krishalgo&tickerstotrack=AAPL,GOOG&"
  "algo_path=buy_and_hold&updatetime=1&end=100";

const std::string buy_8_aapl = R"({
  "name": "krishalgo",
  "trades": [{"type": "buy", "ticker": "AAPL", "price": 176, "quantity": 8}],
  "holding": {"AAPL": 8, "GOOG": 0}
})";

} // namespace

BOOST_AUTO_TEST_SUITE(old_endpoints)

BOOST_AUTO_TEST_CASE(the_readme_example_end_to_end) {
  api_fixture f;
  auto c = f.client();
  auto created = c.get(create_krishalgo, api_fixture::with_key());
  BOOST_TEST_REQUIRE(created.status == 200, created.body);
  BOOST_TEST(text_of(created.json(), "info") ==
             "Ledger 'krishalgo' has been created.");
  BOOST_TEST(text_of(created.json()["ledger"], "status") == "running");
  BOOST_TEST(text_of(created.json()["ledger"], "interval") == "1m");

  auto fresh = c.get("/view_ledger?name=krishalgo");
  BOOST_TEST_REQUIRE(fresh.status == 200, fresh.body);
  auto v = fresh.json();
  BOOST_TEST(v["trades"].Size() == 0u);
  BOOST_TEST(text_of(v, "balance") == "100000");

  // No feed runs: the reported price is the execution price.
  auto updated =
    c.request("PATCH", "/update_ledger", buy_8_aapl, api_fixture::with_key());
  BOOST_TEST_REQUIRE(updated.status == 200, updated.body);
  BOOST_TEST(text_of(updated.json(), "message") ==
             "Ledger 'krishalgo' updated successfully");

  auto view = c.get("/view_ledger?name=krishalgo");
  BOOST_TEST_REQUIRE(view.status == 200, view.body);
  auto doc = view.json();
  BOOST_TEST(text_of(doc, "balance") == "98592");
  BOOST_TEST(text_of(doc["holding"], "AAPL") == "8");
  BOOST_TEST(!doc["holding"].HasMember("GOOG"));
  BOOST_REQUIRE(doc["trades"].Size() == 1u);
  auto& trade = doc["trades"][0];
  BOOST_TEST(text_of(trade, "type") == "buy");
  BOOST_TEST(text_of(trade, "ticker") == "AAPL");
  BOOST_TEST(text_of(trade, "quantity") == "8");
  BOOST_TEST(text_of(trade, "price") == "176");
  BOOST_REQUIRE(doc["value"].IsObject());
  BOOST_REQUIRE(doc["value"].MemberCount() >= 1u);
  // The last value point: 98592 cash + 8 x 176 marked at the fill price.
  auto last = doc["value"].MemberEnd() - 1;
  // Keyed as Python's str(datetime): seconds, then microseconds if any.
  std::string key = last->name.GetString();
  BOOST_TEST((key.size() == 19u || key.size() == 26u), key);
  BOOST_TEST(ledger::json::parse_time(key).has_value(), key);
  BOOST_TEST(std::string{last->value.GetString()} == "100000");

  auto started = c.get("/start_ledger?name=krishalgo", api_fixture::with_key());
  BOOST_TEST(started.status == 202, started.body);

  auto deleted =
    c.get("/delete_ledger?name=krishalgo", api_fixture::with_key());
  BOOST_TEST_REQUIRE(deleted.status == 200, deleted.body);
  BOOST_TEST(text_of(deleted.json(), "Info") ==
             "Deleted ledger named 'krishalgo'");
  auto gone = c.get("/view_ledger?name=krishalgo");
  BOOST_TEST(gone.status == 404);
  BOOST_TEST(gone.error_code() == "unknown_ledger");
  BOOST_TEST(
    c.get("/delete_ledger?name=krishalgo", api_fixture::with_key()).status ==
    404);
}

BOOST_AUTO_TEST_CASE(error_statuses_of_the_old_endpoints) {
  api_fixture f;
  auto c = f.client();
  auto key = api_fixture::with_key();
  BOOST_TEST(c.get("/create_ledger?name=x", key).status == 400);
  BOOST_TEST(c.get(create_krishalgo, key).status == 200);
  auto again = c.get(create_krishalgo, key);
  BOOST_TEST(again.status == 409);
  BOOST_TEST(again.error_code() == "name_taken");
  BOOST_TEST(c.get("/view_ledger").status == 400);
  BOOST_TEST(c.get("/view_ledger?name=nobody").status == 404);
  BOOST_TEST(c.get("/start_ledger?name=nobody", key).status == 404);
  BOOST_TEST(c.request("POST", "/update_ledger", buy_8_aapl, key).status ==
             405);
  BOOST_TEST(c.request("PATCH", "/update_ledger",
                       R"({"name":"nobody","trades":[],
      "holding":{}})",
                       key)
               .status == 404);

  // A violating trade: 422 with every trade's code, and nothing changes.
  auto rejected = c.request("PATCH", "/update_ledger", R"({
    "name": "krishalgo",
    "trades": [{"type": "buy", "ticker": "AAPL", "price": 176, "quantity": 8},
               {"type": "sell", "ticker": "GOOG", "price": 10, "quantity": 1},
               {"type": "buy", "ticker": "TSLA", "price": 10, "quantity": 1}],
    "holding": {"AAPL": 8}})",
                            key);
  BOOST_TEST_REQUIRE(rejected.status == 422, rejected.body);
  auto doc = rejected.json();
  auto& trades = doc["error"]["trades"];
  BOOST_REQUIRE(trades.Size() == 3u);
  BOOST_TEST(text_of(trades[0], "code") == "ok");
  BOOST_TEST(text_of(trades[1], "code") == "insufficient_holdings");
  BOOST_TEST(text_of(trades[2], "code") == "unknown_ticker");
  auto broke = c.request("PATCH", "/update_ledger", R"({"name": "krishalgo",
    "trades": [{"type": "buy", "ticker": "AAPL", "price": 176,
                "quantity": 1000}], "holding": {"AAPL": 1000}})",
                         key);
  BOOST_TEST(broke.status == 422);
  BOOST_TEST(text_of(broke.json()["error"]["trades"][0], "code") ==
             "insufficient_funds");

  // A negative holding: the trades are judged first (selling shares the
  // book does not hold is insufficient_holdings whatever the holding says);
  // valid trades with it are refused naming the negative count.
  auto oversold = c.request("PATCH", "/update_ledger", R"({"name":"krishalgo",
    "trades": [{"type": "sell", "ticker": "GOOG", "price": 10,
                "quantity": 5}], "holding": {"GOOG": -5}})",
                            key);
  BOOST_TEST_REQUIRE(oversold.status == 422, oversold.body);
  BOOST_TEST(text_of(oversold.json()["error"]["trades"][0], "code") ==
             "insufficient_holdings");
  auto negative = c.request("PATCH", "/update_ledger", R"({"name":"krishalgo",
    "trades": [{"type": "buy", "ticker": "AAPL", "price": 176,
                "quantity": 1}], "holding": {"AAPL": 1, "GOOG": -5}})",
                            key);
  BOOST_TEST_REQUIRE(negative.status == 400, negative.body);
  BOOST_TEST(negative.body.find("holding of GOOG is negative (-5)") !=
               std::string::npos,
             negative.body);

  // A holding that disagrees: 409 naming the computed holdings.
  auto mismatch = c.request("PATCH", "/update_ledger", R"({"name":"krishalgo",
    "trades": [{"type": "buy", "ticker": "AAPL", "price": 176,
                "quantity": 8}], "holding": {"AAPL": 9}})",
                            key);
  BOOST_TEST_REQUIRE(mismatch.status == 409, mismatch.body);
  BOOST_TEST(mismatch.error_code() == "holding_mismatch");
  BOOST_TEST(text_of(mismatch.json()["error"]["holding"], "AAPL") == "8");

  // With a quote known, a reported price far from it is off the market.
  f.quote("AAPL", "176");
  auto off = c.request("PATCH", "/update_ledger", R"({"name":"krishalgo",
    "trades": [{"type": "buy", "ticker": "AAPL", "price": 200,
                "quantity": 1}], "holding": {"AAPL": 1}})",
                       key);
  BOOST_TEST(off.status == 422);
  BOOST_TEST(text_of(off.json()["error"]["trades"][0], "code") ==
             "price_off_market");
  // Without a price, a trade fills at the quote.
  auto at_quote = c.request("PATCH", "/update_ledger", R"({"name":"krishalgo",
    "trades": [{"type": "buy", "ticker": "AAPL", "quantity": 2}],
    "holding": {"AAPL": 2}})",
                            key);
  BOOST_TEST(at_quote.status == 200, at_quote.body);

  auto view = c.get("/view_ledger?name=krishalgo").json();
  BOOST_TEST(text_of(view, "balance") == "99648");
  BOOST_TEST(text_of(view["holding"], "AAPL") == "2");
  BOOST_TEST(view["trades"].Size() == 1u);
}

BOOST_AUTO_TEST_CASE(mutations_without_a_valid_key_change_nothing) {
  api_fixture f;
  auto c = f.client();
  BOOST_TEST_REQUIRE(c.get(create_krishalgo, api_fixture::with_key()).status ==
                     200);
  for (auto bad : {header_list{}, api_fixture::with_key("wrong-key"),
                   api_fixture::with_key("test-key-4f9c2a7e1")}) {
    auto other = std::string{"/create_ledger?name=other&tickerstotrack=AAPL&"
                             "algo_path=a&updatetime=1&end=1"};
    BOOST_TEST(c.get(other, bad).status == 401);
    BOOST_TEST(c.get("/delete_ledger?name=krishalgo", bad).status == 401);
    BOOST_TEST(c.get("/start_ledger?name=krishalgo", bad).status == 401);
    auto update = c.request("PATCH", "/update_ledger", buy_8_aapl, bad);
    BOOST_TEST(update.status == 401);
    BOOST_TEST(update.error_code() == "unauthorized");
  }
  BOOST_TEST(c.get("/view_ledger?name=other").status == 404);
  auto view = c.get("/view_ledger?name=krishalgo");
  BOOST_TEST_REQUIRE(view.status == 200);
  BOOST_TEST(text_of(view.json(), "balance") == "100000");
  // The second configured key works as well.
  BOOST_TEST(c.request("PATCH", "/update_ledger", buy_8_aapl,
                       api_fixture::with_key(second_key))
               .status == 200);
}

BOOST_AUTO_TEST_CASE(reads_can_require_a_key) {
  api_setup setup;
  setup.read_requires_key = true;
  api_fixture f{setup};
  auto c = f.client();
  BOOST_TEST(c.get("/v1/ledgers").status == 401);
  BOOST_TEST(c.get("/view_ledger?name=x").status == 401);
  BOOST_TEST(c.get("/v1/ledgers", api_fixture::with_key()).status == 200);
  BOOST_TEST(c.get("/healthz").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
