#include "api/session.hpp"

#include "api/framing.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/span_body.hpp>
#include <boost/beast/http/write.hpp>

#include <array>
#include <cctype>
#include <utility>

namespace ledger::api::detail {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

// The most a refused request's remains are read (and dropped) before the
// connection closes, so the client sees the answer instead of a reset.
constexpr std::size_t drain_limit = 4 * 1024 * 1024;

std::string lower(beast::string_view text) {
  std::string out{text.data(), text.size()};
  for (auto& ch : out)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

} // namespace

session::session(net::ip::tcp::socket socket,
                 const std::shared_ptr<server_state>& state)
  : stream_(std::move(socket)),
    // Bounded: a client cannot make the server buffer more than a header
    // section (and some slack) at once. Bodies pass through in pieces;
    // trailers must fit whole, which caps them too (see on_read).
    buffer_(state->header_limit + 4096), state_(state), routes_(state->routes),
    header_limit_(state->header_limit), body_limit_(state->body_limit),
    timeout_(state->timeout) {}

void session::run() {
  net::dispatch(stream_.get_executor(),
                [self = shared_from_this()] { self->do_read(); });
}

void session::do_read() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(header_limit_));
  parser_->body_limit(body_limit_);
  // One deadline for the whole request: a client trickling bytes cannot
  // hold the connection past it.
  stream_.expires_after(timeout_);
  http::async_read_header(
    stream_, buffer_, *parser_,
    [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->on_header(ec);
    });
}

void session::on_header(beast::error_code ec) {
  if (refused_for(ec))
    return;
  auto& msg = parser_->get();
  framing_headers framing;
  head_ = request{};
  head_.method = std::string{msg.method_string()};
  head_.target = std::string{msg.target()};
  for (auto& field : msg) {
    auto name = lower(field.name_string());
    if (name == "content-length")
      framing.content_length.emplace_back(field.value());
    else if (name == "transfer-encoding")
      framing.transfer_encoding.emplace_back(field.value());
    head_.headers.emplace(std::move(name), std::string{field.value()});
  }
  keep_alive_ = msg.keep_alive();
  version_ = msg.version();
  head_method_ = msg.method() == http::verb::head;
  if (auto problem = framing_problem(framing))
    return refuse(400, "bad_framing", problem->c_str());
  // The key and the route are checked before a byte of the body is read:
  // a client without a key cannot make the server parse anything.
  if (auto refused = routes_->admit(head_)) {
    if (!parser_->is_done())
      keep_alive_ = false; // its body is unread: the stream is out of step
    return send(std::move(*refused));
  }
  if (beast::iequals(msg[http::field::expect], "100-continue") &&
      !parser_->is_done()) {
    // curl waits for this before sending a larger body.
    auto cont = std::make_shared<http::response<http::empty_body>>(
      http::status::continue_, msg.version());
    out_ = cont;
    http::async_write(
      stream_, *cont,
      [self = shared_from_this()](beast::error_code ec, std::size_t) {
        self->on_continue(ec);
      });
    return;
  }
  on_continue({});
}

void session::on_continue(beast::error_code ec) {
  if (ec)
    return do_close();
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](
                     beast::error_code ec, std::size_t) { self->on_read(ec); });
}

void session::on_read(beast::error_code ec) {
  if (refused_for(ec))
    return;
  // Chunked trailers arrive after the head was checked and join its
  // fields: the whole field section is held to the header limit.
  std::size_t fields = 0;
  for (auto& field : parser_->get())
    fields += field.name_string().size() + field.value().size() + 4;
  if (fields > header_limit_)
    return refuse(431, "header_too_large",
                  "the header fields (with trailers) are larger than the "
                  "limit");
  dispatch();
}

