#include "worker/lane_set.hpp"

#include <thread>

namespace ledger::worker {

lane_set::lane_set(int count, const lane_options& base, lane::logger log)
  : log_(log) {
  for (int i = 0; i < count; ++i) {
    auto options = base;
    options.index = i;
    lanes_.push_back(std::make_unique<lane>(std::move(options), log));
  }
}

void lane_set::start() {
  for (auto& l : lanes_)
    l->start();
}

bool lane_set::all_finished() const {
  for (auto& l : lanes_)
    if (!l->finished())
      return false;
  return true;
}

bool lane_set::wait_all(std::chrono::steady_clock::time_point until) const {
  while (!all_finished()) {
    if (std::chrono::steady_clock::now() >= until)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  return true;
}

lane_set::stop_report lane_set::stop(std::chrono::milliseconds drain_limit,
                                     std::chrono::milliseconds give_up) {
  auto begun = std::chrono::steady_clock::now();
  stop_report report;
  for (auto& l : lanes_)
    l->stop();
  if (!wait_all(begun + drain_limit)) {
    report.aborted = true;
    log_("still draining after " + std::to_string(drain_limit.count()) +
         " ms: cutting the waits for models short");
    for (auto& l : lanes_)
      l->abort();
    wait_all(begun + give_up);
  }
  for (auto& l : lanes_) {
    if (l->finished())
      l->join();
    else
      ++report.stuck;
  }
  return report;
}

std::uint64_t lane_set::answered() const {
  std::uint64_t n = 0;
  for (auto& l : lanes_) {
    auto& c = l->counts();
    n += c.trades + c.timeouts + c.failures;
  }
  return n;
}

std::uint64_t lane_set::released() const {
  std::uint64_t n = 0;
  for (auto& l : lanes_)
    n += l->counts().released;
  return n;
}

std::uint64_t lane_set::timeouts() const {
  std::uint64_t n = 0;
  for (auto& l : lanes_)
    n += l->counts().timeouts;
  return n;
}

} // namespace ledger::worker
