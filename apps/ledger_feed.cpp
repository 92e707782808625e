// ledger-feed: publishes quotes to the market.quotes exchange, replaying a
// CSV of real prices or walking randomly, until done or SIGINT/SIGTERM.

#include "cli/ctl_subcommands.hpp"
#include "cli/feed_publisher.hpp"
#include "cli/secrets_guard.hpp"
#include "core/ledger_config.hpp"
#include "feed/csv_quotes.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iostream>

using namespace ledger;
using namespace ledger::apps;

namespace {

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int) {
  stop_requested.store(true);
}

const std::vector<subcommand> subcommands{
  {"replay", "--csv FILE", "publish a CSV's prices, one date per pace step"},
  {"random", "--tickers A,B",
   "publish a seeded random walk, one step per pace"},
};

std::vector<option_spec> specs_of(const subcommand& sub) {
  auto specs = broker_option_specs("30s");
  auto add = [&](option_spec s) { specs.push_back(std::move(s)); };
  if (sub.name == "replay") {
    add({"csv", "", "",
         "the CSV: symbol,date,price or date,open,high,low,close,... (OHLCV)"});
    add({"ticker", "", "",
         "the ticker of an OHLCV file; on a symbol file, replay only it"});
    add({"loop", "", "", "start over after the last date", false, true});
  } else {
    add({"tickers", "", "", "comma-separated tickers, e.g. AAPL,GOOG"});
    add(
      {"seed", "", "", "seed of the walk (default: from the clock, printed)"});
    add({"count", "", "", "stop after this many steps (default: never)"});
    add({"start-price", "", "100", "every ticker's first price"});
    add({"max-step-bps", "", "100", "largest move per step, in basis points"});
  }
  add({"pace", "", "200ms", "time between steps (0: as fast as possible)"});
  add({"log-every", "", "50", "a progress line every N steps (0: none)"});
  add({"verbose", "", "", "a progress line every step", false, true});
  return specs;
}

std::string summary_of(const subcommand& sub) {
  if (sub.name == "replay")
    return "Publishes every quote of one date per pace step, dates in order,\n"
           "each stamped with its date; exits after the last date unless\n"
           "--loop. Example:\n"
           "  ledger-feed replay --csv data/stocks.csv --pace 1s --loop";
  return "Publishes one step of a seeded random walk for every ticker per\n"
         "pace step, stamped with the current time. Example:\n"
         "  ledger-feed random --tickers AAPL,GOOG --seed 7 --pace 500ms";
}

std::unique_ptr<quote_source> make_replay(const options& opts) {
  auto& path = opts.get("csv");
  if (path.empty())
    throw usage_error{"replay needs --csv FILE"};
  std::ifstream in{path};
  if (!in)
    throw usage_error{"cannot read " + path + ": " + std::strerror(errno)};
  std::optional<std::string> ticker;
  if (!opts.get("ticker").empty())
    ticker = opts.get("ticker");
  auto batches = feed::read_quote_csv(in, ticker);
  if (auto why = std::get_if<std::string>(&batches))
    throw usage_error{path + ": " + *why};
  return std::make_unique<replay_source>(
    std::get<std::vector<feed::quote_batch>>(std::move(batches)),
    opts.is_set("loop"));
}

std::unique_ptr<quote_source> make_random(const options& opts,
                                          std::ostream& log) {
  auto tickers = split_list(opts.get("tickers"));
  if (tickers.empty())
    throw usage_error{"random needs --tickers, e.g. --tickers AAPL,GOOG"};
  for (auto& t : tickers)
    if (!is_valid_ticker(t))
      throw usage_error{"'" + t + "' is not a valid ticker"};
  auto seed = opts.get("seed").empty()
                ? static_cast<std::uint64_t>(
                    std::chrono::system_clock::now().time_since_epoch().count())
                : count_option(opts, "seed", 0);
  std::optional<std::uint64_t> count;
  if (!opts.get("count").empty())
    count = count_option(opts, "count", 1);
  auto start = price::parse(opts.get("start-price"));
  if (!start)
    throw usage_error{"--start-price must be a positive number"};
  auto step = count_option(opts, "max-step-bps", 1);
  if (step > 5000)
    throw usage_error{"--max-step-bps must be at most 5000"};
  log << "ledger-feed: random walk of " << opts.get("tickers") << ", seed "
      << seed << std::endl;
  return std::make_unique<random_source>(
    feed::random_walk{tickers, seed, *start, static_cast<std::int32_t>(step)},
    count);
}

int run(const subcommand& sub, int argc, char** argv) {
  options opts{usage_name("ledger-feed", sub), summary_of(sub), specs_of(sub)};
  if (parse_or_help(opts, argc, argv, std::cout))
    return exit_ok;
  expect_positional(opts, 0, "");
  feed_settings settings;
  settings.broker = read_broker_settings(opts);
  settings.pace = duration_option(opts, "pace");
  settings.log_every =
    opts.is_set("verbose") ? 1 : count_option(opts, "log-every", 0);
  // Everything the user typed is checked before the broker is contacted.
  auto source =
    sub.name == "replay" ? make_replay(opts) : make_random(opts, std::cerr);
  try {
    run_feed(settings, *source, stop_requested, std::cerr);
  } catch (const messaging::amqp_error& e) {
    std::cerr << "ledger-feed: cannot reach the broker within "
              << opts.get("connect-timeout") << ": " << e.what() << '\n';
    return exit_failure;
  }
  return exit_ok;
}

} // namespace

int main(int argc, char** argv) {
  apps::hide_from_same_user("ledger-feed");
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  return dispatch(argc, argv, "ledger-feed",
                  "Publishes quotes to the market.quotes exchange (routing "
                  "key = ticker) for\nledgerd to price ledgers with. Reads "
                  "LEDGER_AMQP_URL and LEDGER_TOPOLOGY_PREFIX.",
                  subcommands, run);
}
