#include "actors/errors.hpp"

#include <caf/atom.hpp>
#include <caf/message.hpp>
#include <caf/sec.hpp>

namespace ledger {

namespace {

constexpr auto category = caf::atom("ledger");

} // namespace

const char* to_string(ec code) {
  switch (code) {
  case ec::unknown_ledger:
    return "unknown_ledger";
  case ec::name_taken:
    return "name_taken";
  case ec::invalid_config:
    return "invalid_config";
  case ec::invalid_value:
    return "invalid_value";
  case ec::invalid_transition:
    return "invalid_transition";
  case ec::database_unavailable:
    return "database_unavailable";
  case ec::algorithm_unavailable:
    return "algorithm_unavailable";
  case ec::holding_mismatch:
    return "holding_mismatch";
  case ec::outcome_unknown:
    return "timeout";
  case ec::not_owner:
    return "not_owner";
  case ec::broker_unavailable:
    return "broker_unavailable";
  }
  return "unknown";
}

std::optional<ec> parse_error_code(std::string_view text) {
  for (auto code = static_cast<std::uint8_t>(ec::unknown_ledger);
       code <= static_cast<std::uint8_t>(ec::broker_unavailable); ++code)
    if (text == to_string(static_cast<ec>(code)))
      return static_cast<ec>(code);
  return std::nullopt;
}

caf::error make_error(ec code, std::string message) {
  return caf::error{static_cast<std::uint8_t>(code), category,
                    caf::make_message(std::move(message))};
}

caf::error make_error(ec code, std::string message, const caf::message& data) {
  return caf::error{static_cast<std::uint8_t>(code), category,
                    caf::make_message(std::move(message)) + data};
}

std::uint8_t code_of(const caf::error& e) {
  return e.category() == category ? e.code() : 0;
}

std::string message_of(const caf::error& e) {
  // The sentence comes first; some errors carry data after it.
  if (e.category() == category && !e.context().empty() &&
      e.context().match_element<std::string>(0))
    return e.context().get_as<std::string>(0);
  if (e.category() == caf::atom("system"))
    return caf::to_string(static_cast<caf::sec>(e.code()));
  return "error " + std::to_string(e.code());
}

} // namespace ledger
