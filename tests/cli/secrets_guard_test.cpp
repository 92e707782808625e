// Every program makes itself non-dumpable first thing (cli/secrets_guard):
// a process of the same user (a model host, another tenant's tool) cannot
// read its environment, where the database and broker credentials are.
// Checked on ledgerctl, whose main does it like the others: started by a
// process of one user, which then tries /proc/<pid>/environ. As root the
// check runs as nobody (root may read anything).

#include "cli/secrets_guard.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

// Exit codes of the checking child.
enum : int { unreadable = 0, readable = 1, setup_failed = 2 };

// In a child (as nobody when we are root): starts ledgerctl, waiting on a
// broker that refuses connections, and tries to read its environment.
int check_as_same_user() {
  if (::geteuid() == 0) {
    auto* nobody = ::getpwnam("nobody");
    if (!nobody || ::setgroups(0, nullptr) != 0 ||
        ::setgid(nobody->pw_gid) != 0 || ::setuid(nobody->pw_uid) != 0)
      return setup_failed;
  }
  pid_t program = ::fork();
  if (program == 0) {
    ::execl(LEDGERCTL_BINARY, "ledgerctl", "list", "--amqp-url",
            "amqp://ledger:guarded-secret@127.0.0.1:1/ledger", "--timeout",
            "5s", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds{700});
  int status = 0;
  if (::waitpid(program, &status, WNOHANG) != 0)
    return setup_failed; // not running (not executable by this user?)
  auto path = "/proc/" + std::to_string(program) + "/environ";
  int fd = ::open(path.c_str(), O_RDONLY);
  char byte;
  bool read_it = fd >= 0 && ::read(fd, &byte, 1) >= 0;
  if (fd >= 0)
    ::close(fd);
  ::kill(program, SIGKILL);
  ::waitpid(program, &status, 0);
  return read_it ? readable : unreadable;
}

} // namespace

BOOST_AUTO_TEST_SUITE(secrets_guard)

BOOST_AUTO_TEST_CASE(a_process_of_the_same_user_cannot_read_a_programs_env) {
  pid_t checker = ::fork();
  if (checker == 0)
    ::_exit(check_as_same_user());
  int status = 0;
  ::waitpid(checker, &status, 0);
  BOOST_REQUIRE(WIFEXITED(status));
  if (WEXITSTATUS(status) == setup_failed) {
    BOOST_TEST_MESSAGE("ledgerctl could not run as nobody here; skipped");
    return;
  }
  BOOST_TEST(WEXITSTATUS(status) == unreadable);
}

BOOST_AUTO_TEST_CASE(hiding_makes_the_process_non_dumpable) {
  pid_t child = ::fork();
  if (child == 0) {
    bool before = ::prctl(PR_GET_DUMPABLE) == 1;
    bool hidden = ledger::apps::hide_from_same_user("test");
    ::_exit(before && hidden && ::prctl(PR_GET_DUMPABLE) == 0 ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0));
}

BOOST_AUTO_TEST_SUITE_END()
