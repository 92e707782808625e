#pragma once

// The recent events a client may resume from (Last-Event-ID): a bounded
// ring with consecutive ids, and the rule that decides whether a resume
// is gap-free. Pure and not thread-safe: the hub calls it under its lock.

#include "api/sse_event.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <vector>

namespace ledger::api {

/// What a client that names its last event id gets.
struct resume_plan {
  /// The events after its id cannot all be given (evicted, not recorded,
  /// or the id is not one of this process's): it must start over.
  bool reset = false;
  /// Without a reset: the retained events after its id, oldest first.
  std::vector<sse_event_ptr> replay;
};

class event_ring {
public:
  /// Keeps the last `capacity` events (0: none, so only a client that saw
  /// the latest event resumes). Ids continue from `last_id`.
  event_ring(std::size_t capacity, std::int64_t last_id);

  /// The id the next event gets.
  std::int64_t next_id() const { return last_id_ + 1; }

  /// Appends `e` (its id must be next_id()), evicting the oldest event
  /// when the ring is full.
  void push(sse_event_ptr e);

  /// Events stop being recorded: the ring is emptied and one id is burnt,
  /// so no id given before the pause resumes across it.
  void pause();

  /// The smallest last id from which a resume is gap-free; ids from it up
  /// to the latest one resume.
  std::int64_t resumable_from() const { return resumable_from_; }
  std::int64_t last_id() const { return last_id_; }
  std::size_t size() const { return events_.size(); }

  /// The plan for a client whose last event was `last` (nullopt: a new
  /// client, which gets live events only), restricted to ledger `only`
  /// when it is not empty.
  resume_plan resume(std::optional<std::int64_t> last,
                     std::string_view only) const;

private:
  std::size_t capacity_;
  std::int64_t last_id_;
  std::int64_t resumable_from_;
  /// Ids resumable_from_ + 1 .. last_id_, in order.
  std::deque<sse_event_ptr> events_;
};

} // namespace ledger::api
