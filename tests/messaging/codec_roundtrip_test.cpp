// encode -> decode gives back the same value, and encoding that value
// again gives the same text.

#include "json/time.hpp"
#include "messaging/codec_command.hpp"
#include "messaging/codec_command_reply.hpp"
#include "messaging/codec_event.hpp"
#include "messaging/codec_quote.hpp"
#include "messaging/codec_trade.hpp"
#include "tests/messaging/same.hpp"
#include "tests/support/printers.hpp"

#include <boost/test/unit_test.hpp>
#include <rapidjson/document.h>

using namespace ledger;
using namespace ledger::messaging;
using ledger::test::same;

namespace {

template <class T>
T ok(decoded<T> d) {
  if (auto why = std::get_if<std::string>(&d))
    BOOST_FAIL("decoding failed: " << *why);
  return std::get<T>(std::move(d));
}

money cash(const char* text) {
  return *money::parse(text);
}

price px(const char* text) {
  return *price::parse(text);
}

timestamp at(const char* text) {
  return *json::parse_time(text);
}

order make_order(side s, const char* ticker, std::int64_t n,
                 std::optional<price> limit = std::nullopt) {
  return order{s, ticker, *quantity::make(n), limit};
}

fill make_fill(side s, const char* ticker, std::int64_t n, const char* p,
               const char* fee, std::optional<price> limit = std::nullopt) {
  auto notional = px(p).micros() * n;
  auto delta = s == side::buy ? -(notional + cash(fee).micros())
                              : notional - cash(fee).micros();
  return fill{s,     ticker,    *quantity::make(n),       px(p),
              limit, cash(fee), money::from_micros(delta)};
}

rejection make_rejection() {
  return rejection{make_order(side::sell, "MSFT", 6, px("300.000001")),
                   reject_code::insufficient_holdings,
                   "selling 6 MSFT but 5 are held"};
}

algo_request make_request() {
  algo_request r;
  r.ledger = "demo.one_2";
  r.tick = 1234567;
  r.time = at("2026-11-25T09:30:00.123456Z");
  r.deadline = at("2026-11-25T09:30:05.000001Z");
  r.algo = "algos/momentum.py";
  r.balance = cash("-0.000001");
  r.positions = {{"AAPL", 8}, {"BRK.B", 1}, {"^GSPC", 3}};
  r.prices = {{"AAPL", px("1455.219971")}, {"BRK.B", px("0.000001")}};
  r.value = cash("123456789.5");
  r.trades = {make_fill(side::buy, "AAPL", 8, "176.25", "1", px("180")),
              make_fill(side::sell, "BRK.B", 1, "412", "0")};
  r.rejected = {make_rejection()};
  return r;
}

ledger_view make_view() {
  ledger_config c;
  c.name = "demo";
  c.tickers = {"AAPL", "MSFT"};
  c.algo_path = "momentum";
  c.interval = std::chrono::milliseconds{1500};
  c.lifespan = std::chrono::hours{36};
  c.initial_balance = cash("250000.25");
  c.slippage_bps = 7;
  c.fee = cash("0.5");
  c.tolerance_bps = 250;
  c.calendar = market_calendar::xnys;
  ledger_view s;
  s.record = new_ledger_record(c, at("2026-11-25T08:00:00.5Z"));
  s.record.status = ledger_status::stopped;
  s.record.first_started = at("2026-11-25T08:00:01Z");
  s.record.balance = cash("249000");
  s.record.positions = {{"AAPL", 3}};
  s.record.last_tick = 17;
  s.record.last_tick_at = at("2026-11-25T08:10:00Z");
  s.value = cash("250001.75");
  s.backlogged = true;
  return s;
}

} // namespace

BOOST_AUTO_TEST_SUITE(codec_roundtrip)

