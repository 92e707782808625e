#pragma once

// Requests served, by route and status, for /metrics. Thread-safe: the
// io threads and CAF's workers both finish requests.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace ledger::api {

class http_metrics {
public:
  /// Counts one answered request. `route` is the route's pattern
  /// ("/v1/ledgers/{name}"), never the raw path, so labels stay few.
  void count(const std::string& method, const std::string& route, int status);

  /// Appends the counter in Prometheus text format.
  void render(std::string& out) const;

private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::pair<std::string, int>>, std::uint64_t>
    counts_;
};

} // namespace ledger::api
