#include "messaging/fields.hpp"

#include <algorithm>
#include <limits>

#include "json/exact.hpp"
#include "json/time.hpp"
#include "json/trades.hpp"

namespace ledger::messaging {

namespace {

std::string_view key_of(const rapidjson::Value& name) {
  return {name.GetString(), name.GetStringLength()};
}

// A string that can be handed to C-string APIs without being cut short.
bool has_nul(const rapidjson::Value& v) {
  return std::string_view{v.GetString(), v.GetStringLength()}.find('\0') !=
         std::string_view::npos;
}

// json::parse_time converts to the system clock's nanoseconds, which hold
// the years 1678 to 2262 only: beyond them the conversion overflows. Refuse
// such years before parsing (none is a plausible wire time).
bool year_in_clock_range(std::string_view text) {
  if (text.size() < 4)
    return true; // too short to be a time: parse_time refuses it
  int year = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    if (text[i] < '0' || text[i] > '9')
      return true;
    year = year * 10 + (text[i] - '0');
  }
  return year >= 1900 && year <= 2200; // as json::parse_time accepts
}

} // namespace

field_reader::field_reader(const wire_document& doc,
                           const rapidjson::Value& object, std::string where)
  : doc_(doc), object_(object), where_(std::move(where)) {
  if (!object_.IsObject()) {
    auto what = where_.empty() ? std::string{"the message"}
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

std::optional<std::string> field_reader::optional_text(std::string_view key) {
  auto v = present(key);
  if (!v)
    return std::nullopt;
  if (!doc_.is_text(*v) || has_nul(*v)) {
    fail(name(key) + " must be a string");
    return std::nullopt;
  }
  return std::string{v->GetString(), v->GetStringLength()};
}

std::optional<std::string> field_reader::text(std::string_view key) {
  if (!present(key)) {
    fail("missing " + name(key));
    return std::nullopt;
  }
  return optional_text(key);
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
  if (!present(key)) {
    fail("missing " + name(key));
    return std::nullopt;
  }
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
  if (!present(key)) {
    fail("missing " + name(key));
    return std::nullopt;
  }
  return optional_amount(key);
}

std::optional<ledger::price>
field_reader::positive_price(std::string_view key) {
  auto v = present(key);
  if (!v) {
    fail("missing " + name(key));
    return std::nullopt;
  }
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
  if (!v->IsString() || has_nul(*v)) {
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
  auto t = doc_.is_text(*v) && year_in_clock_range(text)
             ? json::parse_time(text)
             : std::nullopt;
  if (!t)
    fail(name(key) +
         " must be an ISO 8601 UTC time such as 2026-11-25T09:30:00Z");
  return t;
}

std::optional<timestamp> field_reader::time(std::string_view key) {
  if (!present(key)) {
    fail("missing " + name(key));
    return std::nullopt;
  }
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
  auto v = present(key);
  if (!v) {
    fail("missing " + name(key));
    return nullptr;
  }
  if (!v->IsArray()) {
    fail(name(key) + " must be an array");
    return nullptr;
  }
  return v;
}

const rapidjson::Value* field_reader::object(std::string_view key) {
  auto v = present(key);
  if (!v) {
    fail("missing " + name(key));
    return nullptr;
  }
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
        "unknown field \"" + std::string{key.substr(0, 32)} + "\"" +
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

decoded<std::vector<order>> read_trade_list(const wire_document& doc,
                                            const rapidjson::Value& list) {
  if (!list.IsArray())
    return std::string{"trades must be an array"};
  std::vector<order> out;
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    auto& item = list[i];
    auto prefix = "trade " + std::to_string(i) + ": ";
    // json::read_order accepts numbers where it wants text (numbers are
    // strings in an exact document); the wire wants real strings.
    if (item.IsObject())
      for (const char* key : {"type", "ticker"}) {
        auto m = item.FindMember(key);
        if (m != item.MemberEnd() &&
            (!doc.is_text(m->value) || has_nul(m->value)))
          return prefix + key + " must be a string";
      }
    auto one = json::read_order(item);
    if (auto why = std::get_if<std::string>(&one))
      return prefix + *why;
    out.push_back(std::get<order>(std::move(one)));
  }
  return out;
}

decoded<std::vector<fill>> read_fill_list(const rapidjson::Value& list) {
  if (!list.IsArray())
    return std::string{"fills must be an array"};
  std::vector<fill> out;
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    auto one = json::read_fill(list[i]);
    if (auto why = std::get_if<std::string>(&one))
      return "fill " + std::to_string(i) + ": " + *why;
    out.push_back(std::get<fill>(std::move(one)));
  }
  return out;
}

decoded<std::vector<rejection>>
read_rejection_list(const rapidjson::Value& list) {
  if (!list.IsArray())
    return std::string{"rejections must be an array"};
  std::vector<rejection> out;
  for (rapidjson::SizeType i = 0; i < list.Size(); ++i) {
    auto one = json::read_rejection(list[i]);
    if (auto why = std::get_if<std::string>(&one))
      return "rejection " + std::to_string(i) + ": " + *why;
    out.push_back(std::get<rejection>(std::move(one)));
  }
  return out;
}

} // namespace ledger::messaging
