#include "persistence/stall_breaker.hpp"

#include <condition_variable>
#include <map>
#include <mutex>
#include <sys/socket.h>
#include <thread>

namespace ledger::persistence::detail {

namespace {

using clock = std::chrono::steady_clock;

// The watched sockets, by guard id, and the thread that shuts down those
// past their deadline. The mutex is held while a socket is shut down, and a
// guard's destructor takes it before its connection may close the socket,
// so a descriptor is never shut down after it was reused.
class watchdog {
public:
  static watchdog& instance() {
    // Never destroyed: guards may outlive static destruction order.
    static auto* w = new watchdog;
    return *w;
  }

  std::uint64_t watch(int fd, clock::time_point deadline) {
    std::lock_guard<std::mutex> lock{mutex_};
    auto id = ++last_id_;
    watched_.emplace(id, entry{fd, deadline, false});
    if (!thread_.joinable())
      thread_ = std::thread{[this] { run(); }};
    // Every call arms a guard: wake the thread only when it would sleep
    // past this deadline (idle, or waiting for a later one), not once per
    // call; an awake thread scans before it sleeps again.
    if (deadline < sleeping_until_)
      wake_.notify_one();
    return id;
  }

  /// Whether it had fired.
  bool unwatch(std::uint64_t id) {
    std::lock_guard<std::mutex> lock{mutex_};
    auto i = watched_.find(id);
    if (i == watched_.end())
      return false;
    auto fired = i->second.fired;
    watched_.erase(i);
    return fired;
  }

private:
  struct entry {
    int fd;
    clock::time_point deadline;
    bool fired;
  };

  void run() {
    std::unique_lock<std::mutex> lock{mutex_};
    for (;;) {
      auto next = clock::time_point::max();
      auto now = clock::now();
      for (auto& [id, e] : watched_) {
        if (e.fired)
          continue;
        if (e.deadline <= now) {
          ::shutdown(e.fd, SHUT_RDWR);
          e.fired = true;
        } else if (e.deadline < next) {
          next = e.deadline;
        }
      }
      sleeping_until_ = next;
      if (next == clock::time_point::max())
        wake_.wait(lock);
      else
        wake_.wait_until(lock, next);
      sleeping_until_ = clock::time_point::min(); // awake: no wake needed
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::uint64_t, entry> watched_;
  std::uint64_t last_id_ = 0;
  /// Until when the thread sleeps (max: until woken; min: it is awake).
  clock::time_point sleeping_until_ = clock::time_point::max();
  std::thread thread_;
};

} // namespace

stall_guard::stall_guard(int fd, std::chrono::milliseconds limit, bool& fired)
  : fired_(fired) {
  fired_ = false;
  if (fd >= 0 && limit.count() > 0)
    id_ = watchdog::instance().watch(fd, clock::now() + limit);
}

stall_guard::~stall_guard() {
  if (id_ != 0)
    fired_ = watchdog::instance().unwatch(id_);
}

} // namespace ledger::persistence::detail
