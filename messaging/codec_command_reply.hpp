#pragma once

// Replies to commands (engine -> the command's reply_to queue, with its
// correlation_id):
//   {"v":1,"ok":true,"ledger":{view}}            create, start, stop
//   {"v":1,"ok":true,"ledger":{view},"view_ledger":{old view}}   view
//   {"v":1,"ok":true,"ledgers":[{view},...]}     list
//   {"v":1,"ok":true,"deleted":true}             delete
//   {"v":1,"ok":true,"report":{"applied","outcomes"}}  update
//   {"v":1,"ok":true,"nodes":[{"name","http","shards":[0,1,...]},...]} nodes
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

/// One ledger: the answer to create, start, stop and view.
struct ledger_reply {
  ledger_view ledger;
  /// view only: the old view_ledger object as JSON text, sent as the
  /// reply's "view_ledger" member (ledgerctl view --json prints it); empty
  /// otherwise.
  std::string view_ledger_json;
};

/// The answer to a successful delete.
struct ledger_deleted {};

/// One ledgerd node, in the answer to nodes.
struct engine_node_entry {
  std::string name;
  std::string http;        ///< its REST address, as it said
  std::vector<int> shards; ///< the engine shards it holds, ascending
};

using command_reply =
  std::variant<ledger_reply, std::vector<ledger_view>, ledger_deleted,
               report_result, command_error, std::vector<engine_node_entry>>;

/// Outcomes of a report are written as {"filled": {fill}} or
/// {"rejected": {rejection}}, in the order of the reported trades.
std::string encode_command_reply(const command_reply& reply);

decoded<command_reply> decode_command_reply(std::string_view body);

} // namespace ledger::messaging
