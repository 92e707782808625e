#pragma once

#include "actors/admission.hpp"
#include "actors/broker_link.hpp"
#include "actors/interfaces.hpp"
#include "core/concurrency_limit.hpp"

#include <caf/typed_response_promise.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>

namespace ledger {

struct amqp_gateway_state {
  struct pending {
    caf::typed_response_promise<algo_reply> promise;
    std::string ledger;
    std::int64_t tick;
    std::chrono::steady_clock::time_point deadline;
  };
  std::shared_ptr<broker_link> link;
  std::map<std::string, pending> waiting;       ///< by correlation id
  std::shared_ptr<ledger::admission> admission; ///< counts `waiting`
  concurrency_limit limit{1}; ///< learned; published to `admission`
  std::uint64_t sent = 0;
  static inline const char* name = "amqp-gateway";
};

/// Publishes each trade request, routed by its ledger's name, with reply_to and
/// a correlation id, and answers the ledger with the correlated reply. A reply
/// nobody waits for (late, duplicate, unknown) is dropped.
amqp_gateway_actor::behavior_type
amqp_gateway(amqp_gateway_actor::stateful_pointer<amqp_gateway_state> self,
             std::shared_ptr<broker_link> link,
             std::shared_ptr<admission> admission);

} // namespace ledger
