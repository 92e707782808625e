// Decodes every example of docs/wire-format.md with its decoder, so the
// page cannot drift from the code. The page is read at run time; each
// ```json block belongs to the "### " heading above it.

#include "json/time.hpp"
#include "messaging/codec_command.hpp"
#include "messaging/codec_command_reply.hpp"
#include "messaging/codec_event.hpp"
#include "messaging/codec_quote.hpp"
#include "messaging/codec_release.hpp"
#include "messaging/codec_trade.hpp"
#include "tests/messaging/same.hpp"
#include "tests/support/printers.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

using namespace ledger;
using namespace ledger::messaging;

namespace {

// heading -> the one ```json block under it.
std::map<std::string, std::string> examples() {
  std::ifstream in{std::string{LEDGER_SOURCE_DIR} + "/docs/wire-format.md"};
  BOOST_REQUIRE_MESSAGE(in, "cannot read docs/wire-format.md");
  std::map<std::string, std::string> out;
  std::string line, heading, block;
  bool in_block = false;
  while (std::getline(in, line)) {
    if (in_block) {
      if (line.rfind("```", 0) == 0) {
        in_block = false;
        BOOST_REQUIRE_MESSAGE(out.emplace(heading, block).second,
                              "two json examples under " << heading);
      } else {
        block += line + "\n";
      }
    } else if (line.rfind("### ", 0) == 0) {
      heading = line.substr(4);
    } else if (line == "```json") {
      in_block = true;
      block.clear();
    }
  }
  return out;
}

const std::string& example(const char* heading) {
  static const auto all = examples();
  auto i = all.find(heading);
  BOOST_REQUIRE_MESSAGE(i != all.end(), "no example under ### " << heading);
  return i->second;
}

template <class T>
const T& ok(const decoded<T>& d) {
  if (auto why = std::get_if<std::string>(&d))
    BOOST_FAIL("decoding failed: " << *why);
  return std::get<T>(d);
}

money cash(const char* text) {
  return *money::parse(text);
}

price px(const char* text) {
  return *price::parse(text);
}

} // namespace

BOOST_AUTO_TEST_SUITE(wire_format_examples)

BOOST_AUTO_TEST_CASE(every_json_block_is_under_a_known_heading) {
  auto all = examples();
  BOOST_TEST(all.size() == 21u);
}

BOOST_AUTO_TEST_CASE(trade_request) {
  auto r = ok(decode_trade_request(example("Trade request")));
  BOOST_TEST(r.ledger == "demo");
  BOOST_TEST(r.tick == 42);
  BOOST_TEST(json::format_time(r.time) == "2026-11-25T09:30:00.000000Z");
  BOOST_TEST(json::format_time(r.deadline) == "2026-11-25T09:30:05.000000Z");
  BOOST_TEST(r.algo == "momentum");
  BOOST_TEST(r.balance == cash("96485.5"));
  BOOST_TEST(r.positions.at("AAPL") == 8);
  BOOST_TEST(r.positions.at("MSFT") == 5);
  BOOST_TEST(r.prices.at("AAPL") == px("176.25"));
  BOOST_TEST(r.prices.at("MSFT") == px("310.5"));
  BOOST_TEST((r.value == std::optional<money>{cash("99448")}));
  BOOST_REQUIRE(r.trades.size() == 1u);
  BOOST_TEST(r.trades[0].direction == side::buy);
  BOOST_TEST(r.trades[0].shares.shares() == 8);
  BOOST_TEST(r.trades[0].fill_price == px("176.25"));
  BOOST_TEST(r.trades[0].fee == cash("1"));
  BOOST_TEST((r.trades[0].limit == std::optional<price>{px("180")}));
  BOOST_TEST(r.trades[0].cash_delta == cash("-1411"));
  BOOST_REQUIRE(r.rejected.size() == 1u);
  BOOST_TEST(r.rejected[0].code == reject_code::insufficient_funds);
  BOOST_TEST(r.rejected[0].order.ticker == "MSFT");
  BOOST_TEST(r.rejected[0].order.shares.shares() == 1000);
  BOOST_TEST(!r.rejected[0].order.price.has_value());
}

