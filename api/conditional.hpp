#pragma once

// The last step of every answer to a GET: an entity tag, 304 Not Modified
// when the client already holds that version (dashboards poll), and gzip
// when the client accepts it. Pure: request and response in, response out.

#include "api/http.hpp"

#include <string>
#include <string_view>

namespace ledger::api {

/// A quoted strong entity tag for `text`: a 64-bit FNV-1a hash in hex.
std::string etag_of(std::string_view text);

/// True when an If-None-Match value names `etag` (weak comparison, as
/// RFC 9110 asks for If-None-Match; `*` names any). A tag naming the
/// gzip variant of the same version ("...-gz") matches too.
bool none_match(std::string_view if_none_match, std::string_view etag);

/// Finishes the answer to `req` when it is a GET or HEAD answered 200:
/// - sets ETag (r.etag, else a hash of a JSON body; other bodies get none);
/// - turns it into 304 with no body when If-None-Match names the tag;
/// - else, for a body of gzip_threshold bytes or more, adds
///   `Vary: Accept-Encoding` and, when the client accepts gzip, sends
///   r.gzipped (or compresses now, at the fastest level) with
///   `Content-Encoding: gzip` and the tag's gzip variant.
/// Other answers are left as they are.
void finish_get(const request& req, response& r);

} // namespace ledger::api
