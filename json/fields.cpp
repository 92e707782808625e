#include "json/fields.hpp"

#include "core/text.hpp"
#include "json/exact.hpp"
#include "json/time.hpp"

#include <algorithm>
#include <limits>

namespace ledger::json {

namespace {

std::string_view key_of(const rapidjson::Value& name) {
  return {name.GetString(), name.GetStringLength()};
}

std::string_view text_of(const rapidjson::Value& v) {
  return {v.GetString(), v.GetStringLength()};
}

} // namespace

field_reader::field_reader(const document& doc, const rapidjson::Value& object,
                           std::string where)
  : doc_(doc), object_(object), where_(std::move(where)) {
  if (!object_.IsObject()) {
    auto what = where_.empty() ? std::string{"the document"}
                               : where_.substr(0, where_.size() - 1);
    fail(what + " must be an object");
  }
}

const std::string& field_reader::error() const {
  static const std::string none;
  return error_ ? *error_ : none;
}

void field_reader::fail(std::string sentence) {
  if (!error_)
    error_ = std::move(sentence);
}

std::string field_reader::name(std::string_view key) const {
  return where_ + std::string{key};
}

const rapidjson::Value* field_reader::find(std::string_view key) const {
  if (!object_.IsObject())
    return nullptr;
  for (auto& m : object_.GetObject())
    if (key_of(m.name) == key)
      return &m.value;
  return nullptr;
}

const rapidjson::Value* field_reader::present(std::string_view key) {
  auto v = find(key);
  return v && !v->IsNull() ? v : nullptr;
}

const rapidjson::Value* field_reader::required(std::string_view key) {
  auto v = present(key);
  if (!v)
    fail("missing " + name(key));
  return v;
}

std::optional<std::string> field_reader::optional_text(std::string_view key) {
  auto v = present(key);
  if (!v)
    return std::nullopt;
  if (!doc_.is_text(*v)) {
    fail(name(key) + " must be a string");
    return std::nullopt;
  }
  if (!is_clean_text(text_of(*v))) {
    fail(name(key) + " must be valid UTF-8 without control characters");
    return std::nullopt;
  }
  return std::string{v->GetString(), v->GetStringLength()};
}

std::optional<std::string> field_reader::text(std::string_view key) {
  if (!required(key))
    return std::nullopt;
  return optional_text(key);
}

std::optional<std::vector<std::string>>
field_reader::text_list(std::string_view key) {
  auto list = array(key);
  if (!list)
    return std::nullopt;
  std::vector<std::string> out;
  out.reserve(list->Size());
  for (auto& item : list->GetArray()) {
    if (!doc_.is_text(item) || !is_clean_text(text_of(item))) {
      fail(name(key) +
           " must be an array of strings of valid UTF-8 without control "
           "characters");
      return std::nullopt;
    }
    out.emplace_back(text_of(item));
  }
  return out;
}

std::optional<std::string>
field_reader::optional_message(std::string_view key) {
  auto v = present(key);
  if (!v)
    return std::nullopt;
  auto text = doc_.is_text(*v) ? text_of(*v) : std::string_view{};
  if (!doc_.is_text(*v) || !is_valid_utf8(text) ||
      text.find('\0') != std::string_view::npos) {
    fail(name(key) + " must be a string of valid UTF-8 without NUL bytes");
    return std::nullopt;
  }
  return std::string{text};
}

std::optional<std::string> field_reader::message(std::string_view key) {
  if (!required(key))
    return std::nullopt;
  return optional_message(key);
}

std::optional<std::int64_t>
field_reader::optional_integer(std::string_view key) {
  auto v = present(key);
  if (!v)
    return std::nullopt;
  auto n = doc_.is_number(*v) ? json::read_integer(*v) : std::nullopt;
  if (!n)
    fail(name(key) + " must be a whole number");
  return n;
}

std::optional<std::int64_t> field_reader::integer(std::string_view key) {
  if (!required(key))
    return std::nullopt;
  return optional_integer(key);
}

std::optional<money> field_reader::optional_amount(std::string_view key) {
  auto v = present(key);
  if (!v)
    return std::nullopt;
  auto m = v->IsString() ? json::read_money(*v) : std::nullopt;
  if (!m)
    fail(name(key) + " must be a number with at most 6 decimals");
  return m;
}

std::optional<money> field_reader::amount(std::string_view key) {
  if (!required(key))
    return std::nullopt;
  return optional_amount(key);
}

std::optional<ledger::price>
field_reader::positive_price(std::string_view key) {
  auto v = required(key);
  if (!v)
    return std::nullopt;
  auto p = v->IsString() ? json::read_price(*v) : std::nullopt;
  if (!p)
    fail(name(key) + " must be a positive number with at most 6 decimals");
  return p;
}

std::optional<std::string>
field_reader::optional_number_text(std::string_view key) {
  auto v = present(key);
  if (!v)
    return std::nullopt;
  if (!v->IsString() || !is_clean_text(text_of(*v))) {
    fail(name(key) + " must be a number");
    return std::nullopt;
  }
  return std::string{v->GetString(), v->GetStringLength()};
}

std::optional<timestamp> field_reader::optional_time(std::string_view key) {
  auto v = present(key);
  if (!v)
    return std::nullopt;
  std::string_view text{v->GetString(), v->GetStringLength()};
  // parse_time refuses dates that do not exist and years outside
  // 1900-2200, the range the clock holds comfortably.
  auto t = doc_.is_text(*v) ? json::parse_time(text) : std::nullopt;
  if (!t)
    fail(name(key) +
         " must be an ISO 8601 UTC time such as 2026-11-25T09:30:00Z");
  return t;
}

std::optional<timestamp> field_reader::time(std::string_view key) {
  if (!required(key))
    return std::nullopt;
  return optional_time(key);
}

std::optional<bool> field_reader::optional_flag(std::string_view key) {
  auto v = present(key);
  if (!v)
    return std::nullopt;
  if (!v->IsBool()) {
    fail(name(key) + " must be true or false");
    return std::nullopt;
  }
  return v->GetBool();
}

const rapidjson::Value* field_reader::array(std::string_view key) {
  auto v = required(key);
  if (!v)
    return nullptr;
  if (!v->IsArray()) {
    fail(name(key) + " must be an array");
    return nullptr;
  }
  return v;
}

const rapidjson::Value* field_reader::object(std::string_view key) {
  auto v = required(key);
  if (!v)
    return nullptr;
  if (!v->IsObject()) {
    fail(name(key) + " must be an object");
    return nullptr;
  }
  return v;
}

void field_reader::only(std::initializer_list<std::string_view> known) {
  if (!object_.IsObject())
    return;
  for (auto& m : object_.GetObject()) {
    auto key = key_of(m.name);
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      fail(
        "unknown field \"" + excerpt(key) + "\"" +
        (where_.empty() ? "" : " in " + where_.substr(0, where_.size() - 1)));
      return;
    }
  }
}

std::optional<std::int32_t> narrow_int32(std::optional<std::int64_t> n) {
  if (!n || *n < std::numeric_limits<std::int32_t>::min() ||
      *n > std::numeric_limits<std::int32_t>::max())
    return std::nullopt;
  return static_cast<std::int32_t>(*n);
}

} // namespace ledger::json
