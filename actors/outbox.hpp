#pragma once

// What actors hand the broker link to publish: three bounded lanes under
// one lock, and an eventfd that wakes the link thread when work arrives.
// Nothing here blocks: a full lane refuses the message at once, so an
// overloaded broker makes the engine shed work instead of queueing it
// without bound or stalling an actor.

#include "messaging/amqp_types.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace ledger {

/// What a message is for, which decides its lane and its guarantee
/// (docs/wire-format.md, "Delivery guarantees").
enum class delivery {
  request, ///< a trade request: unconfirmed; the engine's deadline covers loss
  event,   ///< a ledger event: confirmed, pipelined; shed under overload
  reply,   ///< a command's reply: confirmed; the command is acked after it
};

/// One message for the link to publish.
struct outbound_message {
  delivery kind = delivery::event;
  std::string exchange;
  std::string routing_key;
  std::string body;
  messaging::publish_options options;
  /// Not worth sending after this (a trade request past its deadline).
  std::optional<std::chrono::steady_clock::time_point> expires;
  /// A command delivery (tag, epoch) to ack once this reply is confirmed.
  std::optional<std::pair<std::uint64_t, std::uint64_t>> ack_after;
};

/// How many messages each lane holds at most. Replies are not bounded
/// here: the command consumer's prefetch bounds them.
struct outbox_limits {
  std::size_t requests = 16'384;
  std::size_t events = 16'384;
};

/// The three lanes. Thread-safe.
class outbox {
public:
  explicit outbox(outbox_limits limits = {});
  ~outbox();
  outbox(const outbox&) = delete;
  outbox& operator=(const outbox&) = delete;

  /// Queues `m` in its lane; false (and `m` untouched) when the lane is
  /// full. Wakes the link thread when the outbox was empty.
  bool push(outbound_message& m);

  /// Everything queued, in lane order: replies, then requests, then events
  /// (so a burst of events never delays what someone waits for).
  struct batch {
    std::deque<outbound_message> replies, requests, events;
    bool empty() const {
      return replies.empty() && requests.empty() && events.empty();
    }
  };
  batch take();

  /// The file descriptor that becomes readable when work arrives; the link
  /// thread waits on it and clears it with take().
  int wake_fd() const { return wake_fd_; }

  std::size_t size() const;

private:
  outbox_limits limits_;
  int wake_fd_ = -1;
  mutable std::mutex mutex_;
  batch lanes_;
  bool signalled_ = false;
};

} // namespace ledger
