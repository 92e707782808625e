// ledgerd: the engine. Migrates the database, recovers every ledger, and
// runs their ticks until SIGINT/SIGTERM.

#include "actors/errors.hpp"
#include "actors/inprocess_gateway.hpp"
#include "actors/ledger.hpp"
#include "actors/market.hpp"
#include "actors/persistence.hpp"
#include "actors/registry.hpp"
#include "apps/options.hpp"
#include "core/ledger_config.hpp"
#include "persistence/store.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>
#include <caf/typed_event_based_actor.hpp>

#include <csignal>
#include <iostream>
#include <stdexcept>

using namespace ledger;

namespace {

apps::options make_options() {
  return apps::options{
    "ledgerd",
    "The Ledger Instances engine: every ledger is an actor that ticks on its\n"
    "interval, asks its algorithm for trades, fills them and records\n"
    "everything in Postgres.",
    {
      {"database-url", "LEDGER_DATABASE_URL",
       "postgresql://ledger@127.0.0.1:55432/ledger",
       "PostgreSQL connection URL", true},
      {"model-deadline", "LEDGER_MODEL_DEADLINE", "5s",
       "longest a model may take to answer (capped by each ledger's interval)"},
      {"batch-size", "", "256", "facts written per transaction at most"},
      {"batch-delay", "", "20ms", "longest a fact waits for its batch"},
      {"queue-capacity", "", "10000",
       "queued facts before ledgers pause ticking (nothing is dropped)"},
      {"migrate-only", "", "", "apply database migrations and exit", false,
       true},
    }};
}

std::size_t to_count(const std::string& text, const char* what) {
  try {
    auto n = std::stoull(text);
    if (n == 0)
      throw std::invalid_argument("zero");
    return n;
  } catch (const std::exception&) {
    throw std::invalid_argument(std::string{what} +
                                " must be a positive whole number");
  }
}

std::chrono::milliseconds to_duration(const std::string& text,
                                      const char* what) {
  auto d = parse_interval(text);
  if (!d)
    throw std::invalid_argument(std::string{what} +
                                " must look like 500ms, 5s or 1m");
  return *d;
}

// Until the messaging pipeline lands, ledgers have no workers to ask: every
// tick records model_error with this sentence, so the gap is visible.
algo_reply no_workers(const algo_request&) {
  throw std::runtime_error("no algorithm gateway is configured in this "
                           "ledgerd build (workers arrive with messaging)");
}

int run(const apps::options& opts) {
  persistence_options popts;
  popts.database_url = opts.get("database-url");
  popts.batch_size = to_count(opts.get("batch-size"), "--batch-size");
  popts.batch_delay = to_duration(opts.get("batch-delay"), "--batch-delay");
  popts.capacity = to_count(opts.get("queue-capacity"), "--queue-capacity");
  auto deadline = to_duration(opts.get("model-deadline"), "--model-deadline");
  {
    persistence::store db{popts.database_url};
    auto version = db.migrate();
    std::cout << "ledgerd: database schema version " << version << std::endl;
  }
  if (opts.is_set("migrate-only"))
    return 0;
  // Block the stop signals before CAF starts its threads, so that only
  // sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto persistence = sys.spawn<caf::detached>(persistence_fn, popts);
  ledger_deps deps;
  deps.market = sys.spawn(market, market_options{});
  deps.persistence = persistence;
  deps.gateway = sys.spawn(inprocess_gateway, no_workers);
  deps.max_deadline = deadline;
  auto registry = sys.spawn(registry_fn, deps);
  caf::scoped_actor self{sys};
  int status = 0;
  self->request(registry, caf::infinite, atom::load_all::value)
    .receive(
      [](std::size_t n) {
        std::cout << "ledgerd: recovered " << n << " ledgers" << std::endl;
      },
      [&](caf::error& e) {
        std::cerr << "ledgerd: recovery failed: " << message_of(e) << '\n';
        status = 1;
      });
  if (status == 0) {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    std::cout << "ledgerd: stopping (signal " << signal << ")" << std::endl;
  }
  self->send_exit(registry, caf::exit_reason::user_shutdown);
  self->request(persistence, std::chrono::seconds{10}, atom::flush::value)
    .receive([](std::uint64_t) {},
             [](caf::error& e) {
               std::cerr << "ledgerd: final flush failed: " << message_of(e)
                         << '\n';
             });
  self->send_exit(persistence, caf::exit_reason::user_shutdown);
  self->send_exit(deps.market, caf::exit_reason::user_shutdown);
  self->send_exit(deps.gateway, caf::exit_reason::user_shutdown);
  return status;
}

} // namespace

int main(int argc, char** argv) {
  auto opts = make_options();
  if (auto problem = opts.parse(argc, argv)) {
    std::cerr << "ledgerd: " << *problem << '\n';
    return 2;
  }
  if (opts.help_requested()) {
    std::cout << opts.help();
    return 0;
  }
  try {
    return run(opts);
  } catch (const persistence::schema_too_new& e) {
    std::cerr << "ledgerd: " << e.what() << '\n';
  } catch (const persistence::store_unavailable& e) {
    std::cerr << "ledgerd: cannot reach the database: " << e.what() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "ledgerd: " << e.what() << '\n';
  }
  return 1;
}
