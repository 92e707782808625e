// The /v1 resource API over real HTTP: ledgers, trades (with idempotency
// keys), history and stats, and the operations routes.

#include "api/routes.hpp"
#include "core/idempotency.hpp"
#include "persistence/store.hpp"
#include "tests/api/api_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>

using namespace ledger;
using namespace ledger::test;

namespace {

std::string create_body(const std::string& name, bool start = true) {
  return R"({"name": ")" + name +
         R"(", "tickers": ["AAPL", "GOOG"], "algo_path": "buy_and_hold",
            "interval": "5m", "end": 1.5, "initial_balance": "5000.25",
            "fee": 0.5, "start": )" +
         (start ? "true" : "false") + "}";
}

const std::string buy_two = R"({"trades": [
  {"type": "buy", "ticker": "AAPL", "price": 10.5, "quantity": 2}]})";

} // namespace

BOOST_AUTO_TEST_SUITE(v1_api)

BOOST_AUTO_TEST_CASE(ledgers_are_created_listed_read_stopped_and_deleted) {
  api_fixture f;
  auto c = f.client();
  auto key = api_fixture::with_key();
  auto created =
    c.request("POST", "/v1/ledgers", create_body("beta", false), key);
  BOOST_TEST_REQUIRE(created.status == 201, created.body);
  BOOST_TEST(created.headers["location"] == "/v1/ledgers/beta");
  auto doc = created.json();
  BOOST_TEST(text_of(doc, "status") == "created");
  BOOST_TEST(text_of(doc, "initial_balance") == "5000.25");
  BOOST_TEST(text_of(doc, "balance") == "5000.25");
  BOOST_TEST(text_of(doc, "fee") == "0.5");
  BOOST_TEST(text_of(doc, "end") == "1.5");
  BOOST_TEST(text_of(doc, "interval") == "5m");
  for (auto name : {"alpha", "gamma"})
    BOOST_TEST(
      c.request("POST", "/v1/ledgers", create_body(name), key).status == 201);
  BOOST_TEST(
    c.request("POST", "/v1/ledgers", create_body("beta"), key).status == 409);
  BOOST_TEST(c.request("POST", "/v1/ledgers", "{\"name\": ", key).status ==
             400);

  auto page = c.get("/v1/ledgers?limit=2").json();
  BOOST_REQUIRE(page["ledgers"].Size() == 2u);
  BOOST_TEST(text_of(page["ledgers"][0], "name") == "alpha");
  BOOST_TEST(text_of(page, "next") == "beta");
  auto rest = c.get("/v1/ledgers?limit=2&after=beta").json();
  BOOST_REQUIRE(rest["ledgers"].Size() == 1u);
  BOOST_TEST(text_of(rest["ledgers"][0], "name") == "gamma");
  BOOST_TEST(rest["next"].IsNull());

  auto started = c.request("POST", "/v1/ledgers/beta/start", "", key);
  BOOST_TEST_REQUIRE(started.status == 200, started.body);
  BOOST_TEST(text_of(started.json(), "status") == "running");
  BOOST_TEST(!started.json()["ends_at"].IsNull());
  auto stopped = c.request("POST", "/v1/ledgers/beta/stop", "", key);
  BOOST_TEST(text_of(stopped.json(), "status") == "stopped");
  BOOST_TEST(text_of(c.get("/v1/ledgers/beta").json(), "status") == "stopped");
  BOOST_TEST(c.request("POST", "/v1/ledgers/nobody/stop", "", key).status ==
             404);

  auto deleted = c.request("DELETE", "/v1/ledgers/beta", "", key);
  BOOST_TEST(deleted.status == 204);
  BOOST_TEST(c.get("/v1/ledgers/beta").status == 404);
  BOOST_TEST(c.request("DELETE", "/v1/ledgers/beta", "", key).status == 404);
  BOOST_TEST(c.get("/v1/ledgers").json()["ledgers"].Size() == 2u);
}

