#include "actors/shard_ownership.hpp"

#include <algorithm>

namespace ledger {

shard_ownership::shard_ownership(std::string node, int shards)
  : node_(std::move(node)), shards_(shards) {}

bool shard_ownership::holds(std::string_view ledger) const {
  auto shard = shard_of(ledger);
  std::lock_guard<std::mutex> lock{mutex_};
  return epochs_.count(shard) > 0;
}

std::vector<int> shard_ownership::held() const {
  std::lock_guard<std::mutex> lock{mutex_};
  std::vector<int> out;
  for (auto& [shard, epoch] : epochs_)
    out.push_back(shard);
  return out;
}

persistence::write_fence shard_ownership::fence() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return persistence::write_fence{shards_, epochs_};
}

void shard_ownership::grant(int shard, std::int64_t epoch) {
  std::lock_guard<std::mutex> lock{mutex_};
  epochs_[shard] = epoch;
}

void shard_ownership::revoke(int shard) {
  std::lock_guard<std::mutex> lock{mutex_};
  epochs_.erase(shard);
}

void shard_ownership::serve(const std::vector<int>& shards) {
  std::lock_guard<std::mutex> lock{mutex_};
  serving_.insert(shards.begin(), shards.end());
  ++generation_;
}

void shard_ownership::stop_serving(const std::vector<int>& shards) {
  std::lock_guard<std::mutex> lock{mutex_};
  for (int shard : shards)
    serving_.erase(shard);
  ++generation_;
}

std::vector<int> shard_ownership::serving() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return {serving_.begin(), serving_.end()};
}

void shard_ownership::set_lost(std::string why) {
  std::lock_guard<std::mutex> lock{mutex_};
  lost_ = std::move(why);
}

std::string shard_ownership::lost() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return lost_;
}

void shard_ownership::set_nodes(std::vector<persistence::engine_node> nodes) {
  std::lock_guard<std::mutex> lock{mutex_};
  nodes_ = std::move(nodes);
}

std::vector<persistence::engine_node> shard_ownership::nodes() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return nodes_;
}

std::string shard_ownership::owner_of(std::string_view ledger) const {
  auto shard = shard_of(ledger);
  std::lock_guard<std::mutex> lock{mutex_};
  if (epochs_.count(shard) > 0)
    return node_;
  for (auto& n : nodes_)
    if (n.name != node_ &&
        std::find(n.shards.begin(), n.shards.end(), shard) != n.shards.end())
      return n.name;
  return "";
}

std::string shard_ownership::misdirected(std::string_view ledger) const {
  auto shard = shard_of(ledger);
  auto owner = owner_of(ledger);
  std::string where;
  if (owner.empty())
    where = "held by no node right now (a node is taking it over); try again "
            "in a few seconds";
  else {
    where = "leased by node " + owner;
    for (auto& n : nodes())
      if (n.name == owner && !n.http.empty())
        where += " (" + n.http + ")";
    where += "; send changes to it";
  }
  return "ledger " + std::string{ledger} + " belongs to engine shard " +
         std::to_string(shard) + ", " + where;
}

} // namespace ledger
