#pragma once

// What the gateway, command handler and broker link tests share: actors on
// CAF's deterministic scheduler (time moves only in advance()), a broker
// link started against the real RabbitMQ (LEDGER_AMQP_URL) under a scratch
// topology, and a stand-in actor that answers from a script. The link
// thread never sends into the actor system (the deterministic scheduler is
// single-threaded): its handlers fill inboxes that the test reads.

#include "actors/broker_link.hpp"
#include "tests/amqp/amqp_fixture.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/response_promise.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <variant>
#include <vector>

namespace ledger::test {

/// An actor system whose actors run only inside run() and advance(), on
/// the test's thread.
class deterministic_system {
public:
  deterministic_system();
  /// Kills every actor spawned here, then ends the system.
  ~deterministic_system();

  template <class... Ts>
  auto spawn(Ts&&... xs) {
    auto a = sys_->spawn(std::forward<Ts>(xs)...);
    spawned_.push_back(caf::actor_cast<caf::actor>(a));
    return a;
  }

  /// Runs every job that is ready; no time passes.
  void run();

  /// Lets `d` pass in steps of 10 ms, running all work due.
  void advance(std::chrono::milliseconds d);

  /// The state of a stateful actor spawned here (safe: nothing else runs).
  template <class State, class Handle>
  State& state_of(const Handle& h) {
    auto* p = caf::actor_cast<caf::abstract_actor*>(h);
    using base = typename Handle::template stateful_base<State>;
    return dynamic_cast<base&>(*p).state;
  }

private:
  caf::actor_system_config cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  caf::scheduler::test_coordinator* sched_ = nullptr;
  std::vector<caf::actor> spawned_;
};

/// Deliveries handed over by the link thread.
class inbox {
public:
  void push(messaging::envelope e);
  /// The next delivery within `timeout` (real time), or nullopt.
  std::optional<messaging::envelope>
  next(std::chrono::milliseconds timeout = std::chrono::seconds{5});

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<messaging::envelope> queue_;
};

/// A broker link on a scratch topology, started and connected.
struct live_link {
  live_link();
  /// Stops the link before its inboxes go.
  ~live_link();

  scratch_topology scratch;
  inbox replies, quotes, commands;
  std::shared_ptr<broker_link> link;
};

/// What a scripted actor was asked, and what it answers next: each request
/// takes the first answer; with none left the request stays unanswered.
struct script {
  std::vector<caf::message> asked;
  std::deque<std::variant<caf::message, caf::error>> answers;
  std::vector<caf::response_promise> unanswered;
};

/// An untyped actor answering from `s`; cast it to the interface it
/// stands in for (caf::actor_cast), of which it only sees what is asked.
caf::actor scripted(deterministic_system& sys, std::shared_ptr<script> s);

} // namespace ledger::test
