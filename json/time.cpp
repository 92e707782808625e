#include "json/time.hpp"

#include <cstdio>
#include <ctime>

namespace ledger::json {

namespace {

// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm), so
// parsing does not depend on the process's time zone.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  auto era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  auto doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  auto doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::tm utc_of(timestamp t, std::int64_t& micros) {
  auto since =
    std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch())
      .count();
  auto seconds = since / 1'000'000;
  micros = since % 1'000'000;
  if (micros < 0) {
    micros += 1'000'000;
    --seconds;
  }
  std::time_t tt = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm;
}

bool digits(std::string_view text, std::size_t at, std::size_t n, int& out) {
  if (text.size() < at + n)
    return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9')
      return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

} // namespace

std::string format_time(timestamp t) {
  std::int64_t micros = 0;
  auto tm = utc_of(t, micros);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec, static_cast<long long>(micros));
  return buf;
}

std::string format_seed_time(timestamp t) {
  std::int64_t micros = 0;
  auto tm = utc_of(t, micros);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return buf;
}

std::optional<timestamp> parse_time(std::string_view text) {
  int year, month, day, hour, minute, second;
  if (!digits(text, 0, 4, year) || text.size() < 19 || text[4] != '-' ||
      !digits(text, 5, 2, month) || text[7] != '-' ||
      !digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != ' ') ||
      !digits(text, 11, 2, hour) || text[13] != ':' ||
      !digits(text, 14, 2, minute) || text[16] != ':' ||
      !digits(text, 17, 2, second))
    return std::nullopt;
  // Nanosecond time points span 1678-2261: stay well inside.
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1
      || day > 31 || hour > 23 ||
      minute > 59 || second > 60)
    return std::nullopt;
  std::size_t at = 19;
  std::int64_t micros = 0;
  if (at < text.size() && text[at] == '.') {
    ++at;
    int scale = 100'000;
    std::size_t start = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      micros += (text[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
    if (at == start || at - start > 9)
      return std::nullopt;
  }
  if (at < text.size() && text[at] == 'Z')
    ++at;
  if (at != text.size())
    return std::nullopt;
  auto days = days_from_civil(year, static_cast<unsigned>(month),
                              static_cast<unsigned>(day));
  auto seconds = days * 86'400 + hour * 3600 + minute * 60 + second;
  return timestamp{std::chrono::duration_cast<timestamp::duration>(
    std::chrono::seconds{seconds} + std::chrono::microseconds{micros})};
}

} // namespace ledger::json
