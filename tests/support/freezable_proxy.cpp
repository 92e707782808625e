#include "tests/support/freezable_proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace ledger::test {

namespace {

constexpr int poll_ms = 20;

int connect_to(const std::string& host, unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (fd < 0 || ::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0)
      ::close(fd);
    return -1;
  }
  return fd;
}

bool send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    auto n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0)
      return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

} // namespace

freezable_proxy::freezable_proxy(std::string host, unsigned short port)
  : host_(host == "localhost" ? "127.0.0.1" : std::move(host)),
    target_port_(port) {
  listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
  int yes = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listener_ < 0 ||
      ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 16) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw std::runtime_error("freezable_proxy: cannot listen");
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread{[this] { accept_loop(); }};
}

freezable_proxy::~freezable_proxy() {
  stop_ = true;
  acceptor_.join();
  for (auto& t : pumps_)
    t.join();
  ::close(listener_);
}

void freezable_proxy::freeze_after(std::string marker) {
  std::lock_guard<std::mutex> lock{mutex_};
  marker_ = std::move(marker);
  marker_after_ = true;
}

void freezable_proxy::freeze_before(std::string marker) {
  std::lock_guard<std::mutex> lock{mutex_};
  marker_ = std::move(marker);
  marker_after_ = false;
}

bool freezable_proxy::pass_from_client(const std::string& bytes) {
  std::lock_guard<std::mutex> lock{mutex_};
  if (marker_.empty() || bytes.find(marker_) == std::string::npos)
    return true;
  marker_.clear();
  frozen_ = true;
  return marker_after_;
}

void freezable_proxy::accept_loop() {
  while (!stop_) {
    pollfd p{listener_, POLLIN, 0};
    if (::poll(&p, 1, poll_ms) <= 0)
      continue;
    int client = ::accept(listener_, nullptr, nullptr);
    if (client < 0)
      continue;
    int server = connect_to(host_, target_port_);
    if (server < 0) {
      ::close(client);
      continue;
    }
    ++accepted_;
    pumps_.emplace_back([this, client, server] { pump(client, server); });
  }
}

// Passes bytes both ways until either side closes or the proxy stops.
// While frozen nothing is read, so bytes wait in the kernel's buffers as
// they would in a frozen server's. Bytes held back by freeze_before are
// passed on at the thaw.
void freezable_proxy::pump(int client, int server) {
  std::string held; // client bytes not yet passed
  char buffer[16384];
  bool open = true;
  while (open && !stop_) {
    if (frozen_) {
      // Still notice a client that gave up, as a frozen server's kernel
      // would not: the server side closes with it, after the thaw.
      std::this_thread::sleep_for(std::chrono::milliseconds{poll_ms});
      continue;
    }
    if (!held.empty()) {
      open = send_all(server, held.data(), held.size());
      held.clear();
      continue;
    }
    pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
    if (::poll(fds, 2, poll_ms) <= 0)
      continue;
    for (int i = 0; i < 2 && open; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      auto n = ::recv(fds[i].fd, buffer, sizeof buffer, 0);
      if (n <= 0) {
        open = false;
        break;
      }
      std::string bytes{buffer, static_cast<std::size_t>(n)};
      if (i == 0 && !pass_from_client(bytes)) {
        held = std::move(bytes);
        break;
      }
      open = send_all(i == 0 ? server : client, bytes.data(), bytes.size());
    }
  }
  ::close(client);
  ::close(server);
}

} // namespace ledger::test
