#pragma once

// What the pipeline benchmarks read from a running system between two
// moments: ticks committed in Postgres by outcome, ledgerd's latency
// histograms from /metrics, and the CPU time of every process involved
// (ledgerd, workers, Postgres, RabbitMQ) from /proc.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace ledger::bench {

/// Committed tick rows by outcome, from the database.
std::map<std::string, std::uint64_t> ticks_by_outcome(const std::string& url);

/// Tick numbers never committed though a later tick of the same ledger
/// was: facts lost on the way.
std::uint64_t ticks_lost(const std::string& url);

/// A latency histogram of ledgerd's /metrics text (`metric`, such as
/// ledger_tick_commit_latency_seconds): (upper bound in microseconds,
/// cumulative count) per bucket, +Inf last.
using histogram = std::vector<std::pair<double, std::uint64_t>>;
histogram latency_histogram(const std::string& metrics_text,
                            const std::string& metric);

/// The q-quantile (0.5, 0.99) of the ticks counted between two scrapes, in
/// milliseconds, interpolated within its bucket; and the upper bound of the
/// highest bucket used ("max").
double quantile_ms(const histogram& before, const histogram& after, double q);
double max_ms(const histogram& before, const histogram& after);

/// CPU seconds used so far by processes grouped by role.
struct cpu_sample {
  std::map<std::string, double> seconds; ///< role -> user + system seconds
  double at = 0;                         ///< steady-clock seconds
};

/// ledgerd and the workers by pid; Postgres and RabbitMQ by command name.
cpu_sample sample_cpu(pid_t ledgerd, const std::vector<pid_t>& workers);

/// Percent of one core per role between two samples.
std::map<std::string, double> cpu_percent(const cpu_sample& a,
                                          const cpu_sample& b);

/// Resident memory of a process in bytes.
std::uint64_t resident_bytes(pid_t pid);

} // namespace ledger::bench
