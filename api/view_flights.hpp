#pragma once

// Renders of a view in progress. When a ledger changes, every dashboard
// polling it misses the cache at once; without this each would read the
// same rows and render the same body. The first miss of a version renders
// it; the others wait for that render and share its result.

#include "api/backend.hpp"
#include "api/view_cache.hpp"

#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

namespace ledger::api {

/// A render's result: the view, or why there is none.
using flight_result = std::variant<rendered_view, failure>;

class view_flights {
public:
  using waiter = std::function<void(const flight_result&)>;

  /// True when no render of `name` at `key` is in progress: the caller
  /// renders it and must call land() exactly once. Otherwise false, and
  /// `w` is called with the result when that render lands.
  bool join(const std::string& name, view_key key, waiter w);

  /// The render of `name` at `key` ended: every waiter gets its result (on
  /// the calling thread, outside the lock).
  void land(const std::string& name, view_key key, const flight_result& r);

private:
  static std::string id(const std::string& name, view_key key);

  std::mutex mutex_;
  /// Waiters by render in progress; an entry exists while one renders.
  std::unordered_map<std::string, std::vector<waiter>> flights_;
};

} // namespace ledger::api
