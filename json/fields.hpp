#pragma once

// Strict reading of one JSON object (a REST body, a wire message, a model's
// reply): each getter checks the member's JSON type as well as its value,
// and the first problem is kept as a sentence naming the member
// ("book_status.balance must be ..."). Readers call the getters they need,
// then check failed() once. Text must be clean (core/text.hpp): valid
// UTF-8 without control characters, so a NUL cannot cut a value short.

#include "core/lifecycle.hpp"
#include "core/money.hpp"
#include "core/price.hpp"
#include "json/document.hpp"

#include <rapidjson/document.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ledger::json {

/// Reads members of one object. `where` prefixes member names in errors
/// ("book_status."). A getter for a required member fails when it is
/// absent; an optional_* getter returns nullopt for an absent or null
/// member and fails only when one is present with a bad value.
class field_reader {
public:
  field_reader(const document& doc, const rapidjson::Value& object,
               std::string where = {});

  bool failed() const { return error_.has_value(); }

  /// The document the object belongs to (for the json:: list readers).
  const document& doc() const { return doc_; }

  /// The first problem; empty unless failed().
  const std::string& error() const;

  /// Records a problem unless one is already recorded.
  void fail(std::string sentence);

  /// The member, or nullptr when absent.
  const rapidjson::Value* find(std::string_view key) const;

  /// A JSON string of clean text.
  std::optional<std::string> text(std::string_view key);
  std::optional<std::string> optional_text(std::string_view key);

  /// An array of JSON strings of clean text.
  std::optional<std::vector<std::string>> text_list(std::string_view key);

  /// A JSON string of free text (a message, a detail): valid UTF-8 without
  /// a NUL byte; other control characters (newlines, tabs) are allowed.
  std::optional<std::string> message(std::string_view key);
  std::optional<std::string> optional_message(std::string_view key);

  /// A JSON number with a whole value that fits in 64 bits.
  std::optional<std::int64_t> integer(std::string_view key);
  std::optional<std::int64_t> optional_integer(std::string_view key);

  /// An exact amount: a number or a numeric string, at most 6 decimals.
  std::optional<money> amount(std::string_view key);
  std::optional<money> optional_amount(std::string_view key);

  /// An exact amount > 0.
  std::optional<ledger::price> positive_price(std::string_view key);

  /// The decimal text of a JSON number, unparsed (e.g. a duration in days
  /// for parse_decimal_duration).
  std::optional<std::string> optional_number_text(std::string_view key);

  /// An ISO 8601 UTC time string.
  std::optional<timestamp> time(std::string_view key);
  std::optional<timestamp> optional_time(std::string_view key);

  /// true or false.
  std::optional<bool> optional_flag(std::string_view key);

  /// An array or object member; nullptr (and a failure) otherwise.
  const rapidjson::Value* array(std::string_view key);
  const rapidjson::Value* object(std::string_view key);

  /// Fails on the first member whose name is not in `known`.
  void only(std::initializer_list<std::string_view> known);

  /// `where` + key, as errors name it.
  std::string name(std::string_view key) const;

private:
  const rapidjson::Value* present(std::string_view key); // null counts absent

  /// present(), failing with "missing <key>" when it is not: what makes a
  /// getter's member required.
  const rapidjson::Value* required(std::string_view key);

  const document& doc_;
  const rapidjson::Value& object_;
  std::string where_;
  std::optional<std::string> error_;
};

/// The value when it fits in 32 bits (basis points and the like).
std::optional<std::int32_t> narrow_int32(std::optional<std::int64_t> n);

} // namespace ledger::json
