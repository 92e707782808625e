#include "messaging/ledger_view.hpp"

#include "core/fixed_point.hpp"
#include "core/ledger_config.hpp"
#include "json/fields.hpp"
#include "json/ledger_view.hpp"
#include "json/time.hpp"
#include "json/trades.hpp"
#include "messaging/wire_message.hpp"
#include "messaging/wire_writer.hpp"

#include <limits>

namespace ledger::messaging {

namespace {

constexpr std::int64_t ms_per_day = 86'400'000;

} // namespace

void write_ledger_view(json::writer& w, const ledger_view& v) {
  w.StartObject();
  json::write_ledger_members(w, v);
  w.EndObject();
}

decoded<ledger_view> read_ledger_view(const json::document& doc,
                                      const rapidjson::Value& v) {
  json::field_reader f{doc, v, "ledger."};
  ledger_view s;
  auto& r = s.record;
  auto& c = r.config;
  auto name = f.text("name");
  auto tickers = f.text_list("tickers");
  auto algo = f.text("algo_path");
  auto interval = f.text("interval");
  auto end = f.optional_number_text("end");
  auto status = f.text("status");
  auto first_started = f.optional_time("first_started");
  auto balance = f.amount("balance");
  auto holding = f.object("holding");
  s.value = f.optional_amount("value");
  auto last_tick = f.integer("last_tick");
  auto last_tick_at = f.optional_time("last_tick_at");
  auto initial = f.amount("initial_balance");
  auto slippage = json::narrow_int32(f.integer("slippage_bps"));
  auto fee = f.amount("fee");
  auto tolerance = json::narrow_int32(f.integer("tolerance_bps"));
  auto calendar = f.optional_text("calendar"); // absent from older engines
  auto created = f.time("created_at");
  auto backlogged = f.optional_flag("backlogged");
  if (f.failed())
    return f.error();
  if (!end)
    return std::string{"missing ledger.end"};
  if (!slippage || !tolerance)
    return std::string{"ledger.slippage_bps and ledger.tolerance_bps must "
                       "fit in 32 bits"};
  c.name = *name;
  c.tickers = std::move(*tickers);
  c.algo_path = *algo;
  auto every = parse_interval(*interval);
  if (!every)
    return std::string{"ledger.interval must be a duration such as \"5m\""};
  c.interval = *every;
  // Views round the lifespan to a micro-day; read it back to the nearest ms.
  auto days = parse_micros(*end);
  auto ms = days ? scale_rounded(*days, ms_per_day, fixed_scale) : std::nullopt;
  if (!ms || *ms <= 0)
    return std::string{"ledger.end must be a positive number of days"};
  c.lifespan = std::chrono::milliseconds{*ms};
  auto st = parse_status(*status);
  if (!st)
    return std::string{"ledger.status must be created, running, stopped or "
                       "finished"};
  r.status = *st;
  r.first_started = first_started;
  r.balance = *balance;
  auto positions = json::read_holdings(doc, *holding);
  if (auto why = std::get_if<std::string>(&positions))
    return "ledger.holding: " + *why;
  r.positions = std::get<holdings>(std::move(positions));
  r.last_tick = *last_tick;
  r.last_tick_at = last_tick_at;
  c.initial_balance = *initial;
  c.slippage_bps = *slippage;
  c.fee = *fee;
  c.tolerance_bps = *tolerance;
  if (calendar) {
    auto known = parse_market_calendar(*calendar);
    if (!known)
      return "ledger." + std::string{known_market_calendars()};
    c.calendar = *known;
  }
  r.created_at = *created;
  s.backlogged = backlogged.value_or(false);
  return s;
}

} // namespace ledger::messaging
