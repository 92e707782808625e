#pragma once

// The engine's one connection to RabbitMQ, on its own thread. rabbitmq-c
// blocks and is not thread-safe, so nothing else touches the connection:
// actors hand it messages to publish through a locked outbox, and it hands
// deliveries to callbacks that only enqueue messages into the actor system
// (anon_send). It reconnects with backoff and re-declares everything.

#include "messaging/amqp_types.hpp"
#include "messaging/topology.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace ledger {

/// One message for the link to publish.
struct outbound_message {
  std::string exchange;
  std::string routing_key;
  std::string body;
  messaging::publish_options options;
  /// Wait for the broker's confirm (commands' replies, events).
  bool confirmed = false;
  /// Not worth sending after this (a trade request past its deadline).
  std::optional<std::chrono::steady_clock::time_point> expires;
  /// A command delivery to ack once this reply is published.
  std::optional<std::pair<std::uint64_t, std::uint64_t>> ack_after;
};

class broker_link {
public:
  /// Called on the link thread for each delivery; must not block.
  using delivery_handler = std::function<void(messaging::envelope)>;

  struct handlers {
    delivery_handler on_reply;   ///< trade replies on the reply queue
    delivery_handler on_quote;   ///< quotes of bound tickers
    delivery_handler on_command; ///< commands; ack via a reply's ack_after
  };

  broker_link(std::string url, messaging::topology topology,
              handlers callbacks);
  ~broker_link();
  broker_link(const broker_link&) = delete;
  broker_link& operator=(const broker_link&) = delete;

  /// Starts the thread; it connects (retrying) in the background.
  void start();

  /// Stops the thread after publishing what is queued (bounded wait).
  void stop();

  /// Thread-safe: queues a message for the link thread.
  void publish(outbound_message message);

  /// Thread-safe: quotes of `ticker` are wanted (bound on every connect).
  void track_ticker(const std::string& ticker);

  /// The current reply queue's name ("" while disconnected). Replies to
  /// requests sent on an earlier connection are lost with its queue.
  std::string reply_queue() const;

  bool connected() const { return connected_.load(); }

  const messaging::topology& topology() const { return topology_; }

private:
  void run();
  void setup(messaging::amqp_connection& c);
  void flush_outbox(messaging::amqp_connection& c);
  void bind_new_tickers(messaging::amqp_connection& c);
  void dispatch(messaging::amqp_connection& c, messaging::envelope e);

  std::string url_;
  messaging::topology topology_;
  handlers handlers_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> connected_{false};

  mutable std::mutex mutex_; ///< guards everything below
  std::deque<outbound_message> outbox_;
  std::set<std::string> tickers_;
  std::set<std::string> bound_; ///< tickers bound on this connection
  std::string reply_queue_;
  std::string reply_tag_, quote_tag_, command_tag_;
  std::string quote_queue_;
};

} // namespace ledger
