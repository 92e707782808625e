#include "messaging/codec_release.hpp"

#include "core/ledger_config.hpp"
#include "json/fields.hpp"
#include "messaging/wire_message.hpp"
#include "messaging/wire_writer.hpp"

namespace ledger::messaging {

std::string encode_release(std::string_view ledger) {
  wire_writer out;
  auto& w = out.begin();
  json::write_member(w, "release", ledger);
  return out.finish();
}

std::optional<std::string> decode_release(std::string_view body) {
  json::document doc;
  if (parse_message(doc, body))
    return std::nullopt;
  json::field_reader top{doc, doc.root()};
  auto ledger = top.text("release");
  if (top.failed() || !is_valid_ledger_name(*ledger))
    return std::nullopt;
  return *ledger;
}

} // namespace ledger::messaging
