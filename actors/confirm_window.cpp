#include "actors/confirm_window.hpp"

namespace ledger {

void confirm_window::published(std::uint64_t tag,
                               std::optional<delivery_ref> ack_after) {
  if (slots_.empty())
    base_ = tag;
  // Tags are consecutive on a channel; a gap (never expected) is filled
  // with settled slots so indexing stays exact.
  while (base_ + slots_.size() < tag)
    slots_.push_back(slot{true, std::nullopt});
  slots_.push_back(slot{false, std::move(ack_after)});
  ++open_;
}

void confirm_window::finish(slot& s, bool ack, settled& out) {
  if (s.done)
    return;
  s.done = true;
  --open_;
  ++(ack ? out.confirmed : out.nacked);
  if (s.ack_after)
    out.acks.push_back(*s.ack_after);
}

confirm_window::settled confirm_window::settle(const messaging::confirm& c) {
  settled out;
  if (slots_.empty() || c.delivery_tag < base_)
    return out; // already settled (a repeat), or of another connection
  auto last = c.delivery_tag - base_;
  if (last >= slots_.size())
    last = slots_.size() - 1;
  auto first = c.multiple ? 0 : last;
  if (!c.multiple && c.delivery_tag - base_ >= slots_.size())
    return out; // a tag never published here
  for (auto i = first; i <= last; ++i)
    finish(slots_[i], c.ack, out);
  while (!slots_.empty() && slots_.front().done) {
    slots_.pop_front();
    ++base_;
  }
  return out;
}

std::size_t confirm_window::reset() {
  auto open = open_;
  slots_.clear();
  open_ = 0;
  base_ = 1;
  return open;
}

} // namespace ledger
