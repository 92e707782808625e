#pragma once

// The engine's one connection to RabbitMQ, on its own thread. rabbitmq-c
// blocks and is not thread-safe, so nothing else touches the connection:
// actors hand it messages through a bounded outbox (actors/outbox.hpp),
// and it hands deliveries to callbacks that only enqueue messages into the
// actor system (anon_send). No message costs a round trip: requests go
// unconfirmed, events and command replies are confirmed in a pipeline
// settled by delivery tag, and every pass of the loop publishes all that
// is queued and reads all that has arrived. It reconnects with backoff and
// re-declares everything.

#include "actors/confirm_window.hpp"
#include "actors/metrics.hpp"
#include "actors/outbox.hpp"
#include "actors/shard_ownership.hpp"
#include "messaging/amqp_types.hpp"
#include "messaging/topology.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace ledger {

class broker_link {
public:
  /// Called on the link thread for each delivery; must not block.
  using delivery_handler = std::function<void(messaging::envelope)>;

  struct handlers {
    delivery_handler on_reply;   ///< trade replies on the reply queue
    delivery_handler on_quote;   ///< quotes of bound tickers
    delivery_handler on_command; ///< commands; ack via a reply's ack_after
  };

  broker_link(std::string url, messaging::topology topology, handlers callbacks,
              outbox_limits limits = {});
  ~broker_link();
  broker_link(const broker_link&) = delete;
  broker_link& operator=(const broker_link&) = delete;

  /// Starts the thread; it connects (retrying) in the background.
  void start();

  /// Stops the thread: publishes what is queued and waits for confirms
  /// for at most `grace`, then closes. Says on stderr what it could not
  /// send. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds{2});

  /// Thread-safe, never blocks: queues a message. false when it was shed
  /// (its lane is full, or a request while there is no connection).
  bool publish(outbound_message message);

  /// Before start(): consume the shard queue of every shard `shards`
  /// serves (forwarded commands, docs/scale-out.md), following its changes.
  void serve_shard_queues(std::shared_ptr<const shard_ownership> shards);

  /// Thread-safe: quotes of `ticker` are wanted (bound on every connect).
  /// Counted: the binding stays until as many untrack_ticker calls.
  void track_ticker(const std::string& ticker);

  /// Thread-safe: one tracker of `ticker` less; at none it is unbound.
  void untrack_ticker(const std::string& ticker);

  /// Thread-safe: the tickers tracked now (for tests and operators).
  std::set<std::string> tracked_tickers() const;

  /// The current reply queue's name ("" while disconnected). Replies to
  /// requests sent on an earlier connection are lost with its queue.
  std::string reply_queue() const;

  bool connected() const { return connected_.load(); }

  /// True while the broker blocks publishing (a memory or disk alarm).
  bool blocked() const { return blocked_.load(); }

  broker_figures stats() const;

  const messaging::topology& topology() const { return topology_; }

private:
  void run();
  void serve(messaging::amqp_connection& c, confirm_window& window);
  void setup(messaging::amqp_connection& c);
  void sync_tickers(messaging::amqp_connection& c);
  void sync_shards(messaging::amqp_connection& c);
  bool publish_queued(messaging::amqp_connection& c, confirm_window& window);
  bool read_deliveries(messaging::amqp_connection& c);
  bool settle_confirms(messaging::amqp_connection& c, confirm_window& window);
  void dispatch(messaging::envelope e);
  void finish(messaging::amqp_connection& c, confirm_window& window);

  std::string url_;
  messaging::topology topology_;
  handlers handlers_;
  outbox outbox_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> connected_{false};
  std::atomic<bool> blocked_{false};
  std::atomic<bool> tickers_changed_{false};
  std::chrono::milliseconds grace_{std::chrono::seconds{2}};
  /// Replies taken from the outbox but not yet published (the confirm
  /// window was full, or the connection failed under them).
  std::deque<outbound_message> held_replies_;

  struct counters {
    std::atomic<std::uint64_t> published{0}, unconfirmed{0}, shed_requests{0},
      shed_events{0}, expired{0}, nacked{0}, lost_unconfirmed{0};
  };
  counters counters_;

  mutable std::mutex mutex_;                   ///< guards everything below
  std::map<std::string, std::size_t> tickers_; ///< ticker -> trackers
  std::set<std::string> bound_; ///< tickers bound on this connection
  std::string reply_queue_;
  std::string reply_tag_, quote_tag_, command_tag_;
  std::string quote_queue_;

  // Shard queues: touched on the link thread only.
  std::shared_ptr<const shard_ownership> shards_;
  std::uint64_t synced_generation_ = 0;
  bool shards_synced_ = false;
  std::map<int, std::string> shard_tags_; ///< shard -> consumer tag
  /// Consumers cancelled on this connection: what they still deliver goes
  /// back to the queue for the shard's next owner.
  std::set<std::string> cancelled_tags_;
};

} // namespace ledger
