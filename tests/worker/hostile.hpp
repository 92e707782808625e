#pragma once

// Shared by the hostile model tests: a request handler over its own pool
// of model hosts for the algorithms in tests/worker/hostile_models, asked
// one tick at a time for a ledger, and replies in one comparable line.

#include "tests/worker/fixtures.hpp"
#include "worker/request_handler.hpp"

#include <map>
#include <string>

namespace ledger::worker::testing {

inline fs::path hostile_models() {
  return fs::canonical(source_dir() / "tests" / "worker" / "hostile_models");
}

struct hostile_world {
  host_pool pool;
  request_handler handler;
  std::map<std::string, std::int64_t> ticks;

  explicit hostile_world(host_options options = real_host())
    : pool(std::move(options)), handler({hostile_models()}, pool) {}

  /// The next tick of `ledger` on `algo`, due `within` from now.
  algo_reply ask(const std::string& ledger, const std::string& algo = "hostile",
                 std::chrono::milliseconds within = std::chrono::seconds{5}) {
    algo_request r;
    r.ledger = ledger;
    r.tick = ++ticks[ledger];
    r.time = std::chrono::system_clock::now();
    r.deadline = r.time + within;
    r.algo = algo;
    r.balance = money::units(100000);
    r.prices = {{"AAPL", *price::parse("176.25")}};
    return handler.handle(r);
  }

  /// The running host of `algo`'s pid, or -1.
  pid_t host_pid(const std::string& algo = "hostile") const {
    auto* host = pool.find(hostile_models() / algo);
    return host ? host->pid() : -1;
  }
  int starts(const std::string& algo = "hostile") const {
    auto* host = pool.find(hostile_models() / algo);
    return host ? host->starts() : 0;
  }
};

/// "ok: buy AAPL 3;" or "bad_output: the message".
inline std::string outcome(const algo_reply& reply) {
  if (reply.error)
    return std::string{to_string(*reply.error)} + ": " + reply.error_message;
  std::string out = "ok:";
  for (auto& o : reply.orders)
    out += std::string{" "} + std::string{to_string(o.direction)} + " " +
           o.ticker + " " + std::to_string(o.shares.shares()) + ";";
  return out;
}

/// What a well-behaved instance answers on its n-th tick.
inline std::string buys(std::int64_t n) {
  return "ok: buy AAPL " + std::to_string(n) + ";";
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace ledger::worker::testing
