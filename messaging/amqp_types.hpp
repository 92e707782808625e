#pragma once

// The vocabulary of amqp_connection, kept free of rabbitmq-c types.

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace ledger::messaging {

/// A failure of the connection or its channel: the socket, the login, a
/// refused declaration, a channel closed by the broker. After one the
/// connection is unusable (is_open() is false): connect again, e.g. with
/// connect_with_retry. The message names the broker by its redacted URL
/// and never contains the password.
class amqp_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// How to connect.
struct connect_options {
  /// Heartbeat interval negotiated with the broker; the connection must be
  /// serviced (poll, publish_confirmed, any call that reads) at least this
  /// often or the broker drops it after two missed beats.
  std::chrono::seconds heartbeat{30};
  /// Bound on the TCP connect, the AMQP handshake and every RPC
  /// (declarations, consume, close).
  std::chrono::milliseconds timeout{10'000};
  /// Shown as the connection's name in the broker's management tools.
  std::string name = "ledger";
};

/// `consistent_hash` is "x-consistent-hash" from the broker plugin
/// rabbitmq_consistent_hash_exchange: a message goes to exactly one bound
/// queue, picked by hashing its routing key; binding keys are the queues'
/// weights ("20").
enum class exchange_type { direct, topic, fanout, consistent_hash };

/// How to declare an exchange.
struct exchange_options {
  bool durable = true;
  /// Deleted by the broker once its last binding is removed.
  bool auto_delete = false;
};

/// How to declare a queue.
struct queue_options {
  bool durable = true;
  bool exclusive = false;   ///< only this connection; deleted with it
  bool auto_delete = false; ///< deleted when its last consumer leaves
  /// x-single-active-consumer: of all consumers one receives at a time;
  /// the next takes over when it leaves.
  bool single_active_consumer = false;
  /// x-expires: the broker deletes the queue after it has been unused this
  /// long (tests use it so an aborted run leaves nothing behind).
  std::optional<std::chrono::milliseconds> expires;
};

/// Properties and flags of a published message.
struct publish_options {
  std::string content_type = "application/json";
  /// delivery_mode 2: the broker writes the message to disk in durable
  /// queues. Set it where loss matters (commands, trade requests, events).
  bool persistent = true;
  std::string reply_to;       ///< queue for the answer, if any
  std::string correlation_id; ///< echoed in the answer
  /// Per-message TTL in milliseconds as decimal text ("30000"), or empty.
  std::string expiration;
  /// basic.return instead of a silent drop when no queue is bound to the
  /// routing key. Honoured by publish_confirmed only.
  bool mandatory = false;
};

/// How a confirmed publish ended (connection failures throw instead).
enum class publish_result {
  confirmed,  ///< basic.ack: the broker has taken responsibility
  nacked,     ///< basic.nack: the broker could not take it
  unroutable, ///< mandatory and no queue bound: returned, then acked
  timed_out,  ///< no confirm within the timeout (the fate is unknown)
};

/// The broker's answer to one pipelined publish (publish_pipelined): every
/// delivery tag up to and including `delivery_tag` when `multiple`.
struct confirm {
  std::uint64_t delivery_tag = 0;
  bool multiple = false;
  bool ack = true; ///< false: basic.nack, the broker could not take it
};

/// One delivered message.
struct envelope {
  std::string body;
  std::string exchange;
  std::string routing_key;
  std::string reply_to;       ///< empty when the sender set none
  std::string correlation_id; ///< empty when the sender set none
  std::string content_type;
  std::string consumer_tag;
  std::uint64_t delivery_tag = 0;
  /// Which connection (1, 2, ... per amqp_connection object) delivered it;
  /// a delivery tag means nothing on a later connection.
  std::uint64_t epoch = 0;
  bool redelivered = false;
};

} // namespace ledger::messaging
