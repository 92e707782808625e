#include "cli/ctl_commands.hpp"

#include "core/ledger_config.hpp"
#include "json/document.hpp"
#include "json/trades.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ledger::apps {

namespace {

using messaging::command;
using messaging::command_kind;

constexpr std::chrono::milliseconds one_day{std::chrono::hours{24}};

const std::vector<subcommand> subs{
  {"create", "NAME", "create a ledger (and start it unless --no-start)"},
  {"start", "NAME", "start or resume a ledger's ticks"},
  {"stop", "NAME", "pause a ledger's ticks"},
  {"delete", "NAME", "delete a ledger and its records"},
  {"view", "NAME", "show a ledger: status, balance, value, holdings"},
  {"list", "", "list ledgers by name, a page at a time"},
  {"update", "NAME", "report trades executed elsewhere (all or nothing)"},
  {"nodes", "", "list the ledgerd nodes and the engine shards each holds"},
};

std::string ledger_name(const options& opts) {
  auto name = expect_positional(opts, 1, "the ledger NAME")[0];
  if (!is_valid_ledger_name(name))
    throw usage_error{"'" + name +
                      "' is not a ledger name (1 to 64 "
                      "characters of A-Z, a-z, 0-9, _ . -)"};
  return name;
}

money amount_option(const options& opts, const std::string& name) {
  auto m = money::parse(opts.get(name));
  if (!m || m->micros() < 0)
    throw usage_error{"--" + name + " '" + opts.get(name) +
                      "' is not an amount such as 100000 or 1.25"};
  return *m;
}

std::int32_t bps_option(const options& opts, const std::string& name) {
  auto n = count_option(opts, name, 0);
  if (n > 10'000)
    throw usage_error{"--" + name + " must be at most 10000"};
  return static_cast<std::int32_t>(n);
}

std::string required(const options& opts, const std::string& name,
                     const std::string& example) {
  auto& text = opts.get(name);
  if (text.empty())
    throw usage_error{"missing --" + name + " (e.g. --" + name + " " + example +
                      ")"};
  return text;
}

command create(const options& opts) {
  ledger_config config;
  config.name = ledger_name(opts);
  config.tickers = split_list(required(opts, "tickers", "AAPL,GOOG"));
  config.algo_path = required(opts, "algo", "buy_and_hold");
  auto interval_text = required(opts, "interval", "1s");
  auto interval = parse_interval(interval_text);
  if (!interval)
    throw usage_error{"--interval '" + interval_text +
                      "' is not a duration such as 500ms, 30s or 5m"};
  config.interval = *interval;
  auto end_text = required(opts, "end", "30");
  auto lifespan = parse_decimal_duration(end_text, one_day);
  if (!lifespan)
    throw usage_error{"--end '" + end_text +
                      "' is not a positive number of days (decimals "
                      "allowed, exact to the millisecond)"};
  config.lifespan = *lifespan;
  config.initial_balance = amount_option(opts, "balance");
  config.slippage_bps = bps_option(opts, "slippage-bps");
  config.fee = amount_option(opts, "fee");
  config.tolerance_bps = bps_option(opts, "tolerance-bps");
  if (auto& calendar = opts.get("calendar"); !calendar.empty()) {
    auto known = parse_market_calendar(calendar);
    if (!known)
      throw usage_error{"--calendar '" + calendar +
                        "': " + std::string{known_market_calendars()}};
    config.calendar = *known;
  }
  // The engine checks again; checking here turns a typo into exit 2
  // without a round trip.
  if (auto why = check_config(config))
    throw usage_error{*why};
  command c;
  c.kind = command_kind::create;
  c.name = config.name;
  c.config = std::move(config);
  c.start = !opts.is_set("no-start");
  return c;
}

command update(const options& opts) {
  command c;
  c.kind = command_kind::update;
  c.name = ledger_name(opts);
  auto trades_text =
    json_argument("trades", required(opts, "trades", "'[{...}]'"));
  json::document trades;
  if (auto why = trades.parse(trades_text))
    throw usage_error{"--trades: " + *why};
  auto orders = json::read_orders(trades, trades.root());
  if (auto why = std::get_if<std::string>(&orders))
    throw usage_error{"--trades: " + *why};
  c.trades = std::get<std::vector<order>>(std::move(orders));
  if (c.trades.empty())
    throw usage_error{"--trades: the list is empty"};
  if (!opts.get("holding").empty()) {
    json::document holding;
    if (auto why = holding.parse(json_argument("holding", opts.get("holding"))))
      throw usage_error{"--holding: " + *why};
    auto h = json::read_stated_holdings(holding, holding.root());
    if (auto why = std::get_if<std::string>(&h))
      throw usage_error{"--holding: " + *why};
    c.holding = std::get<holdings>(std::move(h));
  }
  return c;
}

command list(const options& opts) {
  expect_positional(opts, 0, "");
  command c;
  c.kind = command_kind::list;
  if (!opts.get("after").empty())
    c.after = opts.get("after");
  if (!opts.get("limit").empty()) {
    auto n = count_option(opts, "limit", 1);
    if (n > static_cast<std::uint64_t>(messaging::max_list_limit))
      throw usage_error{"--limit must be at most " +
                        std::to_string(messaging::max_list_limit)};
    c.limit = static_cast<std::int64_t>(n);
  }
  return c;
}

} // namespace

const std::vector<subcommand>& ledgerctl_subcommands() {
  return subs;
}

std::vector<option_spec> ledgerctl_option_specs(const subcommand& sub) {
  auto specs = broker_option_specs("5s");
  specs.push_back({"timeout", "", "10s", "how long to wait for the reply"});
  specs.push_back(
    {"json", "", "", "print the reply's JSON instead of a table", false, true});
  auto add = [&](option_spec s) { specs.push_back(std::move(s)); };
  if (sub.name == "create") {
    add({"tickers", "", "", "comma-separated tickers to track (required)"});
    add({"algo", "", "", "the algorithm's algo_path (required)"});
    add({"interval", "", "", "time between ticks: 500ms, 30s, 5m (required)"});
    add({"end", "", "", "lifespan in days from the first start (required)"});
    add({"balance", "", "100000", "starting cash"});
    add({"slippage-bps", "", "0", "slippage of market fills, basis points"});
    add({"fee", "", "0", "fee per trade"});
    add({"tolerance-bps", "", "500",
         "how far reported prices may be from the quote, basis points"});
    add({"calendar", "", "",
         "tick only in this market's sessions: XNYS (default: always)"});
    add(
      {"no-start", "", "", "create it stopped (status created)", false, true});
  } else if (sub.name == "list") {
    add({"after", "", "", "start after this name (the last of a page)"});
    add({"limit", "", "", "at most this many ledgers (1 to 1000)"});
  } else if (sub.name == "update") {
    add({"trades", "", "",
         "JSON list of trades, or @FILE: [{\"type\":\"buy\",\"ticker\":"
         "\"AAPL\",\"quantity\":8,\"price\":176}] (required)"});
    add({"holding", "", "", "JSON object of shares held, or @FILE"});
  }
  return specs;
}

std::string ledgerctl_summary(const subcommand& sub) {
  const std::string& n = sub.name;
  std::string example;
  if (n == "create")
    example = "ledgerctl create demo --tickers AAPL,GOOG --algo buy_and_hold "
              "--interval 1s --end 30";
  else if (n == "list")
    example = "ledgerctl list --limit 50";
  else if (n == "nodes")
    example = "ledgerctl nodes";
  else if (n == "update")
    example = "ledgerctl update demo --trades '[{\"type\":\"buy\","
              "\"ticker\":\"AAPL\",\"quantity\":8,\"price\":176}]'";
  else
    example = "ledgerctl " + n + " demo";
  auto summary = sub.summary;
  summary[0] = static_cast<char>(std::toupper(summary[0]));
  return summary + ".\nExample:\n  " + example;
}

messaging::command build_command(const subcommand& sub, const options& opts) {
  if (sub.name == "create")
    return create(opts);
  if (sub.name == "update")
    return update(opts);
  if (sub.name == "list")
    return list(opts);
  command c;
  if (sub.name == "nodes") {
    expect_positional(opts, 0, "");
    c.kind = command_kind::nodes;
    return c;
  }
  c.kind = *messaging::parse_command_kind(sub.name);
  c.name = ledger_name(opts);
  return c;
}

std::string json_argument(const std::string& option, const std::string& text) {
  if (text.empty() || text[0] != '@')
    return text;
  std::ifstream in{text.substr(1)};
  if (!in)
    throw usage_error{"--" + option + ": cannot read " + text.substr(1) + ": " +
                      std::strerror(errno)};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace ledger::apps
