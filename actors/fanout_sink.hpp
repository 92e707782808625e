#pragma once

// One event_sink that reports to several: ledgerd's ledgers feed both the
// broker (ledger.events) and the live-events hub (api/event_hub.hpp).
// Each sink keeps its own rules (the broker publishes ticks only with
// --tick-events; the hub only while someone listens).

#include "actors/event_sink.hpp"

#include <memory>
#include <utility>
#include <vector>

namespace ledger {

class fanout_sink : public event_sink {
public:
  explicit fanout_sink(std::vector<std::shared_ptr<event_sink>> sinks)
    : sinks_(std::move(sinks)) {}

  void track(const std::vector<std::string>& tickers) override {
    for (auto& s : sinks_)
      s->track(tickers);
  }

  void untrack(const std::vector<std::string>& tickers) override {
    for (auto& s : sinks_)
      s->untrack(tickers);
  }

  void release(const std::string& ledger) override {
    for (auto& s : sinks_)
      s->release(ledger);
  }

  void tick(const tick_record& record) override {
    for (auto& s : sinks_)
      s->tick(record);
  }

  void status(const std::string& ledger, ledger_status status,
              timestamp time) override {
    for (auto& s : sinks_)
      s->status(ledger, status, time);
  }

private:
  std::vector<std::shared_ptr<event_sink>> sinks_;
};

} // namespace ledger