BOOST_AUTO_TEST_CASE(trades_are_reported_paged_and_valued) {
  api_fixture f;
  auto c = f.client();
  auto key = api_fixture::with_key();
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers", create_body("tr", false), key).status ==
    201);
  for (int i = 0; i < 3; ++i) {
    auto r = c.request("POST", "/v1/ledgers/tr/trades", buy_two, key);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    BOOST_TEST(text_of(r.json()["trades"][0], "price") == "10.5");
    BOOST_TEST(text_of(r.json()["trades"][0], "fee") == "0.5");
  }
  // A holding in the body is checked like update_ledger's.
  auto wrong = c.request("POST", "/v1/ledgers/tr/trades",
                         R"({"trades": [{"type": "sell", "ticker": "AAPL",
                             "price": 11, "quantity": 1}],
                             "holding": {"AAPL": 6}})",
                         key);
  BOOST_TEST(wrong.status == 409);
  BOOST_TEST(text_of(wrong.json()["error"]["holding"], "AAPL") == "5");
  auto sold = c.request("POST", "/v1/ledgers/tr/trades",
                        R"([{"type": "sell", "ticker": "AAPL", "price": 11,
                            "quantity": 1}])",
                        key);
  BOOST_TEST(sold.status == 201, sold.body);
  auto too_many = c.request("POST", "/v1/ledgers/tr/trades",
                            R"([{"type": "sell", "ticker": "AAPL",
                                "quantity": 100, "price": 11}])",
                            key);
  BOOST_TEST(too_many.status == 422);
  BOOST_TEST(
    c.request("POST", "/v1/ledgers/nobody/trades", buy_two, key).status == 404);

  auto first = c.get("/v1/ledgers/tr/trades?limit=3").json();
  BOOST_REQUIRE(first["trades"].Size() == 3u);
  auto next = text_of(first, "next");
  BOOST_TEST(!next.empty());
  auto second = c.get("/v1/ledgers/tr/trades?limit=3&after=" + next).json();
  BOOST_REQUIRE(second["trades"].Size() == 1u);
  BOOST_TEST(text_of(second["trades"][0], "type") == "sell");
  BOOST_TEST(second["next"].IsNull());
  BOOST_TEST(c.get("/v1/ledgers/nobody/trades").status == 404);

  // 5000.25 - 3 x (21 + 0.5) + (11 - 0.5) = 4946.25
  auto ledger = c.get("/v1/ledgers/tr").json();
  BOOST_TEST(text_of(ledger, "balance") == "4946.25");
  BOOST_TEST(text_of(ledger["holding"], "AAPL") == "5");

  auto history = c.get("/v1/ledgers/tr/history");
  BOOST_TEST_REQUIRE(history.status == 200, history.body);
  auto points = history.json();
  BOOST_REQUIRE(points["points"].Size() == 4u);
  BOOST_TEST(text_of(points["points"][3], "balance") == "4946.25");
  auto from = text_of(points["points"][2], "time");
  auto later = c.get("/v1/ledgers/tr/history?from=" + from).json();
  BOOST_TEST(later["points"].Size() == 2u);
  auto none = c.get("/v1/ledgers/tr/history?to=2000-01-01T00:00:00Z").json();
  BOOST_TEST(none["points"].Size() == 0u);

  auto stats = c.get("/v1/ledgers/tr/stats");
  BOOST_TEST_REQUIRE(stats.status == 200, stats.body);
  auto s = stats.json();
  BOOST_TEST(text_of(s, "trades") == "4");
  BOOST_TEST(text_of(s["ticks"], "reported") == "4");
  BOOST_TEST(text_of(s["value"], "points") == "4");
  BOOST_TEST(c.get("/v1/ledgers/nobody/stats").status == 404);
}

