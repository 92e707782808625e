// Live events over real HTTP against a running engine: the stream's
// messages, resuming with Last-Event-ID, the reset past the ring, the
// client cap, the heartbeat, and a client that never reads being cut off
// without slowing another.

#include "json/document.hpp"
#include "messaging/codec_event.hpp"
#include "tests/api/api_fixture.hpp"
#include "tests/support/sse_client.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <thread>
#include <vector>

using namespace ledger;
using namespace ledger::test;

namespace {

// A ledger ticking every 50 ms (no quotes: its ticks are no_quote).
std::string ledger_body(const std::string& name, bool start = true) {
  return R"({"name": ")" + name +
         R"(", "tickers": ["AAPL"], "algo_path": "buy_and_hold",
            "interval": "50ms", "end": 1, "start": )" +
         (start ? "true" : "false") + "}";
}

void create(api_fixture& f, const std::string& name, bool start = true) {
  auto c = f.client();
  auto r = c.request("POST", "/v1/ledgers", ledger_body(name, start),
                     api_fixture::with_key());
  BOOST_TEST_REQUIRE(r.status == 201, r.body);
}

std::int64_t id_of(const sse_message& m) {
  return std::stoll(m.id);
}

// The next message, which must come.
sse_message must_next(sse_client& s) {
  auto m = s.next(10000);
  BOOST_REQUIRE_MESSAGE(m, "no event within 10 s");
  return *m;
}

// The data of an event parsed strictly (json::document), as the codec
// decodes it.
messaging::ledger_event decoded(const sse_message& m) {
  json::document doc;
  BOOST_REQUIRE_MESSAGE(!doc.parse(m.data), m.data);
  auto e = messaging::decode_event(m.data);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<messaging::ledger_event>(e),
                        m.data);
  return std::get<messaging::ledger_event>(std::move(e));
}

} // namespace

BOOST_AUTO_TEST_SUITE(live_events)

BOOST_AUTO_TEST_CASE(a_ledgers_stream_carries_its_status_ticks_and_fills) {
  api_fixture f;
  create(f, "ev-one", false);
  create(f, "ev-other");
  sse_client s{f.port(), "/v1/ledgers/ev-one/events"};
  BOOST_TEST_REQUIRE(s.status() == 200);
  BOOST_TEST(s.headers().at("content-type") == "text/event-stream");
  BOOST_TEST(s.headers().at("cache-control") == "no-cache");
  BOOST_TEST(s.headers().count("content-length") == 0u);
  auto c = f.client();
  auto key = api_fixture::with_key();
  BOOST_TEST(c.request("POST", "/v1/ledgers/ev-one/start", "", key).status ==
             200);
  auto report = c.request("POST", "/v1/ledgers/ev-one/trades",
                          R"({"trades": [{"type": "buy", "ticker": "AAPL",
                              "price": 10.5, "quantity": 2}]})",
                          key);
  BOOST_TEST_REQUIRE(report.status == 201, report.body);
  std::int64_t last = 0;
  bool running = false, ticked = false, filled = false;
  for (int i = 0; i < 200 && !(running && ticked && filled); ++i) {
    auto m = must_next(s);
    BOOST_TEST(id_of(m) > last, m.id << " after " << last);
    last = id_of(m);
    auto e = decoded(m);
    if (auto st = std::get_if<messaging::status_event>(&e)) {
      BOOST_TEST(m.event == "status");
      BOOST_TEST(st->ledger == "ev-one"); // never the other ledger's
      running = running || st->status == ledger_status::running;
      continue;
    }
    auto& t = std::get<tick_record>(e);
    BOOST_TEST(m.event == "tick");
    BOOST_TEST(t.ledger == "ev-one");
    ticked = ticked || t.outcome == tick_outcome::no_quote;
    if (t.outcome == tick_outcome::reported) {
      BOOST_TEST_REQUIRE(t.fills.size() == 1u);
      BOOST_TEST(t.fills[0].ticker == "AAPL");
      BOOST_TEST(t.positions.at("AAPL") == 2);
      BOOST_TEST(t.balance.to_string() == "99979");
      filled = true;
    }
    // Exactly the codec's JSON, every member there.
    BOOST_TEST(m.data == messaging::encode_tick_event(t));
  }
  BOOST_TEST(running);
  BOOST_TEST(ticked);
  BOOST_TEST(filled);
}

