#pragma once

#include "core/optional_time.hpp"

#include <chrono>
#include <optional>
#include <string_view>

namespace ledger {

/// created -> running <-> stopped; running -> finished when the lifespan,
/// counted from the first start, has passed. finished is final.
enum class ledger_status { created, running, stopped, finished };

std::string_view to_string(ledger_status s);
std::optional<ledger_status> parse_status(std::string_view text);

/// Why a transition was refused.
enum class transition_error { already_running, not_running, finished };

std::string_view to_string(transition_error e);

/// A ledger's lifecycle: status, first start and lifespan. Pure: callers
/// pass the current time.
class lifecycle {
public:
  explicit lifecycle(std::chrono::milliseconds lifespan,
                     ledger_status status = ledger_status::created,
                     std::optional<timestamp> first_started = std::nullopt);

  ledger_status status() const { return status_; }

  std::optional<timestamp> first_started() const { return first_started_; }

  std::chrono::milliseconds lifespan() const { return lifespan_; }

  /// When the ledger finishes; nullopt before its first start.
  std::optional<timestamp> ends_at() const;

  /// True once the lifespan has passed at `now`.
  bool expired(timestamp now) const;

  /// created|stopped -> running. The first start fixes the lifespan's
  /// origin; a start after the lifespan has passed finishes the ledger
  /// instead and reports `finished`.
  std::optional<transition_error> start(timestamp now);

  /// running -> stopped.
  std::optional<transition_error> stop();

  /// running|stopped|created -> finished; finishing twice is refused.
  std::optional<transition_error> finish();

private:
  std::chrono::milliseconds lifespan_;
  optional_time first_started_; ///< 24 bytes in all: one per ledger
  ledger_status status_;
};

} // namespace ledger
