#pragma once

// HTTP requests and responses as the router sees them: plain values,
// without Beast, so routes are testable with no socket and compile fast.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ledger::api {

class event_subscription;

/// One request. The session fills method, target, headers and body; the
/// router splits the target into path and query.
struct request {
  std::string method; ///< "GET", "PATCH", ...
  std::string target; ///< as sent: "/view_ledger?name=krishalgo"
  /// Header values by lower-case name; a repeated header keeps the first.
  std::map<std::string, std::string, std::less<>> headers;
  std::string body;

  /// The value of a header ("" when absent); `name` in lower case.
  std::string_view header(std::string_view name) const;
};

/// The parts of a target: the path and the decoded query parameters (the
/// first of a repeated name wins, as in the Flask service).
struct target_parts {
  std::string path; ///< decoded, for messages
  /// The path's segments, split before decoding (so "%2F" stays inside
  /// its segment) and then decoded; empty segments are dropped.
  std::vector<std::string> segments;
  std::map<std::string, std::string, std::less<>> query;

  /// A query parameter, or nullopt when absent.
  std::optional<std::string> param(std::string_view name) const;
};

/// Splits and percent-decodes a target; nullopt when it is not a valid
/// origin-form target ("/path?query"), holds a control character or a
/// byte above 0x7E, or its escapes are broken.
std::optional<target_parts> parse_target(std::string_view target);

/// %XX escapes (and '+' as a space when `plus_is_space`); nullopt when an
/// escape is broken or decodes to a NUL.
std::optional<std::string> percent_decode(std::string_view text,
                                          bool plus_is_space);

/// One response.
struct response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers; ///< extra ones
  /// A body shared with a cache (api/view_cache.hpp), sent instead of
  /// `body` when set: a cached view is never copied per request.
  std::shared_ptr<const std::string> shared_body;
  /// The gzip encoding of the body when already made (a cached view is
  /// compressed once per version); used when the client accepts gzip.
  std::shared_ptr<const std::string> gzipped;
  /// The entity tag, quoted; empty: a GET's 200 gets a hash of the body
  /// (api/conditional.hpp).
  std::string etag;
  /// Server-Sent Events (api/event_hub.hpp): when set, the session sends
  /// the headers without a length and then the subscription's events as
  /// they come, until either side closes; `body` is unused.
  std::shared_ptr<event_subscription> stream;

  /// The bytes to send.
  std::string_view payload() const {
    return shared_body ? std::string_view{*shared_body}
                       : std::string_view{body};
  }
};

/// Where a route's answer goes; called exactly once, from any thread.
using responder = std::function<void(response)>;

/// {"error": {"code": ..., "message": ...}} with `status`.
response error_response(int status, std::string_view code,
                        std::string_view message);

/// A JSON body with `status`.
response json_response(int status, std::string body);

/// The standard reason phrase's machine spelling for common statuses
/// ("not_found"); used as the code of errors without a better one.
std::string_view status_code_name(int status);

} // namespace ledger::api
