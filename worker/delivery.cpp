#include "worker/delivery.hpp"

#include "messaging/codec_release.hpp"
#include "messaging/codec_trade.hpp"

namespace ledger::worker {

answered answer_delivery(messaging::amqp_connection& c,
                         request_handler& handler,
                         const messaging::envelope& e) {
  auto decoded = messaging::decode_trade_request(e.body);
  algo_reply reply;
  if (auto request = std::get_if<algo_request>(&decoded)) {
    reply = handler.handle(*request);
  } else if (auto ledger = messaging::decode_release(e.body)) {
    // Tried only once the body is no request: requests stay the fast path.
    handler.release(*ledger);
    return answered::released;
  } else if (auto key = messaging::peek_request_key(e.body)) {
    reply.ledger = key->ledger;
    reply.tick = key->tick;
    reply.error = algo_failure::bad_request;
    reply.error_message =
      "unreadable trade request: " + std::get<std::string>(decoded);
  } else {
    c.reject(e, false);
    return answered::unreadable;
  }
  if (!e.reply_to.empty()) {
    messaging::publish_options options;
    options.correlation_id = e.correlation_id;
    options.persistent = false;
    c.publish("", e.reply_to, messaging::encode_trade_reply(reply), options);
  }
  if (!reply.error)
    return answered::trades;
  return *reply.error == algo_failure::timeout ? answered::timeout
                                               : answered::failed;
}

} // namespace ledger::worker
