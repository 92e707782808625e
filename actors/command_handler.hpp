#pragma once

#include "actors/broker_link.hpp"
#include "actors/interfaces.hpp"
#include "actors/shard_ownership.hpp"

#include <memory>
#include <string>

namespace ledger {

struct command_state {
  registry_actor registry;
  reader_actor reader;           ///< for view's trades and value history
  persistence_actor persistence; ///< to wait for a ledger's queued facts
  std::shared_ptr<broker_link> link;
  /// Another node's ledgers are asked through it; unset with one engine.
  forwarder_actor forwarder;
  /// This node's leases (the nodes command); null with one engine.
  std::shared_ptr<const shard_ownership> ownership;
  static inline const char* name = "commands";
};

command_actor::behavior_type
command_handler(command_actor::stateful_pointer<command_state> self,
                registry_actor registry, reader_actor reader,
                persistence_actor persistence,
                std::shared_ptr<broker_link> link, forwarder_actor forwarder,
                std::shared_ptr<const shard_ownership> ownership);

} // namespace ledger
