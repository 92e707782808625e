#pragma once

// The step between the queue and the model: a trade request in, a trade
// reply out. Everything a model can do wrong -- an algo_path that escapes
// the root, raising, hanging, dying, printing garbage -- ends as an
// algo_reply with `error` set; nothing here throws for it, so a model can
// never take the worker down.

#include "core/algo_messages.hpp"
#include "core/lifecycle.hpp"
#include "worker/host_pool.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <variant>

namespace ledger::worker {

/// Bounds of request handling.
struct handler_options {
  /// The root algo_paths are resolved under.
  std::filesystem::path algos_root;
  /// The least time a model is given when the deadline has not passed yet
  /// (the engine's clock and ours may differ a little).
  std::chrono::milliseconds min_budget{50};
  /// Replies with more trades are bad_output.
  std::size_t max_trades = 1000;
  /// How long a resolved algo_path is reused before it is resolved again.
  /// Resolving walks the filesystem (realpath, stat), which at thousands
  /// of ticks a second costs as much as the model host's whole work.
  std::chrono::milliseconds resolve_cache{1000};
};

/// Turns trade requests into trade replies through a pool of model hosts.
class request_handler {
public:
  request_handler(handler_options options, host_pool& hosts);

  /// Asks the request's algorithm for its trades: a built-in algorithm
  /// ("builtin:NAME") on this thread, any other through its model host.
  /// The reply carries the request's ledger and tick and either the
  /// orders or an error: timeout (the deadline had passed when the request
  /// came -- then no model is asked -- or passed during the call),
  /// model_error (unknown built-in, unresolvable algo_path, the model
  /// raised, its host died or keeps dying) or bad_output (trades that
  /// cannot be read, too many trades, a broken reply line).
  algo_reply handle(const algo_request& request);

  /// The same with an explicit "now" for the deadline (tests).
  algo_reply handle(const algo_request& request, timestamp now);

  /// The ledger ended (a release notice): its model host, if one served
  /// it here, forgets its model instance. Waits at most `budget` for the
  /// host; a host that fails to answer is left to its own upkeep. True
  /// when a host here served the ledger and dropped its model.
  bool release(const std::string& ledger,
               std::chrono::milliseconds budget = std::chrono::seconds{1});

private:
  using resolution = std::variant<std::filesystem::path, std::string>;

  algo_reply ask(const algo_request& request, timestamp now);
  const resolution& resolve(const std::string& algo_path);

  struct cached_resolution {
    resolution result;
    std::chrono::steady_clock::time_point until;
  };

  handler_options options_;
  host_pool& hosts_;
  std::unordered_map<std::string, cached_resolution> resolved_;
};

} // namespace ledger::worker
