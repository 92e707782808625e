// A ledger's market calendar over REST: POST /v1/ledgers and the old
// create_ledger take it, views show it, an unknown name is refused with
// the known ones and creates nothing.

#include "core/tick_record.hpp"
#include "tests/api/api_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::test;

namespace {

std::string create_body(const std::string& name, const std::string& extra) {
  return R"({"name": ")" + name +
         R"(", "tickers": ["AAPL"], "algo_path": "buy_and_hold",
            "interval": "5m", "end": 1, "start": false)" +
         extra + "}";
}

const std::string known =
  R"(calendar must be "XNYS" (the New York Stock Exchange's regular )"
  R"(session) or null (ticks around the clock))";

} // namespace

BOOST_AUTO_TEST_SUITE(calendar_routes)

BOOST_AUTO_TEST_CASE(v1_create_takes_a_calendar_and_views_show_it) {
  api_fixture f;
  auto c = f.client();
  auto key = api_fixture::with_key();
  auto created =
    c.request("POST", "/v1/ledgers",
              create_body("weekdays", R"(, "calendar": "XNYS")"), key);
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  BOOST_TEST(text_of(created.json(), "calendar") == "XNYS");
  BOOST_TEST(text_of(c.get("/v1/ledgers/weekdays").json(), "calendar") ==
             "XNYS");
  // Absent or null: none, shown as null.
  for (auto [name, extra] :
       {std::pair{"plain", ""}, std::pair{"nulled", R"(, "calendar": null)"}}) {
    auto r = c.request("POST", "/v1/ledgers", create_body(name, extra), key);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    BOOST_TEST(r.json()["calendar"].IsNull());
  }
  auto page = c.get("/v1/ledgers").json();
  BOOST_REQUIRE(page["ledgers"].Size() == 3u);
  BOOST_TEST(page["ledgers"][0]["calendar"].IsNull());           // nulled
  BOOST_TEST(text_of(page["ledgers"][2], "calendar") == "XNYS"); // weekdays
}

BOOST_AUTO_TEST_CASE(an_unknown_calendar_is_400_and_creates_nothing) {
  api_fixture f;
  auto c = f.client();
  auto key = api_fixture::with_key();
  auto refused = c.request("POST", "/v1/ledgers",
                           create_body("nyse", R"(, "calendar": "NYSE")"), key);
  BOOST_TEST_REQUIRE(refused.status == 400, refused.body);
  BOOST_TEST(refused.error_code() == "bad_parameter");
  BOOST_TEST(text_of(refused.json()["error"], "message") ==
             "unknown calendar \"NYSE\": " + known);
  auto lower = c.request("POST", "/v1/ledgers",
                         create_body("nyse", R"(, "calendar": "xnys")"), key);
  BOOST_TEST(lower.status == 400);
  auto typed = c.request("POST", "/v1/ledgers",
                         create_body("nyse", R"(, "calendar": 1)"), key);
  BOOST_TEST(typed.status == 400);
  BOOST_TEST(text_of(typed.json()["error"], "message") ==
             "calendar must be a string");
  BOOST_TEST(c.get("/v1/ledgers/nyse").status == 404);
}

BOOST_AUTO_TEST_CASE(the_old_create_ledger_takes_a_calendar) {
  api_fixture f;
  auto c = f.client();
  auto key = api_fixture::with_key();
  auto made = c.get("/create_ledger?name=old&tickerstotrack=AAPL&algo_path="
                    "buy_and_hold&updatetime=1&end=1&calendar=XNYS",
                    key);
  BOOST_TEST_REQUIRE(made.status == 200, made.body);
  BOOST_TEST(text_of(made.json()["ledger"], "calendar") == "XNYS");
  auto refused = c.get("/create_ledger?name=bad&tickerstotrack=AAPL&algo_path="
                       "buy_and_hold&updatetime=1&end=1&calendar=LSE",
                       key);
  BOOST_TEST_REQUIRE(refused.status == 400, refused.body);
  BOOST_TEST(text_of(refused.json()["error"], "message") ==
             "unknown calendar \"LSE\": " + known);
  BOOST_TEST(c.get("/v1/ledgers/bad").status == 404);
}

BOOST_AUTO_TEST_CASE(metrics_count_closed_ticks_apart_from_model_errors) {
  api_fixture f;
  tick_record closed;
  closed.ledger = "weekdays";
  closed.tick = 1;
  closed.outcome = tick_outcome::market_closed;
  f.metrics->record(closed);
  f.metrics->record(closed);
  auto body = f.client().get("/metrics").body;
  BOOST_TEST(body.find("ledger_ticks_total{outcome=\"market_closed\"} 2\n") !=
             std::string::npos);
  BOOST_TEST(body.find("ledger_ticks_total{outcome=\"model_error\"} 0\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
