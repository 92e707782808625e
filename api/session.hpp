#pragma once

// Internal to the server: one HTTP connection (Beast). Included only by
// api/server.cpp and api/session.cpp.

#include "api/event_hub.hpp"
#include "api/router.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>

namespace ledger::api::detail {

/// What sessions share with the server. Answers from the engine check
/// `stopped` under the mutex before posting, so none reaches an io_context
/// that no longer runs; the io_context lives as long as anyone may post.
struct server_state {
  boost::asio::io_context ioc;
  std::mutex mutex;
  bool stopped = false;
  std::shared_ptr<const router> routes;
  std::size_t header_limit = 0;
  std::size_t body_limit = 0;
  std::chrono::milliseconds timeout{0};
};

/// One connection: read a request, hand it to the router, write the
/// answer when it comes, then read the next (keep-alive) or close. An
/// answer that is an event stream is written until either side closes.
class session : public std::enable_shared_from_this<session> {
public:
  session(boost::asio::ip::tcp::socket socket,
          const std::shared_ptr<server_state>& state);

  /// Starts reading on the session's strand.
  void run();

private:
  void do_read();
  void on_header(boost::beast::error_code ec);
  void on_continue(boost::beast::error_code ec);
  void on_read(boost::beast::error_code ec);
  /// Answers a read or parse error on this connection alone; true when
  /// `ec` was one (the connection then closes).
  bool refused_for(boost::beast::error_code ec);
  void dispatch();
  void send(response r);
  void on_write(bool close, boost::beast::error_code ec);
  void refuse(int status, const char* code, const char* message);
  void do_close();
  void drain();

  // -- Server-Sent Events (api/session_stream.cpp) -------------------------
  /// Sends the head of an event stream, then its events as they come.
  void start_stream(response r);
  void on_stream_head(boost::beast::error_code ec);
  /// Reads (and drops) what the client sends, to notice it leave.
  void watch_input();
  /// Takes what the subscription holds and writes it, unless a write is
  /// under way (its end pumps again).
  void pump();
  void write_stream();
  void on_stream_write(boost::beast::error_code ec);
  void arm_heartbeat();
  void end_stream();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<
    boost::beast::http::request_parser<boost::beast::http::string_body>>
    parser_;
  /// Weak: the state owns the io_context, which owns the sessions.
  std::weak_ptr<server_state> state_;
  std::shared_ptr<const router> routes_;
  std::size_t header_limit_;
  std::size_t body_limit_;
  std::chrono::milliseconds timeout_;
  /// The request as far as it is known: the head after on_header.
  request head_;
  bool keep_alive_ = false;
  bool head_method_ = false; ///< HEAD: the answer goes without its body
  unsigned version_ = 11;
  /// The message being written; alive until the write completes.
  std::shared_ptr<void> out_;
  std::shared_ptr<std::array<char, 8192>> scratch_; ///< for drain()
  std::size_t drained_ = 0;
  /// The event stream, once the answer is one.
  std::shared_ptr<event_subscription> events_;
  std::optional<boost::asio::steady_timer> heartbeat_;
  std::string stream_out_; ///< the bytes being written
  bool stream_writing_ = false;
  bool stream_sent_ = false; ///< events went out since the last beat
  bool stream_ended_ = false;
};

} // namespace ledger::api::detail
