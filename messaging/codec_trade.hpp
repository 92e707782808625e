#pragma once

// Trade requests (engine -> worker, on ledger.trade_requests) and trade
// replies (worker -> engine, to the request's reply_to queue). Formats and
// examples: docs/wire-format.md.

#include "core/algo_messages.hpp"
#include "messaging/wire_message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ledger::messaging {

/// {"v":1,"ledger","tick","time","deadline","algo","book_status":{
/// "balance","holding","prices","value"|null,"trades":[fills],
/// "rejected":[rejections]}}
std::string encode_trade_request(const algo_request& request);

/// Strict: every member required (value may be null); unknown top-level
/// members are ignored (producers may add optional members within v1).
decoded<algo_request> decode_trade_request(std::string_view body);

/// The correlation key of a request, read leniently: lets a worker answer
/// a request it cannot otherwise decode with a bad_output reply instead of
/// leaving the engine to time out.
struct request_key {
  std::string ledger;
  std::int64_t tick = 0;
};
std::optional<request_key> peek_request_key(std::string_view body);

/// {"v":1,"ledger","tick","trades":[orders]}, or with "error" and "message"
/// (and "trades": []) when reply.error is set. `malformed` is not carried:
/// a worker that meets an unreadable trade sends bad_output instead.
std::string encode_trade_reply(const algo_reply& reply);

/// A reply is refused outright (the string alternative) only when it cannot
/// be correlated: bad JSON, a wrong "v", or no valid ledger and tick. Any
/// other problem -- an unreadable trade, a missing trades list, an unknown
/// error code -- decodes as an error reply with error "bad_output" and the
/// problem as its message, which the engine records as model_error.
decoded<algo_reply> decode_trade_reply(std::string_view body);

} // namespace ledger::messaging
