#include "api/view_cache.hpp"

#include <cstdio>
#include <functional>
#include <random>

namespace ledger::api {

view_cache::view_cache(std::size_t max_bytes)
  : shard_budget_(max_bytes / shard_count), salt_(std::random_device{}()) {
  salt_ = (salt_ << 32) ^ std::random_device{}();
}

view_cache::shard& view_cache::shard_of(const std::string& name) {
  return shards_[std::hash<std::string>{}(name) % shard_count];
}

std::size_t view_cache::size_of(const rendered_view& v) {
  return (v.body ? v.body->size() : 0) + (v.gzipped ? v.gzipped->size() : 0);
}

std::optional<rendered_view> view_cache::find(const std::string& name,
                                              view_key key) {
  auto& s = shard_of(name);
  std::lock_guard<std::mutex> guard{s.mutex};
  auto i = s.views.find(name);
  if (i == s.views.end() || !(i->second.key == key))
    return std::nullopt;
  s.order.splice(s.order.begin(), s.order, i->second.lru);
  return i->second.view;
}

rendered_view view_cache::put(const std::string& name, view_key key,
                              std::string body) {
  // The tag names the version, not the bytes: equal for equal versions in
  // this process, so it costs no hashing of the body.
  char tag[64];
  std::snprintf(
    tag, sizeof tag, "\"v%016llx-%llx-%llx\"",
    static_cast<unsigned long long>(salt_ ^ std::hash<std::string>{}(name)),
    static_cast<unsigned long long>(key.incarnation),
    static_cast<unsigned long long>(key.revision));
  rendered_view view{std::make_shared<const std::string>(std::move(body)), tag,
                     nullptr};
  if (size_of(view) > shard_budget_)
    return view;
  auto& s = shard_of(name);
  std::lock_guard<std::mutex> guard{s.mutex};
  if (auto i = s.views.find(name); i != s.views.end())
    drop(s, i);
  s.order.push_front(name);
  s.views.emplace(name, entry{key, view, s.order.begin()});
  s.bytes += size_of(view);
  trim(s);
  return view;
}

void view_cache::add_gzipped(const std::string& name, view_key key,
                             std::shared_ptr<const std::string> gzipped) {
  auto& s = shard_of(name);
  std::lock_guard<std::mutex> guard{s.mutex};
  auto i = s.views.find(name);
  if (i == s.views.end() || !(i->second.key == key) || i->second.view.gzipped)
    return;
  s.bytes += gzipped->size();
  i->second.view.gzipped = std::move(gzipped);
  trim(s);
}

void view_cache::erase(const std::string& name) {
  auto& s = shard_of(name);
  std::lock_guard<std::mutex> guard{s.mutex};
  if (auto i = s.views.find(name); i != s.views.end())
    drop(s, i);
}

std::size_t view_cache::entries() const {
  std::size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard<std::mutex> guard{s.mutex};
    n += s.views.size();
  }
  return n;
}

std::size_t view_cache::bytes() const {
  std::size_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard<std::mutex> guard{s.mutex};
    n += s.bytes;
  }
  return n;
}

void view_cache::drop(shard& s,
                      std::unordered_map<std::string, entry>::iterator i) {
  s.bytes -= size_of(i->second.view);
  s.order.erase(i->second.lru);
  s.views.erase(i);
}

void view_cache::trim(shard& s) {
  while (s.bytes > shard_budget_ && !s.order.empty())
    drop(s, s.views.find(s.order.back()));
}

} // namespace ledger::api
