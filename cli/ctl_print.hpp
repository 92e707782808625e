#pragma once

// How ledgerctl shows a reply. It reads the reply's JSON leniently instead
// of through decode_command_reply: members it does not know (the engine may
// add some within wire version 1, e.g. the seed's view fields) are passed
// through by --json untouched and ignored by the tables.

#include "messaging/codec_command.hpp"

#include <iosfwd>
#include <string>
#include <string_view>

namespace ledger::apps {

/// Prints the reply `body` to a command of `kind` about ledger `name`.
/// With `json`, the reply's payload exactly as the engine wrote it (numbers
/// digit for digit, indented): the "ledger" object for create, start, stop
/// and view, the "ledgers" array for list, the "report" object for update
/// and {"deleted": true} for delete. Otherwise a readable table.
///
/// Returns the exit status: 0, or 1 after printing "ledgerctl: <code>:
/// <message>" to `err` for a reply with ok=false, for an update that was
/// not applied (the table or JSON is printed first), and for a reply that
/// cannot be read.
int print_reply(messaging::command_kind kind, const std::string& name,
                std::string_view body, bool json, std::ostream& out,
                std::ostream& err);

} // namespace ledger::apps
