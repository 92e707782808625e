#pragma once

#include <chrono>
#include <optional>

namespace ledger {

using timestamp = std::chrono::system_clock::time_point;

/// An optional timestamp in the size of one: 8 bytes where
/// std::optional<timestamp> takes 16. The earliest representable time, which
/// no ledger can have, stands for "none". For state every ledger keeps (a
/// million per engine); interfaces use std::optional<timestamp>.
class optional_time {
public:
  optional_time() = default;
  optional_time(std::optional<timestamp> t) : at_(t.value_or(none)) {}
  optional_time(timestamp t) : at_(t) {}

  explicit operator bool() const { return at_ != none; }
  /// Only when set.
  timestamp operator*() const { return at_; }
  operator std::optional<timestamp>() const {
    return *this ? std::optional<timestamp>{at_} : std::nullopt;
  }

private:
  static constexpr timestamp none = timestamp::min();
  timestamp at_ = none;
};

} // namespace ledger
