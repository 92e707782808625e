// ledgerctl: drives ledgerd through RabbitMQ. Each run sends one command to
// the commands exchange, waits for its reply and prints it.

#include "cli/ctl_client.hpp"
#include "cli/ctl_commands.hpp"
#include "cli/ctl_print.hpp"
#include "cli/secrets_guard.hpp"
#include "core/ledger_config.hpp"

#include <csignal>
#include <iostream>

using namespace ledger;
using namespace ledger::apps;

namespace {

int run(const subcommand& sub, int argc, char** argv) {
  options opts{usage_name("ledgerctl", sub), ledgerctl_summary(sub),
               ledgerctl_option_specs(sub)};
  if (parse_or_help(opts, argc, argv, std::cout))
    return exit_ok;
  // Everything typed is checked before the broker is contacted.
  auto command = build_command(sub, opts);
  auto broker = read_broker_settings(opts);
  auto timeout = duration_option(opts, "timeout");
  if (timeout.count() == 0)
    throw usage_error{"--timeout must be more than 0"};

  messaging::amqp_connection c;
  std::atomic<bool> never{false};
  try {
    // The exchanges and the commands queue, so a command sent while
    // ledgerd restarts waits for it (until it expires with the timeout).
    connect_within(c, broker, "ledgerctl",
                   [&](messaging::amqp_connection& conn) {
                     messaging::declare_exchanges(conn, broker.topology);
                     messaging::declare_command_queue(conn, broker.topology);
                   },
                   never, {});
  } catch (const messaging::amqp_error& e) {
    std::cerr << "ledgerctl: cannot reach the broker: " << e.what() << '\n';
    return exit_failure;
  }
  auto reply = call_ledgerd(c, broker.topology,
                            messaging::encode_command(command), timeout);
  c.close();
  if (!reply) {
    std::cerr << "ledgerctl: no reply from ledgerd within "
              << format_interval(timeout) << " (is it running?)\n";
    return exit_failure;
  }
  return print_reply(command.kind, command.name, *reply, opts.is_set("json"),
                     std::cout, std::cerr);
}

} // namespace

int main(int argc, char** argv) {
  apps::hide_from_same_user("ledgerctl");
  std::signal(SIGPIPE, SIG_IGN);
  return dispatch(argc, argv, "ledgerctl",
                  "Sends one command to ledgerd through RabbitMQ and prints "
                  "its reply (a table,\nor the reply's JSON with --json). "
                  "Reads LEDGER_AMQP_URL and LEDGER_TOPOLOGY_PREFIX.\nExit "
                  "status: 0 done, 1 refused / no reply / broker unreachable, "
                  "2 usage error.",
                  ledgerctl_subcommands(), run);
}
