#include "core/history_step.hpp"

#include "core/ledger_config.hpp"

#include <cstdint>
#include <optional>

namespace ledger {

namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

// "1d", "2.5d": days, the one unit intervals have no use for.
std::optional<milliseconds> parse_days(std::string_view text) {
  if (text.size() < 2 || text.back() != 'd')
    return std::nullopt;
  auto number = text.substr(0, text.size() - 1);
  if (number.find_first_of("eE") != std::string_view::npos)
    return std::nullopt;
  return parse_decimal_duration(number, std::chrono::hours{24});
}

std::int64_t micros_of(timestamp t) {
  return std::chrono::duration_cast<microseconds>(t.time_since_epoch()).count();
}

timestamp at_micros(std::int64_t micros) {
  return timestamp{
    std::chrono::duration_cast<timestamp::duration>(microseconds{micros})};
}

} // namespace

std::variant<std::chrono::seconds, std::string>
parse_history_step(std::string_view text) {
  auto ms = text.empty() || text.back() != 'd' ? parse_interval(text)
                                               : parse_days(text);
  if (!ms)
    return std::string{"step must be a duration like 30s, 5m, 1h or 1d"};
  if (*ms < min_history_step)
    return std::string{"step must be at least 1s"};
  if (*ms > max_history_step)
    return std::string{"step must be at most 3650d"};
  if (ms->count() % 1000 != 0)
    return std::string{"step must be a whole number of seconds"};
  return std::chrono::duration_cast<std::chrono::seconds>(*ms);
}

timestamp bucket_start(timestamp t, microseconds step) {
  auto micros = micros_of(t);
  auto n = step.count();
  // Floor, not truncation toward zero: a time before 1970 belongs to the
  // bucket that starts before it.
  auto rest = micros % n;
  if (rest < 0)
    rest += n;
  return at_micros(micros - rest);
}

timestamp next_bucket_start(timestamp t, microseconds step) {
  return bucket_start(t, step) + step;
}

} // namespace ledger
