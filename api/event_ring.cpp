#include "api/event_ring.hpp"

#include <stdexcept>

namespace ledger::api {

event_ring::event_ring(std::size_t capacity, std::int64_t last_id)
  : capacity_(capacity), last_id_(last_id), resumable_from_(last_id) {}

void event_ring::push(sse_event_ptr e) {
  if (e->id() != last_id_ + 1)
    throw std::logic_error("event_ring: ids must be consecutive");
  last_id_ = e->id();
  events_.push_back(std::move(e));
  if (events_.size() > capacity_) {
    resumable_from_ = events_.front()->id();
    events_.pop_front();
  }
}

void event_ring::pause() {
  events_.clear();
  // Events go on unrecorded: a client holding the last id given so far
  // has missed them, so that id must no longer count as resumable.
  ++last_id_;
  resumable_from_ = last_id_;
}

resume_plan event_ring::resume(std::optional<std::int64_t> last,
                               std::string_view only) const {
  resume_plan plan;
  if (!last)
    return plan;
  if (*last < resumable_from_ || *last > last_id_) {
    plan.reset = true;
    return plan;
  }
  // Ids are consecutive: the event after `last` sits at a known place.
  auto first = static_cast<std::size_t>(*last - resumable_from_);
  for (auto i = events_.begin() + static_cast<std::ptrdiff_t>(first);
       i != events_.end(); ++i)
    if (only.empty() || (*i)->ledger() == only)
      plan.replay.push_back(*i);
  return plan;
}

} // namespace ledger::api
