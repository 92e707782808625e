// The router without sockets or actors: routing, auth, parameters and
// error shapes, against a fake backend that records what it was asked.

#include "api/auth.hpp"
#include "api/openapi.hpp"
#include "api/router.hpp"
#include "json/document.hpp"
#include "json/exact.hpp"
#include "tests/api/fake_backend.hpp"
#include "tests/support/http_client.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <optional>

using namespace ledger;
using namespace ledger::api;
using ledger::test::fake_backend;

namespace {

struct router_fixture {
  std::shared_ptr<fake_backend> engine = std::make_shared<fake_backend>();

  router make(bool read_requires_key = false, bool with_keys = true) {
    router_options o;
    if (with_keys)
      o.keys = key_set::load("k-one, k-two", "");
    o.read_requires_key = read_requires_key;
    return router{engine, std::move(o)};
  }

  // Routes one request; the fake answers synchronously.
  static response call(const router& r, std::string method, std::string target,
                       std::string body = "", std::string key = "") {
    request req;
    req.method = std::move(method);
    req.target = std::move(target);
    req.body = std::move(body);
    if (!key.empty())
      req.headers.emplace("x-api-key", key);
    std::optional<response> out;
    r.handle(std::move(req), [&](response x) { out = std::move(x); });
    BOOST_REQUIRE(out);
    return *out;
  }

