#include "actors/metrics.hpp"

#include <algorithm>

namespace ledger {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

template <class Enum>
std::size_t index_of(Enum e, std::size_t size) {
  auto i = static_cast<std::size_t>(e);
  return i < size ? i : size - 1;
}

} // namespace

void engine_metrics::record(const tick_record& r) {
  ticks_[index_of(r.outcome, tick_outcome_count)].fetch_add(1, relaxed);
  trades_.fetch_add(r.fills.size(), relaxed);
  for (auto& rejected : r.rejections)
    rejections_[index_of(rejected.code, reject_code_count)].fetch_add(1,
                                                                      relaxed);
  // A negative latency (a clock step) counts as zero.
  auto latency = std::max(r.latency, std::chrono::microseconds::zero());
  std::size_t bucket = 0;
  while (bucket < latency_bounds.size() && latency > latency_bounds[bucket])
    ++bucket;
  latency_buckets_[bucket].fetch_add(1, relaxed);
  latency_sum_us_.fetch_add(static_cast<std::uint64_t>(latency.count()),
                            relaxed);
}

void engine_metrics::committed(const tick_record& r, timestamp now) {
  auto started = r.time - r.latency;
  auto us = std::max<std::int64_t>(
    std::chrono::duration_cast<std::chrono::microseconds>(now - started)
      .count(),
    0);
  std::size_t bucket = 0;
  while (bucket < latency_bounds.size() && us > latency_bounds[bucket].count())
    ++bucket;
  commit_buckets_[bucket].fetch_add(1, relaxed);
  commit_sum_us_.fetch_add(static_cast<std::uint64_t>(us), relaxed);
  auto seen = commit_max_us_.load(relaxed);
  while (static_cast<std::uint64_t>(us) > seen &&
         !commit_max_us_.compare_exchange_weak(seen, us, relaxed))
    ;
}

void engine_metrics::ledger_joined(ledger_status status) {
  ledgers_[static_cast<std::size_t>(status)].fetch_add(1, relaxed);
}

void engine_metrics::ledger_moved(ledger_status from, ledger_status to) {
  ledger_left(from);
  ledger_joined(to);
}

void engine_metrics::ledger_left(ledger_status status) {
  ledgers_[static_cast<std::size_t>(status)].fetch_sub(1, relaxed);
}

metrics_snapshot engine_metrics::snapshot() const {
  metrics_snapshot s;
  for (std::size_t i = 0; i < ticks_.size(); ++i)
    s.ticks[i] = ticks_[i].load(relaxed);
  for (std::size_t i = 0; i < rejections_.size(); ++i)
    s.rejections[i] = rejections_[i].load(relaxed);
  s.trades = trades_.load(relaxed);
  for (std::size_t i = 0; i < latency_buckets_.size(); ++i)
    s.latency_buckets[i] = latency_buckets_[i].load(relaxed);
  s.latency_sum_us = latency_sum_us_.load(relaxed);
  for (std::size_t i = 0; i < commit_buckets_.size(); ++i)
    s.commit_buckets[i] = commit_buckets_[i].load(relaxed);
  s.commit_sum_us = commit_sum_us_.load(relaxed);
  s.commit_max_us = commit_max_us_.load(relaxed);
  for (std::size_t i = 0; i < ledgers_.size(); ++i)
    s.ledgers[i] = ledgers_[i].load(relaxed);
  return s;
}

} // namespace ledger
