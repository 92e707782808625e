#pragma once

// How a request's body is delimited (RFC 9112, section 6). A request whose
// framing two parsers could read differently is refused and its connection
// closed, so no bytes of it can be read as a second, smuggled request.

#include <optional>
#include <string>
#include <vector>

namespace ledger::api {

/// Every instance of the two framing headers, in order.
struct framing_headers {
  std::vector<std::string> content_length;
  std::vector<std::string> transfer_encoding;
};

/// Why the framing is ambiguous, or nullopt when it is not. Refused:
/// Content-Length together with Transfer-Encoding; a transfer coding other
/// than one single "chunked" ("identity", "xchunked", "chunked, identity",
/// "gzip, chunked"); Content-Length given more than once or not a plain
/// decimal number.
std::optional<std::string> framing_problem(const framing_headers& h);

} // namespace ledger::api
