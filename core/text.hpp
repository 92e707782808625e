#pragma once

// Text that crosses our edges (REST parameters and bodies, wire messages,
// model output) is checked here: valid UTF-8 in its strict form (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF) and, for
// fields that are names or codes, free of control characters. A NUL byte
// counts as a control character, so no value can be cut short by a C API.

#include <optional>
#include <string>
#include <string_view>

namespace ledger {

/// True when `text` is well-formed UTF-8 (NUL and controls allowed).
bool is_valid_utf8(std::string_view text);

/// True when `text` is valid UTF-8 with no control character (C0, DEL or
/// C1: U+0000-U+001F, U+007F-U+009F).
bool is_clean_text(std::string_view text);

/// `text` with each maximal invalid subpart (a byte that cannot start a
/// sequence, or a sequence cut short) replaced by one U+FFFD, as Unicode
/// recommends, so it can be written into JSON for strict readers.
std::string repair_utf8(std::string_view text);

} // namespace ledger
