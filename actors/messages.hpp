#pragma once

// The values that travel between actors, and the one place that tells CAF
// they may: the engine is a single process, so they are passed by value
// without serialization (CAF_ALLOW_UNSAFE_MESSAGE_TYPE).

#include "core/algo_messages.hpp"
#include "core/execution.hpp"
#include "core/ledger_config.hpp"
#include "core/ledger_record.hpp"
#include "core/ledger_view.hpp"
#include "core/tick_record.hpp"

#include <caf/allowed_unsafe_message_type.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ledger {

/// A ledger's lifecycle moved; persisted in order with its tick records.
struct status_change {
  std::string ledger;
  ledger_status status;
  std::optional<timestamp> first_started;
};

/// Trades executed elsewhere (update_ledger), all or nothing; with
/// `expected`, applied only if the holdings afterwards equal it.
struct report_request {
  std::vector<order> trades;
  std::optional<holdings> expected;
};

/// One command delivery, as the broker link hands it over.
struct command_delivery {
  std::string body;
  std::string reply_to;
  std::string correlation_id;
  std::uint64_t delivery_tag = 0;
  std::uint64_t epoch = 0;
  /// Published to the commands exchange, which only the operator role
  /// may write to. A message routed to the commands queue another way
  /// (the default exchange, which workers write their replies to) is
  /// refused: otherwise any holder of a broker login could command.
  bool via_commands_exchange = true;
  /// Taken from a shard queue: another node forwarded it
  /// (actors/forwarder.hpp) and has already settled its idempotency key;
  /// this node runs it and never forwards it again.
  bool forwarded = false;
};

/// The persistence actor's condition, for /readyz and operators.
struct persistence_health {
  bool connected = false;
  bool failing = false;       ///< the last attempt failed; retrying
  bool backlogged = false;    ///< the queue is full: ledgers are paused
  std::size_t queued = 0;     ///< facts waiting to be written
  std::uint64_t written = 0;  ///< tick records committed since start
  std::uint64_t batches = 0;  ///< transactions committed since start
  std::uint64_t failures = 0; ///< failed attempts since start
  std::string last_error;     ///< without secrets
};

} // namespace ledger

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::algo_reply)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::algo_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::command_delivery)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::holdings)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::ledger_config)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::ledger_record)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::ledger_view)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::persistence_health)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::price)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::price_map)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::report_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::report_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::status_change)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::tick_record)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<ledger::ledger_record>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<ledger::ledger_view>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<ledger::order>)
