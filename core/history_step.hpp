#pragma once

// The step of downsampled value history (GET /v1/ledgers/{name}/history
// ?step=): its grammar, and the buckets it cuts time into. Buckets are
// aligned to whole multiples of the step since the Unix epoch (UTC), so the
// same step always cuts the same boundaries whatever the query's window.

#include "core/optional_time.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

namespace ledger {

/// The shortest step: finer buckets would hardly downsample at all.
inline constexpr std::chrono::seconds min_history_step{1};
/// The longest: ten years of 365 days (one bucket for any ledger).
inline constexpr std::chrono::seconds max_history_step{3650LL * 86'400};

/// A step as ledger intervals are written ("30s", "5m", "1.5h",
/// parse_interval) or in days ("1d", "7d"), of whole seconds from
/// min_history_step to max_history_step; else a sentence saying what is
/// wrong.
std::variant<std::chrono::seconds, std::string>
parse_history_step(std::string_view text);

/// The start of the bucket holding `t`: `t` floored to a whole multiple of
/// `step` since the epoch (also before 1970). `step` must be positive.
timestamp bucket_start(timestamp t, std::chrono::microseconds step);

/// The start of the first bucket that begins after `t`: the cursor of a
/// page of buckets, which names the last bucket it has seen.
timestamp next_bucket_start(timestamp t, std::chrono::microseconds step);

} // namespace ledger