BOOST_AUTO_TEST_CASE(a_reconnect_with_last_event_id_misses_and_repeats_none) {
  api_fixture f;
  create(f, "ev-resume");
  // The witness sees every event of the ledger while the other reconnects.
  sse_client witness{f.port(), "/v1/ledgers/ev-resume/events"};
  BOOST_TEST_REQUIRE(witness.status() == 200);
  std::int64_t last = 0;
  {
    sse_client first{f.port(), "/v1/ledgers/ev-resume/events"};
    for (int i = 0; i < 3; ++i)
      last = id_of(must_next(first));
  }                               // disconnected
  std::vector<std::int64_t> seen; // the witness's ids after `last`
  while (seen.size() < 6) {
    auto id = id_of(must_next(witness));
    if (id > last)
      seen.push_back(id);
  }
  for (auto how : {"header", "query"}) {
    bool header = std::string{how} == "header";
    sse_client again{f.port(),
                     header ? "/v1/ledgers/ev-resume/events"
                            : "/v1/ledgers/ev-resume/events?last_event_id=" +
                                std::to_string(last),
                     header
                       ? header_list{{"Last-Event-ID", std::to_string(last)}}
                       : header_list{}};
    BOOST_TEST_REQUIRE(again.status() == 200);
    BOOST_TEST(again.headers().at("x-events-resume") == "resumed");
    for (auto expected : seen)
      BOOST_TEST(id_of(must_next(again)) == expected, how);
  }
  // The header wins over the query (EventSource keeps the first URL).
  sse_client both{f.port(),
                  "/v1/ledgers/ev-resume/events?last_event_id=" +
                    std::to_string(last),
                  {{"Last-Event-ID", std::to_string(seen[2])}}};
  BOOST_TEST(id_of(must_next(both)) == seen[3]);
}

BOOST_AUTO_TEST_CASE(an_id_older_than_the_ring_is_answered_with_a_reset) {
  api_setup setup;
  setup.events.retain = 4;
  api_fixture f{setup};
  create(f, "ev-reset");
  sse_client s{f.port(), "/v1/events"};
  auto first = id_of(must_next(s));
  while (id_of(must_next(s)) < first + 10) {
  }
  for (auto old : {first, std::int64_t{1}}) { // evicted; another process's
    sse_client again{
      f.port(), "/v1/events", {{"Last-Event-ID", std::to_string(old)}}};
    BOOST_TEST_REQUIRE(again.status() == 200);
    BOOST_TEST(again.headers().at("x-events-resume") == "reset");
    auto reset = must_next(again);
    BOOST_TEST(reset.event == "reset");
    BOOST_TEST(reset.id.empty()); // the client's own id stays as it was
    json::document doc;
    BOOST_TEST_REQUIRE(!doc.parse(reset.data), reset.data);
    // Numbers keep their exact text in json::document.
    BOOST_TEST(text_of(doc.root(), "last_event_id") == std::to_string(old));
    auto live = must_next(again); // then live events
    BOOST_TEST(id_of(live) > first + 10);
  }
  BOOST_TEST(f.events->figures().resets == 2u);
}

