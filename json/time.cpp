#include "json/time.hpp"

#include "core/calendar.hpp"

#include <cstdio>
#include <ctime>

namespace ledger::json {

namespace {

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
  // As Python's str(datetime), which the seed used: microseconds only when
  // there are some, so whole-second times keep the seed's keys and ticks
  // within one second stay apart instead of overwriting each other.
  if (micros == 0)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d",
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                  tm.tm_min, tm.tm_sec);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d.%06lld",
                  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                  tm.tm_min, tm.tm_sec, static_cast<long long>(micros));
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
  if (hour > 23 || minute > 59 || second > 60)
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
  auto midnight = utc_midnight(year, month, day);
  if (!midnight)
    return std::nullopt;
  auto t = *midnight +
           std::chrono::duration_cast<timestamp::duration>(
             std::chrono::hours{hour} + std::chrono::minutes{minute} +
             std::chrono::seconds{second} + std::chrono::microseconds{micros});
  // A leap second (":60") is the next minute's first, which must be within
  // the calendar's range too: "2200-12-31T23:59:60" would be in 2201.
  if (second == 60) {
    std::int64_t fraction = 0;
    auto tm = utc_of(t, fraction);
    if (!utc_midnight(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday))
      return std::nullopt;
  }
  return t;
}

void write_time_member(writer& w, const char* key,
                       const std::optional<timestamp>& t) {
  w.Key(key);
  if (t)
    write_text(w, format_time(*t));
  else
    w.Null();
}

} // namespace ledger::json