  static std::string code_of(const response& r) {
    test::http_reply reply{r.status, r.body, {}};
    return reply.error_code();
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(router_without_sockets, router_fixture)

BOOST_AUTO_TEST_CASE(readiness_needs_the_broker_when_there_is_one) {
  auto r = make();
  auto none = call(r, "GET", "/readyz");
  BOOST_TEST(none.status == 200);
  BOOST_TEST(none.body.find("not configured") != std::string::npos);
  broker_figures b;
  b.connected = true;
  b.shed_events = 7;
  engine->broker_state = b;
  auto up = call(r, "GET", "/readyz");
  BOOST_TEST(up.status == 200);
  BOOST_TEST(up.body.find("\"connected\"") != std::string::npos, up.body);
  auto m = call(r, "GET", "/metrics");
  BOOST_TEST(m.body.find("ledger_broker_shed_total{kind=\"event\"} 7") !=
               std::string::npos,
             m.body);
  // The broker pushes back (a memory alarm): not ready, though connected.
  engine->broker_state->blocked = true;
  auto blocked = call(r, "GET", "/readyz");
  BOOST_TEST(blocked.status == 503);
  BOOST_TEST(blocked.body.find("blocked") != std::string::npos, blocked.body);
  engine->broker_state->connected = false;
  auto down = call(r, "GET", "/readyz");
  BOOST_TEST(down.status == 503);
  BOOST_TEST(down.body.find("unreachable") != std::string::npos, down.body);
}

BOOST_AUTO_TEST_CASE(unknown_routes_and_methods) {
  auto r = make();
  auto none = call(r, "GET", "/nowhere");
  BOOST_TEST(none.status == 404);
  BOOST_TEST(code_of(none) == "unknown_route");
  auto wrong = call(r, "PUT", "/v1/ledgers/abc");
  BOOST_TEST(wrong.status == 405);
  BOOST_REQUIRE(!wrong.headers.empty());
  BOOST_TEST(wrong.headers[0].second == "GET, DELETE");
  BOOST_TEST(call(r, "GET", "no-slash").status == 400);
  BOOST_TEST(call(r, "GET", "/view_ledger?name=%zz").status == 400);
  BOOST_TEST(engine->calls.empty());
}

BOOST_AUTO_TEST_CASE(mutations_need_a_valid_key_and_change_nothing_without) {
  auto r = make();
  for (auto key : {"", "k-on", "k-one2", "K-ONE", "wrong"}) {
    auto res = call(r, "GET", "/delete_ledger?name=a", "", key);
    BOOST_TEST(res.status == 401, key);
    BOOST_TEST(code_of(res) == "unauthorized");
    BOOST_TEST(call(r, "POST", "/v1/ledgers/a/stop", "", key).status == 401);
  }
  BOOST_TEST(engine->calls.empty());
  BOOST_TEST(call(r, "GET", "/delete_ledger?name=a", "", "k-two").status ==
             200);
  BOOST_TEST(engine->calls == std::vector<std::string>{"remove a"});
}

BOOST_AUTO_TEST_CASE(without_configured_keys_every_mutation_is_refused) {
  auto r = make(false, false);
  auto res = call(r, "GET", "/start_ledger?name=a", "", "anything");
  BOOST_TEST(res.status == 401);
  BOOST_TEST(res.body.find("no API key is configured") != std::string::npos);
  BOOST_TEST(call(r, "GET", "/view_ledger?name=a").status == 200);
}

BOOST_AUTO_TEST_CASE(reads_are_open_unless_configured_otherwise) {
  auto open = make();
  BOOST_TEST(call(open, "GET", "/v1/ledgers/a").status == 200);
  auto closed = make(true);
  BOOST_TEST(call(closed, "GET", "/v1/ledgers/a").status == 401);
  BOOST_TEST(call(closed, "GET", "/v1/ledgers/a", "", "k-one").status == 200);
  // Probes stay open for orchestrators.
  BOOST_TEST(call(closed, "GET", "/healthz").status == 200);
  BOOST_TEST(call(closed, "GET", "/readyz").status == 200);
}

BOOST_AUTO_TEST_CASE(old_create_reads_its_parameters) {
  auto r = make();
  auto missing = call(r, "GET", "/create_ledger?name=x", "", "k-one");
  BOOST_TEST(missing.status == 400);
  BOOST_TEST(missing.body.find("Missing required parameters") !=
             std::string::npos);
  BOOST_TEST(call(r, "GET",
                  "/create_ledger?name=x&tickerstotrack=AAPL&algo_path=a&"
                  "updatetime=abc&end=1",
                  "", "k-one")
               .status == 400);
  BOOST_TEST(call(r, "GET",
                  "/create_ledger?name=bad%20name&tickerstotrack=AAPL&"
                  "algo_path=a&updatetime=1&end=1",
                  "", "k-one")
               .status == 400);
  BOOST_TEST(engine->calls.empty());
  auto ok = call(r, "GET",
                 "/create_ledger?name=x&tickerstotrack=AAPL,%20GOOG&"
                 "algo_path=a&updatetime=0.5&end=100",
                 "", "k-one");
  BOOST_TEST(ok.status == 200);
  BOOST_TEST(ok.body.find("has been created") != std::string::npos);
  BOOST_TEST(engine->calls == std::vector<std::string>{"create x started"});
}

BOOST_AUTO_TEST_CASE(update_ledger_validates_its_body) {
  auto r = make();
  auto patch = [&](std::string body) {
    return call(r, "PATCH", "/update_ledger", std::move(body), "k-one");
  };
  BOOST_TEST(patch("").status == 400);
  BOOST_TEST(code_of(patch("{not json")) == "bad_json");
  BOOST_TEST(
    patch(R"({"name":"a","trades":[]})").body.find("Missing required fields") !=
    std::string::npos);
  BOOST_TEST(patch(R"({"name":"a","trades":[{"type":"hold","ticker":"AAPL",
    "quantity":1}],"holding":{}})")
               .status == 400);
  BOOST_TEST(patch(R"({"name":"a","trades":[{"type":"buy","ticker":"AAPL",
    "quantity":1.5}],"holding":{}})")
               .status == 400);
  BOOST_TEST(engine->calls.empty());
  auto ok = patch(R"({"name":"a","balance":1,"trades":[{"type":"buy",
    "ticker":"AAPL","price":176.25,"quantity":8}],"holding":{"AAPL":8,
    "GOOG":0}})");
  BOOST_TEST(ok.status == 200);
  BOOST_REQUIRE(engine->last_expected);
  BOOST_TEST((*engine->last_expected == holdings{{"AAPL", 8}}));
  BOOST_REQUIRE(engine->last_trades.size() == 1u);
  BOOST_TEST(engine->last_trades[0].price->micros() == 176'250'000);
}

