#include "actors/inprocess_gateway.hpp"

#include <caf/typed_event_based_actor.hpp>

namespace ledger {

gateway_actor::behavior_type inprocess_gateway(inprocess_algorithm algorithm) {
  return {
    [=](const algo_request& request) {
      try {
        auto reply = algorithm(request);
        reply.ledger = request.ledger;
        reply.tick = request.tick;
        return reply;
      } catch (const std::exception& e) {
        algo_reply failed;
        failed.ledger = request.ledger;
        failed.tick = request.tick;
        failed.error = algo_failure::model_error;
        failed.error_message = e.what();
        return failed;
      }
    },
  };
}

} // namespace ledger
