// ledgerctl as a program, against a stub ledgerd: a thread of the test
// consuming the test topology's commands queue, checking what arrives and
// answering with canned replies (after a stray reply with another
// correlation id, which ledgerctl must ignore).

#include "messaging/codec_command.hpp"
#include "tests/cli/cli_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <rapidjson/document.h>

#include <atomic>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

using namespace ledger;
using namespace ledger::test;
using namespace std::chrono_literals;
using messaging::command;
using messaging::command_kind;

namespace {

const std::string ctl = LEDGERCTL_BINARY;

class stub_ledgerd {
public:
  /// Answers each decoded command with the reply body `answer` returns.
  stub_ledgerd(const test_topology& t,
               std::function<std::string(const command&)> answer)
    : topo_(t.topo), answer_(std::move(answer)) {
    auto started = ready_.get_future();
    thread_ = std::thread{[this] { serve(ready_); }};
    BOOST_REQUIRE(started.wait_for(10s) == std::future_status::ready);
    started.get(); // rethrows a failed start
  }

  ~stub_ledgerd() {
    stop_ = true;
    thread_.join();
  }

  std::vector<command> commands() const {
    std::lock_guard lock{mutex_};
    return commands_;
  }

  std::vector<std::string> problems() const {
    std::lock_guard lock{mutex_};
    return problems_;
  }

private:
  void serve(std::promise<void>& ready) {
    messaging::amqp_connection c;
    try {
      c = connected();
      c.consume(topo_.commands_queue(), 4);
    } catch (...) {
      ready.set_exception(std::current_exception());
      return;
    }
    ready.set_value();
    try {
      while (!stop_) {
        auto e = c.poll(100ms);
        if (e)
          handle(c, *e);
      }
    } catch (const std::exception& e) {
      note(std::string{"stub: "} + e.what());
    }
  }

  void handle(messaging::amqp_connection& c, const messaging::envelope& e) {
    if (e.reply_to.empty() || e.correlation_id.empty())
      note("a command without reply_to or correlation_id");
    if (e.routing_key != "command")
      note("routing key " + e.routing_key);
    auto decoded = messaging::decode_command(e.body);
    std::string reply;
    if (auto why = std::get_if<std::string>(&decoded)) {
      note("undecodable command: " + *why);
      reply = R"({"v":1,"ok":false,"error":{"code":"bad_command",)"
              R"("message":"stub could not decode it"}})";
    } else {
      auto& cmd = std::get<command>(decoded);
      {
        std::lock_guard lock{mutex_};
        commands_.push_back(cmd);
      }
      reply = answer_(cmd);
    }
    messaging::publish_options o;
    o.persistent = false;
    o.correlation_id = "someone-else";
    c.publish_confirmed("", e.reply_to,
                        R"({"v":1,"ok":false,"error":{"code":"stray",)"
                        R"("message":"not your reply"}})",
                        o);
    o.correlation_id = e.correlation_id;
    c.publish_confirmed("", e.reply_to, reply, o);
    c.ack(e);
  }

  void note(const std::string& problem) {
    std::lock_guard lock{mutex_};
    problems_.push_back(problem);
  }

  messaging::topology topo_;
  std::function<std::string(const command&)> answer_;
  std::promise<void> ready_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<command> commands_;
  std::vector<std::string> problems_;
  std::thread thread_;
};

// A view as the engine writes it, plus members a newer engine may add
// (the seed's trades): --json must pass them through untouched.
std::string view_object(const std::string& name,
                        const std::string& status = "running") {
  return R"({"name":")" + name +
         R"(","tickers":["AAPL","MSFT"],"algo_path":"momentum",)"
         R"("interval":"5m","end":30,"status":")" +
         status +
         R"(","first_started":"2026-11-25T09:00:00.000000Z",)"
         R"("balance":96485.123456,"holding":{"AAPL":8,"MSFT":5},)"
         R"("value":97895.5,"last_tick":42,)"
         R"("last_tick_at":"2026-11-25T12:25:00.000000Z",)"
         R"("initial_balance":100000,"slippage_bps":5,"fee":1,)"
         R"("tolerance_bps":500,"created_at":"2026-11-25T08:59:58.120000Z",)"
         R"("backlogged":false,"trades":[{"type":"buy","ticker":"AAPL",)"
         R"("quantity":8,"price":1455.219971,"fee":1}]})";
}

