#pragma once

// The engine's own figures for /metrics: what ticks did, as they are
// handed to persistence. Thread-safe (relaxed atomics: counters need no
// ordering) and free of I/O and CAF, so the REST adapter can read them.

#include "core/lifecycle.hpp"
#include "core/outcome.hpp"
#include "core/tick_record.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace ledger {

/// How many rejection codes there are (their enum); tick outcomes are
/// counted by tick_outcome_count (core/tick_record.hpp).
inline constexpr std::size_t reject_code_count = 7;

/// Upper bounds of the tick latency histograms' buckets (then +Inf): a
/// tick's way from its timer to its reply applied, and on to its facts
/// committed in Postgres. Fine below 50 ms, where the engine's target lies.
inline constexpr std::array<std::chrono::microseconds, 14> latency_bounds{{
  std::chrono::microseconds{1'000},
  std::chrono::microseconds{2'000},
  std::chrono::microseconds{3'000},
  std::chrono::microseconds{5'000},
  std::chrono::microseconds{7'500},
  std::chrono::microseconds{10'000},
  std::chrono::microseconds{15'000},
  std::chrono::microseconds{20'000},
  std::chrono::microseconds{30'000},
  std::chrono::microseconds{50'000},
  std::chrono::microseconds{100'000},
  std::chrono::microseconds{250'000},
  std::chrono::microseconds{1'000'000},
  std::chrono::microseconds{5'000'000},
}};

/// What the engine's broker link did (actors/broker_link), for /metrics
/// and /readyz.
struct broker_figures {
  bool connected = false;
  bool blocked = false;               ///< the broker's connection.blocked
  std::uint64_t published = 0;        ///< messages handed to the socket
  std::uint64_t unconfirmed = 0;      ///< confirmed publishes in flight
  std::uint64_t shed_requests = 0;    ///< refused: full lane or no broker
  std::uint64_t shed_events = 0;      ///< dropped: full lane or window
  std::uint64_t expired = 0;          ///< requests past their deadline
  std::uint64_t nacked = 0;           ///< publishes the broker refused
  std::uint64_t lost_unconfirmed = 0; ///< in flight when a connection died
  std::size_t queued = 0;             ///< in the outbox now
  std::size_t requests_in_flight = 0; ///< awaiting a worker's reply
  std::size_t in_flight_limit = 0;    ///< learned (core/concurrency_limit)
};

/// How many values ledger_status has (its last is finished).
inline constexpr std::size_t ledger_status_count =
  static_cast<std::size_t>(ledger_status::finished) + 1;

/// A copy of the counters at one moment.
struct metrics_snapshot {
  std::array<std::uint64_t, tick_outcome_count> ticks{};     ///< by outcome
  std::array<std::uint64_t, reject_code_count> rejections{}; ///< by code
  std::uint64_t trades = 0;                                  ///< fills
  /// Ticks per latency bucket, not cumulative; the last is above all bounds.
  std::array<std::uint64_t, latency_bounds.size() + 1> latency_buckets{};
  std::uint64_t latency_sum_us = 0;
  /// Ticks per commit-latency bucket (latency_bounds), not cumulative.
  std::array<std::uint64_t, latency_bounds.size() + 1> commit_buckets{};
  std::uint64_t commit_sum_us = 0;
  std::uint64_t commit_max_us = 0; ///< the slowest since start
  /// Ledger actors alive, by status (ledger_status as index).
  std::array<std::int64_t, ledger_status_count> ledgers{};
};

/// Counters fed by every ledger (ledger_deps::metrics).
class engine_metrics {
public:
  /// Counts one tick record: its outcome, latency, fills and rejections.
  void record(const tick_record& r);

  /// Counts one tick record committed to the database at `now`: the time
  /// from its timer (its start) to the commit.
  void committed(const tick_record& r, timestamp now);

  /// A ledger actor came up with `status`, changed status, or went away:
  /// /metrics counts ledgers by status from these, not by asking each
  /// ledger (a scrape must not cost a message per ledger).
  void ledger_joined(ledger_status status);
  void ledger_moved(ledger_status from, ledger_status to);
  void ledger_left(ledger_status status);

  metrics_snapshot snapshot() const;

private:
  using counter = std::atomic<std::uint64_t>;

  std::array<counter, tick_outcome_count> ticks_{};
  std::array<counter, reject_code_count> rejections_{};
  counter trades_{0};
  std::array<counter, latency_bounds.size() + 1> latency_buckets_{};
  counter latency_sum_us_{0};
  std::array<counter, latency_bounds.size() + 1> commit_buckets_{};
  counter commit_sum_us_{0};
  counter commit_max_us_{0};
  std::array<std::atomic<std::int64_t>, ledger_status_count> ledgers_{};
};

} // namespace ledger
