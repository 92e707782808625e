#include "tests/support/sse_client.hpp"

#include <arpa/inet.h>
#include <cctype>
#include <chrono>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace ledger::test {

namespace {

using clock_type = std::chrono::steady_clock;

int left_ms(clock_type::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
    deadline - clock_type::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

std::string lower(std::string text) {
  for (auto& ch : text)
    ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

} // namespace

sse_client::sse_client(unsigned short port, const std::string& target,
                       const header_list& headers, int receive_buffer) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0)
    throw std::runtime_error("socket failed");
  if (receive_buffer > 0)
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer,
                 sizeof receive_buffer);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd_);
    throw std::runtime_error("connect failed");
  }
  std::string req = "GET " + target +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: "
                    "text/event-stream\r\n";
  for (auto& [name, value] : headers)
    req += name + ": " + value + "\r\n";
  req += "\r\n";
  if (::send(fd_, req.data(), req.size(), MSG_NOSIGNAL) !=
      static_cast<ssize_t>(req.size()))
    throw std::runtime_error("send failed");
}

sse_client::~sse_client() {
  close();
}

void sse_client::close() {
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = -1;
  eof_ = true;
}

bool sse_client::fill(int timeout_ms) {
  if (eof_)
    return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) <= 0)
    return false;
  char chunk[16384];
  auto n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

int sse_client::status(int timeout_ms) {
  if (status_ != 0)
    return status_;
  auto deadline = clock_type::now() + std::chrono::milliseconds{timeout_ms};
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
    if (!fill(left_ms(deadline)) && (eof_ || clock_type::now() >= deadline))
      return 0;
  auto head = buffer_.substr(0, end + 2);
  buffer_.erase(0, end + 4);
  auto line_end = head.find("\r\n");
  auto status_line = head.substr(0, line_end);
  status_ = std::stoi(status_line.substr(status_line.find(' ') + 1, 3));
  for (auto at = line_end + 2; at < head.size();) {
    auto next = head.find("\r\n", at);
    auto line = head.substr(at, next - at);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      auto value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ')
        value.erase(0, 1);
      headers_.emplace(lower(line.substr(0, colon)), value);
    }
    at = next + 2;
  }
  return status_;
}

std::optional<sse_message> sse_client::next(int timeout_ms) {
  auto deadline = clock_type::now() + std::chrono::milliseconds{timeout_ms};
  if (status(timeout_ms) == 0)
    return std::nullopt;
  for (;;) {
    auto end = buffer_.find("\n\n");
    if (end == std::string::npos) {
      if (!fill(left_ms(deadline)) && (eof_ || clock_type::now() >= deadline))
        return std::nullopt;
      continue;
    }
    auto block = buffer_.substr(0, end + 1);
    buffer_.erase(0, end + 2);
    sse_message m;
    bool any = false;
    for (std::size_t at = 0; at < block.size();) {
      auto nl = block.find('\n', at);
      auto line = block.substr(at, nl - at);
      at = nl + 1;
      if (!line.empty() && line.front() == ':') {
        ++comments_;
        continue;
      }
      auto colon = line.find(':');
      auto field = line.substr(0, colon);
      auto value = colon == std::string::npos ? "" : line.substr(colon + 1);
      if (!value.empty() && value.front() == ' ')
        value.erase(0, 1);
      any = true;
      if (field == "id")
        m.id = value;
      else if (field == "event")
        m.event = value;
      else if (field == "data")
        m.data += (m.data.empty() ? "" : "\n") + value;
    }
    if (!any)
      continue; // a comment alone
    if (m.event.empty())
      m.event = "message";
    return m;
  }
}

std::string sse_client::rest(int timeout_ms) {
  auto deadline = clock_type::now() + std::chrono::milliseconds{timeout_ms};
  status(timeout_ms);
  while (!eof_ && clock_type::now() < deadline)
    fill(left_ms(deadline));
  return std::move(buffer_);
}

bool sse_client::closed_within(int timeout_ms) {
  auto deadline = clock_type::now() + std::chrono::milliseconds{timeout_ms};
  while (!eof_ && clock_type::now() < deadline) {
    fill(left_ms(deadline));
    buffer_.clear();
  }
  return eof_;
}

} // namespace ledger::test
