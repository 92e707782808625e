#pragma once

// A small synchronous HTTP client for the tests (Beast), keeping its
// connection alive between requests, and helpers to read JSON answers
// exactly (numbers as their text).

#include <rapidjson/document.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ledger::test {

/// One answer.
struct http_reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers; ///< lower-case names

  /// The body parsed with exact numbers (numbers as their text); throws
  /// when it is not strict JSON (json::document).
  rapidjson::Document json() const;

  /// error.code of a JSON error body ("" when there is none).
  std::string error_code() const;
};

using header_list = std::vector<std::pair<std::string, std::string>>;

class http_client {
public:
  explicit http_client(unsigned short port);
  ~http_client();
  http_client(http_client&&) noexcept;

  /// Sends one request on the kept-alive connection (reconnecting when the
  /// server closed it) and reads the answer.
  http_reply request(const std::string& method, const std::string& target,
                     const std::string& body = "",
                     const header_list& headers = {});

  http_reply get(const std::string& target, const header_list& headers = {}) {
    return request("GET", target, "", headers);
  }

  /// How many TCP connections this client opened so far.
  int connections() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Sends raw bytes on a fresh connection and returns everything the server
/// answers until it closes (or `timeout_ms` passes). With `half_close`,
/// the client then shuts its sending side, as a client that is done would.
std::string raw_exchange(unsigned short port, const std::string& bytes,
                         int timeout_ms = 5000, bool half_close = false);

/// A JSON number or string member as text ("98592"); "" when absent.
std::string text_of(const rapidjson::Value& object, const char* member);

} // namespace ledger::test
