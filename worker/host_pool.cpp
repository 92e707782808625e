#include "worker/host_pool.hpp"

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

const model_host* host_pool::find(const std::filesystem::path& algo) const {
  auto i = hosts_.find(algo);
  return i == hosts_.end() ? nullptr : i->second.get();
}

} // namespace ledger::worker