BOOST_AUTO_TEST_CASE(engine_failures_map_to_statuses) {
  auto r = make();
  auto status_for = [&](const char* code) {
    engine->fail = failure{code, "because", {{"AAPL", 3}}};
    return call(r, "GET", "/v1/ledgers/a");
  };
  BOOST_TEST(status_for("unknown_ledger").status == 404);
  BOOST_TEST(status_for("name_taken").status == 409);
  BOOST_TEST(status_for("invalid_transition").status == 409);
  BOOST_TEST(status_for("invalid_config").status == 400);
  BOOST_TEST(status_for("database_unavailable").status == 503);
  BOOST_TEST(status_for("timeout").status == 504);
  auto internal = status_for("internal");
  BOOST_TEST(internal.status == 500);
  BOOST_TEST(internal.body.find("because") == std::string::npos);
  auto mismatch = status_for("holding_mismatch");
  BOOST_TEST(mismatch.status == 409);
  BOOST_TEST(mismatch.body.find(R"("holding":{"AAPL":3})") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(v1_parameters_are_checked_before_the_engine) {
  auto r = make();
  BOOST_TEST(call(r, "GET", "/v1/ledgers?limit=0").status == 400);
  BOOST_TEST(call(r, "GET", "/v1/ledgers?limit=1001").status == 400);
  BOOST_TEST(call(r, "GET", "/v1/ledgers/a/trades?after=-1").status == 400);
  BOOST_TEST(call(r, "GET", "/v1/ledgers/a/history?from=yesterday").status ==
             400);
  BOOST_TEST(call(r, "GET", "/v1/ledgers/bad%20name").status == 400);
  BOOST_TEST(
    call(r, "POST", "/v1/ledgers", R"({"name":"a"})", "k-one").status == 400);
  BOOST_TEST(call(r, "POST", "/v1/ledgers",
                  R"({"name":"a","tickers":["AAPL"],"algo_path":"x",
                      "interval":"5 minutes","end":1})",
                  "k-one")
               .status == 400);
  BOOST_TEST(call(r, "POST", "/v1/ledgers",
                  R"({"name":"a","tickers":["AAPL"],"algo_path":"x",
                      "interval":"5m","end":1,"colour":"red"})",
                  "k-one")
               .status == 400);
  BOOST_TEST(
    call(r, "POST", "/v1/ledgers/a/trades", R"({"trades":[]})", "k-one")
      .status == 201);
  BOOST_TEST(
    call(r, "POST", "/v1/ledgers/a/trades", R"({"trades":[]})", "k-one")
      .status == 201);
  request bad_key;
  bad_key.method = "POST";
  bad_key.target = "/v1/ledgers/a/trades";
  bad_key.body = R"({"trades":[]})";
  bad_key.headers.emplace("x-api-key", "k-one");
  bad_key.headers.emplace("idempotency-key", "has space");
  std::optional<response> out;
  r.handle(bad_key, [&](response x) { out = std::move(x); });
  BOOST_REQUIRE(out);
  BOOST_TEST(out->status == 400);
  BOOST_TEST(engine->calls ==
             (std::vector<std::string>{"report a", "report a"}));
}

