#pragma once

// Where a ledger reports what it did beyond persistence: tick and status
// events for dashboards and tests, and the tickers whose quotes it needs.
// Implementations must not block (ledgers call them from their handlers).

#include "core/lifecycle.hpp"
#include "core/tick_record.hpp"

#include <string>
#include <vector>

namespace ledger {

class event_sink {
public:
  virtual ~event_sink() = default;

  /// A ledger will want quotes of these tickers.
  virtual void track(const std::vector<std::string>& tickers) = 0;

  /// A tick's record, as handed to persistence.
  virtual void tick(const tick_record& record) = 0;

  /// A lifecycle change.
  virtual void status(const std::string& ledger, ledger_status status,
                      timestamp time) = 0;
};

} // namespace ledger
