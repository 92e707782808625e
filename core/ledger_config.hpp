#pragma once

#include "core/execution.hpp"
#include "core/market_hours.hpp"
#include "core/money.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ledger {

/// The default starting balance, as in the system our users come from.
inline constexpr money default_initial_balance = money::units(100'000);

/// Bounds on a tick interval: fast enough for tests, slow enough to mean it.
inline constexpr std::chrono::milliseconds min_interval{50};
inline constexpr std::chrono::milliseconds max_interval{std::chrono::hours{24}};

/// The longest duration accepted anywhere (100 years): keeps time-point
/// arithmetic on nanosecond clocks far from overflow.
inline constexpr std::chrono::milliseconds max_duration{
  std::chrono::hours{24 * 36'500}};

/// Everything a ledger is created with.
struct ledger_config {
  std::string name;
  std::vector<std::string> tickers;
  std::string algo_path;
  std::chrono::milliseconds interval{60'000};
  std::chrono::milliseconds lifespan{std::chrono::hours{24}};
  money initial_balance = default_initial_balance;
  money fee;
  // The two 32-bit fields side by side: no padding (one per ledger).
  std::int32_t slippage_bps = 0;
  std::int32_t tolerance_bps = 500;
  /// Ticks outside its sessions are market_closed (core/market_hours.hpp).
  /// Costs 8 bytes per ledger (alignment), kept here with its settings.
  market_calendar calendar = market_calendar::none;
};

/// Names are unique keys and appear in routing keys and URL paths:
/// [A-Za-z0-9_.-]{1,64}, except "." and "..".
bool is_valid_ledger_name(std::string_view name);

/// Tickers appear in routing keys too: [A-Za-z0-9.^_-]{1,16} (no AMQP
/// wildcards), with no empty dot-separated word ("BRK.B", not "A..B").
bool is_valid_ticker(std::string_view ticker);

/// The prefix of the worker's built-in (C++) algorithms: "builtin:null".
inline constexpr std::string_view builtin_algo_prefix = "builtin:";

/// An algorithm name a worker can look up without leaving its root: either
/// "builtin:NAME" (NAME of a-z, 0-9, _) or a relative path of segments of
/// A-Z, a-z, 0-9, _ . - separated by single slashes, none of them "." or
/// "..", at most 255 characters. Absolute paths, "..", empty segments,
/// backslashes, percent signs and other characters are refused.
bool is_valid_algo_path(std::string_view path);

/// The first problem with a configuration, as a sentence, or nullopt.
std::optional<std::string> check_config(const ledger_config& config);

/// The execution rules a configuration implies.
execution_rules rules_of(const ledger_config& config);

/// "500ms", "30s", "5m", "1.5h" (decimals allowed, whole milliseconds).
std::optional<std::chrono::milliseconds> parse_interval(std::string_view text);

/// A decimal count of `unit` ("1.5" minutes, "100" days) in whole
/// milliseconds; nullopt unless positive and exact to the millisecond.
std::optional<std::chrono::milliseconds>
parse_decimal_duration(std::string_view text, std::chrono::milliseconds unit);

/// Shortest text parse_interval reads back: "500ms", "30s", "5m".
std::string format_interval(std::chrono::milliseconds interval);

} // namespace ledger
