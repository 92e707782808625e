#pragma once

#include <caf/error.hpp>
#include <caf/message.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ledger {

/// The engine's error codes, carried in caf::error under the category
/// atom "ledger"; the message context holds one sentence for users.
enum class ec : std::uint8_t {
  unknown_ledger = 1,
  name_taken,
  invalid_config,
  invalid_transition,
  database_unavailable,
  algorithm_unavailable,
  /// Reported trades would leave other holdings than the reporter said;
  /// the context holds the sentence, then the computed holdings.
  holding_mismatch,
  /// The database refused a value the client sent (not UTF-8, out of
  /// range): the client's fault, never an outage.
  invalid_value,
  /// The database went away during a COMMIT: the change may have taken
  /// effect. Spelled "timeout", like every answer in doubt.
  outcome_unknown,
  /// The ledger's engine shard is leased by another ledgerd node (or by
  /// none right now): the sentence names the owner and its address
  /// (docs/scale-out.md).
  not_owner,
  /// The message broker cannot be reached: a change for another node's
  /// ledger cannot be forwarded. Nothing was changed.
  broker_unavailable,
};

/// "unknown_ledger", ...: the code as APIs spell it.
const char* to_string(ec code);

/// The code spelled `text` (to_string's inverse; "timeout" is
/// outcome_unknown), or nullopt.
std::optional<ec> parse_error_code(std::string_view text);

caf::error make_error(ec code, std::string message);

/// The same with data after the sentence (holding_mismatch's holdings).
caf::error make_error(ec code, std::string message, const caf::message& data);

/// The code of an engine error, or 0 for errors from elsewhere (CAF's own).
std::uint8_t code_of(const caf::error& e);

/// The sentence of an engine error, or CAF's rendering of any other.
std::string message_of(const caf::error& e);

} // namespace ledger
