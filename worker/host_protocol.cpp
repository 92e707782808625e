#include "worker/host_protocol.hpp"

#include "json/fields.hpp"

#include <rapidjson/stringbuffer.h>

#include <algorithm>

namespace ledger::worker {

std::string request_line(std::int64_t id, const request_members& members) {
  rapidjson::StringBuffer text;
  json::writer w{text};
  w.StartObject();
  w.Key("v");
  w.Int(1);
  w.Key("id");
  w.Int64(id);
  members(w);
  w.EndObject();
  std::string line;
  line.reserve(text.GetSize() + 1);
  line.append(text.GetString(), text.GetSize());
  line += '\n';
  return line;
}

void ping_members(json::writer& w) {
  w.Key("op");
  w.String("ping");
}

std::variant<host_reply, std::string> parse_reply(std::string line) {
  host_reply reply;
  if (auto why = reply.doc.parse(line))
    return "the model host sent a line that is not JSON (" + *why + ")";
  auto& root = reply.doc.root();
  if (!root.IsObject())
    return std::string{"the model host sent a line that is not a JSON object"};
  auto member = [&](const char* name) -> const rapidjson::Value* {
    auto i = root.FindMember(name);
    return i == root.MemberEnd() ? nullptr : &i->value;
  };
  auto* v = member("v");
  auto* id = member("id");
  auto* ok = member("ok");
  // -1: absent or not an integer (ids we send are >= 1, the host's own 0).
  std::int64_t version = v ? json::read_integer(*v).value_or(-1) : -1;
  reply.id = id ? json::read_integer(*id).value_or(-1) : -1;
  if (version != 1 || reply.id < 0 || !ok || !ok->IsBool())
    return "the model host sent a reply without \"v\": 1, an integer \"id\" "
           "and a boolean \"ok\": " +
           bounded(line, 200);
  reply.ok = ok->GetBool();
  reply.line = std::move(line);
  return reply;
}

std::optional<std::string> message_of(const host_reply& reply) {
  json::field_reader f{reply.doc, reply.doc.root()};
  auto text = f.optional_message("message");
  return f.failed() ? std::nullopt : text;
}

std::string bounded(std::string text, std::size_t limit) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  if (text.size() > limit)
    text = text.substr(0, limit) + "...";
  return text;
}

} // namespace ledger::worker
