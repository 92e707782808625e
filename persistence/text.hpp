#pragma once

// Internal: text the database will store. Postgres refuses bytes that are
// not UTF-8 and cannot hold a NUL at all (SQLSTATE 22021), and one refused
// value fails a whole statement.

#include <string>
#include <string_view>

namespace ledger::persistence::detail {

/// True when `text` is UTF-8 (RFC 3629: no overlong forms, no surrogates,
/// nothing past U+10FFFF) without a NUL: what Postgres accepts as text.
bool storable(std::string_view text);

/// `text` with every NUL and every maximal invalid UTF-8 subpart replaced
/// by U+FFFD (the Unicode recommendation), so the rest survives readable.
std::string repaired(std::string_view text);

} // namespace ledger::persistence::detail
