#pragma once

// A blocking AMQP 0-9-1 connection over rabbitmq-c, with one channel for
// declarations, consumers and confirmed publishes (in confirm mode) and a
// second one for unconfirmed, high-rate publishes.
//
// Threading: NOT thread-safe. An amqp_connection belongs to exactly one
// thread for its whole life -- the thread that connects, publishes, polls
// and acks. Never share one between threads, not even behind a mutex held
// by several (heartbeats are sent from inside whichever call reads next).
//
// Heartbeats: rabbitmq-c only beats while inside a call that reads or
// writes. A thread with nothing to do must still call poll() (with a
// timeout below the heartbeat interval) so the broker keeps the
// connection.
//
// A moved-from amqp_connection may only be assigned to or destroyed.
//
// SIGPIPE: rabbitmq-c 0.11's TCP socket sends with MSG_NOSIGNAL on Linux
// (SO_NOSIGPIPE on BSD/macOS), so a broken connection is an error return,
// not a signal. Programs should still ignore SIGPIPE
// (`std::signal(SIGPIPE, SIG_IGN)` in main), as other sockets or libraries
// may not be so careful.

#include "messaging/amqp_types.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ledger::messaging {

class amqp_connection {
public:
  amqp_connection();
  ~amqp_connection();
  amqp_connection(amqp_connection&&) noexcept;
  amqp_connection& operator=(amqp_connection&&) noexcept;

  /// Opens the socket, logs in (PLAIN), negotiates the heartbeat and opens
  /// the channels. Closes any previous connection first. Throws amqp_error
  /// (without the password) on a bad URL, an unreachable broker, refused
  /// credentials or an unknown vhost.
  void connect(std::string_view url, const connect_options& options = {});

  /// Closes politely when the connection is healthy, then frees it.
  /// Unacked deliveries return to their queues. Never throws.
  void close() noexcept;

  /// True between a successful connect() and a failure or close().
  bool is_open() const;

  /// Counts successful connects of this object: 1, 2, ...
  std::uint64_t epoch() const;

  /// The broker's URL without the password, for messages.
  const std::string& redacted_url() const;

  // Declarations. Idempotent when repeated with the same arguments; a
  // conflicting redeclaration throws amqp_error (PRECONDITION_FAILED) and
  // closes the connection.

  void declare_exchange(const std::string& name, exchange_type type,
                        const exchange_options& options = {});
  /// Returns the queue's name (the broker's choice when `name` is empty).
  std::string declare_queue(const std::string& name,
                            const queue_options& options = {});
  /// An exclusive, auto-delete queue with a server-chosen name, for the
  /// replies of a request/reply client; it vanishes with the connection.
  std::string declare_reply_queue();
  void bind_queue(const std::string& queue, const std::string& exchange,
                  const std::string& routing_key);
  void unbind_queue(const std::string& queue, const std::string& exchange,
                    const std::string& routing_key);
  void delete_queue(const std::string& name);
  void delete_exchange(const std::string& name);

  /// Publishes without waiting for the broker (quotes and other messages
  /// whose loss is tolerable). `mandatory` is ignored. Throws amqp_error
  /// when the socket fails.
  void publish(const std::string& exchange, const std::string& routing_key,
               std::string_view body, const publish_options& options = {});

  /// Publishes and waits up to `timeout` for the broker's confirm. While
  /// waiting, deliveries for this connection's consumers are kept for
  /// poll(). Throws amqp_error when the connection or channel fails (e.g.
  /// the exchange does not exist).
  publish_result publish_confirmed(
    const std::string& exchange, const std::string& routing_key,
    std::string_view body, const publish_options& options = {},
    std::chrono::milliseconds timeout = std::chrono::seconds{10});

  // Pipelined use, for a thread that publishes and consumes at a high rate
  // without ever waiting on one message (messaging/amqp_pipelined.cpp).

  /// Publishes on the confirm channel without waiting: the broker's
  /// confirm is read later, by any call that reads, and handed out by
  /// take_confirms(). Returns the message's delivery tag (1, 2, ... per
  /// connection). Do not mix with publish_confirmed on one connection.
  std::uint64_t publish_pipelined(const std::string& exchange,
                                  const std::string& routing_key,
                                  std::string_view body,
                                  const publish_options& options = {});

  /// The confirms read since the last call, in order.
  std::vector<confirm> take_confirms();

  /// Waits until the broker has sent something, `wake_fd` (an eventfd or
  /// pipe, or -1) is readable, or `timeout` passes. Returns at once when
  /// frames are already buffered. Reads nothing: poll() does.
  void wait(std::chrono::milliseconds timeout, int wake_fd);

  /// True while the broker blocks this connection's publishes (a memory
  /// or disk alarm: connection.blocked). Publishing then would stall the
  /// socket; callers hold or shed what they would publish.
  bool blocked() const;

  /// Starts consuming `queue` with manual acks and at most `prefetch`
  /// unacked deliveries (basic.qos before basic.consume). Returns the
  /// consumer tag.
  std::string consume(const std::string& queue, std::uint16_t prefetch,
                      bool exclusive = false);

  /// Stops the consumer `consumer_tag` (basic.cancel). Its deliveries
  /// already received stay to be acked; the rest stay in the queue.
  void cancel(const std::string& consumer_tag);

  /// Starts consuming `queue` without acknowledgements: the broker counts
  /// a delivery done once sent, which costs it a third less per message.
  /// For deliveries whose loss a deadline or a newer message covers
  /// (replies on an exclusive queue, quotes); prefetch does not apply.
  std::string consume_unacked(const std::string& queue);

  /// RabbitMQ's direct reply-to: replies to what this connection publishes
  /// with publish() and reply_to = direct_reply_to reach it straight from
  /// the replier's channel, with no queue in between (the cheapest reply
  /// the broker has; lost if this connection drops, like an exclusive
  /// queue's). Returns the consumer tag.
  std::string consume_direct_replies();

  /// The reply_to of requests whose replies come by direct reply-to.
  static constexpr const char* direct_reply_to = "amq.rabbitmq.reply-to";

  /// The next delivery, waiting up to `timeout`; nullopt on timeout. Reads
  /// and handles every other frame on the way (late confirms, returns,
  /// heartbeats); a channel or connection closed by the broker, or a
  /// consumer cancelled by it, throws amqp_error.
  std::optional<envelope> poll(std::chrono::milliseconds timeout);

  /// Acknowledges a delivery once its work is done. A delivery of an
  /// earlier connection (another epoch) is skipped and false returned: the
  /// broker requeued it when that connection died.
  bool ack(const envelope& delivery);
  bool ack(std::uint64_t delivery_tag, std::uint64_t epoch);

  /// Acknowledges `delivery` and every earlier one of its connection in
  /// one frame (basic.ack with multiple): one ack per batch of deliveries.
  bool ack_through(const envelope& delivery);

  /// Rejects a delivery: back to the queue when `requeue`, else dropped
  /// (or dead-lettered). Same epoch rule as ack.
  bool reject(const envelope& delivery, bool requeue);
  bool reject(std::uint64_t delivery_tag, std::uint64_t epoch, bool requeue);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace ledger::messaging