std::string ledger_reply(const std::string& object) {
  return R"({"v":1,"ok":true,"ledger":)" + object + "}";
}

// JSON equality with numbers compared as their text.
bool same_json(const std::string& a, const std::string& b) {
  rapidjson::Document x, y;
  x.Parse<rapidjson::kParseNumbersAsStringsFlag>(a.c_str());
  y.Parse<rapidjson::kParseNumbersAsStringsFlag>(b.c_str());
  BOOST_REQUIRE_MESSAGE(!x.HasParseError(), "not JSON: " << a);
  BOOST_REQUIRE(!y.HasParseError());
  return static_cast<const rapidjson::Value&>(x) ==
         static_cast<const rapidjson::Value&>(y);
}

std::string answer_view(const command& c) {
  return ledger_reply(view_object(c.name));
}

} // namespace

BOOST_AUTO_TEST_SUITE(ledgerctl)

BOOST_AUTO_TEST_CASE(create_sends_the_config_and_prints_the_ledger) {
  test_topology t;
  stub_ledgerd stub{t, [](const command& c) {
                      return ledger_reply(view_object(c.name, "created"));
                    }};
  auto r =
    run(ctl, std::vector<std::string>{"create", "demo", "--tickers",
                                      "AAPL,MSFT", "--algo", "momentum",
                                      "--interval", "5m", "--end", "30.5",
                                      "--balance", "50000.5", "--slippage-bps",
                                      "5", "--fee", "1.25", "--no-start"} +
               t.args());
  BOOST_TEST(r.status == 0, r.err);
  BOOST_REQUIRE(stub.commands().size() == 1u);
  auto c = stub.commands()[0];
  BOOST_TEST(c.kind == command_kind::create);
  BOOST_TEST(c.name == "demo");
  BOOST_REQUIRE(c.config.has_value());
  BOOST_TEST(c.config->tickers == (std::vector<std::string>{"AAPL", "MSFT"}));
  BOOST_TEST(c.config->algo_path == "momentum");
  BOOST_TEST(c.config->interval.count() == 300'000);
  BOOST_TEST(c.config->lifespan.count() == 2'635'200'000LL); // 30.5 days
  BOOST_TEST(c.config->initial_balance.to_string() == "50000.5");
  BOOST_TEST(c.config->slippage_bps == 5);
  BOOST_TEST(c.config->fee.to_string() == "1.25");
  BOOST_TEST(!c.start);
  BOOST_TEST(stub.problems().empty());
  for (auto line :
       {"name        demo", "status      created", "algo        momentum",
        "tickers     AAPL,MSFT", "interval    5m", "balance     96485.123456",
        "value       97895.5", "holding     AAPL 8, MSFT 5",
        "last tick   42 at 2026-11-25T12:25:00.000000Z"})
    BOOST_TEST(has(r.out, line), line << " in\n" << r.out);
}

BOOST_AUTO_TEST_CASE(create_sends_a_calendar_and_prints_it) {
  test_topology t;
  stub_ledgerd stub{t, [](const command& c) {
                      auto v = view_object(c.name, "created");
                      v.insert(v.find(R"("created_at")"),
                               R"("calendar":"XNYS",)");
                      return ledger_reply(v);
                    }};
  auto r =
    run(ctl, std::vector<std::string>{"create", "weekdays", "--tickers", "AAPL",
                                      "--algo", "momentum", "--interval", "5m",
                                      "--end", "30", "--calendar", "XNYS"} +
               t.args());
  BOOST_TEST(r.status == 0, r.err);
  BOOST_REQUIRE(stub.commands().size() == 1u);
  BOOST_REQUIRE(stub.commands()[0].config.has_value());
  BOOST_TEST((stub.commands()[0].config->calendar == market_calendar::xnys));
  BOOST_TEST(has(r.out, "calendar    XNYS (no ticks while it is closed)"),
             r.out);
}

BOOST_AUTO_TEST_CASE(view_prints_a_table_or_exactly_the_engines_object) {
  test_topology t;
  stub_ledgerd stub{t, answer_view};
  auto table = run(ctl, std::vector<std::string>{"view", "demo"} + t.args());
  BOOST_TEST(table.status == 0, table.err);
  BOOST_TEST(has(table.out, "status      running"), table.out);
  BOOST_TEST(has(table.out, "trades      1"), table.out);
  BOOST_TEST_MESSAGE("ledgerctl view printed:\n" << table.out);
  auto json =
    run(ctl, std::vector<std::string>{"view", "demo", "--json"} + t.args());
  BOOST_TEST(json.status == 0, json.err);
  BOOST_TEST(same_json(json.out, view_object("demo")), json.out);
  // Digit for digit, never through a double.
  BOOST_TEST(has(json.out, "1455.219971"), json.out);
  BOOST_TEST(has(json.out, "96485.123456"), json.out);
  BOOST_REQUIRE(stub.commands().size() == 2u);
  BOOST_TEST(stub.commands()[0].kind == command_kind::view);
  BOOST_TEST(stub.commands()[0].name == "demo");
}

BOOST_AUTO_TEST_CASE(start_and_stop_name_their_ledger) {
  test_topology t;
  stub_ledgerd stub{t, answer_view};
  auto start = run(ctl, std::vector<std::string>{"start", "alpha"} + t.args());
  auto stop = run(ctl, std::vector<std::string>{"stop", "beta"} + t.args());
  BOOST_TEST(start.status == 0, start.err);
  BOOST_TEST(stop.status == 0, stop.err);
  BOOST_REQUIRE(stub.commands().size() == 2u);
  BOOST_TEST(stub.commands()[0].kind == command_kind::start);
  BOOST_TEST(stub.commands()[0].name == "alpha");
  BOOST_TEST(stub.commands()[1].kind == command_kind::stop);
  BOOST_TEST(stub.commands()[1].name == "beta");
  BOOST_TEST(has(stop.out, "name        beta"), stop.out);
}

BOOST_AUTO_TEST_CASE(list_prints_one_row_per_ledger) {
  test_topology t;
  auto ledgers =
    "[" + view_object("alpha") + "," + view_object("beta", "stopped") + "]";
  stub_ledgerd stub{t, [&](const command& c) {
                      if (c.after == std::optional<std::string>{"zzz"})
                        return std::string{R"({"v":1,"ok":true,"ledgers":[]})"};
                      return R"({"v":1,"ok":true,"ledgers":)" + ledgers + "}";
                    }};
  auto r =
    run(ctl, std::vector<std::string>{"list", "--after", "a", "--limit", "2"} +
               t.args());
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(has(r.out, "NAME"), r.out);
  BOOST_TEST(has(r.out, "LAST TICK"), r.out);
  BOOST_TEST(has(r.out, "alpha  running"), r.out);
  BOOST_TEST(has(r.out, "beta   stopped"), r.out);
  BOOST_TEST_MESSAGE("ledgerctl list printed:\n" << r.out);
  auto c = stub.commands().at(0);
  BOOST_TEST(c.kind == command_kind::list);
  BOOST_TEST(c.after.value_or("") == "a");
  BOOST_TEST(c.limit.value_or(0) == 2);
  auto json = run(ctl, std::vector<std::string>{"list", "--json"} + t.args());
  BOOST_TEST(json.status == 0, json.err);
  BOOST_TEST(same_json(json.out, ledgers), json.out);
  BOOST_TEST(!stub.commands().at(1).limit.has_value());
  auto empty =
    run(ctl, std::vector<std::string>{"list", "--after", "zzz"} + t.args());
  BOOST_TEST(empty.out == "no ledgers\n");
}

BOOST_AUTO_TEST_CASE(delete_says_so) {
  test_topology t;
  stub_ledgerd stub{
    t, [](const command&) { return R"({"v":1,"ok":true,"deleted":true})"; }};
  auto r = run(ctl, std::vector<std::string>{"delete", "demo"} + t.args());
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(r.out == "deleted demo\n");
  BOOST_TEST(stub.commands().at(0).kind == command_kind::remove);
  auto json =
    run(ctl, std::vector<std::string>{"delete", "demo", "--json"} + t.args());
  BOOST_TEST(same_json(json.out, R"({"deleted":true})"), json.out);
}

BOOST_AUTO_TEST_CASE(update_reports_each_trade) {
  test_topology t;
  bool apply = true;
  stub_ledgerd stub{t, [&](const command&) -> std::string {
                      if (apply)
                        return R"({"v":1,"ok":true,"report":{"applied":true,)"
                               R"("outcomes":[{"filled":{"type":"buy",)"
                               R"("ticker":"AAPL","quantity":8,)"
                               R"("price":176,"fee":1}}]}})";
                      return R"({"v":1,"ok":true,"report":{"applied":false,)"
                             R"("outcomes":[{"rejected":{"code":)"
                             R"("insufficient_holdings","message":)"
                             R"("selling 3 MSFT but 0 are held","trade":)"
                             R"({"type":"sell","ticker":"MSFT",)"
                             R"("quantity":3,"price":310}}}]}})";
                    }};
  temp_file holding{R"({"AAPL": 8})"};
  auto r = run(
    ctl,
    std::vector<std::string>{"update", "demo", "--trades",
                             R"([{"type":"buy","ticker":"AAPL","quantity":8,)"
                             R"("price":176}])",
                             "--holding", "@" + holding.path} +
      t.args());
  BOOST_TEST(r.status == 0, r.err);
  BOOST_TEST(has(r.out, "applied: 1 trades filled"), r.out);
  BOOST_TEST(has(r.out, "filled    buy 8 AAPL at 176, fee 1"), r.out);
  auto c = stub.commands().at(0);
  BOOST_TEST(c.kind == command_kind::update);
  BOOST_REQUIRE(c.trades.size() == 1u);
  BOOST_TEST(c.trades[0].ticker == "AAPL");
  BOOST_TEST(c.trades[0].price->to_string() == "176");
  BOOST_REQUIRE(c.holding.has_value());
  BOOST_TEST(c.holding->at("AAPL") == 8);

  apply = false;
  auto refused =
    run(ctl,
        std::vector<std::string>{"update", "demo", "--trades",
                                 R"({"trades":[{"type":"sell","ticker":"MSFT",)"
                                 R"("quantity":3,"price":310}]})"} +
          t.args());
  BOOST_TEST(refused.status == 1, refused.err);
  BOOST_TEST(has(refused.out, "not applied: 1 of 1 trades rejected"),
             refused.out);
  BOOST_TEST(has(refused.out, "rejected  sell 3 MSFT: insufficient_holdings: "
                              "selling 3 MSFT but 0 are held"),
             refused.out);
  BOOST_TEST(!stub.commands().at(1).holding.has_value());
}

BOOST_AUTO_TEST_CASE(a_refused_command_exits_1_with_code_and_message) {
  test_topology t;
  stub_ledgerd stub{t, [](const command&) {
                      return R"({"v":1,"ok":false,"error":{"code":)"
                             R"("unknown_ledger","message":)"
                             R"("no ledger named ghost"}})";
                    }};
  auto r =
    run(ctl, std::vector<std::string>{"view", "ghost", "--json"} + t.args());
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err == "ledgerctl: unknown_ledger: no ledger named ghost\n");
  BOOST_TEST(r.out.empty());
}

BOOST_AUTO_TEST_CASE(no_ledgerd_times_out_with_exit_1) {
  test_topology t;
  auto r =
    run(ctl, std::vector<std::string>{"view", "demo", "--timeout", "1500ms"} +
               t.args());
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err == "ledgerctl: no reply from ledgerd within 1500ms (is it "
                      "running?)\n");
  BOOST_TEST(r.took.count() >= 1500);
  BOOST_TEST(r.took.count() < 6000);
  // The command expired with the timeout instead of waiting for a ledgerd.
  std::this_thread::sleep_for(200ms);
  auto probe = connected();
  probe.consume(t.topo.commands_queue(), 1);
  BOOST_TEST(!probe.poll(300ms).has_value());
}