BOOST_AUTO_TEST_CASE(trade_reply) {
  auto r = ok(decode_trade_reply(example("Trade reply")));
  BOOST_TEST(r.ledger == "demo");
  BOOST_TEST(r.tick == 42);
  BOOST_TEST(!r.error.has_value());
  BOOST_REQUIRE(r.orders.size() == 2u);
  BOOST_TEST(r.orders[0].direction == side::buy);
  BOOST_TEST(r.orders[0].ticker == "AAPL");
  BOOST_TEST(r.orders[0].shares.shares() == 2);
  BOOST_TEST((r.orders[0].price == std::optional<price>{px("177")}));
  BOOST_TEST(r.orders[1].direction == side::sell);
  BOOST_TEST(r.orders[1].ticker == "MSFT");
  BOOST_TEST(!r.orders[1].price.has_value());
}

BOOST_AUTO_TEST_CASE(trade_reply_error) {
  auto r = ok(decode_trade_reply(example("Trade reply (error)")));
  BOOST_TEST(r.ledger == "demo");
  BOOST_TEST(r.tick == 42);
  BOOST_TEST((r.error == algo_failure::model_error));
  BOOST_TEST(r.error_message.find("ZeroDivisionError") == 0u);
  BOOST_TEST(r.orders.empty());
}

BOOST_AUTO_TEST_CASE(release_notice) {
  auto& body = example("Release notice");
  BOOST_TEST((decode_release(body) == std::optional<std::string>{"demo"}));
  // What the engine writes reads back; a request is no notice, nor is a
  // notice naming something that cannot be a ledger.
  BOOST_TEST((decode_release(encode_release("a.b-c")) ==
              std::optional<std::string>{"a.b-c"}));
  BOOST_TEST(!decode_release(example("Trade request")).has_value());
  BOOST_TEST(!decode_release(R"({"v":1,"release":"../x"})").has_value());
  BOOST_TEST(!decode_release(R"({"v":1,"release":5})").has_value());
  BOOST_TEST(!decode_release(R"({"v":2,"release":"demo"})").has_value());
  BOOST_TEST(!decode_release("not json").has_value());
}

BOOST_AUTO_TEST_CASE(quote_example) {
  auto q = ok(decode_quote(example("Quote")));
  BOOST_TEST(q.ticker == "AAPL");
  BOOST_TEST(q.price == px("176.25"));
  BOOST_TEST(json::format_time(q.time) == "2010-03-01T00:00:00.000000Z");
}

