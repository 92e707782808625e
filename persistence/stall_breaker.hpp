#pragma once

// Breaks connections whose server has stopped answering. A Postgres that is
// frozen (SIGSTOP, a hung host) keeps its TCP connections open and its
// kernel acknowledges every byte, so neither libpq (which has no timeout for
// a statement once sent) nor TCP keepalives ever notice: a blocking call
// waits until the server wakes up, however long that is. A call that runs
// longer than its limit is ended here by shutting its socket down, which
// makes the blocked libpq call fail at once as a lost connection; the
// session's ordinary failure path does the rest (reconnect, retry later).
//
// Safe because the server never commits a transaction whose COMMIT it has
// not read: a write cut before COMMIT is rolled back when the server wakes,
// one cut during COMMIT is in doubt (libpqxx's in_doubt_error), and the
// store's writes are idempotent by (ledger, tick).

#include <chrono>
#include <cstdint>

namespace ledger::persistence::detail {

/// While alive, the socket `fd` is shut down if the guard still lives
/// `limit` from now. One thread for the whole process watches every guard.
/// A limit of zero watches nothing. On destruction `fired` tells whether
/// the socket was shut down: the failure that follows is the guard's doing,
/// not the server's.
class stall_guard {
public:
  stall_guard(int fd, std::chrono::milliseconds limit, bool& fired);
  ~stall_guard();
  stall_guard(const stall_guard&) = delete;
  stall_guard& operator=(const stall_guard&) = delete;

private:
  std::uint64_t id_ = 0; ///< 0: not watched
  bool& fired_;
};

} // namespace ledger::persistence::detail