BOOST_AUTO_TEST_CASE(an_unreachable_broker_exits_1_without_the_password) {
  auto r = run(ctl, {"view", "demo", "--amqp-url",
                     amqp_url_with_password("wrong-s3cret-pw"),
                     "--connect-timeout", "0"});
  BOOST_TEST(r.status == 1);
  BOOST_TEST(has(r.err, "ledgerctl: cannot reach the broker: AMQP amqp://"),
             r.err);
  BOOST_TEST(!has(r.err, "wrong-s3cret-pw"), r.err);
  BOOST_TEST(r.out.empty());
}

BOOST_AUTO_TEST_CASE(help_for_the_program_and_each_command) {
  auto r = run(ctl, {"--help"});
  BOOST_TEST(r.status == 0);
  for (auto sub :
       {"create", "start", "stop", "delete", "view", "list", "update"}) {
    BOOST_TEST(has(r.out, std::string{"  "} + sub), sub);
    auto h = run(ctl, {sub, "--help"});
    BOOST_TEST(h.status == 0, sub);
    BOOST_TEST(has(h.out, std::string{"usage: ledgerctl "} + sub), h.out);
    BOOST_TEST(has(h.out, "Example:"), h.out);
    for (auto option :
         {"--amqp-url", "--topology-prefix", "--timeout", "--json"})
      BOOST_TEST(has(h.out, option), option);
  }
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2_with_a_hint) {
  struct expectation {
    std::vector<std::string> args;
    std::string says;
  };
  std::vector<expectation> cases{
    {{}, "usage: ledgerctl COMMAND"},
    {{"frobnicate"}, "unknown command 'frobnicate'"},
    {{"view"}, "missing the ledger NAME (see ledgerctl view --help)"},
    {{"view", "a", "b"}, "unexpected argument 'b'"},
    {{"view", "bad name!"}, "is not a ledger name"},
    {{"view", "demo", "--colour"}, "unknown option --colour"},
    {{"create", "demo", "--algo", "a", "--interval", "1s", "--end", "1"},
     "missing --tickers"},
    {{"create", "demo", "--tickers", "AAPL", "--algo", "a", "--interval",
      "soon", "--end", "1"},
     "--interval 'soon'"},
    {{"create", "demo", "--tickers", "AAPL", "--algo", "a", "--interval", "1s",
      "--end", "-1"},
     "--end '-1'"},
    {{"create", "demo", "--tickers", "AAPL", "--algo", "a", "--interval", "1s",
      "--end", "1", "--balance", "lots"},
     "--balance 'lots'"},
    {{"create", "demo", "--tickers", "AAPL", "--algo", "a", "--interval", "1s",
      "--end", "1", "--calendar", "NYSE"},
     "--calendar 'NYSE': calendar must be \"XNYS\""},
    {{"update", "demo"}, "missing --trades"},
    {{"update", "demo", "--trades", "[{\"type\":\"hold\"}]"}, "--trades: "},
    {{"update", "demo", "--trades", "@/no/such/trades.json"},
     "cannot read /no/such/trades.json"},
    {{"list", "--limit", "0"}, "--limit '0'"},
    {{"view", "demo", "--timeout", "0"}, "--timeout must be more than 0"},
  };
  for (auto& c : cases) {
    auto r = run(ctl, c.args);
    BOOST_TEST(r.status == 2, r.err);
    BOOST_TEST(has(r.err, c.says), r.err);
  }
}

BOOST_AUTO_TEST_SUITE_END()
