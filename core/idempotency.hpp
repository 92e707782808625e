#pragma once

// What REST requests with an Idempotency-Key and queue commands with a
// correlation id share: the fingerprint that tells a retry (the same bytes
// for the same ledger) from another request reusing the key. Keys live in
// one table per ledger (persistence's idempotency_keys); REST keys are
// printable ASCII without spaces, so a command's key, "command <id>",
// can never meet one.

#include <string>
#include <string_view>

namespace ledger {

/// FNV-1a of the ledger and the body, as 16 hex digits. Not a defence
/// against forgery, which would need the API key anyway.
std::string idempotency_hash(std::string_view ledger, std::string_view body);

/// The idempotency key under which a queue command is run once.
std::string command_idempotency_key(std::string_view correlation_id);

} // namespace ledger
