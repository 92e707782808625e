#pragma once

// The JSON of /v1/ledgers/{name}/stats and /v1/compare (docs/api.md,
// "Statistics"): money exact, ratios as shortest round-trip doubles, null
// where a statistic is undefined.

#include "api/backend.hpp"
#include "json/exact.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ledger::api {

/// One ledger's statistics over a window, for /v1/compare.
struct compared_ledger {
  std::string name;
  statistics stats;
};

/// The "statistics" object.
void write_statistics(json::writer& w, const statistics& s);

/// /v1/ledgers/{name}/stats: tallies, the exact "value" summary and
/// "statistics".
std::string stats_view(const ledger_view& info,
                       const persistence::ledger_facts& facts);

/// /v1/compare: the window, the risk-free rate and each ledger's
/// statistics in the order asked.
std::string compare_view(const std::optional<timestamp>& from,
                         const std::optional<timestamp>& to, double risk_free,
                         const std::vector<compared_ledger>& ledgers);

} // namespace ledger::api
