#pragma once

// The HTTP server: Boost.Beast on its own io_context threads. Beast and
// Asio stay behind this header (they are slow to compile).

#include "api/router.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace ledger::api {

/// Protective defaults, after Beast's advanced server.
struct server_options {
  std::string host = "127.0.0.1";
  unsigned short port = 8080; ///< 0 picks a free port (tests)
  std::size_t threads = 2;
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 1024 * 1024;
  /// For reading one request and for writing one response; an idle
  /// keep-alive connection is closed after it too.
  std::chrono::milliseconds timeout{std::chrono::seconds{30}};
};

/// Serves `router` until stopped. Requests are answered asynchronously: a
/// session hands its request to the router and reads nothing more until
/// the answer is posted back onto its strand, so no io thread ever waits
/// for the engine.
class http_server {
public:
  /// Binds and starts the threads; throws std::runtime_error when the
  /// address cannot be bound.
  http_server(std::shared_ptr<const router> r, server_options options);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  /// The bound port (the chosen one when options.port was 0).
  unsigned short port() const;

  /// Stops accepting, ends the io threads and joins them. Answers that
  /// arrive later are dropped. Idempotent.
  void stop();

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

/// "host:port" (IPv4, a name, or "[v6]:port"); nullopt when malformed.
std::optional<std::pair<std::string, unsigned short>>
parse_listen_address(const std::string& text);

} // namespace ledger::api
