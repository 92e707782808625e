#pragma once

// One model host per algorithm, created on demand and kept: each host
// holds the model instances of the ledgers using that algorithm that come
// to this pool, so a model keeps its state from tick to tick.
//
// Not thread-safe: a pool belongs to one thread. The worker gives each of
// its lanes a pool of its own, so an algorithm has one host per lane, and
// the consistent-hash exchange pins each ledger to one lane.

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

  /// Whether a host here served `ledger` (and may keep its model).
  bool serves(std::string_view ledger) const {
    return ledger_algos_.find(ledger) != ledger_algos_.end();
  }

  /// Upkeep of every host without waiting (model_host::service): late
  /// replies dropped, dead hosts reaped, hosts past their hard limit
  /// killed. Does the rounds at most every `every`; cheap to call often.
  void service(std::chrono::milliseconds every = std::chrono::milliseconds{
                 100});

  /// What shutdown did.
  struct shutdown_report {
    int exited = 0; ///< hosts that exited by themselves on end of input
    int killed = 0; ///< hosts killed because they did not within `grace`
  };

  /// Ends every host at once: end of input to all, then up to `grace` for
  /// them to exit, then SIGKILL for the rest. The pool stays usable (hosts
  /// start again on demand).
  shutdown_report shutdown(std::chrono::milliseconds grace);

  /// The host of `algo` if one was created, else nullptr.
  const model_host* find(const std::filesystem::path& algo) const;

  /// How many hosts exist (running or not).
  std::size_t size() const { return hosts_.size(); }

  const host_options& options() const { return options_; }

private:
  host_options options_;
  std::chrono::steady_clock::time_point next_service_{};
  std::map<std::filesystem::path, std::unique_ptr<model_host>> hosts_;
  std::map<std::string, std::filesystem::path, std::less<>> ledger_algos_;
};

} // namespace ledger::worker
