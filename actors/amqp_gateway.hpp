#pragma once

#include "actors/admission.hpp"
#include "actors/broker_link.hpp"
#include "actors/interfaces.hpp"
#include "core/concurrency_limit.hpp"

#include <caf/typed_response_promise.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace ledger {

struct amqp_gateway_state {
  using time_point = std::chrono::steady_clock::time_point;
  /// Correlation ids by deadline, earliest first.
  using expiry_queue = std::multimap<time_point, std::string>;
  struct pending {
    caf::typed_response_promise<algo_reply> promise;
    std::string ledger;
    std::int64_t tick;
    expiry_queue::iterator expiry; ///< its entry in `expiries` (deadline)
  };
  std::shared_ptr<broker_link> link;
  std::map<std::string, pending> waiting; ///< by correlation id
  expiry_queue expiries;                  ///< the same requests, by deadline
  std::optional<time_point> alarm;        ///< when the next check is due
  std::shared_ptr<ledger::admission> admission; ///< counts `waiting`
  concurrency_limit limit{1}; ///< learned; published to `admission`
  std::uint64_t sent = 0;
  static inline const char* name = "amqp-gateway";
};

/// Publishes each trade request, routed by its ledger's name, with reply_to and
/// a correlation id, and answers the ledger with the correlated reply, or with
/// a `timeout` reply at the request's deadline: every request is answered by
/// then, so ledgers ask without a timeout of their own. A reply nobody waits
/// for (late, duplicate, unknown) is dropped.
amqp_gateway_actor::behavior_type
amqp_gateway(amqp_gateway_actor::stateful_pointer<amqp_gateway_state> self,
             std::shared_ptr<broker_link> link,
             std::shared_ptr<admission> admission);

} // namespace ledger
