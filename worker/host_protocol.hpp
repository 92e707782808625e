#pragma once

// The worker's side of the model host's JSON lines (docs/model-host.md):
// writing a request line and checking a reply line. No I/O here.

#include "json/document.hpp"
#include "json/exact.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace ledger::worker {

/// A reply line, parsed strictly (json::document: exact numbers, JSON types
/// kept); its "v", "id" and "ok" are checked.
struct host_reply {
  std::string line;
  json::document doc;
  std::int64_t id = 0; ///< the id it answers; 0: the host's load failure
  bool ok = false;     ///< the reply's "ok"
};

/// Writes a request's members other than "v" and "id", which the host
/// adds: `w.Key("op"); w.String("ping");`.
using request_members = std::function<void(json::writer&)>;

/// `{"v":1,"id":<id>,<members>}` and a newline.
std::string request_line(std::int64_t id, const request_members& members);

/// The members of a ping.
void ping_members(json::writer& w);

/// Checks one reply line (without its newline): a JSON object with "v": 1,
/// an integer "id" >= 0 and a boolean "ok". Else one sentence saying what
/// is wrong, for a bad_output error.
std::variant<host_reply, std::string> parse_reply(std::string line);

/// The reply's "message" member when it is readable text.
std::optional<std::string> message_of(const host_reply& reply);

/// A host's text kept to one line of at most `limit` characters, for the
/// ledger's record.
std::string bounded(std::string text, std::size_t limit = 500);

} // namespace ledger::worker
