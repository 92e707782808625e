#pragma once

// Getting a connection back after a failure: exponential backoff between
// attempts, and a stop flag checked while waiting so a shutting-down
// program never hangs in a retry loop.
//
// The usual loop of a consumer thread:
//
//   amqp_connection c;
//   auto setup = [&](amqp_connection& c) {
//     declare_topology(c, topo);
//     c.consume(topo.commands_queue(), 16);
//   };
//   while (connect_with_retry(c, url, setup, stop, log)) {
//     try {
//       while (!stop)
//         if (auto e = c.poll(250ms)) { handle(*e); c.ack(*e); }
//       break;
//     } catch (const amqp_error& e) {
//       log(e.what()); // then reconnect, re-declare and consume again
//     }
//   }

#include "messaging/amqp_connection.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace ledger::messaging {

/// Delays of 100 ms, 200 ms, 400 ms, ... doubling up to 5 s.
class backoff {
public:
  explicit backoff(
    std::chrono::milliseconds first = std::chrono::milliseconds{100},
    std::chrono::milliseconds max = std::chrono::seconds{5});

  /// The delay before the next attempt; each call doubles the following.
  std::chrono::milliseconds next();

  /// Back to the first delay (after a success).
  void reset();

private:
  std::chrono::milliseconds first_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds current_;
};

/// Sleeps for `delay` in short slices; returns early (false) when `stop`
/// becomes true. True when the whole delay passed.
bool sleep_unless_stopped(std::chrono::milliseconds delay,
                          const std::atomic<bool>& stop);

/// Connects `c` to `url` and runs `setup` on it (declare the topology,
/// start consumers), retrying with `b`'s delays after any amqp_error until
/// both succeed; each failure's message (never the password) goes to
/// `on_error`. Returns true when connected and set up, false when `stop`
/// was set first. Exceptions other than amqp_error from `setup` propagate.
bool connect_with_retry(
  amqp_connection& c, std::string_view url,
  const std::function<void(amqp_connection&)>& setup,
  const std::atomic<bool>& stop,
  const std::function<void(const std::string&)>& on_error = {},
  const connect_options& options = {}, backoff b = backoff{});

} // namespace ledger::messaging
