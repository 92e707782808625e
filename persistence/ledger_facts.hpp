#pragma once

// A ledger's facts summed up for /stats and /compare: computed while its
// value points and fills stream out of the database (store::facts), so
// neither is ever held whole in memory.

#include "core/optional_time.hpp"
#include "core/statistics.hpp"
#include "core/value_summary.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace ledger::persistence {

/// What a read of facts covers, and how its statistics are computed.
struct facts_request {
  /// Value points and fills with times within [from, to] (either optional).
  std::optional<timestamp> from;
  std::optional<timestamp> to;
  statistics_settings settings;
  /// Also count the whole record's ticks by outcome and rejections by code
  /// (/stats); a comparison needs only the statistics.
  bool tallies = true;
};

/// The facts of one ledger, read in one snapshot of the database.
struct ledger_facts {
  std::map<std::string, std::uint64_t> ticks;      ///< by outcome (tallies)
  std::map<std::string, std::uint64_t> rejections; ///< by code (tallies)
  value_summary value; ///< the exact summary of the value points read
  statistics stats;    ///< stats.fills: how many fills were read
};

} // namespace ledger::persistence
