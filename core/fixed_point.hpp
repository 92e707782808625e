#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ledger {

/// Every exact amount (money, prices) is an integer count of micro-units:
/// six decimal places, enough for the finest prices in real market data
/// (1455.219971). Never a binary floating-point number.
inline constexpr int fixed_decimals = 6;
inline constexpr std::int64_t fixed_scale = 1'000'000;

/// Parses decimal text such as "176", "-96485.5" or "1455.219971" exactly.
/// Returns nullopt on bad syntax, more than six decimals, or overflow. An
/// exponent ("1e3") is accepted when the value stays exact ("1.5e-7" is not).
std::optional<std::int64_t> parse_micros(std::string_view text);

/// The shortest exact decimal text of an amount: "176", "96485.5",
/// "-0.000001". Round-trips through parse_micros.
std::string format_micros(std::int64_t micros);

/// Checked arithmetic: nullopt instead of wrapping on overflow.
std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b);
std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b);

/// a * num / den rounded half away from zero, computed in 128 bits; nullopt
/// when den is zero or the result does not fit.
std::optional<std::int64_t> scale_rounded(std::int64_t a, std::int64_t num,
                                          std::int64_t den);

} // namespace ledger
