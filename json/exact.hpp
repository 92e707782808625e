#pragma once

// Exact numbers in JSON. Documents (json/document.hpp) keep numbers as
// their text, so 96485.5 reaches parse_micros digit for digit and never
// passes through a double; numbers are written from format_micros as raw
// JSON numbers.

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

/// An exact amount as a JSON number: 176, 96485.5, -0.000001.
void write_micros(writer& w, std::int64_t micros);

inline void write_money(writer& w, money m) {
  write_micros(w, m.micros());
}

inline void write_price(writer& w, price p) {
  write_micros(w, p.micros());
}

/// An amount, or null when there is none (a value not known yet).
inline void write_optional_money(writer& w, const std::optional<money>& m) {
  if (m)
    write_money(w, *m);
  else
    w.Null();
}

/// A number or numeric string, exactly (at most 6 decimals).
std::optional<std::int64_t> read_micros(const rapidjson::Value& v);
std::optional<money> read_money(const rapidjson::Value& v);
/// Strictly positive.
std::optional<price> read_price(const rapidjson::Value& v);

/// A whole number: 8, "8", 8.0, 8e0 (any exact integral value that fits).
std::optional<std::int64_t> read_integer(const rapidjson::Value& v);

/// Writes a string, with any byte sequence that is not valid UTF-8
/// replaced by U+FFFD: whatever a client or a model sent, and an error
/// message echoes, the output stays valid JSON.
void write_text(writer& w, std::string_view value);

/// Writes a key the same way.
void write_key(writer& w, std::string_view key);

/// Writes a string member: key then value (write_text).
inline void write_member(writer& w, const char* key, std::string_view value) {
  w.Key(key);
  write_text(w, value);
}

} // namespace ledger::json
