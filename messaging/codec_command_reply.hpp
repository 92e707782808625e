#pragma once

// Replies to commands (engine -> the command's reply_to queue, with its
// correlation_id):
//   {"v":1,"ok":true,"ledger":{view}}            create, start, stop, view
//   {"v":1,"ok":true,"ledgers":[{view},...]}     list
//   {"v":1,"ok":true,"deleted":true}             delete
//   {"v":1,"ok":true,"report":{"applied","outcomes"}}  update
//   {"v":1,"ok":false,"error":{"code","message"}}      any failure

#include "core/execution.hpp"
#include "messaging/ledger_view.hpp"
#include "messaging/wire_message.hpp"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ledger::messaging {

/// A command that failed: a snake_case code ("unknown_ledger",
/// "bad_command", ...) and one sentence.
struct command_error {
  std::string code;
  std::string message;
};

/// The answer to a successful delete.
struct ledger_deleted {};

using command_reply =
  std::variant<ledger_summary, std::vector<ledger_summary>, ledger_deleted,
               report_result, command_error>;

/// Outcomes of a report are written as {"filled": {fill}} or
/// {"rejected": {rejection}}, in the order of the reported trades.
std::string encode_command_reply(const command_reply& reply);

decoded<command_reply> decode_command_reply(std::string_view body);

} // namespace ledger::messaging
