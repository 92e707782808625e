#include "tests/fault/server_faults.hpp"

#include "core/ledger_record.hpp"
#include "messaging/topology.hpp"
#include "tests/actors/database_checks.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <thread>

namespace ledger::test {

using namespace std::chrono_literals;

namespace {

const std::string services_script =
  std::string{LEDGER_SOURCE_DIR} + "/deploy/services.sh";

// Its exit status (-1 past two minutes) and output.
std::pair<int, std::string> run_services(const std::string& command) {
  program p{services_script, {command}};
  auto status = p.wait(2min);
  return {status, p.output()};
}

} // namespace

void services(const std::string& command) {
  auto [status, output] = run_services(command);
  BOOST_REQUIRE_MESSAGE(status == 0, "services.sh " << command << " exited "
                                                    << status << ":\n"
                                                    << output);
}

void require_services_aim_at_urls() {
  auto [status, output] = run_services("env");
  BOOST_REQUIRE_MESSAGE(status == 0, "services.sh env: " << output);
  for (auto name : {"LEDGER_DATABASE_URL", "LEDGER_AMQP_URL"}) {
    auto line = "export " + std::string{name} + "=" + require_env(name) + "\n";
    BOOST_REQUIRE_MESSAGE(output.find(line) != std::string::npos,
                          name
                            << " is not a server of deploy/services.sh "
                               "with this environment's LEDGER_LOCAL_DIR "
                               "and ports: the fault would hit another pair");
  }
}

server_fault::server_fault(std::string away, std::string back)
  : back_(std::move(back)), began_(std::chrono::system_clock::now()) {
  auto [status, output] = run_services(away);
  if (status != 0)
    run_services(back_); // undo what part of it was done: no destructor runs
  BOOST_REQUIRE_MESSAGE(status == 0, "services.sh " << away << " exited "
                                                    << status << ":\n"
                                                    << output);
}

server_fault::~server_fault() {
  if (away_)
    run_services(back_); // no assertion: it may run while a failure unwinds
}

void server_fault::bring_back() {
  bring_back([] {});
}

void server_fault::bring_back(const std::function<void()>& meanwhile) {
  program p{services_script, {back_}};
  auto until = std::chrono::steady_clock::now() + 2min;
  while (p.running() && std::chrono::steady_clock::now() < until) {
    meanwhile();
    std::this_thread::sleep_for(100ms);
  }
  auto status = p.wait(1s);
  away_ = status != 0; // the destructor tries once more
  BOOST_REQUIRE_MESSAGE(status == 0, "services.sh " << back_ << " exited "
                                                    << status << ":\n"
                                                    << p.output());
}

std::vector<std::string> create_running_ledgers(world& w, int builtin,
                                                int python) {
  std::vector<std::string> names;
  for (int i = 0; i < builtin; ++i) {
    names.push_back("rand_" + std::to_string(i));
    store_running_ledger(w, names.back(), "builtin:random", 200ms);
  }
  for (int i = 0; i < python; ++i) {
    names.push_back("py_" + std::to_string(i));
    store_running_ledger(w, names.back(), "random_trader", 500ms);
  }
  return names;
}

system_under_load::system_under_load(int builtin, int python,
                                     std::vector<std::string> engine_args) {
  require_services_aim_at_urls();
  names = create_running_ledgers(w, builtin, python);
  worker = &w.start(LEDGER_WORKER_BINARY, {});
  BOOST_REQUIRE(worker->wait_for_output("serving", 30s));
  feed = &w.start(LEDGER_FEED_BINARY, {"random", "--tickers", "AAPL,MSFT",
                                       "--seed", "5", "--pace", "100ms"});
  engine = &start_engine(w, std::move(engine_args));
  if (!w.wait_for_ticks("rand_0", tick_outcome::ok, 10))
    BOOST_FAIL("rand_0: " << w.outcomes("rand_0") << "\nledgerd:\n"
                          << engine->output() << engine->error_output()
                          << "\nworker:\n"
                          << worker->output() << worker->error_output());
  if (python > 0)
    BOOST_REQUIRE_MESSAGE(w.wait_for_ticks("py_0", tick_outcome::ok, 5),
                          worker->output());
  BOOST_REQUIRE_EQUAL(wait_for_readyz(w.http_port, 200, 30s).status, 200);
}

void system_under_load::stop_and_check_every_ledger() {
  engine->signal(SIGTERM);
  auto status = engine->wait(15s);
  BOOST_TEST(status == 0, "ledgerd exited " << status << " (-1: not within "
                                            << "15 s):\n"
                                            << engine->output());
  // Every ledger in the database, those created during the test too.
  auto all = w.store.list_ledgers();
  BOOST_TEST(all.size() >= names.size());
  for (auto& record : all)
    BOOST_TEST_CONTEXT(record.config.name) {
      check_invariant_in_database(w.store, record.config.name);
    }
}

void publish_confirmed(const world& w, const messaging::command& c) {
  messaging::amqp_connection broker;
  broker.connect(require_env("LEDGER_AMQP_URL"));
  messaging::topology topology;
  topology.prefix = w.prefix;
  messaging::publish_options o;
  o.mandatory = true;
  o.correlation_id = "fault-" + std::string{to_string(c.kind)} + "-" + c.name;
  auto result = broker.publish_confirmed(
    topology.commands_exchange(), std::string{messaging::command_routing_key},
    messaging::encode_command(c), o);
  BOOST_REQUIRE(result == messaging::publish_result::confirmed);
}

messaging::command command_of(messaging::command_kind kind,
                              const std::string& name) {
  messaging::command c;
  c.kind = kind;
  c.name = name;
  return c;
}

} // namespace ledger::test
