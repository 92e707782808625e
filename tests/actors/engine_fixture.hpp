#pragma once

// A whole engine (persistence, market, registry, an in-process algorithm)
// on CAF's deterministic scheduler, against a scratch Postgres database.
// Time only moves when a test calls advance(), so ticks are exact.

#include "actors/event_sink.hpp"
#include "actors/inprocess_gateway.hpp"
#include "actors/interfaces.hpp"
#include "actors/persistence.hpp"
#include "persistence/store.hpp"
#include "tests/support/printers.hpp"
#include "tests/support/scratch_database.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/sec.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>

namespace ledger::test {

class engine_fixture {
public:
  engine_fixture();
  ~engine_fixture();

  /// Starts an engine on the scratch database (recovering what is there).
  void boot(inprocess_algorithm algorithm, persistence_options options = {});

  /// The same, with a gateway the test spawns itself.
  using gateway_factory = std::function<gateway_actor(caf::actor_system&)>;
  void boot_with(gateway_factory make_gateway, persistence_options options);

  /// The next read of the engine's clock throws, as a failing dependency
  /// would: the actor that reads it dies.
  void fail_clock_once() { fail_clock_ = true; }

  /// Lets `d` of wall time pass while no engine runs (between crash/boot).
  void downtime(std::chrono::milliseconds d) { elapsed_before_ += d; }

  /// Drops the engine without flushing, as a crash would.
  void crash();

  /// The engine's wall clock: virtual, continuous across crash/boot.
  timestamp now() const;

  /// Runs every job that is ready; no time passes.
  void run();

  /// Lets `d` pass in steps no longer than `step`, running all work due.
  void advance(std::chrono::milliseconds d,
               std::chrono::milliseconds step = std::chrono::milliseconds{10});

  /// A new quote into the market actor.
  void quote(const std::string& ticker, const char* price_text);

  /// Sends a request, runs the engine until the answer is in, returns it.
  /// Throws when no answer came without time passing (instead of hanging).
  template <class T, class Handle, class... Ts>
  T ask(const Handle& dest, Ts&&... xs) {
    std::optional<T> out;
    auto failure = exchange<T>(dest, out, std::forward<Ts>(xs)...);
    if (!out)
      throw std::runtime_error("request failed: " + describe(failure));
    return std::move(*out);
  }

  /// Like ask, for requests expected to fail: returns the error.
  template <class T, class Handle, class... Ts>
  caf::error ask_error(const Handle& dest, Ts&&... xs) {
    std::optional<T> out;
    auto failure = exchange<T>(dest, out, std::forward<Ts>(xs)...);
    if (out)
      throw std::runtime_error("request succeeded where it should fail");
    return failure;
  }

  /// Waits until persistence committed everything queued.
  void flush();

  static std::string describe(const caf::error& e);

  /// Where the ledgers report events; set before boot to record them.
  std::shared_ptr<event_sink> events;

  scratch_database db;
  persistence::store reader; ///< a separate connection for assertions
  registry_actor registry;
  market_actor market;
  persistence_actor persistence;
  gateway_actor gateway;

private:
  template <class T, class Handle, class... Ts>
  caf::error exchange(const Handle& dest, std::optional<T>& out, Ts&&... xs) {
    caf::error failure;
    auto pending =
      (*self_)->request(dest, caf::infinite, std::forward<Ts>(xs)...);
    run();
    if (!(*self_)->has_next_message())
      return caf::make_error(caf::sec::request_timeout,
                             "no answer without time passing");
    pending.receive([&](T& x) { out = std::move(x); },
                    [&](caf::error& e) { failure = std::move(e); });
    return failure;
  }

  struct runtime; /// the actor system and its deterministic scheduler
  std::unique_ptr<runtime> engine_;
  std::unique_ptr<caf::scoped_actor> self_;
  std::chrono::nanoseconds elapsed_before_{0};
  bool fail_clock_ = false;
};

/// A ledger configuration for tests.
ledger_config
test_config(const std::string& name,
            std::chrono::milliseconds interval = std::chrono::seconds{1});

} // namespace ledger::test
