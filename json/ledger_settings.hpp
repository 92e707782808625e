#pragma once

// What the two ways of creating a ledger, the REST body and the wire's
// create command, read alike; each keeps its own member names for the rest
// and its own sentences.

#include "core/ledger_config.hpp"
#include "json/fields.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace ledger::json {

/// "end", the lifespan in days as number text (for
/// parse_decimal_duration); required, with a sentence that says what it is.
std::optional<std::string> read_end_days(field_reader& f);

/// Sets in `config` the optional settings that were given; the others keep
/// ledger_config's defaults. "<name> is out of range" for basis points that
/// do not fit in 32 bits.
std::optional<std::string> apply_optional_settings(
  ledger_config& config, std::optional<money> initial_balance,
  std::optional<money> fee, std::optional<std::int64_t> slippage_bps,
  std::optional<std::int64_t> tolerance_bps);

} // namespace ledger::json
