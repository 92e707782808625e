#pragma once

// Exact numbers in JSON. Documents are parsed with the numbers kept as
// their text (kParseNumbersAsStringsFlag), so 96485.5 reaches parse_micros
// digit for digit and never passes through a double; numbers are written
// from format_micros as raw JSON numbers.

#include "core/money.hpp"
#include "core/price.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ledger::json {

using writer = rapidjson::Writer<rapidjson::StringBuffer>;

/// Parses `text` keeping numbers exact. Returns an error sentence (with the
/// offset) or nullopt. Values that were numbers then read as strings: use
/// the read_* functions below, which accept numbers and numeric strings.
std::optional<std::string> parse_exact(rapidjson::Document& doc,
                                       std::string_view text);

/// An exact amount as a JSON number: 176, 96485.5, -0.000001.
void write_micros(writer& w, std::int64_t micros);

inline void write_money(writer& w, money m) {
  write_micros(w, m.micros());
}

inline void write_price(writer& w, price p) {
  write_micros(w, p.micros());
}

/// A number or numeric string, exactly (at most 6 decimals).
std::optional<std::int64_t> read_micros(const rapidjson::Value& v);
std::optional<money> read_money(const rapidjson::Value& v);
/// Strictly positive.
std::optional<price> read_price(const rapidjson::Value& v);

/// A whole number: 8, "8", 8.0, 8e0 (any exact integral value that fits).
std::optional<std::int64_t> read_integer(const rapidjson::Value& v);

/// A string member, or nullopt when absent or not a string. With
/// kParseNumbersAsStringsFlag numbers are strings too: callers that need
/// text must not be handed a number, so this refuses values that were
/// numbers in the source only if the caller checks types itself.
std::optional<std::string> read_string(const rapidjson::Value& object,
                                       const char* member);

/// Writes a string member: key then value.
inline void write_member(writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

} // namespace ledger::json