BOOST_AUTO_TEST_CASE(bad_requests_are_refused_clearly) {
  api_fixture f;
  auto c = f.client();
  auto unknown = c.get("/v1/ledgers/nope/events");
  BOOST_TEST(unknown.status == 404);
  BOOST_TEST(unknown.error_code() == "unknown_ledger");
  auto bad = c.get("/v1/events", {{"Last-Event-ID", "12ab"}});
  BOOST_TEST(bad.status == 400);
  BOOST_TEST(bad.error_code() == "bad_parameter");
  BOOST_TEST(c.get("/v1/events?last_event_id=-3").status == 400);
  BOOST_TEST(c.get("/v1/ledgers/bad%20name/events").status == 400);
  BOOST_TEST(f.events->figures().clients == 0u);  // nobody was subscribed
  auto described = c.get("/openapi.json").json(); // owns what paths points at
  auto& paths = described["paths"];
  BOOST_TEST(paths.HasMember("/v1/events"));
  BOOST_TEST(paths.HasMember("/v1/ledgers/{name}/events"));
}

BOOST_AUTO_TEST_CASE(reads_need_a_key_when_the_server_says_so) {
  api_setup setup;
  setup.read_requires_key = true;
  api_fixture f{setup};
  auto c = f.client();
  BOOST_TEST(c.get("/v1/events").status == 401);
  sse_client s{f.port(), "/v1/events", {{"X-API-Key", api_key}}};
  BOOST_TEST(s.status() == 200);
}

BOOST_AUTO_TEST_CASE(past_the_client_cap_the_answer_is_503) {
  api_setup setup;
  setup.events.max_clients = 2;
  api_fixture f{setup};
  sse_client one{f.port(), "/v1/events"};
  sse_client two{f.port(), "/v1/events"};
  BOOST_TEST_REQUIRE(one.status() == 200);
  BOOST_TEST_REQUIRE(two.status() == 200);
  auto c = f.client();
  auto refused = c.get("/v1/events");
  BOOST_TEST(refused.status == 503);
  BOOST_TEST(refused.error_code() == "too_many_clients");
  BOOST_TEST(refused.headers["retry-after"] == "5");
  // A client that leaves frees its place (once its connection is seen
  // closed).
  one.close();
  int status = 0;
  for (int i = 0; i < 100 && status != 200; ++i) {
    sse_client three{f.port(), "/v1/events"};
    status = three.status();
    if (status != 200)
      std::this_thread::sleep_for(std::chrono::milliseconds{50});
  }
  BOOST_TEST(status == 200);
  BOOST_TEST(f.events->figures().refused >= 1u);
}

BOOST_AUTO_TEST_CASE(an_idle_stream_gets_heartbeat_comments) {
  api_setup setup;
  setup.events.heartbeat = std::chrono::milliseconds{100};
  api_fixture g{setup};
  create(g, "ev-idle", false); // never started: no events
  sse_client s{g.port(), "/v1/ledgers/ev-idle/events"};
  BOOST_TEST_REQUIRE(s.status() == 200);
  BOOST_TEST(!s.next(1000)); // no event, but the connection stays open
  BOOST_TEST(s.comments() >= 2);
}

BOOST_AUTO_TEST_CASE(a_client_that_never_reads_is_cut_off_alone) {
  api_setup setup;
  setup.events.backlog = 8;
  setup.events.retain = 64;
  api_fixture f{setup};
  for (int i = 0; i < 8; ++i)
    create(f, "ev-load-" + std::to_string(i));
  // Its receive buffer small and never read: the server's writes stall.
  sse_client stalled{f.port(), "/v1/events", {}, 2048};
  sse_client reader{f.port(), "/v1/events"};
  BOOST_TEST_REQUIRE(reader.status() == 200);
  std::int64_t last = id_of(must_next(reader));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{90};
  while (f.events->figures().dropped == 0 &&
         std::chrono::steady_clock::now() < deadline) {
    auto id = id_of(must_next(reader));
    // Every event reaches the reader, in order: it is never held up.
    BOOST_TEST_REQUIRE(id == last + 1);
    last = id;
  }
  BOOST_TEST_REQUIRE(f.events->figures().dropped == 1u);
  BOOST_TEST(stalled.closed_within(10000));
  for (int i = 0; i < 20; ++i) {
    auto id = id_of(must_next(reader));
    BOOST_TEST_REQUIRE(id == last + 1);
    last = id;
  }
  BOOST_TEST(f.events->figures().clients == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
