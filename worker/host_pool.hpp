#pragma once

// One model host per algorithm, created on demand and kept: each host
// holds the model instances of every ledger using that algorithm, so a
// model keeps its state from tick to tick.
//
// Not thread-safe: a pool belongs to one thread (a worker running several
// consumer threads gives each its own pool, hence its own hosts).

#include "worker/model_host.hpp"

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ledger::worker {

/// Model hosts by resolved algorithm path.
class host_pool {
public:
  explicit host_pool(host_options options);

  /// The host of `algo` (a path from resolve_algo_path), created on first
  /// use; it starts its process on its first call. Remembers that `ledger`
  /// uses it, for drop_ledger.
  model_host& host_for(const std::filesystem::path& algo,
                       std::string_view ledger);

  /// Tells the host that served `ledger` last to forget its model instance
  /// (the ledger was stopped, deleted or moved to another worker).
  std::optional<host_error> drop_ledger(std::string_view ledger,
                                        std::chrono::milliseconds budget);

  /// The host of `algo` if one was created, else nullptr.
  const model_host* find(const std::filesystem::path& algo) const;

  /// How many hosts exist (running or not).
  std::size_t size() const { return hosts_.size(); }

  const host_options& options() const { return options_; }

private:
  host_options options_;
  std::map<std::filesystem::path, std::unique_ptr<model_host>> hosts_;
  std::map<std::string, std::filesystem::path, std::less<>> ledger_algos_;
};

} // namespace ledger::worker
