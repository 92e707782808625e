#include "json/document.hpp"

#include "core/text.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include <cstring>
#include <functional>
#include <set>

namespace ledger::json {

namespace {

// The first key that appears twice in one object, anywhere in `v`. Depth is
// bounded by max_depth, so recursion is safe here.
std::optional<std::string> duplicate_key(const rapidjson::Value& v) {
  if (v.IsArray()) {
    for (auto& item : v.GetArray())
      if (auto key = duplicate_key(item))
        return key;
  } else if (v.IsObject()) {
    std::set<std::string_view> seen;
    for (auto& m : v.GetObject()) {
      std::string_view key{m.name.GetString(), m.name.GetStringLength()};
      if (!seen.insert(key).second)
        return excerpt(key);
      if (auto inner = duplicate_key(m.value))
        return inner;
    }
  }
  return std::nullopt;
}

} // namespace

// Forwards SAX events to the document, with one twist: the text of a
// number is copied into the document's own `numbers_` buffer and stored as
// a non-copied string pointing there, while real strings are always copied
// into the document's allocator. Whether a value was a number is then a
// question of where its characters live.
class number_marking_handler {
public:
  explicit number_marking_handler(document& doc) : w_(doc) {}

  bool Null() { return w_.doc_.Null(); }
  bool Bool(bool b) { return w_.doc_.Bool(b); }
  // With kParseNumbersAsStringsFlag the reader reports every number through
  // RawNumber; these exist only to satisfy the handler concept.
  bool Int(int) { return false; }
  bool Uint(unsigned) { return false; }
  bool Int64(std::int64_t) { return false; }
  bool Uint64(std::uint64_t) { return false; }
  bool Double(double) { return false; }

  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    // numbers_ was sized from the body, which holds every number's text and
    // at least one separator after each: it cannot overflow, but check.
    if (w_.numbers_size_ + length + 1 > w_.numbers_capacity_)
      return false;
    char* at = w_.numbers_.get() + w_.numbers_size_;
    std::memcpy(at, text, length);
    at[length] = '\0';
    w_.numbers_size_ += length + 1;
    return w_.doc_.String(at, length, false);
  }

  bool String(const char* text, rapidjson::SizeType length, bool) {
    return utf8({text, length}) && w_.doc_.String(text, length, true);
  }

  bool Key(const char* text, rapidjson::SizeType length, bool) {
    return utf8({text, length}) && w_.doc_.Key(text, length, true);
  }

  bool StartObject() { return enter() && w_.doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType n) {
    --depth_;
    return w_.doc_.EndObject(n);
  }
  bool StartArray() { return enter() && w_.doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType n) {
    --depth_;
    return w_.doc_.EndArray(n);
  }

  bool too_deep() const { return too_deep_; }
  bool bad_escape() const { return bad_escape_; }

private:
  // RapidJSON validates the UTF-8 of the text but decodes an escaped lone
  // low surrogate ("\udc00") into bytes that are not UTF-8 (CESU-8): a
  // string or key that is not valid UTF-8 after unescaping is refused.
  bool utf8(std::string_view text) {
    if (is_valid_utf8(text))
      return true;
    bad_escape_ = true;
    return false;
  }

  bool enter() {
    if (++depth_ > max_depth) {
      too_deep_ = true;
      return false;
    }
    return true;
  }

  document& w_;
  int depth_ = 0;
  bool too_deep_ = false;
  bool bad_escape_ = false;
};

std::optional<std::string> document::parse(std::string_view body) {
  doc_.SetNull();
  numbers_size_ = 0;
  if (body.size() > max_document_bytes)
    return "a document of " + std::to_string(body.size()) +
           " bytes is larger than the limit of " +
           std::to_string(max_document_bytes);
  // RapidJSON reads a NUL byte as the end of the input: "{...}\0junk"
  // would pass. No JSON text holds a raw NUL (escaped, it is \u0000).
  if (auto nul = body.find('\0'); nul != std::string_view::npos)
    return "invalid JSON at offset " + std::to_string(nul) + ": a raw NUL byte";
  numbers_capacity_ = body.size() + 1;
  numbers_ = std::make_unique<char[]>(numbers_capacity_);

  constexpr unsigned flags = rapidjson::kParseNumbersAsStringsFlag |
                             rapidjson::kParseValidateEncodingFlag |
                             rapidjson::kParseIterativeFlag;
  number_marking_handler handler{*this};
  rapidjson::ParseResult result;
  auto generate = [&](rapidjson::Document&) {
    rapidjson::MemoryStream stream{body.data(), body.size()};
    rapidjson::Reader reader;
    result = reader.Parse<flags>(stream, handler);
    return !result.IsError();
  };
  doc_.Populate(generate);
  if (handler.too_deep())
    return "message nests objects and arrays deeper than " +
           std::to_string(max_depth) + " levels";
  if (handler.bad_escape())
    return "invalid JSON at offset " + std::to_string(result.Offset()) +
           ": a \\u escape of an unpaired UTF-16 surrogate";
  if (result.IsError())
    return "invalid JSON at offset " + std::to_string(result.Offset()) + ": " +
           rapidjson::GetParseError_En(result.Code());
  // Readers disagree on which of two equal keys wins; refuse the ambiguity.
  if (auto key = duplicate_key(doc_))
    return "key \"" + *key + "\" appears twice in one object";
  return std::nullopt;
}

bool document::is_number(const rapidjson::Value& v) const {
  if (!v.IsString() || !numbers_)
    return false;
  // std::less gives a total order over unrelated pointers.
  std::less<const char*> before;
  const char* p = v.GetString();
  const char* begin = numbers_.get();
  return !before(p, begin) && before(p, begin + numbers_size_);
}

} // namespace ledger::json
