#pragma once

// What ledgerctl and ledger-feed share: `program SUBCOMMAND [options]`
// dispatch on top of apps::options (which knows no subcommands), the broker
// options every subcommand takes, durations such as "200ms", and a
// connect that gives up after a bounded time.

#include "cli/options.hpp"
#include "messaging/amqp_connection.hpp"
#include "messaging/topology.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ledger::apps {

/// Exit statuses of both programs: success, a failure at run time (broker,
/// timeout, refused command), a usage error (bad arguments or input).
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;

/// A mistake in the command line or its input files: printed with a hint
/// to --help, exit status 2.
class usage_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// One subcommand of a program, for dispatch and the program's --help.
struct subcommand {
  std::string name;    ///< "create"
  std::string args;    ///< positional arguments shown in usage: "NAME"
  std::string summary; ///< one line
};

/// Runs `program SUBCOMMAND ...`: `--help` (or no argument at all) prints
/// the program's help, an unknown subcommand is a usage error, and a known
/// one is handed to `run` with argv starting at the subcommand. A
/// usage_error thrown by `run` prints "<program>: <message>" and a hint and
/// returns 2; any other exception prints "<program>: <what>" and returns 1.
int dispatch(int argc, char** argv, const std::string& program,
             const std::string& summary, const std::vector<subcommand>& subs,
             const std::function<int(const subcommand&, int, char**)>& run);

/// "usage: <program> <name> <args> [options]" as apps::options spells it.
std::string usage_name(const std::string& program, const subcommand& sub);

/// Parses a subcommand's argv (argv[0] is the subcommand). Returns true
/// when --help was asked for (and printed to `out`); throws usage_error on
/// an unknown option or a missing value.
bool parse_or_help(options& opts, int argc, char** argv, std::ostream& out);

/// The positional arguments, which must number exactly `expected`; `what`
/// names them in the error ("a ledger NAME").
std::vector<std::string> expect_positional(const options& opts,
                                           std::size_t expected,
                                           const std::string& what);

/// --amqp-url, --topology-prefix and --connect-timeout (default given).
std::vector<option_spec> broker_option_specs(std::string connect_timeout);

/// Where and how to reach the broker, read from broker_option_specs.
struct broker_settings {
  std::string url;
  messaging::topology topology;
  std::chrono::milliseconds connect_timeout{0};
};

/// Throws usage_error on a bad --connect-timeout or LEDGER_SHARDS.
broker_settings read_broker_settings(const options& opts);

/// "0" (no wait) or a duration parse_interval reads ("200ms", "1.5s").
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

/// The option `name` as a duration; throws usage_error naming it.
std::chrono::milliseconds duration_option(const options& opts,
                                          const std::string& name);

/// The option `name` as a whole number >= `min`; throws usage_error.
std::uint64_t count_option(const options& opts, const std::string& name,
                           std::uint64_t min);

/// "AAPL,GOOG" -> {"AAPL", "GOOG"}, empty items dropped.
std::vector<std::string> split_list(const std::string& text);

/// Connects `c` and runs `setup`, retrying with backoff after failures
/// (each one's message, never the password, goes to `on_error`) until it
/// works, `stop` is set (false returned) or `limit` has passed: then the
/// last amqp_error is thrown. A limit of 0 means a single attempt.
bool connect_within(
  messaging::amqp_connection& c, const broker_settings& broker,
  const std::string& connection_name,
  const std::function<void(messaging::amqp_connection&)>& setup,
  const std::atomic<bool>& stop,
  const std::function<void(const std::string&)>& on_error);

} // namespace ledger::apps
