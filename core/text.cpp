#include "core/text.hpp"

namespace ledger {

namespace {

// The length of the well-formed sequence at text[i], or 0 when the byte
// there does not start one. `code` receives the code point.
std::size_t sequence_at(std::string_view text, std::size_t i, char32_t& code) {
  auto c = static_cast<unsigned char>(text[i]);
  std::size_t n = 0;
  // The bounds of the second byte exclude overlong forms, surrogates and
  // code points above U+10FFFF (RFC 3629, table 3-7 of Unicode).
  unsigned char lo = 0x80, hi = 0xBF;
  if (c < 0x80) {
    code = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    code = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    lo = c == 0xE0 ? 0xA0 : 0x80;
    hi = c == 0xED ? 0x9F : 0xBF;
    code = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    lo = c == 0xF0 ? 0x90 : 0x80;
    hi = c == 0xF4 ? 0x8F : 0xBF;
    code = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > text.size())
    return 0;
  for (std::size_t k = 1; k < n; ++k) {
    auto b = static_cast<unsigned char>(text[i + k]);
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
      return 0;
    code = (code << 6) | (b & 0x3F);
  }
  return n;
}

// The length of the maximal invalid subpart at text[i] (Unicode's
// recommended practice for U+FFFD substitution): a valid lead byte and the
// continuation bytes that still fit it, or the one byte when it cannot
// start a sequence. Only called where sequence_at found none.
std::size_t invalid_subpart_at(std::string_view text, std::size_t i) {
  auto c = static_cast<unsigned char>(text[i]);
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    lo = c == 0xE0 ? 0xA0 : 0x80;
    hi = c == 0xED ? 0x9F : 0xBF;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    lo = c == 0xF0 ? 0x90 : 0x80;
    hi = c == 0xF4 ? 0x8F : 0xBF;
  } else {
    return 1;
  }
  std::size_t k = 1;
  for (; k < n && i + k < text.size(); ++k) {
    auto b = static_cast<unsigned char>(text[i + k]);
    if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
      break;
  }
  return k;
}

bool is_control(char32_t code) {
  return code < 0x20 || (code >= 0x7F && code <= 0x9F);
}

} // namespace

bool is_valid_utf8(std::string_view text) {
  char32_t code = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto n = sequence_at(text, i, code);
    if (n == 0)
      return false;
    i += n;
  }
  return true;
}

bool is_clean_text(std::string_view text) {
  char32_t code = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto n = sequence_at(text, i, code);
    if (n == 0 || is_control(code))
      return false;
    i += n;
  }
  return true;
}

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char32_t code = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (auto n = sequence_at(text, i, code)) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out.append("\xEF\xBF\xBD");
      i += invalid_subpart_at(text, i);
    }
  }
  return out;
}

std::string excerpt(std::string_view text, std::size_t max) {
  std::string out{text.substr(0, max)};
  for (auto& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
      c = '?';
  return out;
}

} // namespace ledger
