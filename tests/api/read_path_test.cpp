// The read path over real HTTP (issue 10): a client sees its own reported
// trades in its next view; cached views are replaced exactly when the
// ledger changes (a tick, a report, a stop, a delete); conditional GETs
// answer 304; gzip answers decode to the same body.

#include "api/gzip.hpp"
#include "tests/api/api_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>

using namespace ledger;
using namespace ledger::test;

namespace {

std::string create_body(const std::string& name, bool start,
                        const char* interval = "1h") {
  return R"({"name": ")" + name +
         R"(", "tickers": ["AAPL"], "algo_path": "buy_and_hold", "interval": ")" +
         interval + R"(", "end": 30, "start": )" + (start ? "true" : "false") +
         "}";
}

std::string buy(int quantity, const char* price = "10") {
  return R"({"trades": [{"type": "buy", "ticker": "AAPL", "quantity": )" +
         std::to_string(quantity) + R"(, "price": )" + price + "}]}";
}

std::string etag_of(const http_reply& r) {
  auto i = r.headers.find("etag");
  return i == r.headers.end() ? "" : i->second;
}

// The value of the view's latest value point ("" when there is none).
std::string last_value(const http_reply& view) {
  auto doc = view.json();
  if (!doc["value"].IsObject() || doc["value"].MemberCount() == 0)
    return "";
  return (doc["value"].MemberEnd() - 1)->value.GetString();
}

} // namespace

BOOST_AUTO_TEST_SUITE(read_path)

BOOST_AUTO_TEST_CASE(a_reported_trade_is_in_the_next_view) {
  api_fixture f;
  auto c = f.client();
  auto key = api_fixture::with_key();
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers", create_body("ryw", false), key).status ==
    201);
  // Each view comes right after the answer to the report: no waiting.
  for (int i = 1; i <= 20; ++i) {
    auto r = c.request("POST", "/v1/ledgers/ryw/trades", buy(1), key);
    BOOST_TEST_REQUIRE(r.status == 201, r.body);
    auto view = c.get("/view_ledger?name=ryw");
    BOOST_TEST_REQUIRE(view.status == 200, view.body);
    auto doc = view.json();
    BOOST_TEST(doc["trades"].Size() == static_cast<unsigned>(i));
    BOOST_TEST(text_of(doc["holding"], "AAPL") == std::to_string(i));
    BOOST_TEST(text_of(doc, "balance") == std::to_string(100000 - 10 * i));
  }
}

BOOST_AUTO_TEST_CASE(a_view_is_cached_until_a_report_stop_or_delete) {
  api_fixture f;
  auto c = f.client();
  auto key = api_fixture::with_key();
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers", create_body("inv", true), key).status ==
    201);
  auto first = c.get("/view_ledger?name=inv");
  auto again = c.get("/view_ledger?name=inv");
  BOOST_TEST_REQUIRE(first.status == 200);
  BOOST_TEST(!etag_of(first).empty());
  BOOST_TEST(etag_of(again) == etag_of(first));
  BOOST_TEST(again.body == first.body);

  // A report: another version, showing the trade.
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers/inv/trades", buy(3), key).status == 201);
  auto reported = c.get("/view_ledger?name=inv");
  BOOST_TEST(etag_of(reported) != etag_of(first));
  BOOST_TEST(reported.json()["trades"].Size() == 1u);

  // A stop: another version (the body may read the same).
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers/inv/stop", "", key).status == 200);
  auto stopped = c.get("/view_ledger?name=inv");
  BOOST_TEST(etag_of(stopped) != etag_of(reported));
  BOOST_TEST(stopped.json()["trades"].Size() == 1u);

  // A delete: 404, and a ledger re-created under the name starts empty.
  BOOST_TEST_REQUIRE(c.request("DELETE", "/v1/ledgers/inv", "", key).status ==
                     204);
  BOOST_TEST(c.get("/view_ledger?name=inv").status == 404);
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers", create_body("inv", false), key).status ==
    201);
  auto reborn = c.get("/view_ledger?name=inv");
  BOOST_TEST_REQUIRE(reborn.status == 200);
  BOOST_TEST(reborn.json()["trades"].Size() == 0u);
  BOOST_TEST(text_of(reborn.json(), "balance") == "100000");
  BOOST_TEST(etag_of(reborn) != etag_of(stopped));
}

