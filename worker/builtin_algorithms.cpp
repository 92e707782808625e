#include "worker/builtin_algorithms.hpp"

#include <algorithm>
#include <cstdint>

namespace ledger::worker {

namespace {

/// SplitMix64: a tiny generator whose sequence is fixed by its definition,
/// unlike the standard library's distributions, whose outputs may differ
/// between implementations. Replays must give the same trades anywhere.
class splitmix64 {
public:
  explicit splitmix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  /// Uniform in [0, bound), bound >= 1, without modulo bias (rejection).
  std::uint64_t below(std::uint64_t bound) {
    auto limit = UINT64_MAX - UINT64_MAX % bound;
    for (;;)
      if (auto x = next(); x < limit)
        return x % bound;
  }

private:
  std::uint64_t state_;
};

/// FNV-1a 64 over the name: the ledger's part of the seed.
std::uint64_t name_hash(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char byte : text) {
    hash ^= byte;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

std::vector<order> null_algorithm(const algo_request&) {
  return {};
}

/// Per ticker with a price, in ticker order: a buy one time in four, a
/// sell one time in four (when shares are held), else nothing. A buy
/// spends at most about a quarter of the cash not yet spent this tick; a
/// sell's proceeds are not spent again in the same tick, since fees and
/// slippage make them less than the shown price.
std::vector<order> random_algorithm(const algo_request& request) {
  splitmix64 random{
    name_hash(request.ledger) ^
    splitmix64{static_cast<std::uint64_t>(request.tick)}.next()};
  std::int64_t cash = std::max<std::int64_t>(request.balance.micros(), 0);
  std::vector<order> orders;
  for (auto& [ticker, shown] : request.prices) {
    auto roll = random.below(4);
    if (roll == 0) {
      auto affordable = cash / shown.micros();
      if (affordable < 1)
        continue;
      auto most = std::max<std::int64_t>(affordable / 4, 1);
      auto shares = 1 + static_cast<std::int64_t>(
                          random.below(static_cast<std::uint64_t>(most)));
      cash -= shares * shown.micros(); // shares <= affordable: no overflow
      orders.push_back(
        order{side::buy, ticker, *quantity::make(shares), std::nullopt});
    } else if (roll == 1) {
      auto held = request.positions.find(ticker);
      if (held == request.positions.end() || held->second < 1)
        continue;
      auto shares = 1 + static_cast<std::int64_t>(random.below(
                          static_cast<std::uint64_t>(held->second)));
      orders.push_back(
        order{side::sell, ticker, *quantity::make(shares), std::nullopt});
    }
  }
  return orders;
}

struct builtin {
  std::string_view name;
  std::vector<order> (*run)(const algo_request&);
};

constexpr builtin builtins[] = {
  {"null", null_algorithm},
  {"random", random_algorithm},
};

} // namespace

bool is_builtin(std::string_view algo_path) {
  return algo_path.substr(0, builtin_prefix.size()) == builtin_prefix;
}

std::variant<std::vector<order>, std::string>
run_builtin(std::string_view algo_path, const algo_request& request) {
  auto name =
    algo_path.substr(std::min(builtin_prefix.size(), algo_path.size()));
  for (auto& b : builtins)
    if (is_builtin(algo_path) && b.name == name)
      return b.run(request);
  auto shown = std::string{algo_path.substr(0, 80)};
  return "unknown built-in algorithm \"" + shown +
         "\" (known: " + builtin_names() + ")";
}

std::string builtin_names() {
  std::string out;
  for (auto& b : builtins)
    out += (out.empty() ? "" : ", ") + std::string{builtin_prefix} +
           std::string{b.name};
  return out;
}

} // namespace ledger::worker
