#pragma once

// Small, pure helpers on libpq connection strings. Both spellings libpq
// accepts are handled: the URL ("postgresql://user:pw@host:5432/db?k=v") and
// the keyword/value form ("host=h user=u password=pw dbname=db").

#include <string>
#include <string_view>

namespace ledger::persistence {

/// The password a connection string carries (percent-decoded for URLs), or
/// "" when it has none.
std::string password_of(std::string_view conninfo);

/// `text` with every occurrence of the connection string's password (as
/// written and as decoded) replaced by "***". Applied to every message that
/// leaves this library, since libpq errors may echo parts of the string.
std::string redact(std::string_view text, std::string_view conninfo);

/// The connection string with its password replaced by "***": safe to log.
std::string redacted(std::string_view conninfo);

/// The connection string with `connect_timeout` set to `seconds`, unless it
/// already sets one (the caller's choice wins).
std::string with_connect_timeout(std::string_view conninfo, int seconds);

/// The same server and credentials, naming another database.
std::string with_database(std::string_view conninfo, std::string_view database);

} // namespace ledger::persistence
