#pragma once

// Internal: text the database will store. Postgres refuses bytes that are
// not UTF-8 and cannot hold a NUL at all (SQLSTATE 22021), and one refused
// value fails a whole statement.

#include <string>
#include <string_view>

namespace ledger::persistence::detail {

/// True when `text` is valid UTF-8 (core/text) without a NUL: what
/// Postgres accepts as text.
bool storable(std::string_view text);

/// `text` with every NUL and every byte that does not start a well-formed
/// sequence replaced by U+FFFD (core/text's repair_utf8), so the rest
/// survives readable.
std::string repaired(std::string_view text);

} // namespace ledger::persistence::detail
