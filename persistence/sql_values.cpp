#include "persistence/sql_values.hpp"

#include "core/fixed_point.hpp"
#include "json/trades.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <limits>
#include <stdexcept>

namespace ledger::persistence::detail {

namespace {

[[noreturn]] void corrupt(std::string_view what, std::string_view text) {
  std::string message = "persistence: stored ";
  message += what;
  message += " does not decode: '";
  message += text.substr(0, 80);
  message += "'";
  throw std::runtime_error(message);
}

std::string_view text_of(const pqxx::field& f, std::string_view what) {
  if (f.is_null())
    corrupt(what, "NULL");
  return {f.c_str(), f.size()};
}

// The column's text read by `parse` (one of core's parsers, which return
// nullopt for text they refuse); text it refuses is corrupt.
template <class Parse>
auto parsed(const pqxx::field& f, std::string_view what, Parse parse) {
  auto text = text_of(f, what);
  auto value = parse(text);
  if (!value)
    corrupt(what, text);
  return *value;
}

} // namespace

std::string sql_time(std::string_view micros_expr) {
  std::string out = "('epoch'::timestamptz + (";
  out += micros_expr;
  out += ")::bigint * interval '1 microsecond')";
  return out;
}

std::string sql_micros(std::string_view column) {
  std::string out = "(extract(epoch from ";
  out += column;
  out += ") * 1000000)::bigint";
  return out;
}

std::int64_t to_micros(timestamp t) {
  return std::chrono::floor<std::chrono::microseconds>(t.time_since_epoch())
    .count();
}

std::string micros_text(timestamp t) {
  return std::to_string(to_micros(t));
}

std::string timestamptz_text(timestamp t) {
  constexpr std::int64_t per_second = 1'000'000;
  auto micros = to_micros(t);
  auto seconds = micros / per_second;
  auto fraction = micros % per_second;
  if (fraction < 0) { // floor, for times before 1970
    fraction += per_second;
    --seconds;
  }
  auto whole = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&whole, &utc); // the civil date, whatever the process's zone
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%06lld+00",
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                utc.tm_min, utc.tm_sec, static_cast<long long>(fraction));
  return text;
}

std::optional<std::string> micros_text(const std::optional<timestamp>& t) {
  if (!t)
    return std::nullopt;
  return micros_text(*t);
}

std::int64_t sql_limit(std::size_t limit) {
  constexpr auto max = std::numeric_limits<std::int64_t>::max();
  return limit > static_cast<std::size_t>(max)
           ? max
           : static_cast<std::int64_t>(limit);
}

timestamp time_of(const pqxx::field& f, std::string_view what) {
  auto text = text_of(f, what);
  std::int64_t micros = 0;
  if (!f.to(micros))
    corrupt(what, text);
  // system_clock counts nanoseconds: stay inside its range (years
  // 1678..2262) rather than wrap.
  constexpr auto limit = std::numeric_limits<timestamp::duration::rep>::max() /
                         (timestamp::period::den / std::micro::den);
  if (micros > limit || micros < -limit)
    corrupt(what, text);
  return timestamp{std::chrono::microseconds{micros}};
}

std::optional<timestamp> optional_time_of(const pqxx::field& f,
                                          std::string_view what) {
  if (f.is_null())
    return std::nullopt;
  return time_of(f, what);
}

money money_of(const pqxx::field& f, std::string_view what) {
  return money::from_micros(parsed(f, what, parse_micros));
}

price price_of(const pqxx::field& f, std::string_view what) {
  return parsed(f, what, price::parse);
}

std::optional<price> optional_price_of(const pqxx::field& f,
                                       std::string_view what) {
  if (f.is_null())
    return std::nullopt;
  return price_of(f, what);
}

quantity quantity_of(const pqxx::field& f, std::string_view what) {
  auto text = text_of(f, what);
  std::int64_t shares = 0;
  if (!f.to(shares))
    corrupt(what, text);
  auto q = quantity::make(shares);
  if (!q)
    corrupt(what, text);
  return *q;
}

side side_of(const pqxx::field& f, std::string_view what) {
  return parsed(f, what, parse_side);
}

ledger_status status_of(const pqxx::field& f, std::string_view what) {
  return parsed(f, what, parse_status);
}

tick_outcome outcome_of(const pqxx::field& f, std::string_view what) {
  return parsed(f, what, parse_tick_outcome);
}

reject_code reject_code_of(const pqxx::field& f, std::string_view what) {
  return parsed(f, what, parse_reject_code);
}

market_calendar calendar_of(const pqxx::field& f, std::string_view what) {
  if (f.is_null())
    return market_calendar::none;
  return parsed(f, what, parse_market_calendar);
}

std::optional<std::string> calendar_text(market_calendar c) {
  if (c == market_calendar::none)
    return std::nullopt;
  return std::string{to_string(c)};
}

std::vector<std::string> text_array_of(const pqxx::field& f,
                                       std::string_view what) {
  auto text = text_of(f, what);
  std::vector<std::string> out;
  auto parser = f.as_array();
  int depth = 0;
  for (;;) {
    auto [juncture, value] = parser.get_next();
    switch (juncture) {
    case pqxx::array_parser::row_start:
      if (++depth > 1)
        corrupt(what, text);
      break;
    case pqxx::array_parser::row_end:
      --depth;
      break;
    case pqxx::array_parser::string_value:
      out.push_back(std::move(value));
      break;
    case pqxx::array_parser::null_value:
      corrupt(what, text);
    case pqxx::array_parser::done:
      return out;
    }
  }
}

std::string holdings_json(const holdings& positions) {
  rapidjson::StringBuffer buffer;
  json::writer writer{buffer};
  json::write_holdings(writer, positions); // the shape every API shows
  return {buffer.GetString(), buffer.GetSize()};
}

holdings holdings_of(const pqxx::field& f, std::string_view what) {
  auto text = text_of(f, what);
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject())
    corrupt(what, text);
  holdings out;
  for (auto& member : doc.GetObject()) {
    if (!member.value.IsInt64())
      corrupt(what, text);
    out.emplace(
      std::string{member.name.GetString(), member.name.GetStringLength()},
      member.value.GetInt64());
  }
  return out;
}

void array_literal::separate() {
  if (!empty())
    text_ += ',';
}

void array_literal::push(std::int64_t value) {
  separate();
  text_ += std::to_string(value);
}

void array_literal::push(std::string_view text) {
  separate();
  text_ += '"';
  for (char c : text) {
    if (c == '"' || c == '\\')
      text_ += '\\';
    text_ += c;
  }
  text_ += '"';
}

void array_literal::push_null() {
  separate();
  text_ += "NULL";
}

} // namespace ledger::persistence::detail
