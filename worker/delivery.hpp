#pragma once

// One trade request delivery in, one trade reply out.
//
// Delivery guarantees (docs/wire-format.md): the reply goes out on the
// connection's unconfirmed channel -- a reply lost on the way is covered
// by the engine's deadline, which records the tick as `timeout`, so a
// confirm round trip per reply would buy nothing -- and the lane acks its
// deliveries after their replies are written, one ack per burst.

#include "messaging/amqp_connection.hpp"
#include "worker/request_handler.hpp"

namespace ledger::worker {

/// How a delivery was answered.
enum class answered {
  trades,     ///< the model's trades (possibly none)
  timeout,    ///< error "timeout"
  failed,     ///< error model_error or bad_output
  released,   ///< a release notice: the ledger's model freed (no reply)
  unreadable, ///< neither a request nor a notice: rejected without requeue
};

/// A release notice (messaging/codec_release.hpp) frees the ledger's model
/// and is not answered. Otherwise decodes `e`, asks `handler` and publishes
/// the reply to e.reply_to (if
/// any) with e.correlation_id; the caller acks. A request that cannot be
/// decoded but names its ledger and tick is answered bad_output; one that does
/// not is rejected (without requeue, so it cannot loop). Throws amqp_error when
/// the connection fails; never for a bad message or a bad model.
answered answer_delivery(messaging::amqp_connection& c,
                         request_handler& handler,
                         const messaging::envelope& e);

} // namespace ledger::worker
