#include "worker/host_pool.hpp"

#include <thread>

namespace ledger::worker {

host_pool::host_pool(host_options options) : options_(std::move(options)) {}

model_host& host_pool::host_for(const std::filesystem::path& algo,
                                std::string_view ledger) {
  auto i = hosts_.find(algo);
  if (i == hosts_.end())
    i =
      hosts_.emplace(algo, std::make_unique<model_host>(algo, options_)).first;
  if (auto known = ledger_algos_.find(ledger); known != ledger_algos_.end())
    known->second = algo;
  else
    ledger_algos_.emplace(std::string{ledger}, algo);
  return *i->second;
}

std::optional<host_error>
host_pool::drop_ledger(std::string_view ledger,
                       std::chrono::milliseconds budget) {
  auto known = ledger_algos_.find(ledger);
  if (known == ledger_algos_.end())
    return std::nullopt;
  auto host = hosts_.find(known->second);
  ledger_algos_.erase(known);
  if (host == hosts_.end())
    return std::nullopt;
  return host->second->drop(ledger, budget);
}

void host_pool::service(std::chrono::milliseconds every) {
  auto now = std::chrono::steady_clock::now();
  if (now < next_service_)
    return;
  next_service_ = now + every;
  for (auto& [algo, host] : hosts_)
    host->service();
}

host_pool::shutdown_report
host_pool::shutdown(std::chrono::milliseconds grace) {
  shutdown_report report;
  int running = 0;
  for (auto& [algo, host] : hosts_) {
    running += host->pid() > 0 ? 1 : 0;
    host->close_input();
  }
  // One grace period for all of them, not one each.
  auto until = std::chrono::steady_clock::now() + grace;
  for (;;) {
    bool all = true;
    for (auto& [algo, host] : hosts_)
      all = host->exited() && all;
    if (all || std::chrono::steady_clock::now() >= until)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  for (auto& [algo, host] : hosts_)
    if (host->kill())
      ++report.killed;
  report.exited = running - report.killed;
  return report;
}

const model_host* host_pool::find(const std::filesystem::path& algo) const {
  auto i = hosts_.find(algo);
  return i == hosts_.end() ? nullptr : i->second.get();
}

} // namespace ledger::worker
