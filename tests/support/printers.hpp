#pragma once

// Printers for Boost.Test's failure messages; core itself does no I/O.

#include "core/ledger_state.hpp"
#include "core/lifecycle.hpp"
#include "core/money.hpp"
#include "core/outcome.hpp"
#include "core/price.hpp"
#include "core/tick_record.hpp"

#include <ostream>

namespace ledger {

// Printers for Boost.Test's failure messages; core itself does no I/O.
inline std::ostream& operator<<(std::ostream& os, money m) {
  return os << m.to_string();
}
inline std::ostream& operator<<(std::ostream& os, price p) {
  return os << p.to_string();
}
inline std::ostream& operator<<(std::ostream& os, side s) {
  return os << to_string(s);
}
inline std::ostream& operator<<(std::ostream& os, reject_code c) {
  return os << to_string(c);
}
inline std::ostream& operator<<(std::ostream& os, ledger_status s) {
  return os << to_string(s);
}
inline std::ostream& operator<<(std::ostream& os, tick_outcome o) {
  return os << to_string(o);
}
inline std::ostream& operator<<(std::ostream& os,
                                ledger_state::timer_action a) {
  return os << static_cast<int>(a);
}
inline std::ostream& operator<<(std::ostream& os, transition_error e) {
  return os << to_string(e);
}

} // namespace ledger
