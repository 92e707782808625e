#include "json/ledger_settings.hpp"

#include "core/market_hours.hpp"
#include "core/text.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace ledger::json {

namespace {

bool assign_bps(field_reader& f, std::optional<std::int64_t> value,
                std::int32_t& field, std::string_view name) {
  if (!value)
    return true;
  auto bps = narrow_int32(value);
  if (!bps) {
    f.fail(std::string{name} + " is out of range");
    return false;
  }
  field = *bps;
  return true;
}

} // namespace

std::optional<new_ledger> read_new_ledger(field_reader& f,
                                          const new_ledger_members& names) {
  auto name = f.text("name");
  auto tickers = f.text_list("tickers");
  auto algo = f.text(names.algo);
  auto interval_text = f.text("interval");
  auto end_text = f.optional_number_text("end");
  if (!end_text && !f.failed())
    f.fail("missing end (the lifespan in days)");
  auto balance = f.optional_amount(names.balance);
  auto fee = f.optional_amount("fee");
  auto slippage = f.optional_integer("slippage_bps");
  auto tolerance = f.optional_integer("tolerance_bps");
  auto start = f.optional_flag("start");
  auto calendar_name = f.optional_text("calendar");
  if (f.failed())
    return std::nullopt;

  new_ledger out;
  auto& config = out.config;
  config.name = std::move(*name);
  config.tickers = std::move(*tickers);
  config.algo_path = std::move(*algo);
  auto interval = parse_interval(*interval_text);
  if (!interval) {
    f.fail("interval must be a duration such as \"500ms\", \"30s\", \"5m\" "
           "or \"1.5h\"");
    return std::nullopt;
  }
  config.interval = *interval;
  auto lifespan = parse_decimal_duration(*end_text, std::chrono::hours{24});
  if (!lifespan) {
    f.fail("end must be a positive number of days, exact to the "
           "millisecond, at most 36500");
    return std::nullopt;
  }
  config.lifespan = *lifespan;
  if (balance)
    config.initial_balance = *balance;
  if (fee)
    config.fee = *fee;
  if (!assign_bps(f, slippage, config.slippage_bps, "slippage_bps") ||
      !assign_bps(f, tolerance, config.tolerance_bps, "tolerance_bps"))
    return std::nullopt;
  if (calendar_name) {
    auto calendar = parse_market_calendar(*calendar_name);
    if (!calendar) {
      f.fail("unknown calendar \"" + excerpt(*calendar_name) +
             "\": " + std::string{known_market_calendars()});
      return std::nullopt;
    }
    config.calendar = *calendar;
  }
  out.start = start.value_or(true);
  return out;
}

} // namespace ledger::json
