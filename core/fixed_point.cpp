#include "core/fixed_point.hpp"

#include <limits>

namespace ledger {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads an optional exponent suffix ("e-3", "E+2"); false on bad syntax.
bool parse_exponent(std::string_view text, int& exponent) {
  if (text.empty())
    return true;
  if (text[0] != 'e' && text[0] != 'E')
    return false;
  text.remove_prefix(1);
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.size() > 4)
    return false;
  int value = 0;
  for (char c : text) {
    if (!is_digit(c))
      return false;
    value = value * 10 + (c - '0');
  }
  exponent = negative ? -value : value;
  return true;
}

} // namespace

std::optional<std::int64_t> parse_micros(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  // Collect the significant digits and where the decimal point sits.
  std::string digits;
  int point = -1;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (is_digit(c)) {
      digits.push_back(c);
    } else if (c == '.' && point < 0) {
      point = static_cast<int>(digits.size());
    } else {
      break;
    }
  }
  if (digits.empty())
    return std::nullopt;
  int exponent = 0;
  if (!parse_exponent(text.substr(i), exponent))
    return std::nullopt;
  int integer_digits =
    (point < 0 ? static_cast<int>(digits.size()) : point) + exponent;
  // Digits past the sixth decimal must all be zero to stay exact.
  int kept = integer_digits + fixed_decimals;
  for (int k = std::max(kept, 0); k < static_cast<int>(digits.size()); ++k)
    if (digits[k] != '0')
      return std::nullopt;
  __int128 value = 0;
  constexpr __int128 limit = std::numeric_limits<std::int64_t>::max();
  for (int k = 0; k < kept; ++k) {
    int digit = k < static_cast<int>(digits.size()) ? digits[k] - '0' : 0;
    value = value * 10 + digit;
    if (value > limit + 1)
      return std::nullopt;
  }
  if (negative)
    value = -value;
  if (value > limit || value < -limit - 1)
    return std::nullopt;
  return static_cast<std::int64_t>(value);
}

std::string format_micros(std::int64_t micros) {
  // Work on the unsigned magnitude so INT64_MIN formats correctly.
  bool negative = micros < 0;
  auto magnitude = negative ? 0 - static_cast<std::uint64_t>(micros)
                            : static_cast<std::uint64_t>(micros);
  auto whole = magnitude / fixed_scale;
  auto fraction = magnitude % fixed_scale;
  std::string out = negative ? "-" : "";
  out += std::to_string(whole);
  if (fraction != 0) {
    std::string decimals = std::to_string(fraction);
    decimals.insert(0, fixed_decimals - decimals.size(), '0');
    while (decimals.back() == '0')
      decimals.pop_back();
    out += '.';
    out += decimals;
  }
  return out;
}

std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t out;
  if (__builtin_add_overflow(a, b, &out))
    return std::nullopt;
  return out;
}

std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t out;
  if (__builtin_sub_overflow(a, b, &out))
    return std::nullopt;
  return out;
}

std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t out;
  if (__builtin_mul_overflow(a, b, &out))
    return std::nullopt;
  return out;
}

std::optional<std::int64_t> scale_rounded(std::int64_t a, std::int64_t num,
                                          std::int64_t den) {
  if (den == 0)
    return std::nullopt;
  __int128 product = static_cast<__int128>(a) * num;
  __int128 quotient = product / den;
  __int128 remainder = product % den;
  // Round half away from zero: compare twice the remainder with the divisor.
  __int128 twice = remainder < 0 ? -2 * remainder : 2 * remainder;
  __int128 divisor = den < 0 ? -static_cast<__int128>(den) : den;
  if (twice >= divisor)
    quotient += ((product < 0) != (den < 0)) ? -1 : 1;
  if (quotient > std::numeric_limits<std::int64_t>::max() ||
      quotient < std::numeric_limits<std::int64_t>::min())
    return std::nullopt;
  return static_cast<std::int64_t>(quotient);
}

} // namespace ledger
