#pragma once

#include "actors/broker_link.hpp"
#include "actors/interfaces.hpp"
#include "actors/reader.hpp"

#include <memory>
#include <string>

namespace ledger {

/// One command delivery, as the broker link hands it over.
struct command_delivery {
  std::string body;
  std::string reply_to;
  std::string correlation_id;
  std::uint64_t delivery_tag = 0;
  std::uint64_t epoch = 0;
};

/// Executes commands from `ledger.commands` against the registry and
/// publishes each reply to the command's reply_to; the delivery is acked
/// with the reply, so a command is redelivered if the engine dies first.
using command_actor =
  caf::typed_actor<caf::reacts_to<atom::command, command_delivery>>;

struct command_state {
  registry_actor registry;
  reader_actor reader;           ///< for view's trades and value history
  persistence_actor persistence; ///< to wait for a ledger's queued facts
  std::shared_ptr<broker_link> link;
  static inline const char* name = "commands";
};

command_actor::behavior_type
command_handler(command_actor::stateful_pointer<command_state> self,
                registry_actor registry, reader_actor reader,
                persistence_actor persistence,
                std::shared_ptr<broker_link> link);

} // namespace ledger

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ledger::command_delivery)
