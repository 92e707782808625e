#include "cli/ctl_print.hpp"

#include "json/exact.hpp"
#include "json/fields.hpp"
#include "messaging/wire_message.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <ostream>
#include <vector>

namespace ledger::apps {

namespace {

using messaging::command_kind;
using rapidjson::Value;

// Indented, numbers as the engine wrote them (never through a double).
std::string pretty(const json::document& doc, const Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w{buffer};
  w.SetIndent(' ', 2);
  json::write_kept(w, doc, v);
  return std::string{buffer.GetString(), buffer.GetSize()};
}

std::string compact(const json::document& doc, const Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w{buffer};
  json::write_kept(w, doc, v);
  return std::string{buffer.GetString(), buffer.GetSize()};
}

const Value* member(const Value* v, const char* key) {
  if (v == nullptr || !v->IsObject())
    return nullptr;
  auto m = v->FindMember(key);
  return m == v->MemberEnd() ? nullptr : &m->value;
}

// A value as a table cell: text and numbers as they are, "-" for nothing.
std::string cell(const json::document& doc, const Value* v) {
  if (v == nullptr || v->IsNull())
    return "-";
  if (v->IsString())
    return std::string{v->GetString(), v->GetStringLength()};
  if (v->IsBool())
    return v->GetBool() ? "yes" : "no";
  if (v->IsArray()) {
    std::string out;
    for (auto& item : v->GetArray())
      out += (out.empty() ? "" : ",") + cell(doc, &item);
    return out.empty() ? "-" : out;
  }
  return compact(doc, *v);
}

std::string holding_cell(const json::document& doc, const Value* v) {
  if (v == nullptr || !v->IsObject())
    return cell(doc, v);
  std::string out;
  for (auto& m : v->GetObject())
    out += (out.empty() ? "" : ", ") + std::string{m.name.GetString()} + " " +
           cell(doc, &m.value);
  return out.empty() ? "none" : out;
}

// The seed's view writes value as {time: value}; the wire view as a number.
std::string value_cell(const json::document& doc, const Value* v) {
  if (v == nullptr || !v->IsObject())
    return cell(doc, v);
  const Value::Member* latest = nullptr;
  for (auto& m : v->GetObject())
    if (!latest || std::string_view{m.name.GetString()} >
                     std::string_view{latest->name.GetString()})
      latest = &m;
  if (!latest)
    return "-";
  return cell(doc, &latest->value) + " at " + latest->name.GetString();
}

void print_ledger(const json::document& doc, const Value& l,
                  std::ostream& out) {
  auto row = [&](const char* label, const std::string& text) {
    out << label << std::string(12 - std::string_view{label}.size(), ' ')
        << text << '\n';
  };
  row("name", cell(doc, member(&l, "name")));
  row("status", cell(doc, member(&l, "status")));
  row("algo", cell(doc, member(&l, "algo_path")));
  row("tickers", cell(doc, member(&l, "tickers")));
  row("interval", cell(doc, member(&l, "interval")));
  if (auto end = member(&l, "end"))
    row("end", cell(doc, end) + " days after the first start");
  if (auto calendar = member(&l, "calendar"); calendar && !calendar->IsNull())
    row("calendar", cell(doc, calendar) + " (no ticks while it is closed)");
  row("balance", cell(doc, member(&l, "balance")));
  row("value", value_cell(doc, member(&l, "value")));
  row("holding", holding_cell(doc, member(&l, "holding")));
  auto tick = cell(doc, member(&l, "last_tick"));
  auto at = member(&l, "last_tick_at");
  row("last tick", at && !at->IsNull() ? tick + " at " + cell(doc, at) : tick);
  if (auto trades = member(&l, "trades"); trades && trades->IsArray())
    row("trades", std::to_string(trades->Size()) + " (see --json)");
  if (auto b = member(&l, "backlogged"); b && b->IsBool() && b->GetBool())
    row("backlogged", "yes: records are waiting for the database");
}

// Rows in columns two spaces apart, the first row the heading.
void print_table(const std::vector<std::vector<std::string>>& rows,
                 std::ostream& out) {
  std::vector<std::size_t> width(rows[0].size(), 0);
  for (auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i)
      width[i] = std::max(width[i], r[i].size());
  for (auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i)
      line +=
        r[i] +
        (i + 1 == r.size() ? "" : std::string(width[i] - r[i].size() + 2, ' '));
    out << line << '\n';
  }
}

void print_list(const json::document& doc, const Value& list,
                std::ostream& out) {
  if (list.Empty()) {
    out << "no ledgers\n";
    return;
  }
  std::vector<std::vector<std::string>> rows{{"NAME", "STATUS", "BALANCE",
                                              "VALUE", "ALGO", "INTERVAL",
                                              "TICKERS", "LAST TICK"}};
  for (auto& l : list.GetArray())
    rows.push_back(
      {cell(doc, member(&l, "name")), cell(doc, member(&l, "status")),
       cell(doc, member(&l, "balance")), value_cell(doc, member(&l, "value")),
       cell(doc, member(&l, "algo_path")), cell(doc, member(&l, "interval")),
       cell(doc, member(&l, "tickers")), cell(doc, member(&l, "last_tick"))});
  print_table(rows, out);
}

std::string trade_words(const json::document& doc, const Value* t) {
  return cell(doc, member(t, "type")) + " " + cell(doc, member(t, "quantity")) +
         " " + cell(doc, member(t, "ticker"));
}

// Returns how many trades were rejected.
std::size_t print_report(const json::document& doc, const Value& r,
                         std::ostream& out) {
  auto outcomes = member(&r, "outcomes");
  std::size_t n = 0, rejected = 0;
  std::string lines;
  if (outcomes && outcomes->IsArray())
    for (auto& o : outcomes->GetArray()) {
      lines += "  " + std::to_string(++n) + ". ";
      if (auto f = member(&o, "filled")) {
        lines += "filled    " + trade_words(doc, f) + " at " +
                 cell(doc, member(f, "price")) + ", fee " +
                 cell(doc, member(f, "fee"));
      } else if (auto x = member(&o, "rejected")) {
        ++rejected;
        lines += "rejected  " + trade_words(doc, member(x, "trade")) + ": " +
                 cell(doc, member(x, "code")) + ": " +
                 cell(doc, member(x, "message"));
      } else {
        lines += compact(doc, o);
      }
      lines += '\n';
    }
  auto applied = member(&r, "applied");
  if (applied && applied->IsBool() && applied->GetBool())
    out << "applied: " << n << " trades filled\n";
  else
    out << "not applied: " << rejected << " of " << n
        << " trades rejected, nothing changed\n";
  out << lines;
  return rejected;
}

// NODE, HTTP, how many shards and which (ranges: 0-20,42).
void print_nodes(const json::document& doc, const Value& nodes,
                 std::ostream& out) {
  if (nodes.Empty()) {
    out << "no nodes (this engine runs without leases)\n";
    return;
  }
  std::vector<std::vector<std::string>> rows{
    {"NODE", "HTTP", "SHARDS", "WHICH"}};
  for (auto& n : nodes.GetArray()) {
    std::vector<int> held;
    if (auto shards = member(&n, "shards"); shards && shards->IsArray())
      for (auto& s : shards->GetArray())
        if (auto n = json::narrow_int32(doc.is_number(s) ? json::read_integer(s)
                                                         : std::nullopt))
          held.push_back(*n);
    std::string which;
    for (std::size_t i = 0; i < held.size();) {
      auto j = i;
      while (j + 1 < held.size() && held[j + 1] == held[j] + 1)
        ++j;
      which += (which.empty() ? "" : ",") + std::to_string(held[i]) +
               (j > i ? "-" + std::to_string(held[j]) : "");
      i = j + 1;
    }
    rows.push_back({cell(doc, member(&n, "name")),
                    cell(doc, member(&n, "http")), std::to_string(held.size()),
                    which});
  }
  print_table(rows, out);
}

const char* payload_of(command_kind kind) {
  switch (kind) {
  case command_kind::nodes:
    return "nodes";
  case command_kind::list:
    return "ledgers";
  case command_kind::remove:
    return "deleted";
  case command_kind::update:
    return "report";
  default:
    return "ledger";
  }
}

} // namespace

