#include "json/ledger_settings.hpp"

#include <string_view>

namespace ledger::json {

namespace {

std::optional<std::string> assign_bps(std::optional<std::int64_t> value,
                                      std::int32_t& field,
                                      std::string_view name) {
  if (!value)
    return std::nullopt;
  auto bps = narrow_int32(value);
  if (!bps)
    return std::string{name} + " is out of range";
  field = *bps;
  return std::nullopt;
}

} // namespace

std::optional<std::string> read_end_days(field_reader& f) {
  auto end_text = f.optional_number_text("end");
  if (!end_text && !f.failed())
    f.fail("missing end (the lifespan in days)");
  return end_text;
}

std::optional<std::string> apply_optional_settings(
  ledger_config& config, std::optional<money> initial_balance,
  std::optional<money> fee, std::optional<std::int64_t> slippage_bps,
  std::optional<std::int64_t> tolerance_bps) {
  if (initial_balance)
    config.initial_balance = *initial_balance;
  if (fee)
    config.fee = *fee;
  if (auto why = assign_bps(slippage_bps, config.slippage_bps, "slippage_bps"))
    return why;
  return assign_bps(tolerance_bps, config.tolerance_bps, "tolerance_bps");
}

} // namespace ledger::json
