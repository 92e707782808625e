#pragma once

// The publishes of one confirm channel that the broker has not confirmed
// yet, by delivery tag. Confirms may cover one tag or, with `multiple`,
// every tag up to one; a command's reply carries the delivery to ack once
// the reply is confirmed. Pure bookkeeping, no I/O: the broker link feeds
// it and acts on what it returns.

#include "messaging/amqp_types.hpp"

#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <vector>

namespace ledger {

class confirm_window {
public:
  /// A command delivery: (delivery tag, connection epoch).
  using delivery_ref = std::pair<std::uint64_t, std::uint64_t>;

  /// What one confirm settled.
  struct settled {
    std::vector<delivery_ref> acks; ///< command deliveries to ack now
    std::uint64_t confirmed = 0;    ///< publishes the broker took
    std::uint64_t nacked = 0;       ///< publishes the broker refused
  };

  /// `tag` was just published (tags come 1, 2, 3, ... per connection).
  void published(std::uint64_t tag, std::optional<delivery_ref> ack_after);

  /// Applies one confirm. A nacked reply still acks its command: the
  /// command ran, and running it again could apply it twice.
  settled settle(const messaging::confirm& c);

  /// Publishes not yet confirmed.
  std::size_t in_flight() const { return open_; }

  /// Forgets everything (the connection died); returns how many were
  /// still unconfirmed. Their command deliveries return to the queue with
  /// the connection.
  std::size_t reset();

private:
  struct slot {
    bool done = false;
    std::optional<delivery_ref> ack_after;
  };

  void finish(slot& s, bool ack, settled& out);

  std::uint64_t base_ = 1; ///< the tag of slots_.front()
  std::deque<slot> slots_;
  std::size_t open_ = 0;
};

} // namespace ledger
