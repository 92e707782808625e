#pragma once

// Closed round trips by first-in-first-out lot matching of fills, and the
// fills' traded amount and fees. A buy opens a lot; a sell closes the
// oldest open lots of its ticker first. Each part of a sell matched with
// one lot is one round trip, a gain when the sell's net proceeds per share
// exceed the lot's net cost per share (fees included, compared exactly).
// Only the open lots are kept.

#include "core/money.hpp"
#include "core/outcome.hpp"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace ledger {

class round_trips {
public:
  /// The next fill, in the order fills applied.
  void add(const fill& f);

  std::uint64_t fills() const { return fills_; }
  std::uint64_t closed() const { return closed_; }
  std::uint64_t won() const { return won_; }
  /// wins / closed; null while nothing closed.
  std::optional<double> win_rate() const;
  /// Sum of shares x fill price over every fill; null on overflow.
  std::optional<money> traded() const;
  /// Sum of the fills' fees; null on overflow.
  std::optional<money> fees() const;

private:
  /// What is left of one buy: its shares, and the whole buy's shares and
  /// net cost (micros, fee included), whose ratio is the cost per share.
  struct lot {
    std::int64_t open;
    std::int64_t bought;
    std::int64_t cost;
  };

  std::map<std::string, std::deque<lot>, std::less<>> lots_;
  std::uint64_t fills_ = 0;
  std::uint64_t closed_ = 0;
  std::uint64_t won_ = 0;
  std::optional<money> traded_ = money{};
  std::optional<money> fees_ = money{};
};

} // namespace ledger
