#include "messaging/reconnect.hpp"

#include <algorithm>
#include <thread>

namespace ledger::messaging {

backoff::backoff(std::chrono::milliseconds first, std::chrono::milliseconds max)
  : first_(first), max_(std::max(max, first)), current_(first) {}

std::chrono::milliseconds backoff::next() {
  auto delay = current_;
  current_ = std::min(current_ * 2, max_);
  return delay;
}

void backoff::reset() {
  current_ = first_;
}

bool sleep_unless_stopped(std::chrono::milliseconds delay,
                          const std::atomic<bool>& stop) {
  constexpr std::chrono::milliseconds slice{50};
  auto until = std::chrono::steady_clock::now() + delay;
  while (!stop.load()) {
    auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero())
      return true;
    std::this_thread::sleep_for(
      std::min<std::chrono::steady_clock::duration>(left, slice));
  }
  return false;
}

bool connect_with_retry(amqp_connection& c, std::string_view url,
                        const std::function<void(amqp_connection&)>& setup,
                        const std::atomic<bool>& stop,
                        const std::function<void(const std::string&)>& on_error,
                        const connect_options& options, backoff b) {
  while (!stop.load()) {
    try {
      c.connect(url, options);
      if (setup)
        setup(c);
      return true;
    } catch (const amqp_error& e) {
      c.close();
      if (on_error)
        on_error(e.what());
    }
    if (!sleep_unless_stopped(b.next(), stop))
      break;
  }
  return false;
}

} // namespace ledger::messaging
