#include "messaging/wire_message.hpp"

#include "core/ledger_config.hpp"
#include "json/exact.hpp"

namespace ledger::messaging {

std::optional<std::string> parse_message(json::document& doc,
                                         std::string_view body) {
  if (auto why = doc.parse(body))
    return why;
  auto& root = doc.root();
  if (!root.IsObject())
    return std::string{"a message must be a JSON object"};
  auto v = root.FindMember("v");
  if (v == root.MemberEnd())
    return std::string{"missing \"v\" (the wire version, 1)"};
  auto version =
    doc.is_number(v->value) ? json::read_integer(v->value) : std::nullopt;
  if (!version)
    return std::string{"\"v\" must be the number 1"};
  if (*version != wire_version)
    return "unsupported wire version " + std::to_string(*version) +
           " (this reader knows version 1)";
  return std::nullopt;
}

std::optional<std::string> read_ledger_name(json::field_reader& f,
                                            std::string_view key,
                                            const char* rule) {
  auto name = f.text(key);
  if (name && !is_valid_ledger_name(*name)) {
    f.fail(rule);
    return std::nullopt;
  }
  return name;
}

std::optional<std::string> read_ledger_member(json::field_reader& f) {
  return read_ledger_name(f, "ledger", "ledger must be a valid ledger name");
}

} // namespace ledger::messaging
