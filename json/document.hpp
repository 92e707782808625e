#pragma once

// The one parsed JSON document of the project, for REST bodies, wire
// messages and model output alike. Numbers stay exact text (so money never
// passes through a double), yet the document still knows which values were
// JSON numbers and which were strings: a reader can refuse `"name": 5` or
// `"tick": "5"` instead of silently converting them. Parsing is strict:
// valid UTF-8, no raw NUL byte, no NaN/Infinity, no trailing text, no key
// twice in one object, bounded size and depth.

#include <rapidjson/document.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace ledger::json {

/// What a reader returns: the value, or one sentence saying what is wrong.
/// Readers never throw on bad input.
template <class T>
using decoded = std::variant<T, std::string>;

/// Documents larger than this are refused before parsing (4 MiB: a trade
/// request with thousands of fills is still far below it).
inline constexpr std::size_t max_document_bytes = 4u << 20;

/// Objects and arrays nest at most this deep; real messages use 4.
inline constexpr int max_depth = 32;

/// One parsed document. Movable, not copyable: values point into storage
/// the document owns (which moves with it).
class document {
public:
  document() = default;
  document(document&&) = default;
  document& operator=(document&&) = default;
  document(const document&) = delete;
  document& operator=(const document&) = delete;

  /// Parses `text` strictly (see above; parsed iteratively, so deep input
  /// cannot exhaust the stack). Returns an error sentence, or nullopt.
  std::optional<std::string> parse(std::string_view text);

  const rapidjson::Value& root() const { return doc_; }

  /// True when `v` was a JSON number in the text (it is stored as its
  /// text, so v.IsString() is true as well).
  bool is_number(const rapidjson::Value& v) const;

  /// True when `v` was a JSON string in the text.
  bool is_text(const rapidjson::Value& v) const {
    return v.IsString() && !is_number(v);
  }

private:
  friend class number_marking_handler;

  rapidjson::Document doc_;
  std::unique_ptr<char[]> numbers_; ///< the text of every number, NUL-ended
  std::size_t numbers_size_ = 0;
  std::size_t numbers_capacity_ = 0;
};

/// Writes `v` (a value of `doc`) back as JSON with any RapidJSON writer,
/// numbers as the text the document kept (never through a double).
template <class Writer>
void write_kept(Writer& w, const document& doc, const rapidjson::Value& v) {
  if (doc.is_number(v)) {
    w.RawValue(v.GetString(), v.GetStringLength(), rapidjson::kNumberType);
  } else if (v.IsString()) {
    w.String(v.GetString(), v.GetStringLength());
  } else if (v.IsObject()) {
    w.StartObject();
    for (auto& m : v.GetObject()) {
      w.Key(m.name.GetString(), m.name.GetStringLength());
      write_kept(w, doc, m.value);
    }
    w.EndObject();
  } else if (v.IsArray()) {
    w.StartArray();
    for (auto& item : v.GetArray())
      write_kept(w, doc, item);
    w.EndArray();
  } else if (v.IsBool()) {
    w.Bool(v.GetBool());
  } else {
    w.Null();
  }
}

} // namespace ledger::json
