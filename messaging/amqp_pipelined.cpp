// amqp_connection's pipelined side: publishes that do not wait for their
// confirm, confirms handed out in batches, and a wait that also wakes on a
// file descriptor of the caller's (new work to publish). With these a
// single thread can keep thousands of messages in flight, where
// publish_confirmed costs a round trip per message.

#include "messaging/amqp_impl.hpp"

#include <algorithm>
#include <poll.h>

namespace ledger::messaging {

std::uint64_t amqp_connection::publish_pipelined(const std::string& exchange,
                                                 const std::string& routing_key,
                                                 std::string_view body,
                                                 const publish_options& o) {
  auto& d = *impl_;
  d.require_open();
  d.pipelined = true;
  d.send_publish(main_channel, exchange, routing_key, body, o, o.mandatory);
  // In confirm mode the broker numbers publishes 1, 2, ... per channel.
  return ++d.published;
}

std::vector<confirm> amqp_connection::take_confirms() {
  std::vector<confirm> out;
  out.swap(impl_->confirms);
  return out;
}

void amqp_connection::wait(std::chrono::milliseconds timeout, int wake_fd) {
  auto& d = *impl_;
  d.require_open();
  if (amqp_frames_enqueued(d.state) || amqp_data_in_buffer(d.state))
    return;
  pollfd fds[2] = {{amqp_get_sockfd(d.state), POLLIN, 0}, {wake_fd, POLLIN, 0}};
  auto ms =
    static_cast<int>(std::clamp<std::int64_t>(timeout.count(), 0, 60'000));
  ::poll(fds, wake_fd >= 0 ? 2 : 1, ms); // EINTR or a timeout: the caller loops
}

bool amqp_connection::blocked() const {
  return impl_ && impl_->blocked;
}

} // namespace ledger::messaging
