#pragma once

// ledgerctl's round trip: one command to ledgerd through the commands
// exchange, and its reply from a private reply queue.

#include "cli/ctl_subcommands.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ledger::apps {

/// A correlation id nobody else will use: random, 128 bits, hex.
std::string fresh_correlation_id();

/// Publishes `body` (an encoded command) with publisher confirms, with
/// reply_to set to a fresh exclusive queue and a fresh correlation id, and
/// waits for the reply carrying that id (others are dropped). The command
/// expires in the broker after `timeout`, so one nobody took in time is
/// not carried out later. Returns the reply's body, or nullopt when none
/// came within `timeout`. Throws amqp_error when the broker fails and
/// std::runtime_error when it refuses the command.
std::optional<std::string> call_ledgerd(messaging::amqp_connection& c,
                                        const messaging::topology& topology,
                                        std::string_view body,
                                        std::chrono::milliseconds timeout);

} // namespace ledger::apps