int print_reply(command_kind kind, const std::string& name,
                std::string_view body, bool json, std::ostream& out,
                std::ostream& err) {
  json::document doc;
  if (auto why = messaging::parse_message(doc, body)) {
    err << "ledgerctl: unreadable reply from ledgerd: " << *why << '\n';
    return 1;
  }
  auto& root = doc.root();
  auto ok = member(&root, "ok");
  if (ok == nullptr || !ok->IsBool()) {
    err << "ledgerctl: unreadable reply from ledgerd: no ok\n";
    return 1;
  }
  if (!ok->GetBool()) {
    auto e = member(&root, "error");
    err << "ledgerctl: " << cell(doc, member(e, "code")) << ": "
        << cell(doc, member(e, "message")) << '\n';
    return 1;
  }
  auto key = payload_of(kind);
  auto payload = member(&root, key);
  bool fits = payload != nullptr &&
              (kind == command_kind::list || kind == command_kind::nodes
                 ? payload->IsArray()
               : kind == command_kind::remove ? payload->IsBool()
                                              : payload->IsObject());
  if (!fits) {
    err << "ledgerctl: unreadable reply from ledgerd: no " << key << '\n';
    return 1;
  }
  int status = 0;
  if (kind == command_kind::update) {
    auto applied = member(payload, "applied");
    if (!applied || !applied->IsBool() || !applied->GetBool())
      status = 1;
  }
  auto old_view = member(&root, "view_ledger");
  if (json && kind == command_kind::view && old_view != nullptr &&
      old_view->IsObject()) {
    // The old view_ledger object, as scripts written against it expect.
    out << pretty(doc, *old_view) << '\n';
  } else if (json) {
    if (kind == command_kind::remove)
      out << "{\n  \"deleted\": true\n}\n";
    else
      out << pretty(doc, *payload) << '\n';
  } else if (kind == command_kind::list) {
    print_list(doc, *payload, out);
  } else if (kind == command_kind::nodes) {
    print_nodes(doc, *payload, out);
  } else if (kind == command_kind::remove) {
    out << "deleted " << name << '\n';
  } else if (kind == command_kind::update) {
    print_report(doc, *payload, out);
  } else {
    print_ledger(doc, *payload, out);
  }
  if (status != 0)
    err << "ledgerctl: update of " << name
        << " not applied: the engine rejected at least one trade\n";
  return status;
}

} // namespace ledger::apps
