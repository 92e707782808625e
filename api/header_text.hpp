#pragma once

// The small text rules of HTTP header values, in one place for every part
// of the adapter that reads them (framing, content coding).

#include <string_view>

namespace ledger::api {

/// `s` without RFC 9110's optional whitespace (spaces and tabs) at its ends.
std::string_view trim_ows(std::string_view s);

/// Equal ignoring ASCII case, as header tokens compare ("Chunked").
bool iequals(std::string_view a, std::string_view b);

} // namespace ledger::api