BOOST_AUTO_TEST_CASE(a_view_after_a_tick_shows_the_tick) {
  api_fixture f;
  auto c = f.client();
  auto key = api_fixture::with_key();
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers", create_body("tk", true, "50ms"), key)
      .status == 201);
  // No quote yet: the reported price is taken; ticks record no value.
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers/tk/trades", buy(1), key).status == 201);
  auto before = c.get("/view_ledger?name=tk");
  BOOST_TEST(last_value(before) == "100000"); // the report's own point
  // Ticks value the share at the quote: 99990 + 20. Only a tick records
  // that point, so a view still cached from before never shows it.
  f.quote("AAPL", "20");
  std::string seen;
  for (int i = 0; i < 200 && seen != "100010"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
    seen = last_value(c.get("/view_ledger?name=tk"));
  }
  BOOST_TEST(seen == "100010");
}

BOOST_AUTO_TEST_CASE(conditional_gets_answer_304) {
  api_fixture f;
  auto c = f.client();
  auto key = api_fixture::with_key();
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers", create_body("cg", false), key).status ==
    201);
  for (std::string path : {"/view_ledger?name=cg", "/v1/ledgers/cg",
                           "/v1/ledgers/cg/trades", "/v1/ledgers/cg/history"}) {
    BOOST_TEST_CONTEXT(path) {
      auto full = c.get(path);
      BOOST_TEST_REQUIRE(full.status == 200);
      auto tag = etag_of(full);
      BOOST_TEST_REQUIRE(!tag.empty());
      auto same = c.get(path, {{"If-None-Match", tag}});
      BOOST_TEST(same.status == 304);
      BOOST_TEST(same.body.empty());
      BOOST_TEST(etag_of(same) == tag);
      BOOST_TEST(c.get(path, {{"If-None-Match", "\"other\", " + tag}}).status ==
                 304);
      BOOST_TEST(c.get(path, {{"If-None-Match", "\"other\""}}).status == 200);
    }
  }
  // Once the ledger changes, the old tag gets the new body.
  auto old = etag_of(c.get("/view_ledger?name=cg"));
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers/cg/trades", buy(1), key).status == 201);
  auto changed = c.get("/view_ledger?name=cg", {{"If-None-Match", old}});
  BOOST_TEST(changed.status == 200);
  BOOST_TEST(changed.json()["trades"].Size() == 1u);
}

BOOST_AUTO_TEST_CASE(gzip_answers_decode_to_the_same_body) {
  api_fixture f;
  auto c = f.client();
  auto key = api_fixture::with_key();
  BOOST_TEST_REQUIRE(
    c.request("POST", "/v1/ledgers", create_body("gz", false), key).status ==
    201);
  for (int i = 0; i < 40; ++i) // about 2 KiB of view
    BOOST_TEST_REQUIRE(
      c.request("POST", "/v1/ledgers/gz/trades", buy(1), key).status == 201);
  for (std::string path : {"/view_ledger?name=gz", "/v1/ledgers/gz/trades"}) {
    BOOST_TEST_CONTEXT(path) {
      auto plain = c.get(path);
      BOOST_TEST_REQUIRE(plain.body.size() >= api::gzip_threshold);
      BOOST_TEST(plain.headers.count("content-encoding") == 0u);
      auto packed = c.get(path, {{"Accept-Encoding", "br, gzip;q=0.8"}});
      BOOST_TEST_REQUIRE(packed.status == 200);
      BOOST_TEST(packed.headers["content-encoding"] == "gzip");
      BOOST_TEST(packed.headers["vary"] == "Accept-Encoding");
      BOOST_TEST(packed.body.size() < plain.body.size());
      BOOST_TEST(api::gunzip(packed.body) == plain.body);
      // Either encoding's tag names the version.
      BOOST_TEST(etag_of(packed) != etag_of(plain));
      BOOST_TEST(c.get(path, {{"Accept-Encoding", "gzip"},
                              {"If-None-Match", etag_of(packed)}})
                   .status == 304);
      auto refused = c.get(path, {{"Accept-Encoding", "gzip;q=0, *"}});
      BOOST_TEST(refused.headers.count("content-encoding") == 0u);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
