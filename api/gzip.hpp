#pragma once

// gzip for HTTP answers (Content-Encoding: gzip), on zlib. Dashboards
// poll large views; JSON of fills compresses about tenfold.

#include <string>
#include <string_view>

namespace ledger::api {

/// Bodies shorter than this go uncompressed: the gzip header and the CPU
/// cost more than the bytes saved.
inline constexpr std::size_t gzip_threshold = 1024;

/// `text` as one gzip member (RFC 1952). `level` is zlib's, 1 (fastest) to
/// 9 (smallest). Throws std::runtime_error if zlib fails (out of memory).
std::string gzip(std::string_view text, int level = 6);

/// The inverse, for tests; throws std::runtime_error on bad input.
std::string gunzip(std::string_view data);

/// True when an Accept-Encoding value accepts gzip: a `gzip`, `x-gzip` or
/// `*` coding whose q is not 0.
bool accepts_gzip(std::string_view accept_encoding);

} // namespace ledger::api
