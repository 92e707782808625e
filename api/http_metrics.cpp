#include "api/http_metrics.hpp"

namespace ledger::api {

void http_metrics::count(const std::string& method, const std::string& route,
                         int status) {
  std::lock_guard<std::mutex> guard{mutex_};
  ++counts_[{method, {route, status}}];
}

void http_metrics::render(std::string& out) const {
  out += "# HELP ledger_http_requests_total HTTP requests answered, by route "
         "and status.\n"
         "# TYPE ledger_http_requests_total counter\n";
  std::lock_guard<std::mutex> guard{mutex_};
  for (auto& [key, n] : counts_) {
    // Methods and route patterns are ours (fixed strings): no escaping.
    out += "ledger_http_requests_total{method=\"" + key.first + "\",route=\"" +
           key.second.first + "\",status=\"" +
           std::to_string(key.second.second) + "\"} " + std::to_string(n) +
           '\n';
  }
}

} // namespace ledger::api