BOOST_AUTO_TEST_CASE(a_retried_request_applies_once) {
  api_fixture f;
  auto c = f.client();
  auto key = api_fixture::with_key();
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers", create_body("idem", false), key).status ==
    201);
  auto with_idem = key;
  with_idem.emplace_back("Idempotency-Key", "order-2026-0001");
  auto first = c.request("POST", "/v1/ledgers/idem/trades", buy_two, with_idem);
  BOOST_TEST_REQUIRE(first.status == 201, first.body);
  BOOST_TEST(first.headers.count("idempotent-replayed") == 0u);
  auto retry = c.request("POST", "/v1/ledgers/idem/trades", buy_two, with_idem);
  BOOST_TEST(retry.status == 201);
  BOOST_TEST(retry.body == first.body);
  BOOST_TEST(retry.headers["idempotent-replayed"] == "true");
  // Another body under the same key is a conflict, and applies nothing.
  auto other = c.request("POST", "/v1/ledgers/idem/trades",
                         R"({"trades": [{"type": "buy", "ticker": "AAPL",
                             "price": 10.5, "quantity": 3}]})",
                         with_idem);
  BOOST_TEST(other.status == 409);
  BOOST_TEST(other.error_code() == "idempotency_conflict");
  auto ledger = c.get("/v1/ledgers/idem").json();
  BOOST_TEST(text_of(ledger["holding"], "AAPL") == "2");
  BOOST_TEST(c.get("/v1/ledgers/idem/trades").json()["trades"].Size() == 1u);

  // A rejected request is answered the same way on retry (nothing applied).
  auto broke = key;
  broke.emplace_back("Idempotency-Key", "too-big");
  auto big = R"({"trades": [{"type": "buy", "ticker": "AAPL", "price": 10,
                 "quantity": 1000000}]})";
  auto r1 = c.request("POST", "/v1/ledgers/idem/trades", big, broke);
  auto r2 = c.request("POST", "/v1/ledgers/idem/trades", big, broke);
  BOOST_TEST(r1.status == 422);
  BOOST_TEST(r2.status == 422);
  BOOST_TEST(r2.body == r1.body);

  // A key still claimed by an unfinished request: 409, nothing applied.
  persistence::store db{f.database_url};
  db.claim_idempotency_key("idem", "stuck", idempotency_hash("idem", buy_two));
  auto stuck = key;
  stuck.emplace_back("Idempotency-Key", "stuck");
  auto busy = c.request("POST", "/v1/ledgers/idem/trades", buy_two, stuck);
  BOOST_TEST(busy.status == 409);
  BOOST_TEST(busy.error_code() == "idempotency_in_progress");
  BOOST_TEST(text_of(c.get("/v1/ledgers/idem").json()["holding"], "AAPL") ==
             "2");
  // Keys belong to their ledger: the same key elsewhere is new.
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers", create_body("idem2", false), key).status ==
    201);
  BOOST_TEST(
    c.request("POST", "/v1/ledgers/idem2/trades", buy_two, with_idem).status ==
    201);
  BOOST_TEST(
    c.request("POST", "/v1/ledgers/nobody/trades", buy_two, with_idem).status ==
    404);
  auto bad = key;
  bad.emplace_back("Idempotency-Key", std::string(300, 'k'));
  BOOST_TEST(
    c.request("POST", "/v1/ledgers/idem/trades", buy_two, bad).status == 400);
}

