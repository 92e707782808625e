#pragma once

// Where a ledger reports what it did beyond persistence: tick and status
// events for dashboards and tests, the tickers whose quotes it needs, and
// its end, so workers free what they keep for it.
// Implementations must not block (ledgers call them from their handlers).

#include "core/lifecycle.hpp"
#include "core/tick_record.hpp"

#include <string>
#include <vector>

namespace ledger {

class event_sink {
public:
  virtual ~event_sink() = default;

  /// A ledger will want quotes of these tickers. Counted: each track is
  /// matched by one untrack when the ledger ends.
  virtual void track(const std::vector<std::string>& tickers) = 0;

  /// A ledger that tracked these tickers no longer needs them; a ticker
  /// nobody tracks any more is no longer received.
  virtual void untrack(const std::vector<std::string>& tickers) = 0;

  /// The ledger ended for good (finished or deleted): the worker that
  /// serves it may free its model instance.
  virtual void release(const std::string& ledger) = 0;

  /// A tick's record, as handed to persistence.
  virtual void tick(const tick_record& record) = 0;

  /// A lifecycle change.
  virtual void status(const std::string& ledger, ledger_status status,
                      timestamp time) = 0;
};

} // namespace ledger
