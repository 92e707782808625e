#include "api/stats_view.hpp"

#include "api/views.hpp"
#include "json/time.hpp"

#include <charconv>
#include <cmath>
#include <map>

namespace ledger::api {

namespace {

// A double in its shortest text that reads back to the same value (never
// rounded to a few decimals), or null.
void write_double(json::writer& w, const char* key,
                  const std::optional<double>& x) {
  w.Key(key);
  if (!x || !std::isfinite(*x)) {
    w.Null();
    return;
  }
  char text[32];
  auto [end, ec] = std::to_chars(text, text + sizeof text, *x);
  if (ec != std::errc{}) {
    w.Null();
    return;
  }
  w.RawValue(text, static_cast<std::size_t>(end - text),
             rapidjson::kNumberType);
}

void write_count(json::writer& w, const char* key, std::uint64_t n) {
  w.Key(key);
  w.Uint64(n);
}

// An exact ratio a / b with six decimals, or null when b is zero.
void write_ratio(json::writer& w, const char* key, money a, money b) {
  w.Key(key);
  auto ratio = b.micros() == 0
                 ? std::nullopt
                 : scale_rounded(a.micros(), fixed_scale, b.micros());
  if (ratio)
    json::write_micros(w, *ratio);
  else
    w.Null();
}

// {"total": n, "<name>": count, ...}, names in byte order.
void write_tally(json::writer& w, const char* key,
                 const std::map<std::string, std::uint64_t>& counts) {
  std::uint64_t total = 0;
  for (auto& entry : counts)
    total += entry.second;
  w.Key(key);
  w.StartObject();
  write_count(w, "total", total);
  for (auto& [name, n] : counts)
    write_count(w, name.c_str(), n);
  w.EndObject();
}

void write_value_summary(json::writer& w, const value_summary& v,
                         money initial) {
  w.Key("value");
  if (v.points() == 0) {
    w.Null();
    return;
  }
  w.StartObject();
  write_count(w, "points", v.points());
  w.Key("first");
  json::write_money(w, v.first());
  w.Key("last");
  json::write_money(w, v.last());
  w.Key("high");
  json::write_money(w, v.high());
  w.Key("low");
  json::write_money(w, v.low());
  w.Key("max_drawdown");
  json::write_money(w, v.max_fall());
  write_ratio(w, "max_drawdown_ratio", v.max_fall(), v.max_fall_peak());
  write_ratio(w, "return", subtract(v.last(), initial).value_or(money{}),
              initial);
  w.EndObject();
}

} // namespace

void write_statistics(json::writer& w, const statistics& s) {
  w.StartObject();
  write_count(w, "points", s.points);
  json::write_time_member(w, "first_time", s.first_time);
  json::write_time_member(w, "last_time", s.last_time);
  write_double(w, "periods_per_year", s.periods_per_year);
  write_double(w, "risk_free", s.risk_free);
  write_double(w, "total_return", s.total_return);
  write_double(w, "annualized_return", s.annualized_return);
  write_double(w, "volatility", s.volatility);
  write_double(w, "sharpe", s.sharpe);
  write_double(w, "sortino", s.sortino);
  write_double(w, "max_drawdown", s.max_drawdown);
  json::write_time_member(w, "max_drawdown_start", s.max_drawdown_start);
  json::write_time_member(w, "max_drawdown_end", s.max_drawdown_end);
  write_count(w, "fills", s.fills);
  write_count(w, "round_trips", s.round_trips);
  write_count(w, "winning_round_trips", s.winning_round_trips);
  write_double(w, "win_rate", s.win_rate);
  w.Key("traded");
  json::write_optional_money(w, s.traded);
  write_double(w, "turnover", s.turnover);
  w.Key("fees");
  json::write_optional_money(w, s.fees);
  write_double(w, "exposure", s.exposure);
  w.EndObject();
}

std::string stats_view(const ledger_view& info,
                       const persistence::ledger_facts& facts) {
  return to_json([&](json::writer& w) {
    w.StartObject();
    json::write_member(w, "name", info.record.config.name);
    write_tally(w, "ticks", facts.ticks);
    write_count(w, "trades", facts.stats.fills);
    write_tally(w, "rejections", facts.rejections);
    write_value_summary(w, facts.value, info.record.config.initial_balance);
    w.Key("statistics");
    write_statistics(w, facts.stats);
    w.EndObject();
  });
}

std::string compare_view(const std::optional<timestamp>& from,
                         const std::optional<timestamp>& to, double risk_free,
                         const std::vector<compared_ledger>& ledgers) {
  return to_json([&](json::writer& w) {
    w.StartObject();
    json::write_time_member(w, "from", from);
    json::write_time_member(w, "to", to);
    write_double(w, "risk_free", risk_free);
    w.Key("ledgers");
    w.StartArray();
    for (auto& l : ledgers) {
      w.StartObject();
      json::write_member(w, "name", l.name);
      w.Key("statistics");
      write_statistics(w, l.stats);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  });
}

} // namespace ledger::api
