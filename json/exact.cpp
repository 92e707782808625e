#include "json/exact.hpp"

#include <rapidjson/error/en.h>

#include <charconv>

namespace ledger::json {

std::optional<std::string> parse_exact(rapidjson::Document& doc,
                                       std::string_view text) {
  // Iterative: a hostile body of nested brackets cannot overflow the stack.
  doc.Parse<rapidjson::kParseNumbersAsStringsFlag
            | rapidjson::kParseIterativeFlag>(text.data(), text.size());
  if (doc.HasParseError())
    return std::string{"invalid JSON at offset "} +
           std::to_string(doc.GetErrorOffset()) + ": " +
           rapidjson::GetParseError_En(doc.GetParseError());
  return std::nullopt;
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

std::optional<std::string> read_string(const rapidjson::Value& object,
                                       const char* member) {
  if (!object.IsObject())
    return std::nullopt;
  auto i = object.FindMember(member);
  if (i == object.MemberEnd() || !i->value.IsString())
    return std::nullopt;
  return std::string{i->value.GetString(), i->value.GetStringLength()};
}

} // namespace ledger::json
