#include "worker/host_seccomp.hpp"

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace ledger::worker {

namespace {

#if defined(__x86_64__)
constexpr std::uint32_t native_arch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
constexpr std::uint32_t native_arch = AUDIT_ARCH_AARCH64;
#else
constexpr std::uint32_t native_arch = 0; // no syscall table here: no filter
#endif

constexpr std::uint32_t arch_at = offsetof(seccomp_data, arch);
constexpr std::uint32_t nr_at = offsetof(seccomp_data, nr);
// The low 32 bits of the first argument (little-endian): a pid or the
// clone flags. The kernel reads pid_t arguments as 32 bits too.
constexpr std::uint32_t arg0_at = offsetof(seccomp_data, args);

constexpr std::uint32_t allow = SECCOMP_RET_ALLOW;
constexpr std::uint32_t refuse = SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA);
constexpr std::uint32_t no_such_call =
  SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA);

constexpr std::uint32_t as_k(long value) {
  return static_cast<std::uint32_t>(value);
}

/// A straight-line BPF program, written with the few idioms used here.
struct program {
  std::vector<sock_filter> code;

  void load(std::uint32_t offset) {
    code.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offset));
  }
  void ret(std::uint32_t action) {
    code.push_back(BPF_STMT(BPF_RET | BPF_K, action));
  }
  /// if (A op k) return action;  (op: BPF_JEQ, BPF_JGE or BPF_JSET)
  void return_if(std::uint32_t k, std::uint32_t action,
                 std::uint16_t op = BPF_JEQ) {
    code.push_back(BPF_JUMP(BPF_JMP | op | BPF_K, k, 0, 1));
    ret(action);
  }
  /// if (A != k) return action;
  void return_unless(std::uint32_t k, std::uint32_t action) {
    code.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, k, 1, 0));
    ret(action);
  }
  /// if (A == nr) { block }; the block ends in a return.
  void when(std::uint32_t nr, const program& block) {
    code.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0,
                            static_cast<std::uint8_t>(block.code.size())));
    code.insert(code.end(), block.code.begin(), block.code.end());
  }
};

} // namespace

seccomp_filter::seccomp_filter(bool confine, pid_t worker) {
  if (!confine || native_arch == 0)
    return;
  program p;
  p.load(arch_at);
  p.return_unless(native_arch, refuse); // i386 calls on x86-64, say
  p.load(nr_at);
#ifdef __x86_64__
  p.return_if(0x40000000u, refuse, BPF_JGE); // the x32 ABI
#endif
  for (long nr : {__NR_setsid, __NR_setpgid, __NR_ptrace, __NR_process_vm_readv,
                  __NR_process_vm_writev, __NR_pidfd_getfd, __NR_tkill,
                  __NR_pidfd_send_signal})
    p.return_if(as_k(nr), refuse);
  p.return_if(as_k(__NR_clone3), no_such_call);

  program clone;
  clone.load(arg0_at);
  clone.return_if(CLONE_PARENT, refuse, BPF_JSET);
  clone.ret(allow);
  p.when(as_k(__NR_clone), clone);

  // The first argument of each is the target: a pid, or for kill minus a
  // group id, or -1 for every process we may signal. The worker's group
  // may hold more than the worker (the engine, when a test or a shell
  // started both).
  program target;
  target.load(arg0_at);
  for (long pid : {-1L, long{worker}, -long{worker}, -long{::getpgid(worker)}})
    target.return_if(as_k(pid), refuse);
  target.ret(allow);
  for (long nr :
       {__NR_kill, __NR_tgkill, __NR_rt_sigqueueinfo, __NR_rt_tgsigqueueinfo})
    p.when(as_k(nr), target);
  p.ret(allow);
  code_ = std::move(p.code);
}

bool seccomp_filter::install() const {
  if (code_.empty())
    return true;
  sock_fprog prog{};
  prog.len = static_cast<unsigned short>(code_.size());
  prog.filter = const_cast<sock_filter*>(code_.data());
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    return false;
  return ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0;
}

} // namespace ledger::worker
