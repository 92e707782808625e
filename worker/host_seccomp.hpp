#pragma once

// The seccomp filter a model host starts under: whatever the model does,
// it and every process it starts stay in the host's process group (which
// is what the worker kills), and none of them can reach into the worker.
// Built before fork, installed by the child right before exec; it then
// binds the child and all its descendants and cannot be lifted.
//
// Refused with EPERM:
// - leaving the process group: setsid, setpgid;
// - a process whose parent would be the worker: clone with CLONE_PARENT;
// - signals to the worker, to its process group or to every process (-1):
//   kill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo; and tkill and
//   pidfd_send_signal, whose target the filter cannot read;
// - reaching into another process: ptrace, process_vm_readv/writev,
//   pidfd_getfd;
// - every system call of another ABI (x32, i386), which would bypass
//   these checks (a 32-bit python3 cannot run as a host).
// clone3 answers ENOSYS, so that the C library falls back to clone, whose
// flags the filter can read. Processes may still be started (a `python3`
// that is a pyenv shim forks before Python runs); the SDK's host refuses
// them to model code itself (sdk/python/ledger_model/host.py).
//
// Linux on x86-64 and AArch64; elsewhere the filter is empty.

#include <linux/filter.h>
#include <sys/types.h>
#include <vector>

namespace ledger::worker {

class seccomp_filter {
public:
  /// No filter at all unless `confine`; `worker` is the pid to protect.
  seccomp_filter(bool confine, pid_t worker);

  /// In the child, between fork and exec (system calls only, no
  /// allocation): sets no_new_privs and installs the filter. False with
  /// errno set if that failed; true at once for an empty filter.
  bool install() const;

private:
  std::vector<sock_filter> code_;
};

} // namespace ledger::worker
