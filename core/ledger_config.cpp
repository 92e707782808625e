#include "core/ledger_config.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <set>

namespace ledger {

namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

bool all_of_charset(std::string_view text, std::string_view extra) {
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return is_alnum(c) || extra.find(c) != std::string_view::npos;
  });
}

} // namespace

bool is_valid_ledger_name(std::string_view name) {
  // "." and ".." would be path segments that climb in /v1/ledgers/{name}.
  return !name.empty() && name.size() <= 64 && name != "." && name != ".." &&
         all_of_charset(name, "_.-");
}

bool is_valid_ticker(std::string_view ticker) {
  // A ticker is a topic routing key: its dot-separated words must not be
  // empty ("BRK.B" is fine, ".." or "A." are not).
  return !ticker.empty() && ticker.size() <= 16 && ticker.front() != '.' &&
         ticker.back() != '.' && ticker.find("..") == std::string_view::npos &&
         all_of_charset(ticker, ".^_-");
}

bool is_valid_algo_path(std::string_view path) {
  if (path.empty() || path.size() > 255)
    return false;
  if (path.substr(0, builtin_algo_prefix.size()) == builtin_algo_prefix) {
    auto name = path.substr(builtin_algo_prefix.size());
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
  }
  while (true) {
    auto slash = path.find('/');
    auto segment = path.substr(0, slash);
    if (segment.empty() || segment == "." || segment == ".." ||
        !all_of_charset(segment, "_.-"))
      return false;
    if (slash == std::string_view::npos)
      return true;
    path.remove_prefix(slash + 1);
  }
}

std::optional<std::string> check_config(const ledger_config& config) {
  if (!is_valid_ledger_name(config.name))
    return "name must be 1 to 64 characters of A-Z, a-z, 0-9, _ . -";
  if (config.tickers.empty())
    return "at least one ticker is required";
  std::set<std::string_view> seen;
  for (auto& ticker : config.tickers) {
    if (!is_valid_ticker(ticker))
      return "ticker '" + excerpt(ticker) +
             "' must be 1 to 16 characters of A-Z, a-z, 0-9, . ^ _ -";
    if (!seen.insert(ticker).second)
      return "ticker " + ticker + " is listed twice";
  }
  if (!is_valid_algo_path(config.algo_path))
    return "algo_path must be builtin:NAME or a relative path (at most 255 "
           "characters of A-Z, a-z, 0-9, _ . - in segments separated by "
           "single slashes; no absolute path, no \"..\" segment)";
  if (config.interval < min_interval || config.interval > max_interval)
    return "interval must be between 50ms and 24h";
  if (config.lifespan <= std::chrono::milliseconds::zero() ||
      config.lifespan > max_duration)
    return "end (the lifespan) must be positive and at most 36500 days";
  if (config.initial_balance < money{})
    return "initial_balance must not be negative";
  return check_rules(rules_of(config));
}

execution_rules rules_of(const ledger_config& config) {
  execution_rules rules;
  rules.tickers = config.tickers;
  rules.slippage_bps = config.slippage_bps;
  rules.fee = config.fee;
  rules.tolerance_bps = config.tolerance_bps;
  return rules;
}

std::optional<std::chrono::milliseconds>
parse_decimal_duration(std::string_view text, std::chrono::milliseconds unit) {
  auto micros = parse_micros(text);
  if (!micros || *micros <= 0)
    return std::nullopt;
  // micros / 10^6 units of `unit` milliseconds each; must be whole ms.
  __int128 scaled = static_cast<__int128>(*micros) * unit.count();
  if (scaled % fixed_scale != 0)
    return std::nullopt;
  __int128 ms = scaled / fixed_scale;
  if (ms > max_duration.count())
    return std::nullopt;
  return std::chrono::milliseconds{static_cast<std::int64_t>(ms)};
}

std::optional<std::chrono::milliseconds> parse_interval(std::string_view text) {
  struct suffix {
    std::string_view text;
    std::chrono::milliseconds unit;
  };
  // "ms" before "m" and "s" so the longest suffix wins.
  static constexpr suffix suffixes[] = {
    {"ms", std::chrono::milliseconds{1}},
    {"s", std::chrono::seconds{1}},
    {"m", std::chrono::minutes{1}},
    {"h", std::chrono::hours{1}},
  };
  for (auto& s : suffixes) {
    if (text.size() > s.text.size() &&
        text.substr(text.size() - s.text.size()) == s.text) {
      auto number = text.substr(0, text.size() - s.text.size());
      if (number.find_first_of("eE") != std::string_view::npos)
        return std::nullopt;
      return parse_decimal_duration(number, s.unit);
    }
  }
  return std::nullopt;
}

std::string format_interval(std::chrono::milliseconds interval) {
  auto ms = interval.count();
  if (ms % 3'600'000 == 0)
    return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0)
    return std::to_string(ms / 60'000) + "m";
  if (ms % 1000 == 0)
    return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

} // namespace ledger
