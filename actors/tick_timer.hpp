#pragma once

// One timer loop per actor. The ledger and persistence actors each tick
// themselves with atom::tick; many events may ask for the next tick, and
// only the first is sent until the tick handler clears `timer_armed`, so a
// busy actor never has more than one tick in its mailbox.

#include "actors/atoms.hpp"

#include <chrono>

namespace ledger {

/// Sends `self` a tick after `delay` (with no delay, behind everything
/// already in its mailbox) unless one is on its way.
template <class Self>
void arm_timer(Self self,
               std::chrono::milliseconds delay = std::chrono::milliseconds{0}) {
  if (self->state.timer_armed)
    return;
  self->state.timer_armed = true;
  if (delay.count() > 0)
    self->delayed_send(self, delay, atom::tick::value);
  else
    self->send(self, atom::tick::value);
}

} // namespace ledger
