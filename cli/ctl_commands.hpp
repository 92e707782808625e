#pragma once

// ledgerctl's subcommands: their options and help, and the command each
// one's arguments describe. Everything the user typed is checked here,
// before the broker is contacted, so mistakes exit 2 without a round trip.

#include "cli/ctl_subcommands.hpp"
#include "messaging/codec_command.hpp"

#include <string>
#include <vector>

namespace ledger::apps {

/// create, start, stop, delete, view, list, update.
const std::vector<subcommand>& ledgerctl_subcommands();

/// A subcommand's options: the broker's, --timeout, --json and its own.
std::vector<option_spec> ledgerctl_option_specs(const subcommand& sub);

/// A subcommand's --help summary, with an example.
std::string ledgerctl_summary(const subcommand& sub);

/// The command that `sub` with these parsed options stands for. Throws
/// usage_error with the first problem (a bad name, interval, amount, trade
/// list, ...).
messaging::command build_command(const subcommand& sub, const options& opts);

/// JSON given on the command line: the text itself, or the contents of
/// FILE when it is "@FILE". Throws usage_error when the file is unreadable.
std::string json_argument(const std::string& option, const std::string& text);

} // namespace ledger::apps
