#pragma once

// Forwarding to a ledger's owner (docs/scale-out.md, "Talking to the
// nodes"). With several ledgerd nodes, a change for a ledger whose engine
// shard another node holds is encoded as a queue command
// (messaging/codec_command.hpp) and published to the commands exchange with
// the shard's routing key. The shard's queue is durable and consumed by
// the node that holds the shard, so a command sent while the shard moves
// waits for its next owner. The owner's reply comes back by direct
// reply-to on this node's broker link and is decoded into what the local
// registry would have answered.

#include "actors/broker_link.hpp"
#include "actors/errors.hpp"
#include "actors/interfaces.hpp"
#include "actors/shard_ownership.hpp"
#include "messaging/codec_command_reply.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace ledger {

/// The correlation ids of forwarded changes start with it, which is how
/// the broker link tells their replies from the workers' trade replies.
inline constexpr std::string_view forward_id_prefix = "fwd-";

inline bool is_forward_reply(std::string_view correlation_id) {
  return correlation_id.substr(0, forward_id_prefix.size()) ==
         forward_id_prefix;
}

/// How long a forwarded change waits for its owner's reply before it is
/// answered "timeout" (in doubt: the owner may still carry it out).
inline constexpr std::chrono::milliseconds forward_timeout{8000};

struct forwarder_state {
  std::shared_ptr<broker_link> link;
  std::shared_ptr<const shard_ownership> shards;
  std::uint64_t sent = 0;
  /// Correlation id -> what to do with the owner's reply.
  std::map<std::string,
           std::function<void(caf::expected<messaging::command_reply>)>>
    waiting;
  static inline const char* name = "forwarder";
};

forwarder_actor::behavior_type
forwarder(forwarder_actor::stateful_pointer<forwarder_state> self,
          std::shared_ptr<broker_link> link,
          std::shared_ptr<const shard_ownership> shards);

/// Asks `registry`; when it answers not_owner and `forwarder` is set, asks
/// the owner through `forwarder` instead. Used by the REST adapter and the
/// command handler, so both answer for any node's ledgers.
template <class T, class Self, class OnValue, class OnError, class... Ts>
void ask_owner(Self* self, const registry_actor& registry,
               const forwarder_actor& forwarder,
               std::chrono::milliseconds timeout, OnValue on_value,
               OnError on_error, const Ts&... xs) {
  self->request(registry, timeout, xs...)
    .then([on_value](T& x) mutable { on_value(x); },
          [=](caf::error& e) mutable {
            if (!forwarder ||
                code_of(e) != static_cast<std::uint8_t>(ec::not_owner)) {
              on_error(e);
              return;
            }
            self->request(forwarder, forward_timeout + timeout, xs...)
              .then([on_value](T& x) mutable { on_value(x); }, on_error);
          });
}

} // namespace ledger
