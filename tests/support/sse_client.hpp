#pragma once

// A client of a Server-Sent Events stream for the tests: a raw socket that
// sends one GET and reads the answer as the server writes it (the stream
// has no length; it ends when the connection does).

#include "tests/support/http_client.hpp"

#include <map>
#include <optional>
#include <string>

namespace ledger::test {

/// One SSE message.
struct sse_message {
  std::string id;    ///< "" when it carries none
  std::string event; ///< "message" when unnamed
  std::string data;  ///< the data lines, joined by "\n"
};

class sse_client {
public:
  /// Connects and sends GET `target`. With `receive_buffer` > 0 the
  /// socket's receive buffer is made that small first, for a client that
  /// never reads. Throws when it cannot connect.
  sse_client(unsigned short port, const std::string& target,
             const header_list& headers = {}, int receive_buffer = 0);
  ~sse_client();
  sse_client(const sse_client&) = delete;
  sse_client& operator=(const sse_client&) = delete;

  /// Reads the answer's head (once); its status, 0 when none came within
  /// `timeout_ms`.
  int status(int timeout_ms = 10000);
  /// The head's fields by lower-case name (after status()).
  const std::map<std::string, std::string>& headers() const { return headers_; }

  /// The next message, nullopt when the server closed or `timeout_ms`
  /// passed first. Comments are counted, not returned.
  std::optional<sse_message> next(int timeout_ms = 10000);

  /// Comment lines seen so far (": heartbeat").
  int comments() const { return comments_; }

  /// The body read until the server closes (for error answers).
  std::string rest(int timeout_ms = 5000);

  /// Whether the server closed the connection within `timeout_ms` (what
  /// arrives meanwhile is dropped).
  bool closed_within(int timeout_ms);

  /// Closes the connection (the client leaves).
  void close();

private:
  /// Reads what is there, waiting up to `timeout_ms`; false when closed
  /// or nothing came.
  bool fill(int timeout_ms);

  int fd_ = -1;
  bool eof_ = false;
  int status_ = 0;
  int comments_ = 0;
  std::map<std::string, std::string> headers_;
  std::string buffer_;
};

} // namespace ledger::test