bool session::refused_for(beast::error_code ec) {
  if (!ec)
    return false;
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == net::error::connection_reset || ec == net::error::eof ||
      ec == net::error::operation_aborted) {
    do_close();
    return true;
  }
  if (ec == http::error::body_limit)
    refuse(413, "body_too_large", "the body is larger than the limit");
  else if (ec == http::error::header_limit ||
           ec == http::error::buffer_overflow)
    refuse(431, "header_too_large", "the header is larger than the limit");
  else if (ec.category() ==
           beast::error_code{http::error::bad_target}.category())
    refuse(400, "bad_request", "malformed HTTP request");
  else
    do_close(); // the socket failed: nobody to answer
  return true;
}

void session::dispatch() {
  auto msg = parser_->release();
  request req = std::move(head_);
  req.body = std::move(msg.body());
  auto state = state_.lock();
  if (!state)
    return;
  // The answer may come from a CAF thread: it comes back onto this
  // session's strand, unless the server has stopped meanwhile. The
  // holder destroys the session before the state (and its io_context).
  struct holder {
    std::shared_ptr<server_state> state;
    std::shared_ptr<session> self;
  };
  auto h = std::make_shared<holder>(holder{state, shared_from_this()});
  routes_->handle(std::move(req), [h](response r) {
    std::lock_guard<std::mutex> guard{h->state->mutex};
    if (h->state->stopped)
      return;
    net::post(h->self->stream_.get_executor(),
              [self = h->self, r = std::move(r)]() mutable {
                self->send(std::move(r));
              });
  });
}

void session::send(response r) {
  if (r.stream)
    return start_stream(std::move(r));
  // Written through a shared message that lives until the write is done.
  auto write = [this, &r](auto message) {
    message->set(http::field::server, "ledgerd");
    if (!r.content_type.empty())
      message->set(http::field::content_type, r.content_type);
    for (auto& [name, value] : r.headers)
      message->set(name, value);
    message->keep_alive(keep_alive_);
    auto close = message->need_eof();
    out_ = message;
    stream_.expires_after(timeout_);
    http::async_write(
      stream_, *message,
      [self = shared_from_this(), close](beast::error_code ec, std::size_t) {
        self->on_write(close, ec);
      });
  };
  auto status = static_cast<http::status>(r.status);
  if (head_method_) {
    // HEAD: the headers GET would send (Content-Length included), no body.
    auto res =
      std::make_shared<http::response<http::empty_body>>(status, version_);
    res->content_length(r.payload().size());
    return write(res);
  }
  if (r.shared_body) {
    // A cached body is sent from the cache's own bytes: the message holds
    // a reference to them until the write is done.
    using span_message = http::response<http::span_body<const char>>;
    auto holder = std::make_shared<
      std::pair<std::shared_ptr<const std::string>, span_message>>(
      r.shared_body, span_message{status, version_});
    std::shared_ptr<span_message> res{holder, &holder->second};
    auto& bytes = *holder->first;
    res->body() = {bytes.data(), bytes.size()};
    res->prepare_payload();
    return write(res);
  }
  auto res =
    std::make_shared<http::response<http::string_body>>(status, version_);
  res->body() = std::move(r.body);
  res->prepare_payload();
  write(res);
}

void session::on_write(bool close, beast::error_code ec) {
  out_.reset();
  if (ec)
    return do_close();
  if (close) {
    do_close();
    return drain();
  }
  do_read();
}

void session::refuse(int status, const char* code, const char* message) {
  // What the client sent cannot be trusted to frame another request.
  keep_alive_ = false;
  head_method_ = false;
  send(error_response(status, code, message));
}

void session::do_close() {
  beast::error_code ignored;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
}

void session::drain() {
  // After the half-close: read what the client still sends (up to a
  // limit and the timeout) and drop it unparsed, so closing does not reset
  // the connection under the answer it has yet to read.
  if (!scratch_)
    scratch_ = std::make_shared<std::array<char, 8192>>();
  stream_.expires_after(timeout_);
  stream_.async_read_some(
    net::buffer(*scratch_),
    [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->drained_ += n;
      if (!ec && self->drained_ < drain_limit)
        self->drain();
    });
}

} // namespace ledger::api::detail
