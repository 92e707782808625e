#include "persistence/text.hpp"

#include "core/text.hpp"

namespace ledger::persistence::detail {

bool storable(std::string_view text) {
  return text.find('\0') == std::string_view::npos && is_valid_utf8(text);
}

std::string repaired(std::string_view text) {
  auto out = repair_utf8(text);
  // A NUL is valid UTF-8 but no Postgres text can hold one.
  for (std::size_t at = out.find('\0'); at != std::string::npos;
       at = out.find('\0', at))
    out.replace(at, 1, "\xEF\xBF\xBD");
  return out;
}

} // namespace ledger::persistence::detail