BOOST_AUTO_TEST_CASE(operations_routes) {
  api_fixture f;
  auto c = f.client();
  auto health = c.get("/healthz");
  BOOST_TEST(health.status == 200);
  auto ready = c.get("/readyz");
  BOOST_TEST_REQUIRE(ready.status == 200, ready.body);
  auto r = ready.json();
  BOOST_TEST(r["database"]["reachable"].GetBool());
  BOOST_TEST(text_of(r["broker"], "status") == "not configured");
  BOOST_TEST(
    c.request("POST", "/v1/ledgers", create_body("m"), api_fixture::with_key())
      .status == 201);
  BOOST_TEST(
    c.request("POST", "/v1/ledgers/m/trades", buy_two, api_fixture::with_key())
      .status == 201);
  BOOST_TEST(c.request("POST", "/v1/ledgers/m/trades",
                       R"([{"type":"sell","ticker":"GOOG","price":1,
                           "quantity":1}])",
                       api_fixture::with_key())
               .status == 422);
  auto metrics = c.get("/metrics");
  BOOST_TEST_REQUIRE(metrics.status == 200);
  BOOST_TEST(metrics.headers["content-type"].find("text/plain") == 0u);
  auto& m = metrics.body;
  for (auto line :
       {"ledger_ledgers{status=\"running\"} 1", "ledger_trades_total 1",
        "ledger_ticks_total{outcome=\"reported\"} 1",
        "ledger_ticks_total{outcome=\"no_quote\"}",
        "ledger_tick_latency_seconds_count",
        "ledger_rejections_total{code=\"insufficient_holdings\"} 0",
        "ledger_http_requests_total{method=\"POST\",route=\"/v1/ledgers/"
        "{name}/trades\",status=\"422\"} 1",
        "ledger_http_requests_total{method=\"GET\",route=\"/readyz\","
        "status=\"200\"} 1"})
    BOOST_TEST(m.find(line) != std::string::npos, line);
  auto openapi = c.get("/openapi.json");
  BOOST_TEST(openapi.status == 200);
  BOOST_TEST(openapi.json()["paths"].HasMember("/v1/ledgers/{name}/trades"));
}

// /metrics counts ledgers by status from counters every ledger keeps up to
// date, so they must follow each start, stop and delete.
BOOST_AUTO_TEST_CASE(metrics_count_ledgers_by_status_as_they_change) {
  api_fixture f;
  auto c = f.client();
  auto key = api_fixture::with_key();
  auto count = [&c](const char* status) {
    auto body = c.get("/metrics").body;
    auto line = std::string{"ledger_ledgers{status=\""} + status + "\"} ";
    auto at = body.find(line);
    BOOST_REQUIRE_MESSAGE(at != std::string::npos, line << " in " << body);
    return std::stoll(body.substr(at + line.size()));
  };
  BOOST_TEST(count("running") == 0);
  for (auto name : {"s1", "s2"})
    BOOST_TEST(
      c.request("POST", "/v1/ledgers", create_body(name), key).status == 201);
  BOOST_TEST(count("running") == 2);
  BOOST_TEST(c.request("POST", "/v1/ledgers/s1/stop", "", key).status == 200);
  BOOST_TEST(count("running") == 1);
  BOOST_TEST(count("stopped") == 1);
  BOOST_TEST(c.request("DELETE", "/v1/ledgers/s1", "", key).status == 204);
  // The actor ends a moment after the answer: wait for it (bounded).
  for (int i = 0; i < 100 && count("stopped") != 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  BOOST_TEST(count("stopped") == 0);
  BOOST_TEST(count("running") == 1);
}

BOOST_AUTO_TEST_CASE(while_the_database_is_away_mutations_are_503) {
  api_setup setup;
  setup.database_away = true;
  api_fixture f{setup};
  auto c = f.client();
  auto key = api_fixture::with_key();
  auto created = c.request("POST", "/v1/ledgers", create_body("x"), key);
  BOOST_TEST(created.status == 503, created.body);
  BOOST_TEST(created.error_code() == "database_unavailable");
  BOOST_TEST(c.get("/create_ledger?name=y&tickerstotrack=AAPL&algo_path=a&"
                   "updatetime=1&end=1",
                   key)
               .status == 503);
  auto idem = key;
  idem.emplace_back("Idempotency-Key", "k1");
  BOOST_TEST(c.request("POST", "/v1/ledgers/x/trades", buy_two, idem).status ==
             503);
  BOOST_TEST(c.get("/v1/ledgers").json()["ledgers"].Size() == 0u);
  auto ready = c.get("/readyz");
  BOOST_TEST(ready.status == 503);
  BOOST_TEST(!ready.json()["database"]["reachable"].GetBool());
  BOOST_TEST(c.get("/healthz").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()
