#pragma once

// Internal: ledger ids by name, remembered by a store so a read of one
// ledger's facts is one statement keyed by `ledger_id = $1`.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ledger::persistence::detail {

/// The ids a store has seen. Ids come from a sequence and are never reused,
/// and a ledger's facts are deleted in the same transaction as the ledger
/// (migration 3's trigger), so a remembered id whose ledger is gone reads
/// nothing: only an empty answer can come from a stale id.
class ledger_ids {
public:
  std::optional<std::int64_t> find(std::string_view name) const {
    auto i = ids_.find(name);
    if (i == ids_.end())
      return std::nullopt;
    return i->second;
  }

  void remember(std::string_view name, std::int64_t id) {
    ids_.insert_or_assign(std::string{name}, id);
  }

  void forget(std::string_view name) {
    auto i = ids_.find(name);
    if (i != ids_.end())
      ids_.erase(i);
  }

private:
  std::map<std::string, std::int64_t, std::less<>> ids_;
};

} // namespace ledger::persistence::detail
