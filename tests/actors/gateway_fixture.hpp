#pragma once

// The AMQP gateway on the deterministic scheduler with a broker link
// connected to the real RabbitMQ (the gateway sends nothing without one).
// No worker is bound: the test plays the worker by sending the gateway the
// (correlation id, body) pairs the link would hand it. Ledgers are
// stand-ins that ask once, with a timeout, and count their answers.

#include "actors/amqp_gateway.hpp"
#include "messaging/codec_trade.hpp"
#include "tests/actors/broker_harness.hpp"

#include <boost/test/unit_test.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/sec.hpp>
#include <caf/send.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ledger::test {

/// What one ledger was answered.
struct answers {
  std::vector<algo_reply> replies;
  std::vector<caf::error> errors;
  std::size_t count() const { return replies.size() + errors.size(); }
};

/// A request of ledger `name` for `tick` whose deadline is `left` from now
/// (wall clock, as the gateway reads it).
inline algo_request request_for(const std::string& name, std::int64_t tick,
                                std::chrono::milliseconds left) {
  algo_request r;
  r.ledger = name;
  r.tick = tick;
  r.time = std::chrono::system_clock::now();
  r.deadline = r.time + left;
  r.algo = "test";
  return r;
}

/// A worker's reply for (name, tick): one order, or `error`.
inline std::string reply_body(const std::string& name, std::int64_t tick,
                              std::optional<algo_failure> error = {}) {
  algo_reply r;
  r.ledger = name;
  r.tick = tick;
  if (error)
    r.error = error;
  else
    r.orders.push_back(
      order{side::buy, "AAPL", *quantity::make(3), std::nullopt});
  return messaging::encode_trade_reply(r);
}

/// A ledger asks `gateway` once, waiting at most `timeout` (virtual
/// time), and keeps what it is answered.
inline std::shared_ptr<answers>
ask(deterministic_system& actors, const gateway_actor& gateway, algo_request r,
    std::chrono::milliseconds timeout = std::chrono::hours{1}) {
  auto out = std::make_shared<answers>();
  // Spawned with an argument: CAF 0.17 binds a reference to a null tuple
  // for a function spawned without any (UBSan stops there).
  actors.spawn(
    [=](caf::event_based_actor* self, std::shared_ptr<answers> into) {
      self->request(gateway, timeout, r)
        .then([=](algo_reply& x) { into->replies.push_back(std::move(x)); },
              [=](caf::error& e) { into->errors.push_back(std::move(e)); });
    },
    out);
  actors.run();
  return out;
}

/// True for CAF's request timeout.
inline bool timed_out(const caf::error& e) {
  return e.category() == caf::atom("system") &&
         e.code() == static_cast<std::uint8_t>(caf::sec::request_timeout);
}

template <std::size_t MaxInFlight>
struct basic_gateway_fixture {
  live_link broker;
  deterministic_system actors;
  std::shared_ptr<admission> admitted =
    std::make_shared<admission>(MaxInFlight);
  amqp_gateway_actor gateway =
    actors.spawn(amqp_gateway, broker.link, admitted);

  std::shared_ptr<answers>
  ask(algo_request r,
      std::chrono::milliseconds timeout = std::chrono::hours{1}) {
    return test::ask(actors, gateway, std::move(r), timeout);
  }

  void advance(std::chrono::milliseconds d) { actors.advance(d); }

  /// A reply as the link hands it over.
  void reply(const std::string& id, const std::string& body) {
    caf::anon_send(gateway, atom::reply::value, id, body);
    actors.run();
  }

  amqp_gateway_state& state() {
    return actors.state_of<amqp_gateway_state>(gateway);
  }

  /// The correlation id under which the request of (name, tick) waits.
  std::string id_of(const std::string& name, std::int64_t tick) {
    for (auto& [id, p] : state().waiting)
      if (p.ledger == name && p.tick == tick)
        return id;
    BOOST_FAIL("no request of " << name << " for tick " << tick << " waits");
    return {};
  }
};

using gateway_fixture = basic_gateway_fixture<20>;

} // namespace ledger::test
