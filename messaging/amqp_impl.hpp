#pragma once

// Internal to messaging/: the rabbitmq-c state behind amqp_connection.
// Users include amqp_connection.hpp, which does not pull in <amqp.h>.

#include "messaging/amqp_connection.hpp"

#include <amqp.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <sys/time.h>
#include <vector>

namespace ledger::messaging {

/// Channel 1: declarations, consumers, confirmed publishes (confirm mode).
inline constexpr amqp_channel_t main_channel = 1;
/// Channel 2: unconfirmed publishes. Kept out of confirm mode so a
/// publish-only program does not pile up unread basic.ack frames.
inline constexpr amqp_channel_t fast_channel = 2;

/// A duration as rabbitmq-c's timeouts take it; negative counts as zero.
timeval to_timeval(std::chrono::milliseconds d);

/// A view of a string as rabbitmq-c bytes (no copy; valid while `s` is).
amqp_bytes_t as_bytes(std::string_view s);
std::string to_string(amqp_bytes_t b);

/// A reply of rabbitmq-c in words: the library's error text or the
/// broker's close code and text. Never contains credentials.
std::string describe(const amqp_rpc_reply_t& reply);

struct amqp_connection::impl {
  /// What a frame meant to someone waiting for a confirm.
  struct frame_seen {
    enum kind_t { other, ack, nack, returned } kind = other;
    std::uint64_t delivery_tag = 0;
    bool multiple = false;
  };

  amqp_connection_state_t state = nullptr;
  std::string where;   ///< the redacted URL
  bool broken = false; ///< a failure happened; only close() is left
  std::uint64_t epoch = 0;
  std::uint64_t published = 0;  ///< delivery tags used on main_channel
  std::deque<envelope> pending; ///< deliveries read while waiting for acks
  /// Set by the first publish_pipelined: confirms are kept for
  /// take_confirms() from then on.
  bool pipelined = false;
  std::vector<confirm> confirms;
  bool blocked = false; ///< connection.blocked until connection.unblocked

  ~impl() { close(); }

  void close() noexcept;

  /// Marks the connection broken and throws amqp_error("<where>: <what>").
  [[noreturn]] void fail(const std::string& what);

  /// Throws unless the connection is open and healthy.
  void require_open() const;

  /// Checks the reply of the last RPC; on a broker exception answers it
  /// with close-ok, then fails with `doing` and the broker's words.
  void check_rpc(const char* doing);

  /// Checks a status code of a non-RPC call (publish, ack).
  void check_status(int status, const char* doing);

  /// The next frame within `timeout`; false on timeout. Releases the
  /// buffers of earlier frames first: copy what you need before calling.
  bool next_frame(amqp_frame_t& frame, std::chrono::milliseconds timeout);

  /// Handles one frame: queues deliveries in `pending`, reports confirms
  /// and returns, fails on closes and consumer cancellation.
  frame_seen handle(const amqp_frame_t& frame);

  /// Reads the content of a basic.deliver into an envelope.
  envelope read_delivery(const amqp_frame_t& frame);

  /// Sends one basic.publish with its properties.
  void send_publish(amqp_channel_t channel, const std::string& exchange,
                    const std::string& routing_key, std::string_view body,
                    const publish_options& options, bool mandatory);
};

} // namespace ledger::messaging
