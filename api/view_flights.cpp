#include "api/view_flights.hpp"

#include <iostream>

namespace ledger::api {

std::string view_flights::id(const std::string& name, view_key key) {
  // A NUL cannot occur in a ledger name: the parts stay apart.
  return name + '\0' + std::to_string(key.incarnation) + ':' +
         std::to_string(key.revision);
}

bool view_flights::join(const std::string& name, view_key key, waiter w) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto [i, first] = flights_.try_emplace(id(name, key));
  if (!first)
    i->second.push_back(std::move(w));
  return first;
}

void view_flights::land(const std::string& name, view_key key,
                        const flight_result& r) {
  std::vector<waiter> waiters;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    auto i = flights_.find(id(name, key));
    if (i == flights_.end())
      return;
    waiters = std::move(i->second);
    flights_.erase(i);
  }
  for (auto& w : waiters) {
    try {
      w(r);
    } catch (const std::exception& e) {
      // One waiter's failure must not keep the others from their answer.
      std::cerr << "api: a view waiter failed: " << e.what() << '\n';
    }
  }
}

} // namespace ledger::api