BOOST_AUTO_TEST_CASE(command_create) {
  auto c = ok(decode_command(example("Command: create")));
  BOOST_TEST(c.kind == command_kind::create);
  BOOST_TEST(c.name == "demo");
  BOOST_TEST(c.start);
  BOOST_REQUIRE(c.config.has_value());
  BOOST_TEST(c.config->name == "demo");
  BOOST_TEST((c.config->tickers == std::vector<std::string>{"AAPL", "MSFT"}));
  BOOST_TEST(c.config->algo_path == "momentum");
  BOOST_TEST(c.config->interval.count() == 300'000);
  BOOST_TEST(c.config->lifespan.count() == 30LL * 86'400'000);
  BOOST_TEST(c.config->initial_balance == cash("100000"));
  BOOST_TEST(c.config->slippage_bps == 5);
  BOOST_TEST(c.config->fee == cash("1"));
  BOOST_TEST(c.config->tolerance_bps == 500);
  BOOST_TEST((c.config->calendar == market_calendar::xnys));
}

BOOST_AUTO_TEST_CASE(commands_with_a_name) {
  const std::pair<const char*, command_kind> cases[] = {
    {"Command: start", command_kind::start},
    {"Command: stop", command_kind::stop},
    {"Command: delete", command_kind::remove},
    {"Command: view", command_kind::view},
  };
  for (auto& [heading, kind] : cases) {
    BOOST_TEST_CONTEXT(heading) {
      auto c = ok(decode_command(example(heading)));
      BOOST_TEST((c.kind == kind));
      BOOST_TEST(c.name == "demo");
      BOOST_TEST(!c.config.has_value());
    }
  }
}

BOOST_AUTO_TEST_CASE(command_update) {
  auto c = ok(decode_command(example("Command: update")));
  BOOST_TEST((c.kind == command_kind::update));
  BOOST_TEST(c.name == "demo");
  BOOST_REQUIRE(c.trades.size() == 2u);
  BOOST_TEST(c.trades[0].ticker == "AAPL");
  BOOST_TEST((c.trades[0].price == std::optional<price>{px("176")}));
  BOOST_TEST(c.trades[1].direction == side::sell);
  BOOST_TEST(c.trades[1].shares.shares() == 3);
  BOOST_REQUIRE(c.holding.has_value());
  BOOST_TEST(c.holding->at("AAPL") == 8);
}

BOOST_AUTO_TEST_CASE(command_list) {
  auto c = ok(decode_command(example("Command: list")));
  BOOST_TEST((c.kind == command_kind::list));
  BOOST_TEST((c.after == std::optional<std::string>{"alpha"}));
  BOOST_TEST((c.limit == std::optional<std::int64_t>{50}));
}

BOOST_AUTO_TEST_CASE(command_nodes_and_its_reply) {
  auto c = ok(decode_command(example("Command: nodes")));
  BOOST_TEST((c.kind == command_kind::nodes));
  auto reply = ok(decode_command_reply(example("Command reply: nodes")));
  auto* nodes = std::get_if<std::vector<messaging::engine_node_entry>>(&reply);
  BOOST_REQUIRE(nodes);
  BOOST_REQUIRE(nodes->size() == 2u);
  BOOST_TEST(nodes->front().name == "n1");
  BOOST_TEST(nodes->front().http == "127.0.0.1:8080");
  BOOST_TEST(nodes->back().shards == (std::vector<int>{3, 4, 5}));
}

BOOST_AUTO_TEST_CASE(command_reply_ledger) {
  auto reply = ok(decode_command_reply(example("Command reply: ledger")));
  auto* one = std::get_if<ledger_reply>(&reply);
  BOOST_REQUIRE(one);
  auto* s = &one->ledger;
  auto& r = s->record;
  BOOST_TEST(r.config.name == "demo");
  BOOST_TEST(r.config.tickers.size() == 2u);
  BOOST_TEST(r.config.algo_path == "momentum");
  BOOST_TEST(r.config.interval.count() == 300'000);
  BOOST_TEST(r.config.lifespan.count() == 30LL * 86'400'000);
  BOOST_TEST(r.status == ledger_status::running);
  BOOST_REQUIRE(r.first_started.has_value());
  BOOST_TEST(json::format_time(*r.first_started) ==
             "2026-11-25T09:00:00.000000Z");
  BOOST_TEST(r.balance == cash("96485.5"));
  BOOST_TEST(r.positions.at("AAPL") == 8);
  BOOST_TEST((s->value == std::optional<money>{cash("97895.5")}));
  BOOST_TEST(r.last_tick == 42);
  BOOST_TEST(r.last_tick_at.has_value());
  BOOST_TEST(r.config.initial_balance == cash("100000"));
  BOOST_TEST(r.config.slippage_bps == 5);
  BOOST_TEST(r.config.fee == cash("1"));
  BOOST_TEST(r.config.tolerance_bps == 500);
  BOOST_TEST((r.config.calendar == market_calendar::xnys));
  BOOST_TEST(json::format_time(r.created_at) == "2026-11-25T08:59:58.120000Z");
  BOOST_TEST(!s->backlogged);
}

BOOST_AUTO_TEST_CASE(command_reply_ledgers) {
  auto reply = ok(decode_command_reply(example("Command reply: ledgers")));
  auto* list = std::get_if<std::vector<ledger_view>>(&reply);
  BOOST_REQUIRE(list);
  BOOST_REQUIRE(list->size() == 1u);
  auto& s = list->front();
  BOOST_TEST(s.record.config.name == "beta");
  BOOST_TEST(s.record.config.interval.count() == 30'000);
  BOOST_TEST((s.record.config.calendar == market_calendar::none));
  BOOST_TEST(s.record.config.lifespan.count() == 43'200'000);
  BOOST_TEST(s.record.status == ledger_status::created);
  BOOST_TEST(!s.record.first_started.has_value());
  BOOST_TEST(!s.value.has_value());
  BOOST_TEST(s.record.positions.empty());
}

BOOST_AUTO_TEST_CASE(command_reply_deleted) {
  auto reply = ok(decode_command_reply(example("Command reply: deleted")));
  BOOST_TEST(std::holds_alternative<ledger_deleted>(reply));
}

BOOST_AUTO_TEST_CASE(command_reply_report) {
  auto reply = ok(decode_command_reply(example("Command reply: report")));
  auto* r = std::get_if<report_result>(&reply);
  BOOST_REQUIRE(r);
  BOOST_TEST(!r->applied);
  BOOST_REQUIRE(r->outcomes.size() == 2u);
  auto* f = std::get_if<fill>(&r->outcomes[0]);
  BOOST_REQUIRE(f);
  BOOST_TEST(f->fill_price == px("176"));
  BOOST_TEST(f->cash_delta == cash("-1409"));
  auto* rej = std::get_if<rejection>(&r->outcomes[1]);
  BOOST_REQUIRE(rej);
  BOOST_TEST(rej->code == reject_code::insufficient_holdings);
  BOOST_TEST(rej->order.ticker == "MSFT");
}

BOOST_AUTO_TEST_CASE(command_reply_error) {
  auto reply = ok(decode_command_reply(example("Command reply: error")));
  auto* e = std::get_if<command_error>(&reply);
  BOOST_REQUIRE(e);
  BOOST_TEST(e->code == "unknown_ledger");
  BOOST_TEST(e->message == "no ledger named demo");
}

BOOST_AUTO_TEST_CASE(tick_event) {
  auto event = ok(decode_event(example("Tick event")));
  auto* r = std::get_if<tick_record>(&event);
  BOOST_REQUIRE(r);
  BOOST_TEST(r->ledger == "demo");
  BOOST_TEST(r->tick == 42);
  BOOST_TEST(r->outcome == tick_outcome::ok);
  BOOST_TEST(r->detail.empty());
  BOOST_TEST(r->latency.count() == 1830);
  BOOST_REQUIRE(r->fills.size() == 1u);
  BOOST_TEST(r->fills[0].cash_delta == cash("-353.5"));
  BOOST_REQUIRE(r->rejections.size() == 1u);
  BOOST_TEST(r->rejections[0].code == reject_code::insufficient_holdings);
  BOOST_TEST((r->value == std::optional<money>{cash("99447")}));
  BOOST_TEST(r->balance == cash("96132"));
  BOOST_TEST(r->positions.at("AAPL") == 10);
  BOOST_TEST(r->positions.at("MSFT") == 5);
}

BOOST_AUTO_TEST_CASE(status_event_example) {
  auto event = ok(decode_event(example("Status event")));
  auto* e = std::get_if<status_event>(&event);
  BOOST_REQUIRE(e);
  BOOST_TEST(e->ledger == "demo");
  BOOST_TEST(e->status == ledger_status::finished);
  BOOST_TEST(json::format_time(e->time) == "2026-12-25T09:00:00.000000Z");
}

BOOST_AUTO_TEST_SUITE_END()
