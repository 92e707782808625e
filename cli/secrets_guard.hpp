#pragma once

// Every program holds credentials (the database URL, the broker URL, API
// keys) in its environment and memory. Processes of the same user may read
// both (/proc/<pid>/environ, /proc/<pid>/mem, ptrace) unless the process is
// not "dumpable": then those files belong to root and only root may
// attach. Model hosts are such processes when they run as the worker's
// user, and other tenants' tools may be too.

namespace ledger::apps {

/// Makes this process non-dumpable (PR_SET_DUMPABLE 0): its /proc files
/// readable by root only, no ptrace from its user, and no core dumps.
/// Call first thing in main, before any credential is read. False when the
/// kernel refused; then `program` warns on stderr and carries on.
bool hide_from_same_user(const char* program);

} // namespace ledger::apps
