#include "tests/support/http_client.hpp"

#include "json/document.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <cctype>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace ledger::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

rapidjson::Document http_reply::json() const {
  // Held to the project's strict reading first (valid UTF-8, no duplicate
  // key...), then handed out as a plain document with numbers as text.
  json::document strict;
  if (auto problem = strict.parse(body))
    throw std::runtime_error("not strict JSON (" + *problem + "): " + body);
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseNumbersAsStringsFlag>(body.data(), body.size());
  return doc;
}

std::string http_reply::error_code() const {
  json::document strict;
  if (strict.parse(body))
    return "";
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseNumbersAsStringsFlag>(body.data(), body.size());
  if (!doc.IsObject() || !doc.HasMember("error") || !doc["error"].IsObject())
    return "";
  return text_of(doc["error"], "code");
}

struct http_client::impl {
  net::io_context ioc;
  tcp::socket socket{ioc};
  beast::flat_buffer buffer;
  unsigned short port;
  int connections = 0;

  void connect() {
    socket = tcp::socket{ioc};
    buffer.consume(buffer.size());
    socket.connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port});
    ++connections;
  }
};

http_client::http_client(unsigned short port)
  : impl_(std::make_unique<impl>()) {
  impl_->port = port;
  impl_->connect();
}

http_client::~http_client() = default;
http_client::http_client(http_client&&) noexcept = default;

int http_client::connections() const {
  return impl_->connections;
}

http_reply http_client::request(const std::string& method,
                                const std::string& target,
                                const std::string& body,
                                const header_list& headers) {
  http::request<http::string_body> req{http::string_to_verb(method), target,
                                       11};
  if (req.method() == http::verb::unknown)
    req.method_string(method);
  req.set(http::field::host, "127.0.0.1");
  if (!body.empty())
    req.set(http::field::content_type, "application/json");
  for (auto& [name, value] : headers)
    req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  for (int attempt = 0;; ++attempt) {
    try {
      if (!impl_->socket.is_open())
        impl_->connect();
      http::write(impl_->socket, req);
      http::response_parser<http::string_body> parser;
      parser.body_limit(64 * 1024 * 1024);
      http::read(impl_->socket, impl_->buffer, parser);
      auto res = parser.release();
      http_reply out;
      out.status = static_cast<int>(res.result_int());
      out.body = res.body();
      for (auto& field : res) {
        std::string name{field.name_string()};
        for (auto& ch : name)
          ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        out.headers.emplace(name, std::string{field.value()});
      }
      if (!res.keep_alive())
        impl_->socket.close();
      return out;
    } catch (const boost::system::system_error&) {
      // The server closed the kept-alive connection: one more try.
      impl_->socket.close();
      if (attempt > 0)
        throw;
    }
  }
}

std::string raw_exchange(unsigned short port, const std::string& bytes,
                         int timeout_ms, bool half_close) {
  net::io_context ioc;
  tcp::socket socket{ioc};
  socket.connect(tcp::endpoint{net::ip::make_address("127.0.0.1"), port});
  net::write(socket, net::buffer(bytes));
  if (half_close)
    socket.shutdown(tcp::socket::shutdown_send);
  std::string out;
  std::array<char, 4096> chunk;
  auto deadline =
    std::chrono::steady_clock::now() + std::chrono::milliseconds{timeout_ms};
  socket.non_blocking(true);
  while (std::chrono::steady_clock::now() < deadline) {
    boost::system::error_code ec;
    auto n = socket.read_some(net::buffer(chunk), ec);
    if (ec == net::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds{5});
      continue;
    }
    if (ec)
      break;
    out.append(chunk.data(), n);
  }
  return out;
}

std::string text_of(const rapidjson::Value& object, const char* member) {
  if (!object.IsObject())
    return "";
  auto i = object.FindMember(member);
  if (i == object.MemberEnd() || !i->value.IsString())
    return "";
  return std::string{i->value.GetString(), i->value.GetStringLength()};
}

} // namespace ledger::test
