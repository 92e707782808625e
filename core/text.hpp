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

/// The first `max` bytes of `text`, for an error sentence that quotes what
/// it was given (a member name, a ticker): each ASCII control character
/// (NUL among them) as '?', so the sentence can travel as a message, which
/// may not hold a NUL. A sequence cut at the end is left to the writers
/// (json::write_text repairs it).
std::string excerpt(std::string_view text, std::size_t max = 32);

} // namespace ledger
