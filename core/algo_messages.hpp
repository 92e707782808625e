#pragma once

#include "core/algo_failure.hpp"
#include "core/lifecycle.hpp"
#include "core/money.hpp"
#include "core/order.hpp"
#include "core/outcome.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ledger {

/// What a ledger asks its algorithm on a tick: the model's `book_status`
/// plus the correlation key (ledger, tick) and the deadline.
struct algo_request {
  std::string ledger;
  std::int64_t tick = 0;
  timestamp time;
  timestamp deadline;
  std::string algo; ///< the ledger's algo_path
  money balance;
  holdings positions;
  price_map prices; ///< the snapshot the orders will fill at
  std::optional<money> value;
  std::vector<fill> trades;        ///< fills since the previous request
  std::vector<rejection> rejected; ///< rejections of the previous tick
};

/// The algorithm's answer. Orders that could not even be read (a negative
/// quantity, an unknown side) arrive already rejected as invalid_trade in
/// `malformed`; `error` is set when the model failed as a whole.
struct algo_reply {
  std::string ledger;
  std::int64_t tick = 0;
  std::vector<order> orders;
  std::vector<rejection> malformed;
  std::optional<algo_failure> error;
  std::string error_message;
};

} // namespace ledger
