#pragma once

// Commands (ledgerctl or any client -> engine) on the ledger.commands
// exchange, routing key "command", with reply_to and correlation_id set;
// the engine answers with a command reply (codec_command_reply.hpp).

#include "core/ledger_config.hpp"
#include "core/order.hpp"
#include "messaging/wire_message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ledger::messaging {

enum class command_kind {
  create,
  start,
  stop,
  remove,
  view,
  update,
  list,
  nodes, ///< the ledgerd nodes sharing the database, and their shards
};

/// The wire spelling: "create", ..., "delete" for remove, ..., "nodes".
std::string_view to_string(command_kind kind);
std::optional<command_kind> parse_command_kind(std::string_view text);

/// Largest page a list command may ask for.
inline constexpr std::int64_t max_list_limit = 1000;

/// One decoded command. Which members mean something depends on `kind`.
struct command {
  command_kind kind = command_kind::view;
  std::string name;                    ///< every kind but list and nodes
  std::optional<ledger_config> config; ///< create; passed check_config
  bool start = true;                   ///< create: start at once
  std::vector<order> trades;           ///< update: trades reported
  std::optional<holdings> holding;     ///< update: the seed's holding
  std::optional<std::string> after;    ///< list: names after this one
  std::optional<std::int64_t> limit;   ///< list: page size, 1..1000
};

/// {"v":1,"command":...} with the members of its kind. For create the
/// lifespan is written in days ("end"), rounded to a micro-day.
std::string encode_command(const command& c);

/// Strict: members of the command's kind only (a typo such as
/// "slipage_bps" is an error, not a silent default). create builds a
/// ledger_config from name, tickers, algo, interval ("500ms", "30s",
/// "5m"), end (days, decimals allowed), balance?, slippage_bps?, fee?,
/// tolerance_bps?, calendar?, start? and refuses it unless check_config
/// accepts it.
decoded<command> decode_command(std::string_view body);

} // namespace ledger::messaging
