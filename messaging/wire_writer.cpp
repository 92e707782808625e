#include "messaging/wire_writer.hpp"

#include "messaging/wire_document.hpp"

#include "json/time.hpp"

namespace ledger::messaging {

json::writer& wire_writer::begin() {
  w_.StartObject();
  w_.Key("v");
  w_.Int(wire_version);
  return w_;
}

std::string wire_writer::finish() {
  w_.EndObject();
  return std::string{buffer_.GetString(), buffer_.GetSize()};
}

void write_optional_money(json::writer& w, const std::optional<money>& m) {
  if (m)
    json::write_money(w, *m);
  else
    w.Null();
}

void write_optional_time(json::writer& w, const std::optional<timestamp>& t) {
  if (t) {
    auto text = json::format_time(*t);
    w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
  } else {
    w.Null();
  }
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    // Length of the sequence starting here and the bounds of its second
    // byte (RFC 3629: no overlong forms, no surrogates, <= U+10FFFF).
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80)
      n = 1;
    else if (c >= 0xC2 && c <= 0xDF)
      n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      lo = c == 0xE0 ? 0xA0 : 0x80;
      hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF;
    }
    bool ok = n > 0 && i + n <= text.size();
    for (std::size_t k = 1; ok && k < n; ++k) {
      auto b = static_cast<unsigned char>(text[i + k]);
      ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
    }
    if (ok) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

void write_text_array(json::writer& w, const std::vector<std::string>& items) {
  w.StartArray();
  for (auto& item : items)
    w.String(item.data(), static_cast<rapidjson::SizeType>(item.size()));
  w.EndArray();
}

} // namespace ledger::messaging
