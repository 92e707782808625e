#pragma once

// The small text rules of HTTP header values, in one place for every part
// of the adapter that reads them (framing, content coding).

#include <string_view>

namespace ledger::api {

/// `s` without RFC 9110's optional whitespace (spaces and tabs) at its ends.
std::string_view trim_ows(std::string_view s);

/// Takes the first item off a comma-separated header list ("a, b;q=0"
/// gives "a" and leaves " b;q=0"), untrimmed; the list is empty after its
/// last item.
std::string_view next_list_item(std::string_view& list);

/// Equal ignoring ASCII case, as header tokens compare ("Chunked").
bool iequals(std::string_view a, std::string_view b);

} // namespace ledger::api
