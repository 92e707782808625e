#pragma once

// The parsed body of one wire message. Numbers stay exact text (as with
// json::parse_exact) so money never passes through a double, but unlike a
// plain parse_exact document this one still knows which values were JSON
// numbers and which were strings: a decoder can refuse `"ledger": 5` or
// `"tick": "5"` instead of silently converting them.

#include <rapidjson/document.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace ledger::messaging {

/// What a decoder returns: the value, or one sentence saying what is wrong
/// with the message. Decoders never throw on bad input.
template <class T>
using decoded = std::variant<T, std::string>;

/// The only wire version this code reads and writes.
inline constexpr int wire_version = 1;

/// Bodies larger than this are refused before parsing (4 MiB: a trade
/// request with thousands of fills is still far below it).
inline constexpr std::size_t max_body_bytes = 4u << 20;

/// Objects and arrays nest at most this deep; real messages use 4.
inline constexpr int max_depth = 32;

/// One parsed message body. Not copyable or movable: values point into
/// storage the document owns.
class wire_document {
public:
  wire_document() = default;
  wire_document(const wire_document&) = delete;
  wire_document& operator=(const wire_document&) = delete;

  /// Parses `body` strictly: valid UTF-8, no NaN/Infinity, no trailing
  /// text, bounded size and depth (parsed iteratively: deep input cannot
  /// exhaust the stack). Returns an error sentence, or nullopt.
  std::optional<std::string> parse(std::string_view body);

  const rapidjson::Value& root() const { return doc_; }

  /// True when `v` was a JSON number in the body (it is stored as its text,
  /// so v.IsString() is true as well).
  bool is_number(const rapidjson::Value& v) const;

  /// True when `v` was a JSON string in the body.
  bool is_text(const rapidjson::Value& v) const {
    return v.IsString() && !is_number(v);
  }

  /// Parses `body` and checks it is an object with "v": 1.
  std::optional<std::string> parse_message(std::string_view body);

private:
  friend class number_marking_handler;

  rapidjson::Document doc_;
  std::unique_ptr<char[]> numbers_; ///< the text of every number, NUL-ended
  std::size_t numbers_size_ = 0;
  std::size_t numbers_capacity_ = 0;
};

} // namespace ledger::messaging
