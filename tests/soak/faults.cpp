#include "tests/soak/faults.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <csignal>
#include <thread>

namespace ledger::test {

namespace {

using namespace std::chrono_literals;

void kill_engine(soak_system& s) {
  s.engine->signal(SIGKILL);
  BOOST_TEST(s.engine->wait(10s) == 128 + SIGKILL);
  s.engine = &start_engine(s.w, s.engine_args);
}

// Workers are restarted in place: the other one carries the load meanwhile.
void kill_worker(soak_system& s) {
  auto*& victim = s.workers.front();
  victim->signal(SIGKILL);
  BOOST_TEST(victim->wait(10s) == 128 + SIGKILL);
  victim = &s.w.start(LEDGER_WORKER_BINARY, {});
  BOOST_TEST(victim->wait_for_output("serving", 30s), victim->output());
  std::rotate(s.workers.begin(), s.workers.begin() + 1, s.workers.end());
}

int run_services(const std::string& command, std::string* output = nullptr) {
  program p{std::string{LEDGER_SOURCE_DIR} + "/deploy/services.sh", {command}};
  auto status = p.wait(120s);
  if (output)
    *output = p.output();
  return status;
}

// Brings a server back even when the test fails while it is away, so the
// next tests find it running.
struct bring_back {
  std::string command;
  bool done = false;
  ~bring_back() {
    if (!done)
      run_services(command);
  }
};

// A server away for the outage, then back: `away` and `back` are
// services.sh commands.
fault server_fault(std::string key, std::string name, std::string away,
                   std::string back) {
  return {key, name, [away, back](soak_system& s) {
            bring_back guard{back};
            services(away);
            std::this_thread::sleep_for(s.outage);
            guard.done = true;
            services(back);
          }};
}

} // namespace

void services(const std::string& command) {
  std::string output;
  auto status = run_services(command, &output);
  BOOST_REQUIRE_MESSAGE(status == 0, "services.sh " << command << " exited "
                                                    << status << ":\n"
                                                    << output);
}

std::vector<fault> chosen_faults(const std::string& keys) {
  std::vector<fault> all{
    {"ledgerd", "kill -9 ledgerd", kill_engine},
    {"worker", "kill -9 a worker", kill_worker},
    server_fault("postgres-stop", "Postgres stopped", "postgres-stop",
                 "postgres-start"),
    server_fault("rabbitmq-kill", "RabbitMQ killed (kill -9)", "rabbitmq-kill",
                 "rabbitmq-start"),
    server_fault("postgres-pause", "Postgres paused (SIGSTOP)",
                 "postgres-pause", "postgres-resume"),
    server_fault("rabbitmq-pause", "RabbitMQ paused (SIGSTOP)",
                 "rabbitmq-pause", "rabbitmq-resume"),
  };
  if (keys.empty())
    return all;
  std::vector<fault> out;
  std::size_t from = 0;
  while (from <= keys.size()) {
    auto to = std::min(keys.find(',', from), keys.size());
    auto key = keys.substr(from, to - from);
    auto f = std::find_if(all.begin(), all.end(),
                          [&](const fault& x) { return x.key == key; });
    BOOST_REQUIRE_MESSAGE(f != all.end(), "unknown fault \"" << key << "\"");
    out.push_back(*f);
    from = to + 1;
  }
  return out;
}

} // namespace ledger::test
