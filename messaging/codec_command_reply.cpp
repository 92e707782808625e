#include "messaging/codec_command_reply.hpp"

#include "json/fields.hpp"
#include "json/trades.hpp"
#include "messaging/wire_message.hpp"
#include "messaging/wire_writer.hpp"

namespace ledger::messaging {

namespace {

struct reply_writer {
  json::writer& w;

  void operator()(const ledger_reply& r) {
    ok();
    w.Key("ledger");
    write_ledger_view(w, r.ledger);
    if (!r.view_ledger_json.empty()) {
      w.Key("view_ledger");
      w.RawValue(r.view_ledger_json.data(), r.view_ledger_json.size(),
                 rapidjson::kObjectType);
    }
  }

  void operator()(const std::vector<ledger_view>& list) {
    ok();
    w.Key("ledgers");
    w.StartArray();
    for (auto& s : list)
      write_ledger_view(w, s);
    w.EndArray();
  }

  void operator()(const ledger_deleted&) {
    ok();
    w.Key("deleted");
    w.Bool(true);
  }

  void operator()(const report_result& r) {
    ok();
    w.Key("report");
    w.StartObject();
    w.Key("applied");
    w.Bool(r.applied);
    w.Key("outcomes");
    w.StartArray();
    for (auto& outcome : r.outcomes) {
      w.StartObject();
      if (auto f = std::get_if<fill>(&outcome)) {
        w.Key("filled");
        json::write_fill(w, *f);
      } else {
        w.Key("rejected");
        json::write_rejection(w, std::get<rejection>(outcome));
      }
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }

  void operator()(const std::vector<engine_node_entry>& nodes) {
    ok();
    w.Key("nodes");
    w.StartArray();
    for (auto& n : nodes) {
      w.StartObject();
      json::write_member(w, "name", n.name);
      json::write_member(w, "http", n.http);
      w.Key("shards");
      w.StartArray();
      for (int shard : n.shards)
        w.Int(shard);
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
  }

  void operator()(const command_error& e) {
    w.Key("ok");
    w.Bool(false);
    w.Key("error");
    w.StartObject();
    json::write_member(w, "code", e.code);
    json::write_member(w, "message", e.message);
    w.EndObject();
  }

  void ok() {
    w.Key("ok");
    w.Bool(true);
  }
};

decoded<report_result> read_report(const json::document& doc,
                                   const rapidjson::Value& v) {
  json::field_reader f{doc, v, "report."};
  auto applied = f.optional_flag("applied");
  auto outcomes = f.array("outcomes");
  if (!applied && !f.failed())
    f.fail("missing report.applied");
  if (f.failed())
    return f.error();
  report_result r;
  r.applied = *applied;
  for (rapidjson::SizeType i = 0; i < outcomes->Size(); ++i) {
    auto& item = (*outcomes)[i];
    auto where = "report.outcomes " + std::to_string(i) + ": ";
    if (!item.IsObject() || item.MemberCount() != 1)
      return where + "expected {\"filled\": ...} or {\"rejected\": ...}";
    auto& m = *item.MemberBegin();
    std::string_view key{m.name.GetString(), m.name.GetStringLength()};
    if (key == "filled") {
      auto one = json::read_fill(doc, m.value);
      if (auto why = std::get_if<std::string>(&one))
        return where + *why;
      r.outcomes.emplace_back(std::get<fill>(std::move(one)));
    } else if (key == "rejected") {
      auto one = json::read_rejection(doc, m.value);
      if (auto why = std::get_if<std::string>(&one))
        return where + *why;
      r.outcomes.emplace_back(std::get<rejection>(std::move(one)));
    } else {
      return where + "expected {\"filled\": ...} or {\"rejected\": ...}";
    }
  }
  return r;
}

} // namespace

std::string encode_command_reply(const command_reply& reply) {
  wire_writer out;
  std::visit(reply_writer{out.begin()}, reply);
  return out.finish();
}

decoded<command_reply> decode_command_reply(std::string_view body) {
  json::document doc;
  if (auto why = parse_message(doc, body))
    return *why;
  json::field_reader f{doc, doc.root()};
  auto ok = f.optional_flag("ok");
  if (!ok && !f.failed())
    f.fail("missing ok");
  if (f.failed())
    return f.error();
  if (!*ok) {
    auto error = f.object("error");
    if (f.failed())
      return f.error();
    json::field_reader e{doc, *error, "error."};
    auto code = e.text("code");
    auto message = e.message("message");
    if (e.failed())
      return e.error();
    return command_reply{command_error{*code, *message}};
  }
  if (auto v = f.find("ledger")) {
    auto s = read_ledger_view(doc, *v);
    if (auto why = std::get_if<std::string>(&s))
      return *why;
    return command_reply{ledger_reply{std::get<ledger_view>(std::move(s)), {}}};
  }
  if (auto v = f.find("ledgers")) {
    if (!v->IsArray())
      return std::string{"ledgers must be an array"};
    std::vector<ledger_view> list;
    for (auto& item : v->GetArray()) {
      auto s = read_ledger_view(doc, item);
      if (auto why = std::get_if<std::string>(&s))
        return "ledgers " + std::to_string(list.size()) + ": " + *why;
      list.push_back(std::get<ledger_view>(std::move(s)));
    }
    return command_reply{std::move(list)};
  }
  if (f.find("deleted")) {
    auto deleted = f.optional_flag("deleted");
    if (f.failed() || !deleted || !*deleted)
      return std::string{"deleted must be true"};
    return command_reply{ledger_deleted{}};
  }
  if (auto v = f.find("report")) {
    auto r = read_report(doc, *v);
    if (auto why = std::get_if<std::string>(&r))
      return *why;
    return command_reply{std::get<report_result>(std::move(r))};
  }
  if (auto v = f.find("nodes")) {
    if (!v->IsArray())
      return std::string{"nodes must be an array"};
    std::vector<engine_node_entry> nodes;
    for (auto& item : v->GetArray()) {
      json::field_reader n{doc, item, "nodes."};
      auto name = n.text("name");
      auto http = n.text("http");
      auto shards = n.array("shards");
      if (n.failed())
        return n.error();
      engine_node_entry e{*name, *http, {}};
      for (auto& shard : shards->GetArray()) {
        auto n =
          doc.is_number(shard) ? json::read_integer(shard) : std::nullopt;
        auto one = json::narrow_int32(n);
        if (!one || *one < 0)
          return std::string{"nodes.shards must hold shard numbers"};
        e.shards.push_back(*one);
      }
      nodes.push_back(std::move(e));
    }
    return command_reply{std::move(nodes)};
  }
  return std::string{"a successful reply needs ledger, ledgers, deleted, "
                     "report or nodes"};
}

} // namespace ledger::messaging
