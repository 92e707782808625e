#include "persistence/text.hpp"

namespace ledger::persistence::detail {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

// The length of the valid sequence at text[i], or 0 with `bad` set to the
// length of the maximal subpart that starts there and cannot be completed
// (at least 1). Ranges per the Unicode standard's table 3-7.
std::size_t sequence_at(std::string_view text, std::size_t i,
                        std::size_t& bad) {
  auto byte = [&](std::size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  auto lead = byte(i);
  if (lead >= 0x01 && lead <= 0x7F)
    return 1;
  std::size_t trail = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    trail = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    trail = 2;
    if (lead == 0xE0)
      low = 0xA0; // overlong
    if (lead == 0xED)
      high = 0x9F; // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    trail = 3;
    if (lead == 0xF0)
      low = 0x90; // overlong
    if (lead == 0xF4)
      high = 0x8F; // past U+10FFFF
  } else {
    bad = 1; // NUL, a stray continuation byte, C0, C1, F5..FF
    return 0;
  }
  for (std::size_t k = 1; k <= trail; ++k) {
    if (i + k >= text.size() || byte(i + k) < low || byte(i + k) > high) {
      bad = k;
      return 0;
    }
    low = 0x80;
    high = 0xBF;
  }
  return trail + 1;
}

} // namespace

bool storable(std::string_view text) {
  std::size_t bad = 0;
  for (std::size_t i = 0; i < text.size();) {
    auto n = sequence_at(text, i, bad);
    if (n == 0)
      return false;
    i += n;
  }
  return true;
}

std::string repaired(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t bad = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (auto n = sequence_at(text, i, bad)) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out.append(replacement);
      i += bad;
    }
  }
  return out;
}

} // namespace ledger::persistence::detail
