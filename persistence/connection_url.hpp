#pragma once

// Small helpers on libpq connection strings, parsed by libpq itself
// (PQconninfoParse): the URL ("postgresql://user:pw@host:5432/db?k=v") and
// the keyword/value form ("host=h user=u password=pw dbname=db") alike.
// Each string returned is rebuilt from what libpq parsed and spelled like the
// one given: a URL as "postgresql://?k=v&..." (so callers may still append
// "&k=v"), keyword/value pairs as "k=v ...". Each throws
// std::invalid_argument, without the password, when libpq cannot parse the
// string.

#include <string>
#include <string_view>

namespace ledger::persistence {

/// `text` with every occurrence of the connection string's password (as
/// libpq decodes it, and as the functions here spell it) replaced by "***".
/// Applied to every message that leaves this library, since libpq errors
/// may echo parts of the string.
std::string redact(std::string_view text, std::string_view conninfo);

/// The connection string with its password replaced by "***": safe to log.
std::string redacted(std::string_view conninfo);

/// The connection string with `connect_timeout` set to `seconds`, unless it
/// already sets one (the caller's choice wins).
std::string with_connect_timeout(std::string_view conninfo, int seconds);

/// The same server and credentials, naming another database.
std::string with_database(std::string_view conninfo, std::string_view database);

/// The same credentials and database on another server address.
std::string with_server(std::string_view conninfo, std::string_view host,
                        unsigned short port);

} // namespace ledger::persistence
