#include "core/tick_record.hpp"

#include "core/enum_names.hpp"

#include <array>
#include <utility>

namespace ledger {

namespace {

constexpr enum_names<tick_outcome, 8> names{{
  {tick_outcome::ok, "ok"},
  {tick_outcome::no_quote, "no_quote"},
  {tick_outcome::timeout, "timeout"},
  {tick_outcome::model_error, "model_error"},
  {tick_outcome::skipped, "skipped"},
  {tick_outcome::missed, "missed"},
  {tick_outcome::reported, "reported"},
  {tick_outcome::broker_unavailable, "broker_unavailable"},
}};

} // namespace

std::string_view to_string(tick_outcome o) {
  return name_in(names, o, "ok");
}

std::optional<tick_outcome> parse_tick_outcome(std::string_view text) {
  return value_in(names, text);
}

} // namespace ledger
