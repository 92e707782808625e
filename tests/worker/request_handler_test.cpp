#include "json/time.hpp"
#include "tests/support/printers.hpp"
#include "tests/worker/fixtures.hpp"
#include "worker/request_handler.hpp"
#include "worker/tick_line.hpp"

#include <boost/test/unit_test.hpp>
#include <rapidjson/stringbuffer.h>

#include <fstream>
#include <sstream>

using namespace ledger;
using namespace ledger::worker;
using namespace ledger::worker::testing;
using namespace std::chrono_literals;

namespace {

price px(const char* text) {
  return *price::parse(text);
}

quantity shares(std::int64_t n) {
  return *quantity::make(n);
}

/// The documentation's example request (docs/model-host.md), due in 5 s.
algo_request example_request(std::string algo) {
  algo_request r;
  r.ledger = "krishalgo";
  r.tick = 12;
  r.time = *json::parse_time("2026-11-25T09:30:00Z");
  r.deadline = std::chrono::system_clock::now() + 5s;
  r.algo = std::move(algo);
  r.balance = money::units(98592);
  r.positions = {{"AAPL", 8}};
  r.prices = {{"AAPL", px("176.25")}};
  r.value = money::units(100002);
  r.trades = {fill{side::buy, "AAPL", shares(8), px("176"), std::nullopt,
                   money::units(0), money::units(-1408)}};
  r.rejected = {rejection{order{side::buy, "AAPL", shares(800), std::nullopt},
                          reject_code::insufficient_funds,
                          "buy of 800 AAPL costs 141000, balance is 98592"}};
  return r;
}

/// A first tick: cash only, quotes for `prices`.
algo_request first_tick(std::string algo, price_map prices,
                        std::chrono::milliseconds within = 5000ms) {
  algo_request r;
  r.ledger = "l1";
  r.tick = 1;
  r.time = std::chrono::system_clock::now();
  r.deadline = r.time + within;
  r.algo = std::move(algo);
  r.balance = money::units(100000);
  r.prices = std::move(prices);
  return r;
}

std::string error_of(const algo_reply& reply) {
  return reply.error ? std::string{to_string(*reply.error)} : "(none)";
}

/// A handler over a pool of its own.
struct handler_fixture {
  host_pool pool;
  request_handler handler;
  handler_fixture(fs::path root, host_options options)
    : pool(std::move(options)), handler({std::move(root)}, pool) {}
};

/// A handler whose host always answers `reply` (with the request's id).
handler_fixture answering(std::string reply) {
  auto options = fake("reply");
  options.environment.emplace_back("FAKE_REPLY", std::move(reply));
  return handler_fixture{examples(), options};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(request_handling)

BOOST_AUTO_TEST_CASE(the_tick_line_is_the_documented_one_with_exact_numbers) {
  rapidjson::StringBuffer text;
  json::writer w{text};
  w.StartObject();
  write_tick_members(w, example_request("buy_and_hold"));
  w.EndObject();
  BOOST_TEST(std::string{text.GetString()} ==
             R"({"op":"tick","ledger":"krishalgo","book_status":{)"
             R"("balance":98592,"holding":{"AAPL":8},)"
             R"("prices":{"AAPL":176.25},"value":100002,)"
             R"("trades":[{"type":"buy","ticker":"AAPL","quantity":8,)"
             R"("price":176,"fee":0}],)"
             R"("rejected":[{"code":"insufficient_funds","message":)"
             R"("buy of 800 AAPL costs 141000, balance is 98592",)"
             R"("trade":{"type":"buy","ticker":"AAPL","quantity":800}}],)"
             R"("tick":12,"time":"2026-11-25T09:30:00.000000Z",)"
             R"("ledger":"krishalgo"}})");
  auto no_value = example_request("buy_and_hold");
  no_value.value.reset();
  rapidjson::StringBuffer text2;
  json::writer w2{text2};
  w2.StartObject();
  write_tick_members(w2, no_value);
  w2.EndObject();
  BOOST_TEST(contains(text2.GetString(), R"("value":null,)"));
}

BOOST_AUTO_TEST_CASE(buy_and_hold_invests_on_its_first_tick_only) {
  handler_fixture f{examples(), real_host()};
  auto request =
    first_tick("buy_and_hold", {{"AAPL", px("176.25")}, {"MSFT", px("400")}});
  auto reply = f.handler.handle(request);
  BOOST_TEST(error_of(reply) == "(none)", reply.error_message);
  BOOST_TEST(reply.ledger == "l1");
  BOOST_TEST(reply.tick == 1);
  BOOST_REQUIRE(reply.orders.size() == 2u);
  // 95% of 100000 split evenly: 47500 / 176.25 and 47500 / 400.
  BOOST_TEST(reply.orders[0].direction == side::buy);
  BOOST_TEST(reply.orders[0].ticker == "AAPL");
  BOOST_TEST(reply.orders[0].shares.shares() == 269);
  BOOST_TEST(!reply.orders[0].price.has_value());
  BOOST_TEST(reply.orders[1].ticker == "MSFT");
  BOOST_TEST(reply.orders[1].shares.shares() == 118);
  request.tick = 2;
  request.deadline = std::chrono::system_clock::now() + 5s;
  reply = f.handler.handle(request);
  BOOST_TEST(error_of(reply) == "(none)", reply.error_message);
  BOOST_TEST(reply.orders.empty());
  BOOST_TEST(f.pool.size() == 1u);
}

BOOST_AUTO_TEST_CASE(sma_crossover_runs_tick_after_tick) {
  handler_fixture f{examples(), real_host()};
  for (int tick = 1; tick <= 5; ++tick) {
    auto request = first_tick("sma_crossover", {{"AAPL", px("176.25")}});
    request.tick = tick;
    auto reply = f.handler.handle(request);
    BOOST_TEST(error_of(reply) == "(none)", reply.error_message);
    BOOST_TEST(reply.orders.empty()); // not enough history to cross
  }
}

BOOST_AUTO_TEST_CASE(rejections_reach_the_model) {
  scratch_dir dir;
  auto log = dir.path / "model.log";
  auto options = real_host();
  options.environment.emplace_back("LEDGER_MODEL_LOG", log.string());
  handler_fixture f{examples(), options};
  auto request = first_tick("random_trader", {{"AAPL", px("176.25")}});
  BOOST_TEST(error_of(f.handler.handle(request)) == "(none)");
  request.tick = 2;
  request.deadline = std::chrono::system_clock::now() + 5s;
  request.rejected = {
    rejection{order{side::sell, "AAPL", shares(5), std::nullopt},
              reject_code::insufficient_holdings, "holding 0 AAPL"},
    rejection{order{side::buy, "ZZZZ", shares(1), px("10")},
              reject_code::unknown_ticker, "ZZZZ is not tracked"}};
  auto reply = f.handler.handle(request);
  BOOST_TEST(error_of(reply) == "(none)", reply.error_message);
  std::ifstream in{log};
  std::stringstream seen;
  seen << in.rdbuf();
  BOOST_TEST(seen.str() == "{\"ledger\": \"l1\", \"tick\": 2, \"code\": "
                           "\"insufficient_holdings\"}\n"
                           "{\"ledger\": \"l1\", \"tick\": 2, \"code\": "
                           "\"unknown_ticker\"}\n");
}

BOOST_AUTO_TEST_CASE(misbehaving_models_get_the_matching_error) {
  handler_fixture f{test_models(), real_host()};
  struct expectation {
    const char* model;
    const char* error;
    const char* message;
  };
  for (auto [model, error, message] : {
         expectation{"raises", "model_error", "ValueError: model exploded"},
         expectation{"sys_exit", "model_error", "SystemExit: 4"},
         expectation{"returns_nan", "bad_output",
                     "trade 0: price must be a finite number > 0, got nan"},
         expectation{"fractional_quantity", "bad_output",
                     "trade 1: quantity must be a whole number of shares >= "
                     "1, got 2.5"},
         expectation{"unknown_field", "bad_output",
                     "trade 0: unknown key 'stop' (allowed: type, ticker, "
                     "quantity, price)"},
         expectation{"not_a_list", "bad_output",
                     "trade() returned str; expected a list of trades or "
                     "{\"trades\": [...]}"},
         expectation{"exits", "model_error",
                     "the model host exited with status 7 before replying"},
       }) {
    auto reply = f.handler.handle(first_tick(model, {{"AAPL", px("1")}}));
    BOOST_TEST(error_of(reply) == error, model);
    BOOST_TEST(reply.error_message == message, model);
    BOOST_TEST(reply.orders.empty(), model);
    BOOST_TEST(reply.tick == 1, model);
  }
  auto reply = f.handler.handle(first_tick("fails_to_load", {}));
  BOOST_TEST(error_of(reply) == "model_error");
  BOOST_TEST(contains(reply.error_message, "broken at import"));
  reply = f.handler.handle(first_tick("sleeps_forever", {}, 1500ms));
  BOOST_TEST(error_of(reply) == "timeout", reply.error_message);
  // A well-behaved model of the same pool is untouched by all of it.
  reply = f.handler.handle(first_tick("counter", {}));
  BOOST_TEST(error_of(reply) == "(none)", reply.error_message);
  BOOST_TEST(reply.orders.size() == 1u);
}

BOOST_AUTO_TEST_CASE(bad_algo_paths_and_late_requests_never_start_a_host) {
  handler_fixture f{examples(), real_host()};
  auto reply = f.handler.handle(first_tick("../buy_and_hold", {}));
  BOOST_TEST(error_of(reply) == "model_error");
  BOOST_TEST(contains(reply.error_message, "must not contain"));
  reply = f.handler.handle(first_tick("no_such_algo", {}));
  BOOST_TEST(error_of(reply) == "model_error");
  BOOST_TEST(contains(reply.error_message, "does not exist"));
  auto late = first_tick("buy_and_hold", {});
  reply = f.handler.handle(late, late.deadline + 1ms);
  BOOST_TEST(error_of(reply) == "timeout");
  BOOST_TEST(reply.error_message ==
             "the deadline passed before the model was asked");
  BOOST_TEST(reply.ledger == "l1");
  BOOST_TEST(f.pool.size() == 0u);
}

BOOST_AUTO_TEST_CASE(builtins_run_without_a_model_host) {
  handler_fixture f{examples(), real_host()};
  auto request = first_tick("builtin:null", {{"AAPL", px("176.25")}});
  auto reply = f.handler.handle(request);
  BOOST_TEST(error_of(reply) == "(none)", reply.error_message);
  BOOST_TEST(reply.orders.empty());
  BOOST_TEST(reply.tick == 1);

  request.algo = "builtin:random";
  request.positions = {{"AAPL", 3}};
  bool traded = false;
  for (std::int64_t tick = 1; tick <= 30 && !traded; ++tick) {
    request.tick = tick;
    reply = f.handler.handle(request);
    BOOST_TEST(error_of(reply) == "(none)", reply.error_message);
    traded = !reply.orders.empty();
  }
  BOOST_TEST(traded);

  request.algo = "builtin:nope";
  reply = f.handler.handle(request);
  BOOST_TEST(error_of(reply) == "model_error");
  BOOST_TEST(reply.error_message ==
             "unknown built-in algorithm \"builtin:nope\" (known: "
             "builtin:null, builtin:random)");

  // Late is late, built-in or not.
  request.algo = "builtin:null";
  reply = f.handler.handle(request, request.deadline);
  BOOST_TEST(error_of(reply) == "timeout");
  BOOST_TEST(f.pool.size() == 0u);
}

BOOST_AUTO_TEST_CASE(the_hosts_trades_are_read_exactly_and_strictly) {
  auto f = answering(R"({"v":1,"ok":true,"trades":[)"
                     R"({"type":"sell","ticker":"AAPL","quantity":3,)"
                     R"("price":176.25},{"type":"buy","ticker":"MSFT",)"
                     R"("quantity":1,"price":null}]})");
  auto reply = f.handler.handle(first_tick("buy_and_hold", {}));
  BOOST_TEST(error_of(reply) == "(none)", reply.error_message);
  BOOST_REQUIRE(reply.orders.size() == 2u);
  BOOST_TEST(reply.orders[0].direction == side::sell);
  BOOST_TEST(reply.orders[0].shares.shares() == 3);
  BOOST_TEST(*reply.orders[0].price == px("176.25"));
  BOOST_TEST(!reply.orders[1].price.has_value());

  std::string many = R"({"v":1,"ok":true,"trades":[)";
  for (int i = 0; i < 1001; ++i)
    many += std::string{i ? "," : ""} +
            R"({"type":"buy","ticker":"AAPL","quantity":1})";
  many += "]}";
  struct expectation {
    std::string reply;
    const char* error;
    const char* message;
  };
  for (auto& [answer, error, message] : {
         expectation{many, "bad_output",
                     "the model returned 1001 trades; at most 1000 per tick"},
         expectation{R"({"v":1,"ok":true,"trades":[{"type":"buy",)"
                     R"("ticker":"BRK B","quantity":1}]})",
                     "bad_output",
                     "trade 0: ticker must be 1 to 16 characters of A-Z, "
                     "a-z, 0-9, . ^ _ -"},
         expectation{R"({"v":1,"ok":true})", "bad_output",
                     "the model host's reply has no trades"},
         expectation{R"({"v":1,"ok":true,"trades":{"a":1}})", "bad_output",
                     "expected a list of trades or {\"trades\": [...]}"},
         expectation{R"({"v":1,"ok":false,"error":"bad_request",)"
                     R"("message":"unknown op"})",
                     "model_error",
                     "the model host refused the request: unknown op"},
         expectation{R"({"v":1,"ok":false,"error":"odd","message":"m"})",
                     "model_error", "the model host failed with \"odd\": m"},
         expectation{R"({"v":1,"ok":false,"error":"bad_output",)"
                     R"("message":"trade 0: missing key 'quantity'"})",
                     "bad_output", "trade 0: missing key 'quantity'"},
       }) {
    auto g = answering(answer);
    auto r = g.handler.handle(first_tick("buy_and_hold", {}));
    BOOST_TEST(error_of(r) == error, answer.substr(0, 80));
    BOOST_TEST(r.error_message == message, answer.substr(0, 80));
    BOOST_TEST(r.orders.empty());
  }
}

BOOST_AUTO_TEST_SUITE_END()