BOOST_AUTO_TEST_CASE(list_pages_by_name) {
  auto r = make();
  auto first = call(r, "GET", "/v1/ledgers?limit=2");
  BOOST_TEST(first.status == 200);
  BOOST_TEST(first.body.find(R"("next":"b")") != std::string::npos);
  auto rest = call(r, "GET", "/v1/ledgers?limit=2&after=b");
  BOOST_TEST(rest.body.find(R"("name":"c")") != std::string::npos);
  BOOST_TEST(rest.body.find(R"("next":null)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(metrics_count_requests_by_route_and_status) {
  auto r = make();
  call(r, "GET", "/v1/ledgers/x");
  call(r, "GET", "/v1/ledgers/y");
  call(r, "GET", "/nowhere");
  call(r, "BREW", "/healthz");
  auto m = call(r, "GET", "/metrics");
  BOOST_TEST(m.status == 200);
  BOOST_TEST(m.content_type.find("text/plain") == 0u);
  BOOST_TEST(m.body.find("ledger_http_requests_total{method=\"GET\",route=\""
                         "/v1/ledgers/{name}\",status=\"200\"} 2") !=
             std::string::npos);
  BOOST_TEST(m.body.find("route=\"unmatched\",status=\"404\"} 1") !=
             std::string::npos);
  BOOST_TEST(m.body.find("method=\"other\"") != std::string::npos);
  BOOST_TEST(m.body.find("ledger_ledgers{status=\"created\"} 3") !=
             std::string::npos);
  BOOST_TEST(m.body.find("ledger_tick_latency_seconds_bucket{le=\"+Inf\"}") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(stats_reads_the_risk_free_rate) {
  auto r = make();
  auto plain = call(r, "GET", "/v1/ledgers/a/stats");
  BOOST_TEST(plain.status == 200);
  BOOST_REQUIRE(engine->last_facts);
  BOOST_TEST(engine->last_facts->settings.risk_free == 0);
  BOOST_TEST(engine->last_facts->settings.interval.count() == 60'000);
  BOOST_TEST(engine->last_facts->tallies);
  BOOST_TEST(!engine->last_facts->from);
  // Nothing recorded: every statistic of the series is null, not 0.
  auto body = test::http_reply{200, plain.body, {}}.json();
  BOOST_TEST(body["value"].IsNull());
  auto& s = body["statistics"];
  BOOST_REQUIRE(s.IsObject());
  for (auto key : {"total_return", "annualized_return", "volatility", "sharpe",
                   "sortino", "max_drawdown", "max_drawdown_start",
                   "max_drawdown_end", "win_rate", "turnover", "exposure"})
    BOOST_TEST(s[key].IsNull(), key);
  BOOST_TEST(test::text_of(s, "fees") == "0");
  BOOST_TEST(call(r, "GET", "/v1/ledgers/a/stats?risk_free=0.02").status ==
             200);
  BOOST_TEST(engine->last_facts->settings.risk_free == 0.02);
  BOOST_TEST(call(r, "GET", "/v1/ledgers/a/stats?risk_free=-0.005").status ==
             200);
  BOOST_TEST(engine->last_facts->settings.risk_free == -0.005);
  engine->calls.clear();
  for (auto bad : {"", "abc", "2%25", "1e-2", "inf", "nan", "0x1", "%200.1",
                   "0.1.2", "-1", "1.5", "-", "."}) {
    auto refused =
      call(r, "GET", std::string{"/v1/ledgers/a/stats?risk_free="} + bad);
    BOOST_TEST(refused.status == 400, bad);
    BOOST_TEST(refused.body.find("risk_free") != std::string::npos);
  }
  BOOST_TEST(engine->calls.empty());
}

BOOST_AUTO_TEST_CASE(compare_checks_names_and_keeps_their_order) {
  auto r = make();
  auto both = call(
    r, "GET",
    "/v1/compare?names=beta,alpha&from=2026-11-01T00:00:00Z&risk_free=0.01");
  BOOST_TEST_REQUIRE(both.status == 200, both.body);
  auto body = test::http_reply{200, both.body, {}}.json();
  BOOST_REQUIRE(body["ledgers"].Size() == 2u);
  BOOST_TEST(test::text_of(body["ledgers"][0], "name") == "beta");
  BOOST_TEST(test::text_of(body["ledgers"][1], "name") == "alpha");
  BOOST_TEST(body["ledgers"][0]["statistics"].IsObject());
  BOOST_TEST(test::text_of(body, "from") == "2026-11-01T00:00:00.000000Z");
  BOOST_TEST(body["to"].IsNull());
  BOOST_TEST(test::text_of(body, "risk_free") == "0.01");
  BOOST_REQUIRE(engine->last_facts);
  BOOST_TEST(!engine->last_facts->tallies);
  BOOST_TEST(engine->last_facts->from.has_value());
  BOOST_TEST(engine->last_facts->settings.risk_free == 0.01);

  engine->calls.clear();
  std::string many = "/v1/compare?names=l0";
  for (int i = 1; i <= 20; ++i)
    many += ",l" + std::to_string(i);
  std::vector<std::string> refused{
    "/v1/compare",
    "/v1/compare?names=",
    "/v1/compare?names=a,,b",
    "/v1/compare?names=a,a",
    "/v1/compare?names=a,b%20c",
    many,
    "/v1/compare?names=a&from=yesterday",
    "/v1/compare?names=a&from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z",
    "/v1/compare?names=a&risk_free=x"};
  for (auto& bad : refused)
    BOOST_TEST(call(r, "GET", bad).status == 400, bad);
  BOOST_TEST(engine->calls.empty());
  // Twenty is allowed.
  BOOST_TEST(call(r, "GET", many.substr(0, many.rfind(','))).status == 200);

  engine->fail = failure{"unknown_ledger", "no ledger named ghost", {}};
  auto unknown = call(r, "GET", "/v1/compare?names=ghost");
  BOOST_TEST(unknown.status == 404);
  BOOST_TEST(unknown.body.find("ghost") != std::string::npos);

  json::document described;
  BOOST_REQUIRE(!described.parse(openapi_document()));
  for (auto path : {"/v1/compare", "/v1/ledgers/{name}/stats"})
    BOOST_TEST(described.root()["paths"].HasMember(path), path);
}

BOOST_AUTO_TEST_CASE(openapi_describes_every_route) {
  json::document parsed;
  BOOST_REQUIRE(!parsed.parse(openapi_document()));
  auto& paths = parsed.root()["paths"];
  for (auto path : {"/create_ledger", "/view_ledger", "/delete_ledger",
                    "/update_ledger", "/start_ledger", "/v1/ledgers",
                    "/v1/ledgers/{name}", "/v1/ledgers/{name}/start",
                    "/v1/ledgers/{name}/stop", "/v1/ledgers/{name}/trades",
                    "/v1/ledgers/{name}/history", "/v1/ledgers/{name}/stats",
                    "/healthz", "/readyz", "/metrics", "/openapi.json"})
    BOOST_TEST(paths.HasMember(path), path);
  auto r = make();
  BOOST_TEST(call(r, "GET", "/openapi.json").status == 200);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(api_keys)

BOOST_AUTO_TEST_CASE(only_exact_keys_are_accepted) {
  auto keys = key_set::load(" alpha-key ,beta,,", "");
  BOOST_TEST(keys.size() == 2u);
  BOOST_TEST(keys.accepts("alpha-key"));
  BOOST_TEST(keys.accepts("beta"));
  for (auto guess :
       {"", "alpha", "alpha-key ", "alpha-keyX", "bet", "betaa", "BETA"})
    BOOST_TEST(!keys.accepts(guess), guess);
  BOOST_TEST(!keys.accepts(std::string(5000, 'a')));
  BOOST_TEST(!key_set{}.accepts(""));
}

BOOST_AUTO_TEST_CASE(keys_load_from_a_file_and_are_never_quoted) {
  char name[] = "/tmp/api-keys-XXXXXX";
  int fd = mkstemp(name);
  BOOST_REQUIRE(fd >= 0);
  close(fd);
  {
    std::ofstream out{name};
    out << "# ops keys\n\n  file-key-1  \nfile-key-2\n";
  }
  auto keys = key_set::load("env-key", name);
  std::remove(name);
  BOOST_TEST(keys.size() == 3u);
  BOOST_TEST(keys.accepts("file-key-1"));
  BOOST_TEST(!keys.accepts("# ops keys"));
  BOOST_CHECK_THROW(key_set::load("", "/nonexistent/keys"),
                    std::invalid_argument);
  try {
    key_set::load(std::string(300, 's'), "");
    BOOST_FAIL("a long key must be refused");
  } catch (const std::invalid_argument& e) {
    BOOST_TEST(std::string{e.what()}.find("sss") == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(targets_decode) {
  auto t = parse_target("/view_ledger?name=kr%69sh+algo&x&name=second");
  BOOST_REQUIRE(t);
  BOOST_TEST(t->path == "/view_ledger");
  BOOST_TEST(*t->param("name") == "krish algo");
  BOOST_TEST(t->param("x").value_or("?") == "");
  BOOST_TEST(!parse_target("/a?b=%4"));
  BOOST_TEST(!parse_target("/a%00"));
}

BOOST_AUTO_TEST_SUITE_END()
