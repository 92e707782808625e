#include "worker/host_channel.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <unistd.h>

namespace ledger::worker {

namespace {

/// Milliseconds for poll() until `until`, rounded up, at least 0; at most
/// 100 when a cancel flag must be looked at.
int poll_timeout(host_channel::clock::time_point until, bool sliced) {
  auto left = until - host_channel::clock::now();
  if (left <= left.zero())
    return 0;
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return static_cast<int>(std::min<long long>(ms, sliced ? 100 : 1'000'000));
}

} // namespace

host_channel::host_channel(child_process child, std::size_t max_line)
  : child_(std::move(child)), max_line_(max_line) {}

void host_channel::send(std::string line) {
  out_ += line;
  // Usually the whole line fits the pipe at once: no poll needed.
  write_some();
}

void host_channel::write_some() {
  while (!out_.empty() && child_.stdin_fd() >= 0) {
    auto n = ::write(child_.stdin_fd(), out_.data(), out_.size());
    if (n > 0) {
      out_.erase(0, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      if (n < 0 && errno != EAGAIN) {
        child_.close_stdin(); // EPIPE: it exited; its output tells why
        out_.clear();
      }
      return;
    }
  }
}

host_channel::status host_channel::next_line(clock::time_point until,
                                             std::string& line,
                                             const std::atomic<bool>* cancel) {
  for (;;) {
    auto newline = in_.find('\n', scanned_);
    if (newline != std::string::npos && newline <= max_line_) {
      line.assign(in_, 0, newline);
      in_.erase(0, newline + 1);
      scanned_ = 0;
      return status::line;
    }
    scanned_ = in_.size();
    if (in_.size() > max_line_)
      return status::oversized;
    if (eof_)
      return status::closed;
    if (cancel && cancel->load())
      return status::cancelled;
    // Past `until` we still look once without waiting, so that a caller
    // passing "now" reads what has already arrived.
    bool late = clock::now() >= until;
    bool writing = !out_.empty() && child_.stdin_fd() >= 0;
    pollfd fds[2] = {{child_.stdout_fd(), POLLIN, 0},
                     {child_.stdin_fd(), POLLOUT, 0}};
    int ready = ::poll(fds, writing ? 2 : 1,
                       late ? 0 : poll_timeout(until, cancel != nullptr));
    if (ready < 0 && errno != EINTR) {
      error_ =
        std::string{"cannot wait for the model host: "} + std::strerror(errno);
      return status::failed;
    }
    if (ready == 0 && late)
      return status::timed_out;
    if (ready <= 0)
      continue;
    if (writing && fds[1].revents != 0)
      write_some();
    if (fds[0].revents != 0) {
      char chunk[65536];
      auto n = ::read(child_.stdout_fd(), chunk, sizeof chunk);
      if (n > 0)
        in_.append(chunk, static_cast<std::size_t>(n));
      else if (n == 0 || (errno != EAGAIN && errno != EINTR))
        eof_ = true;
    }
  }
}

} // namespace ledger::worker
