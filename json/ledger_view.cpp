#include "json/ledger_view.hpp"

#include "core/fixed_point.hpp"
#include "core/ledger_config.hpp"
#include "json/time.hpp"
#include "json/trades.hpp"

namespace ledger::json {

namespace {

constexpr std::int64_t ms_per_day = 86'400'000;

} // namespace

void write_ledger_members(writer& w, const ledger_view& v) {
  auto& r = v.record;
  auto& c = r.config;
  write_member(w, "name", c.name);
  w.Key("tickers");
  w.StartArray();
  for (auto& t : c.tickers)
    w.String(t.data(), static_cast<rapidjson::SizeType>(t.size()));
  w.EndArray();
  write_member(w, "algo_path", c.algo_path);
  write_member(w, "interval", format_interval(c.interval));
  // The lifespan in days, rounded to a micro-day.
  w.Key("end");
  write_micros(
    w, scale_rounded(c.lifespan.count(), fixed_scale, ms_per_day).value_or(0));
  write_member(w, "status", to_string(r.status));
  write_time_member(w, "first_started", r.first_started);
  w.Key("balance");
  write_money(w, r.balance);
  w.Key("holding");
  write_holdings(w, r.positions);
  w.Key("value");
  write_optional_money(w, v.value);
  w.Key("last_tick");
  w.Int64(r.last_tick);
  write_time_member(w, "last_tick_at", r.last_tick_at);
  w.Key("initial_balance");
  write_money(w, c.initial_balance);
  w.Key("slippage_bps");
  w.Int(c.slippage_bps);
  w.Key("fee");
  write_money(w, c.fee);
  w.Key("tolerance_bps");
  w.Int(c.tolerance_bps);
  if (c.calendar == market_calendar::none) {
    w.Key("calendar");
    w.Null();
  } else {
    write_member(w, "calendar", to_string(c.calendar));
  }
  write_member(w, "created_at", format_time(r.created_at));
  w.Key("backlogged");
  w.Bool(v.backlogged);
}

} // namespace ledger::json
