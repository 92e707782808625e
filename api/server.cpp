#include "api/server.hpp"

#include "api/session.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <charconv>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace ledger::api {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Accepts connections and starts a session on its own strand for each.
class listener : public std::enable_shared_from_this<listener> {
public:
  listener(const std::shared_ptr<detail::server_state>& state,
           tcp::endpoint endpoint)
    : acceptor_(net::make_strand(state->ioc)), retry_(acceptor_.get_executor()),
      state_(state) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  void run() { do_accept(); }

  /// Only once no thread runs the io_context.
  void close() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  }

private:
  void do_accept() {
    auto state = state_.lock();
    if (!state)
      return;
    acceptor_.async_accept(
      net::make_strand(state->ioc),
      [self = shared_from_this()](boost::system::error_code ec,
                                  tcp::socket socket) {
        if (ec == net::error::operation_aborted)
          return;
        if (!ec) {
          if (auto state = self->state_.lock())
            std::make_shared<detail::session>(std::move(socket), state)->run();
          self->do_accept();
          return;
        }
        // Out of descriptors, say: pause rather than spin on the error.
        self->retry_.expires_after(std::chrono::milliseconds{100});
        self->retry_.async_wait(
          [self](boost::system::error_code) { self->do_accept(); });
      });
  }

  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  std::weak_ptr<detail::server_state> state_;
};

// Runs the io_context until it is stopped. Sessions turn every error into
// an answer on their own connection; should an exception still escape a
// handler (a library throwing where it reports errors elsewhere), it ends
// that one connection -- its handler and session are released as the
// exception unwinds -- and the thread goes on serving the others.
void serve(detail::server_state& state) {
  for (;;) {
    try {
      state.ioc.run();
      return;
    } catch (const std::exception& e) {
      std::cerr << "api: a connection failed and was closed: " << e.what()
                << '\n';
    } catch (...) {
      std::cerr << "api: a connection failed and was closed\n";
    }
  }
}

} // namespace

struct http_server::impl {
  std::shared_ptr<detail::server_state> state;
  std::shared_ptr<listener> accept;
  std::vector<std::thread> threads;
  unsigned short port = 0;
};

http_server::http_server(std::shared_ptr<const router> r,
                         server_options options)
  : impl_(std::make_unique<impl>()) {
  auto state = std::make_shared<detail::server_state>();
  state->routes = std::move(r);
  state->header_limit = options.header_limit;
  state->body_limit = options.body_limit;
  state->timeout = options.timeout;
  impl_->state = state;
  try {
    tcp::resolver resolver{state->ioc};
    auto results = resolver.resolve(options.host, std::to_string(options.port),
                                    tcp::resolver::passive);
    if (results.empty())
      throw std::runtime_error("no address for " + options.host);
    impl_->accept =
      std::make_shared<listener>(state, results.begin()->endpoint());
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("cannot listen on " + options.host + ":" +
                             std::to_string(options.port) + ": " +
                             e.code().message());
  }
  impl_->port = impl_->accept->port();
  impl_->accept->run();
  for (std::size_t i = 0; i < std::max<std::size_t>(options.threads, 1); ++i)
    impl_->threads.emplace_back([state] { serve(*state); });
}

http_server::~http_server() {
  stop();
}

unsigned short http_server::port() const {
  return impl_->port;
}

void http_server::stop() {
  if (impl_->threads.empty())
    return;
  {
    std::lock_guard<std::mutex> guard{impl_->state->mutex};
    impl_->state->stopped = true;
  }
  impl_->state->ioc.stop();
  for (auto& t : impl_->threads)
    t.join();
  impl_->threads.clear();
  impl_->accept->close();
  impl_->accept.reset();
}

std::optional<std::pair<std::string, unsigned short>>
parse_listen_address(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    return std::nullopt;
  auto host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  unsigned port = 0;
  auto digits = text.substr(colon + 1);
  auto [end, ec] =
    std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc{} || end != digits.data() + digits.size() ||
      port > 65535 || host.empty())
    return std::nullopt;
  return std::make_pair(host, static_cast<unsigned short>(port));
}

} // namespace ledger::api
