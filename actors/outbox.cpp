#include "actors/outbox.hpp"

#include <stdexcept>
#include <sys/eventfd.h>
#include <unistd.h>

namespace ledger {

outbox::outbox(outbox_limits limits) : limits_(limits) {
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0)
    throw std::runtime_error("outbox: cannot create an eventfd");
}

outbox::~outbox() {
  ::close(wake_fd_);
}

bool outbox::push(outbound_message& m) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    auto& lane = m.kind == delivery::reply     ? lanes_.replies
                 : m.kind == delivery::request ? lanes_.requests
                                               : lanes_.events;
    auto limit = m.kind == delivery::request ? limits_.requests
                 : m.kind == delivery::event ? limits_.events
                                             : static_cast<std::size_t>(-1);
    if (lane.size() >= limit)
      return false;
    lane.push_back(std::move(m));
    wake = !signalled_;
    signalled_ = true;
  }
  if (wake) {
    std::uint64_t one = 1;
    // Nonblocking: a full counter (never, at 2^64) would only mean awake.
    [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
  }
  return true;
}

outbox::batch outbox::take() {
  std::uint64_t count = 0;
  [[maybe_unused]] auto n = ::read(wake_fd_, &count, sizeof count);
  batch out;
  std::lock_guard<std::mutex> guard{mutex_};
  std::swap(out, lanes_);
  signalled_ = false;
  return out;
}

std::size_t outbox::size() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return lanes_.replies.size() + lanes_.requests.size() + lanes_.events.size();
}

} // namespace ledger
