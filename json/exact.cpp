#include "json/exact.hpp"

#include "core/text.hpp"

#include <charconv>

namespace ledger::json {

namespace {

// `text` when it is valid UTF-8, else its repair, kept in `repaired`.
std::string_view as_utf8(std::string_view text, std::string& repaired) {
  if (is_valid_utf8(text))
    return text;
  repaired = repair_utf8(text);
  return repaired;
}

} // namespace

void write_text(writer& w, std::string_view value) {
  std::string repaired;
  auto text = as_utf8(value, repaired);
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_key(writer& w, std::string_view key) {
  std::string repaired;
  auto text = as_utf8(key, repaired);
  w.Key(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_micros(writer& w, std::int64_t micros) {
  auto text = format_micros(micros);
  w.RawValue(text.data(), text.size(), rapidjson::kNumberType);
}

std::optional<std::int64_t> read_micros(const rapidjson::Value& v) {
  if (v.IsString())
    return parse_micros(std::string_view{v.GetString(), v.GetStringLength()});
  if (v.IsInt64())
    return checked_mul(v.GetInt64(), fixed_scale);
  return std::nullopt;
}

std::optional<money> read_money(const rapidjson::Value& v) {
  if (auto micros = read_micros(v))
    return money::from_micros(*micros);
  return std::nullopt;
}

std::optional<price> read_price(const rapidjson::Value& v) {
  if (auto micros = read_micros(v))
    return price::from_micros(*micros);
  return std::nullopt;
}

std::optional<std::int64_t> read_integer(const rapidjson::Value& v) {
  // Plain digits first: whole numbers beyond the range of micro-units
  // (above 9.2e12) are still integers, if absurd quantities.
  if (v.IsString()) {
    std::string_view text{v.GetString(), v.GetStringLength()};
    std::int64_t out = 0;
    auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), out);
    if (ec == std::errc{} && end == text.data() + text.size())
      return out;
  }
  auto micros = read_micros(v);
  if (!micros || *micros % fixed_scale != 0)
    return std::nullopt;
  return *micros / fixed_scale;
}

} // namespace ledger::json
