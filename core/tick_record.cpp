#include "core/tick_record.hpp"

#include "core/enum_names.hpp"

#include <array>
#include <utility>

namespace ledger {

namespace {

constexpr enum_names<tick_outcome, tick_outcome_count> names{{
  {tick_outcome::ok, "ok"},
  {tick_outcome::no_quote, "no_quote"},
  {tick_outcome::timeout, "timeout"},
  {tick_outcome::model_error, "model_error"},
  {tick_outcome::skipped, "skipped"},
  {tick_outcome::missed, "missed"},
  {tick_outcome::reported, "reported"},
  {tick_outcome::broker_unavailable, "broker_unavailable"},
  {tick_outcome::market_closed, "market_closed"},
}};

// Every value in order: a value added to the enum without a name here
// leaves a defaulted pair (ok, "") behind and fails this.
constexpr bool lists_every_outcome() {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (static_cast<std::size_t>(names[i].first) != i ||
        names[i].second.empty())
      return false;
  return true;
}
static_assert(lists_every_outcome());

} // namespace

std::string_view to_string(tick_outcome o) {
  return name_in(names, o, "ok");
}

std::optional<tick_outcome> parse_tick_outcome(std::string_view text) {
  return value_in(names, text);
}

} // namespace ledger
