// With child processes allowed (host_options::allow_child_processes), a
// model's children and grandchildren stay in its host's process group,
// even when they call setsid, so they end with the host: when it exits by
// itself and when it is killed; and none may signal the worker. (By
// default a model cannot start any process: hostile_limits_test.)

#include "tests/worker/hostile.hpp"

#include <boost/test/unit_test.hpp>

using namespace ledger;
using namespace ledger::worker;
using namespace ledger::worker::testing;
using namespace std::chrono_literals;

namespace {

host_options children_allowed() {
  auto options = real_host();
  options.allow_child_processes = true;
  options.hard_limit = 1s;
  return options;
}

/// Kills what a failed test left running (a child that escaped the group).
struct reaper {
  std::vector<pid_t> pids;
  ~reaper() {
    for (auto pid : pids)
      if (!process_gone(pid))
        ::kill(pid, SIGKILL);
  }
};

/// The pids of the child and grandchild that the "spawns" ledger started,
/// after checking both stayed in the host's group and are running.
std::vector<pid_t> spawned(hostile_world& w, reaper& r) {
  auto reply = w.ask("spawns");
  BOOST_TEST(!reply.error.has_value(), reply.error_message);
  std::vector<pid_t> pids;
  for (auto& o : reply.orders) {
    BOOST_TEST(o.ticker == "STAYED"); // setsid was refused
    pids.push_back(static_cast<pid_t>(o.shares.shares()));
    r.pids.push_back(pids.back());
    BOOST_TEST(::getpgid(pids.back()) == w.host_pid());
    BOOST_TEST(!process_gone(pids.back()));
  }
  BOOST_TEST(pids.size() == 2u);
  return pids;
}

} // namespace

BOOST_AUTO_TEST_SUITE(hostile_model_children)

BOOST_AUTO_TEST_CASE(children_end_with_a_host_that_exits) {
  reaper r;
  hostile_world w{children_allowed()};
  auto pids = spawned(w, r);
  BOOST_TEST(outcome(w.ask("good")) == buys(1));
  auto report = w.pool.shutdown(2s); // end of input: the host exits
  BOOST_TEST(report.exited == 1);
  for (auto pid : pids)
    BOOST_TEST(gone_within(pid, 2s), pid);
}

BOOST_AUTO_TEST_CASE(children_end_with_a_host_that_is_killed) {
  reaper r;
  hostile_world w{children_allowed()};
  auto pids = spawned(w, r);
  BOOST_TEST(outcome(w.ask("sleeps", "hostile", 3s))
               .rfind("timeout: no reply "
                      "from the model "
                      "within the hard "
                      "limit",
                      0) == 0);
  for (auto pid : pids)
    BOOST_TEST(gone_within(pid, 2s), pid);
  BOOST_TEST(outcome(w.ask("good")) == buys(1));
  BOOST_TEST(outcome(w.ask("other", "steady")) == buys(1));
}

// Only the worker's own filter is in force here (host.py adds its own
// when processes are refused): the worker is still out of reach.
BOOST_AUTO_TEST_CASE(children_allowed_or_not_no_model_may_signal_the_worker) {
  hostile_world w{children_allowed()};
  BOOST_TEST(outcome(w.ask("signals_worker")) ==
             "model_error: PermissionError: [Errno 1] Operation not "
             "permitted");
  BOOST_TEST(outcome(w.ask("good")) == buys(1));
}

BOOST_AUTO_TEST_SUITE_END()
