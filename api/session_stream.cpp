// The session's second way of answering: a Server-Sent Events stream.
// The head goes without a length (the body ends when the connection
// does), then batches of events as the subscription wakes the session,
// a comment when the stream was idle for a heartbeat, and the end when
// the client leaves, falls more than its backlog behind, or stops reading
// for the write timeout. Everything runs on the session's strand; the
// hub's wake only posts here.

#include "api/session.hpp"
#include "api/sse_event.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/write.hpp>

namespace ledger::api::detail {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

// Bytes taken from the subscription per write: large enough to batch a
// burst, small enough that a replay of the whole ring is not one buffer.
constexpr std::size_t batch_bytes = 64 * 1024;

} // namespace

void session::start_stream(response r) {
  events_ = std::move(r.stream);
  auto res = std::make_shared<http::response<http::empty_body>>(
    static_cast<http::status>(r.status), version_);
  res->set(http::field::server, "ledgerd");
  res->set(http::field::content_type, r.content_type);
  for (auto& [name, value] : r.headers)
    res->set(name, value);
  // No Content-Length and no chunking: the events run until the
  // connection closes, which HTTP/1.0 and 1.1 clients both understand.
  keep_alive_ = false;
  res->keep_alive(false);
  out_ = res;
  stream_.expires_after(timeout_);
  http::async_write(
    stream_, *res,
    [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_stream_head(ec);
    });
}

void session::on_stream_head(beast::error_code ec) {
  out_.reset();
  if (ec || head_method_)
    return end_stream();
  heartbeat_.emplace(stream_.get_executor());
  // The hub may call this from a ledger's thread: it only posts onto the
  // strand, and not once the server has stopped.
  events_->start([weak = weak_from_this(), state = state_] {
    auto st = state.lock();
    auto self = weak.lock();
    if (!st || !self)
      return;
    std::lock_guard<std::mutex> guard{st->mutex};
    if (st->stopped)
      return;
    net::post(self->stream_.get_executor(), [self] { self->pump(); });
  });
  watch_input();
  arm_heartbeat();
  pump();
}

void session::watch_input() {
  if (!scratch_)
    scratch_ = std::make_shared<std::array<char, 8192>>();
  // On the socket itself, so the stream's write timer is the only one.
  stream_.socket().async_read_some(
    net::buffer(*scratch_),
    [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec)
        return self->end_stream();
      self->watch_input(); // an event-stream client has nothing to say
    });
}

void session::pump() {
  if (stream_writing_ || stream_ended_)
    return;
  stream_out_.clear();
  if (!events_->take(stream_out_, batch_bytes))
    return end_stream(); // fell behind: it resumes with Last-Event-ID
  if (stream_out_.empty())
    return; // the subscription wakes us
  stream_sent_ = true;
  write_stream();
}

void session::write_stream() {
  stream_writing_ = true;
  // A client that stops reading is cut off when a write stalls this long.
  stream_.expires_after(timeout_);
  net::async_write(
    stream_, net::buffer(stream_out_),
    [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_stream_write(ec);
    });
}

void session::on_stream_write(beast::error_code ec) {
  stream_writing_ = false;
  if (ec)
    return end_stream();
  pump();
}

void session::arm_heartbeat() {
  heartbeat_->expires_after(events_->heartbeat());
  heartbeat_->async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->stream_ended_)
      return;
    // Proxies close connections that look idle: a comment when no
    // event went out for a whole beat.
    if (!self->stream_sent_ && !self->stream_writing_) {
      self->stream_out_ = sse_comment("heartbeat");
      self->write_stream();
    }
    self->stream_sent_ = false;
    self->arm_heartbeat();
  });
}

void session::end_stream() {
  if (stream_ended_)
    return;
  stream_ended_ = true;
  if (events_)
    events_->cancel(); // its place is free at once
  if (heartbeat_)
    heartbeat_->cancel();
  beast::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
}

} // namespace ledger::api::detail
