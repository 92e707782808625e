#pragma once

// Market hours for ledgers that trade only while an exchange is open
// (ledger_config::calendar): a tick outside the session is recorded as
// market_closed without asking the model. Pure: callers pass the instant.

#include "core/lifecycle.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ledger {

/// The sessions a ledger keeps to. One byte: it sits in every ledger's
/// configuration.
enum class market_calendar : std::uint8_t {
  none, ///< ticks around the clock
  xnys, ///< New York Stock Exchange, regular session
};

/// "XNYS" (its ISO 10383 market identifier); "none" for none, which no
/// reader accepts: an absent or null calendar is none.
std::string_view to_string(market_calendar c);

/// The calendar named exactly (case matters); nullopt for "none" and
/// unknown names.
std::optional<market_calendar> parse_market_calendar(std::string_view text);

/// The sentence for an unknown name, listing the known ones.
std::string_view known_market_calendars();

/// Whether the market is open at an instant and, if not, why.
struct market_session {
  bool open = true;
  std::string_view reason; ///< "weekend", a holiday's name, ...; empty if open
};

/// The session at `t` under `calendar` (always open for none). XNYS: Monday
/// to Friday from 09:30:00 inclusive to 16:00:00 exclusive, New York time,
/// except its full holidays and special closures (core/nyse_holidays.hpp).
/// Early closes at 13:00 are not modelled: such days run to 16:00.
market_session session_at(market_calendar calendar, timestamp t);

/// New York's offset from UTC at `t`: -4 h during daylight saving time,
/// -5 h otherwise. US rules: from 2007 the second Sunday of March, 02:00
/// local, to the first Sunday of November, 02:00; 1987-2006 the first
/// Sunday of April to the last Sunday of October; before 1987 the last
/// Sunday of April to the last Sunday of October (the 1974-75 exceptions
/// are not modelled).
std::chrono::hours new_york_utc_offset(timestamp t);

} // namespace ledger
