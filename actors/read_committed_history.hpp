#pragma once

// Reads a ledger's committed_history (actors/committed_history.hpp) from an
// actor: waits for the ledger's queued facts, then asks a reader. Shared by
// the REST backend and the command handler, so a view answered either way
// is the same.

#include "actors/committed_history.hpp"
#include "actors/interfaces.hpp"
#include "actors/reader.hpp"

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ledger {

/// Calls `then(flushed)` once the writer has committed every fact of ledger
/// `name` queued so far, so a read sees the caller's own earlier writes
/// without waiting for other ledgers' facts. A disconnected writer is not
/// waited for (`flushed` false: the read goes ahead and may miss facts);
/// `fail(caf::error&)` when the writer does not answer.
template <class Self, class Then, class Fail>
void after_ledger_committed(Self* self, const persistence_actor& persistence,
                            std::chrono::milliseconds probe_timeout,
                            std::chrono::milliseconds timeout, std::string name,
                            Then then, Fail fail) {
  self->request(persistence, probe_timeout, atom::health::value)
    .then(
      [=](persistence_health& health) {
        if (!health.connected) {
          then(false);
          return;
        }
        self->request(persistence, timeout, atom::flush::value, name)
          .then([=](bool) { then(true); }, fail);
      },
      fail);
}

/// Where the history is read: the writer (to wait for the ledger's queued
/// facts) and a reader.
struct history_source {
  persistence_actor persistence;
  reader_actor reader;
  std::chrono::milliseconds timeout;
  /// For the writer's health, asked first.
  std::chrono::milliseconds probe_timeout{std::chrono::seconds{3}};
};

/// Reads the committed history a view of ledger `name` (at `last_tick`,
/// `pending` in flight) shows, then calls `done(committed_history)`, or
/// `fail(caf::error&)`. A disconnected writer is not waited for.
template <class Self, class Done, class Fail>
void read_committed_history(Self* self, const history_source& from,
                            std::string name, std::int64_t last_tick,
                            std::optional<std::int64_t> pending, Done done,
                            Fail fail) {
  auto read = [=](bool flushed) {
    auto all = std::numeric_limits<std::size_t>::max();
    self->request(from.reader, from.timeout, trades_query{name, 0, all})
      .then(
        [=](std::vector<persistence::trade_row>& rows) {
          auto h = std::make_shared<committed_history>();
          h->complete = flushed;
          h->trades = std::move(rows);
          self->request(from.reader, from.timeout, history_query{name, {}, {}})
            .then(
              [=](std::vector<persistence::valuation_row>& values) {
                h->values = std::move(values);
                keep_shown(*h, last_tick, pending);
                done(std::move(*h));
              },
              fail);
        },
        fail);
  };
  after_ledger_committed(self, from.persistence, from.probe_timeout,
                         from.timeout, name, read, fail);
}

} // namespace ledger
