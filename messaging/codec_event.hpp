#pragma once

// Events (engine -> anyone) on the ledger.events topic exchange, routing
// key "<ledger>.<event>": one "tick" event per tick record and one
// "status" event per lifecycle change.

#include "core/lifecycle.hpp"
#include "core/tick_record.hpp"
#include "messaging/wire_message.hpp"

#include <string>
#include <string_view>
#include <variant>

namespace ledger::messaging {

inline constexpr std::string_view tick_event_name = "tick";
inline constexpr std::string_view status_event_name = "status";

/// A ledger changed status (started, stopped, finished, ...).
struct status_event {
  std::string ledger;
  ledger_status status = ledger_status::created;
  timestamp time;
};

using ledger_event = std::variant<tick_record, status_event>;

/// "<ledger>.<event>". Ledger names may contain dots, so bind "#.tick" to
/// receive every ledger's tick events, "<ledger>.*" for one ledger's.
std::string event_routing_key(std::string_view ledger, std::string_view event);

/// {"v":1,"ledger","event":"tick","tick","time","outcome","detail",
///  "latency_us","fills","rejections","value"|null,"balance","holding"}
std::string encode_tick_event(const tick_record& r);

/// {"v":1,"ledger","event":"status","status","time"}
std::string encode_status_event(const status_event& e);

/// Either kind, told apart by "event". Unknown members are ignored.
decoded<ledger_event> decode_event(std::string_view body);

} // namespace ledger::messaging
