#pragma once

// Rendered view_ledger bodies, kept while their ledger is unchanged, so a
// repeated view of an idle ledger costs no flush, no query and no JSON
// rendering: one in-memory question to the ledger's actor for its version,
// then the stored bytes (and their gzip encoding, made once per version).
//
// Validity: an entry is used only for the exact (incarnation, revision) it
// was rendered for. The ledger's actor bumps its revision with every change
// a view shows (ledger_state::revision), and a deleted, re-created or
// restarted ledger is a new actor, so a stale body can never be served.
// Bounded by bytes, least recently used entries go first; sharded by name
// so io and CAF threads rarely meet on one mutex.

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace ledger::api {

/// What a cached view is valid for.
struct view_key {
  std::uint64_t incarnation = 0;
  std::uint64_t revision = 0;

  friend bool operator==(const view_key& a, const view_key& b) {
    return a.incarnation == b.incarnation && a.revision == b.revision;
  }
};

/// One rendered view.
struct rendered_view {
  std::shared_ptr<const std::string> body;
  std::string etag;                           ///< quoted
  std::shared_ptr<const std::string> gzipped; ///< null until asked for
};

class view_cache {
public:
  /// At most `max_bytes` of bodies (plain and gzipped) in all.
  explicit view_cache(std::size_t max_bytes = std::size_t{256} << 20);

  /// The view of `name` rendered for `key`, if stored.
  std::optional<rendered_view> find(const std::string& name, view_key key);

  /// Stores `body` as the view of `name` for `key` (replacing any older
  /// one) and returns it with its ETag. A body larger than a shard's share
  /// of the budget is returned but not stored.
  rendered_view put(const std::string& name, view_key key, std::string body);

  /// Adds the gzip encoding to the stored view if it is still `key`'s.
  void add_gzipped(const std::string& name, view_key key,
                   std::shared_ptr<const std::string> gzipped);

  /// Forgets the view of `name` (the ledger was deleted).
  void erase(const std::string& name);

  /// For tests and metrics.
  std::size_t entries() const;
  std::size_t bytes() const;

private:
  struct entry {
    view_key key;
    rendered_view view;
    std::list<std::string>::iterator lru; ///< position in shard::order
  };
  struct shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, entry> views;
    std::list<std::string> order; ///< most recently used first
    std::size_t bytes = 0;
  };
  static constexpr std::size_t shard_count = 16;

  shard& shard_of(const std::string& name);
  static std::size_t size_of(const rendered_view& v);
  void drop(shard& s, std::unordered_map<std::string, entry>::iterator i);
  void trim(shard& s);

  std::array<shard, shard_count> shards_;
  std::size_t shard_budget_;
  /// Mixed into every ETag: actor ids and revisions start again in a new
  /// process, which must not answer 304 for an older process's body.
  std::uint64_t salt_;
};

} // namespace ledger::api