BOOST_AUTO_TEST_CASE(trade_request) {
  auto r = make_request();
  auto text = encode_trade_request(r);
  auto back = ok(decode_trade_request(text));
  BOOST_TEST(same(back, r));
  BOOST_TEST(encode_trade_request(back) == text);
  // null value
  r.value.reset();
  r.trades.clear();
  r.rejected.clear();
  r.positions.clear();
  back = ok(decode_trade_request(encode_trade_request(r)));
  BOOST_TEST(same(back, r));
  BOOST_TEST(encode_trade_request(r).find("\"value\":null") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(trade_request_key) {
  auto key = peek_request_key(encode_trade_request(make_request()));
  BOOST_REQUIRE(key.has_value());
  BOOST_TEST(key->ledger == "demo.one_2");
  BOOST_TEST(key->tick == 1234567);
  // Even when the rest is unreadable.
  key = peek_request_key(R"({"v":1,"ledger":"demo","tick":3,"book_status":7})");
  BOOST_REQUIRE(key.has_value());
  BOOST_TEST(key->tick == 3);
  BOOST_TEST(!peek_request_key(R"({"v":1,"ledger":"demo"})").has_value());
  BOOST_TEST(!peek_request_key("not json").has_value());
}

BOOST_AUTO_TEST_CASE(trade_reply_with_trades) {
  algo_reply r;
  r.ledger = "demo";
  r.tick = 9;
  r.orders = {make_order(side::buy, "AAPL", 2, px("177.5")),
              make_order(side::sell, "MSFT", 1)};
  auto text = encode_trade_reply(r);
  auto back = ok(decode_trade_reply(text));
  BOOST_TEST(same(back, r));
  BOOST_TEST(encode_trade_reply(back) == text);
}

BOOST_AUTO_TEST_CASE(trade_reply_with_error) {
  for (auto code : {algo_failure::model_error, algo_failure::timeout,
                    algo_failure::bad_output, algo_failure::bad_request}) {
    algo_reply r;
    r.ledger = "demo";
    r.tick = 9;
    r.error = code;
    r.error_message = "Traceback (most recent call last): \"x\"\n\tline 3";
    auto back = ok(decode_trade_reply(encode_trade_reply(r)));
    BOOST_TEST(same(back, r));
  }
}

BOOST_AUTO_TEST_CASE(error_text_that_is_not_utf8_is_repaired) {
  algo_reply r;
  r.ledger = "demo";
  r.tick = 1;
  r.error = algo_failure::model_error;
  r.error_message = "bad \xff\xfe bytes \xe2\x82 and \xe2\x82\xac";
  auto back = ok(decode_trade_reply(encode_trade_reply(r)));
  // One U+FFFD per maximal invalid subpart: \xe2\x82 is a euro sign cut
  // short, one replacement.
  BOOST_TEST(back.error_message ==
             "bad \xEF\xBF\xBD\xEF\xBF\xBD bytes \xEF\xBF\xBD "
             "and \xe2\x82\xac");
}

BOOST_AUTO_TEST_CASE(quote_roundtrip) {
  quote q{"BRK.B", px("412.000001"), at("2010-03-01T15:59:59.999999Z")};
  auto text = encode_quote(q);
  auto back = ok(decode_quote(text));
  BOOST_TEST(back.ticker == q.ticker);
  BOOST_TEST(back.price == q.price);
  BOOST_TEST((back.time == q.time));
  BOOST_TEST(
    text ==
    R"({"v":1,"ticker":"BRK.B","price":412.000001,"time":"2010-03-01T15:59:59.999999Z"})");
}

BOOST_AUTO_TEST_CASE(commands) {
  std::vector<command> all;
  command create;
  create.kind = command_kind::create;
  create.name = "demo";
  create.config = make_view().record.config;
  create.start = false;
  all.push_back(create);
  // Without a calendar the member is left out, as before it existed.
  create.config->calendar = market_calendar::none;
  all.push_back(create);
  BOOST_TEST(encode_command(all[0]).find(R"("calendar":"XNYS")") !=
             std::string::npos);
  BOOST_TEST(encode_command(all[1]).find("calendar") == std::string::npos);
  for (auto kind : {command_kind::start, command_kind::stop,
                    command_kind::remove, command_kind::view}) {
    command c;
    c.kind = kind;
    c.name = "demo";
    all.push_back(c);
  }
  command update;
  update.kind = command_kind::update;
  update.name = "demo";
  update.trades = {make_order(side::buy, "AAPL", 8, px("176")),
                   make_order(side::sell, "AAPL", 3)};
  update.holding = holdings{{"AAPL", 5}};
  all.push_back(update);
  update.holding.reset();
  update.trades.clear();
  all.push_back(update);
  command list;
  list.kind = command_kind::list;
  all.push_back(list);
  list.after = "alpha";
  list.limit = 1000;
  all.push_back(list);
  command nodes;
  nodes.kind = command_kind::nodes;
  all.push_back(nodes);
  for (auto& c : all) {
    auto text = encode_command(c);
    BOOST_TEST_CONTEXT(text) {
      auto back = ok(decode_command(text));
      BOOST_TEST(same(back, c));
      BOOST_TEST(encode_command(back) == text);
    }
  }
}

BOOST_AUTO_TEST_CASE(command_replies) {
  auto s = make_view();
  auto fresh = s;
  fresh.record.first_started.reset();
  fresh.record.last_tick_at.reset();
  fresh.value.reset();
  fresh.record.positions.clear();

  {
    auto back =
      ok(decode_command_reply(encode_command_reply(ledger_reply{s, {}})));
    BOOST_REQUIRE(std::holds_alternative<ledger_reply>(back));
    BOOST_TEST(same(std::get<ledger_reply>(back).ledger, s));
  }
  {
    // A view reply carries the old view_ledger object beside the view.
    auto text =
      encode_command_reply(ledger_reply{s, R"({"balance":"1","trades":[]})"});
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    BOOST_REQUIRE(!doc.HasParseError());
    BOOST_REQUIRE(doc.HasMember("view_ledger"));
    BOOST_TEST(std::string{doc["view_ledger"]["balance"].GetString()} == "1");
    BOOST_TEST(doc["view_ledger"]["trades"].IsArray());
    auto back = ok(decode_command_reply(text));
    BOOST_TEST(same(std::get<ledger_reply>(back).ledger, s));
  }
  {
    std::vector<ledger_view> list{s, fresh};
    auto back = ok(decode_command_reply(encode_command_reply(list)));
    auto& got = std::get<std::vector<ledger_view>>(back);
    BOOST_REQUIRE(got.size() == 2u);
    BOOST_TEST(same(got[0], s));
    BOOST_TEST(same(got[1], fresh));
    auto empty = ok(
      decode_command_reply(encode_command_reply(std::vector<ledger_view>{})));
    BOOST_TEST(std::get<std::vector<ledger_view>>(empty).empty());
  }
  {
    auto back =
      ok(decode_command_reply(encode_command_reply(ledger_deleted{})));
    BOOST_TEST(std::holds_alternative<ledger_deleted>(back));
  }
  {
    report_result r;
    r.applied = true;
    r.outcomes = {make_fill(side::buy, "AAPL", 8, "176", "1"),
                  make_rejection()};
    auto back = ok(decode_command_reply(encode_command_reply(r)));
    auto& got = std::get<report_result>(back);
    BOOST_TEST(got.applied);
    BOOST_REQUIRE(got.outcomes.size() == 2u);
    BOOST_TEST(
      same(std::get<fill>(got.outcomes[0]), std::get<fill>(r.outcomes[0])));
    BOOST_TEST(same(std::get<rejection>(got.outcomes[1]),
                    std::get<rejection>(r.outcomes[1])));
  }
  {
    command_error e{"bad_command", "unknown field \"x\""};
    auto back = ok(decode_command_reply(encode_command_reply(e)));
    BOOST_TEST(std::get<command_error>(back).code == e.code);
    BOOST_TEST(std::get<command_error>(back).message == e.message);
  }
}

BOOST_AUTO_TEST_CASE(events) {
  tick_record r;
  r.ledger = "demo.x";
  r.tick = 77;
  r.time = at("2026-11-25T09:30:00.000001Z");
  r.outcome = tick_outcome::model_error;
  r.latency = std::chrono::microseconds{123456};
  r.detail = "bad_output: trade 0: quantity must be a whole number";
  r.fills = {make_fill(side::buy, "AAPL", 2, "176.25", "1", px("177"))};
  r.rejections = {make_rejection()};
  r.value = cash("99447");
  r.balance = cash("96132");
  r.positions = {{"AAPL", 10}, {"MSFT", 5}};
  auto text = encode_tick_event(r);
  auto back = ok(decode_event(text));
  BOOST_TEST(same(std::get<tick_record>(back), r));
  BOOST_TEST(encode_tick_event(std::get<tick_record>(back)) == text);
  r.value.reset();
  back = ok(decode_event(encode_tick_event(r)));
  BOOST_TEST(same(std::get<tick_record>(back), r));

  status_event e{"demo", ledger_status::running, at("2026-11-25T09:00:00Z")};
  auto status = ok(decode_event(encode_status_event(e)));
  auto& got = std::get<status_event>(status);
  BOOST_TEST(got.ledger == e.ledger);
  BOOST_TEST(got.status == e.status);
  BOOST_TEST((got.time == e.time));
  BOOST_TEST(event_routing_key("demo.x", tick_event_name) == "demo.x.tick");
}

BOOST_AUTO_TEST_SUITE_END()
